package main

import "fmt"

type State int

const (
	Idle State = iota
	Running
	Done
)

func (s State) String() string {
	switch s {
	case Idle:
		return "Idle"
	case Running:
		return "Running"
	case Done:
		return "Done"
	}
	return fmt.Sprintf("State(%d)", int(s))
}

type Event string

var transitions = map[State]map[Event]State{
	Idle:    {"start": Running},
	Running: {"finish": Done, "pause": Idle},
}

func main() {
	s := Idle
	for _, e := range []Event{"start", "pause", "start", "finish", "start"} {
		next, ok := transitions[s][e]
		if !ok {
			fmt.Printf("%v: ignoring %s\n", s, e)
			continue
		}
		fmt.Printf("%v --%s--> %v\n", s, e, next)
		s = next
	}
}
