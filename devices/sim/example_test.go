package sim_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/petri-mea/petri/devices"
	"github.com/petri-mea/petri/devices/culture"
	"github.com/petri-mea/petri/devices/replay"
	"github.com/petri-mea/petri/devices/sim"
)

// A closed loop on the benchmark lattice culture: route the electrodes under
// one well, stimulate when the well is quiet, record, and replay.
func Example() {
	ctx := context.Background()
	net, _ := culture.Lattice(culture.DefaultConfig())
	dev, _ := sim.New(ctx, net, sim.DefaultConfig())
	well := dev.Layout().Within(net.WellX[40], net.WellY[40], 60)
	if err := dev.Route(well); err != nil {
		panic(err)
	}
	dir, _ := os.MkdirTemp("", "petri")
	defer os.RemoveAll(dir)
	rec, _ := devices.Record(filepath.Join(dir, "s"), dev, nil, 0, 0)
	var stim []devices.Stim
	for i := 0; i < 10; i++ {
		tick, err := dev.Step(ctx, 0.1, stim)
		if err != nil {
			panic(err)
		}
		rec.Write(tick, dev.Routing())
		stim = nil
		if len(tick.Spikes) == 0 {
			stim = []devices.Stim{devices.Pulse(8, 100, well[len(well)/2])}
		}
	}
	rec.Close()
	rd, _ := replay.Open(filepath.Join(dir, "s"))
	fmt.Println(len(dev.Routing()), "channels,", rd.Ticks(), "ticks recorded")
	// Output:
	// 38 channels, 10 ticks recorded
}
