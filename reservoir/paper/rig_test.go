package paper

import (
	"context"
	"testing"

	"github.com/petri-mea/petri/devices/intan"
	"github.com/petri-mea/petri/reservoir/force"
)

// The closed loop runs unchanged on a rig: the Intan RHX driver talking on
// loopback to the RHX emulator (backed by the simulated culture), with
// feedback delivered as RHX stimulation triggers. What is checked is the
// plumbing — every tick arrives, stimulation reaches the controller, the
// readout learns — not the science, which the emulator's 128-channel
// controller cannot reproduce at the paper's scale.
func TestClosedLoopOnIntanRig(t *testing.T) {
	ctx := context.Background()
	emu, err := intan.NewEmulator(ctx, intan.EmulatorConfig{Warmup: 0.5, Seed: 3,
		CommandAddr: "127.0.0.1:0", WaveAddr: "127.0.0.1:0", SpikeAddr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	c, w, s := emu.Ports()
	rig, err := intan.Dial(ctx, intan.Config{CommandPort: c, WavePort: w, SpikePort: s})
	if err != nil {
		t.Fatal(err)
	}
	defer rig.Close()
	sites := []int{3, 40, 77, 110}
	e := force.NewExperiment(force.NewRateCoding(sites, 1, 1))
	e.More = []float64{10}
	run, err := e.Run(ctx, rig, force.SineTarget(10, 1), force.Baseline(2), force.Training(10), force.Autonomous(4))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := run.Ticks(), 48; got != want {
		t.Errorf("%d ticks, want %d", got, want)
	}
	pulses := 0
	for _, p := range run.Pulses {
		pulses += p
	}
	if pulses == 0 || rig.Stats().Triggers == 0 || len(emu.Delivered()) == 0 {
		t.Errorf("no stimulation reached the emulator: %d pulses in ticks, %d triggers, %d delivered", pulses, rig.Stats().Triggers, len(emu.Delivered()))
	}
	if e.Readout().Updates() != 30 {
		t.Errorf("%d RLS updates, want 30", e.Readout().Updates())
	}
	t.Logf("%s", run)
}
