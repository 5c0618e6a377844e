package spiketext_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/petri-mea/petri/devices"
	"github.com/petri-mea/petri/devices/replay"
	"github.com/petri-mea/petri/devices/spiketext"
)

// Two units on a hexagonal array at 70 µm, read and replayed in 1 s ticks.
func Example() {
	times := "Channel,Time\nc1,0.5\nc1,1.5\nc2,1.2\n"
	pos := "\"Channel\",\"x\",\"y\"\n\"c1\",0,0\n\"c2\",70,0\n"
	rec, err := spiketext.Parse(strings.NewReader(times), "x.times", strings.NewReader(pos), "x.pos")
	if err != nil {
		fmt.Println(err)
		return
	}
	rec, _ = rec.Retick(1)
	dev := replay.New(rec)
	for dev.Ticks() > 0 {
		tick, _ := dev.Step(context.Background(), 1, nil)
		fmt.Println(tick.Start, tick.Counts())
	}
	_, err = dev.Step(context.Background(), 1, []devices.Stim{devices.Pulse(1, 100, 0)})
	fmt.Println(err != nil)
	// Output:
	// 0 [1 0]
	// 1 [1 1]
	// true
}
