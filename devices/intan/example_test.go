package intan_test

import (
	"context"
	"fmt"

	"github.com/petri-mea/petri/devices"
	"github.com/petri-mea/petri/devices/intan"
)

// Start an emulator on free loopback ports, connect a Rig to it and run a
// few ticks of a closed loop, stimulating once.
func Example() {
	ctx := context.Background()
	emu, err := intan.NewEmulator(ctx, intan.EmulatorConfig{Pace: 0, Warmup: 0.1,
		CommandAddr: "127.0.0.1:0", WaveAddr: "127.0.0.1:0", SpikeAddr: "127.0.0.1:0"})
	if err != nil {
		panic(err)
	}
	defer emu.Close()
	c, w, s := emu.Ports()
	rig, err := intan.Dial(ctx, intan.Config{CommandPort: c, WavePort: w, SpikePort: s})
	if err != nil {
		panic(err)
	}
	defer rig.Close()
	info, lim := rig.Info(), rig.Limits()
	fmt.Printf("%s (RHX %s), %d channels at %g Hz, step %g µA\n", info.Type, info.Version, len(info.Channels), info.Rate, info.Step)
	fmt.Printf("limits: %g µA, %g–%g µs, %g pC, %g Hz\n", lim.MaxAmplitude, lim.MinPhaseWidth, lim.MaxPhaseWidth, lim.MaxCharge, lim.MaxRate)
	stim := []devices.Stim{devices.Pulse(4.6, 110, 12)}
	for k := 0; k < 4; k++ {
		tick, err := rig.Step(ctx, 0.05, stim)
		if err != nil {
			panic(err)
		}
		fmt.Printf("tick %d [%.2f, %.2f) s, flags %v, stims %v\n", tick.Index, tick.Start, tick.End, tick.Flags, tick.Stims)
		stim = nil
	}
	fmt.Println("triggers sent:", rig.Stats().Triggers)
	// Output:
	// ControllerStimRecord (RHX 3.4.0), 128 channels at 20000 Hz, step 1 µA
	// limits: 10 µA, 50–400 µs, 1000 pC, 200 Hz
	// tick 0 [0.00, 0.05) s, flags ok, stims [{[12] 5 100 1 0 0}]
	// tick 1 [0.05, 0.10) s, flags ok, stims []
	// tick 2 [0.10, 0.15) s, flags ok, stims []
	// tick 3 [0.15, 0.20) s, flags ok, stims []
	// triggers sent: 1
}
