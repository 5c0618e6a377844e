package intan

import (
	"math"
	"testing"

	"github.com/petri-mea/petri/devices"
)

func TestClosedLoopOnEmulator(t *testing.T) {
	ctx := bounded(t)
	e := emulator(t, EmulatorConfig{Pace: 0})
	r := dial(t, ctx, e, Config{})
	info := r.Info()
	if info.Type != "ControllerStimRecord" || info.Rate != 20000 || info.Step != 1 || len(info.Channels) != 128 {
		t.Fatalf("Info = %+v", info)
	}
	if l := r.Limits(); l.Channels != 128 || l.Units != 128 || l.MaxAmplitude != 10 || l.MinPhaseWidth != 50 {
		t.Fatalf("Limits = %+v", l)
	}
	var spikes, stimmed int
	var last float64
	for k := 0; k < 20; k++ {
		var s []devices.Stim
		if k%4 == 0 {
			s = stimTick(40 + k)
			stimmed++
		}
		tick, err := r.Step(ctx, 0.05, s)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(tick.Start-last) > 1e-12 || math.Abs(tick.End-tick.Start-0.05) > 1e-12 {
			t.Fatalf("tick %d is [%g, %g), want [%g, %g)", k, tick.Start, tick.End, last, last+0.05)
		}
		last = tick.End
		for i, sp := range tick.Spikes {
			if sp.Time < tick.Start || sp.Time >= tick.End || (i > 0 && sp.Time < tick.Spikes[i-1].Time) {
				t.Fatalf("spike %+v out of order or outside the tick", sp)
			}
		}
		spikes += len(tick.Spikes)
		if tick.Flags&^devices.FlagRestart != 0 || tick.Missing != 0 {
			t.Fatalf("tick %d flagged %v, %d missing", k, tick.Flags, tick.Missing)
		}
	}
	if got := triggers(e.Received()); got != stimmed {
		t.Fatalf("%d triggers reached the emulator for %d stimulated ticks", got, stimmed)
	}
	if spikes == 0 {
		t.Fatal("no spikes in 1 s of the emulated culture")
	}
	t.Logf("%d spikes, stats %+v, delivered %d pulses", spikes, r.Stats(), len(e.Delivered()))
}
