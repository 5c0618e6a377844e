package main

import (
	"encoding/json"
	"errors"
	"fmt"
)

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

type NotFound struct{ Key string }

func (e *NotFound) Error() string { return "not found: " + e.Key }

var ErrBase = errors.New("base")

type Wrapped struct{ err error }

func (w Wrapped) Error() string { return "wrapped: " + w.err.Error() }
func (w Wrapped) Unwrap() error { return w.err }

type Point struct {
	X, Y   int
	hidden int
}

func main() {
	err := fmt.Errorf("lookup: %w", &NotFound{"k"})
	var nf *NotFound
	fmt.Println(errors.As(err, &nf), nf != nil && nf.Key == "k")
	w := Wrapped{ErrBase}
	fmt.Println(errors.Is(w, ErrBase))
	fmt.Println(errors.Is(fmt.Errorf("outer: %w", w), ErrBase))
	fmt.Println([]Celsius{1, 2.5})
	fmt.Println(map[string]Celsius{"a": 3})
	b, _ := json.Marshal(Point{1, 2, 3})
	fmt.Println(string(b))
	fmt.Printf("%v %+v\n", Point{1, 2, 3}, Point{1, 2, 3})
}
