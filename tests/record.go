//go:build ignore

// record.go is run by test_recording.py with `petri script`: it records half a second
// of a simulated lattice culture, with raw traces of three channels, and prints the
// first samples of channel 0 in µV so the test can compare them with what neo reads.
package main

import (
	"fmt"
	"os"
)

func main() {
	prefix := os.Args[1]
	net, err := culture.Lattice(culture.DefaultConfig())
	if err != nil {
		panic(err)
	}
	dev, err := sim.New(ctx, net, sim.DefaultConfig())
	if err != nil {
		panic(err)
	}
	if _, err := dev.RouteBest(ctx, 1, 2); err != nil {
		panic(err)
	}
	if err := dev.Trace([]int{0, 1, 2}); err != nil {
		panic(err)
	}
	rec, err := devices.Record(prefix, dev, []int{0, 1, 2}, 20000, 6.29)
	if err != nil {
		panic(err)
	}
	var first []float64
	spikes := 0
	for i := 0; i < 5; i++ {
		tick, err := dev.Step(ctx, 0.1, nil)
		if err != nil {
			panic(err)
		}
		if err := rec.Write(tick, dev.Routing()); err != nil {
			panic(err)
		}
		spikes += len(tick.Spikes)
		if first == nil {
			_, first = tick.Raw.Trace(0)
		}
	}
	if err := rec.Close(); err != nil {
		panic(err)
	}
	fmt.Println("spikes", spikes)
	fmt.Println("first", first[0], first[1], first[2], first[3], first[4])
}
