package intan

import (
	"math"
	"testing"
	"time"

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

// Whether RHX restarts timestamps at each run is not known (PROTOCOLS.md
// §1.7): with either, restarts to upload new patterns leave device time
// contiguous and no frame counted missing.
func TestTimestampsResetOnRun(t *testing.T) {
	for _, reset := range []bool{false, true} {
		ctx := bounded(t)
		e := emulator(t, EmulatorConfig{Pace: 0, ResetOnRun: reset})
		r := dial(t, ctx, e, Config{})
		var last float64
		for k := 0; k < 12; k++ {
			var s []devices.Stim
			if k%2 == 0 {
				s = stimTick(20 + k) // a new pattern each time: a restart
			}
			tick, err := r.Step(ctx, 0.02, s)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(tick.Start-last) > 1e-12 || tick.Missing != 0 || tick.Flags&devices.FlagGap != 0 {
				t.Fatalf("reset %v, tick %d: [%g, %g) after %g, flags %v, %d missing", reset, k, tick.Start, tick.End, last, tick.Flags, tick.Missing)
			}
			last = tick.End
		}
		if st := r.Stats(); st.Restarts != 5 || st.Triggers != 6 {
			t.Fatalf("reset %v: stats %+v, want 5 restarts and 6 triggers", reset, st)
		}
	}
}

// petri's WIDE-band detector finds the spikes the emulator drew into the
// waveform: compared with the emulator's spike records of the same run
// (the simulated array's detections, DESIGN.md: −5 × 6 µV threshold), most
// are found within 0.5 ms on the same channel, and most of petri's
// detections are among them. Borderline spikes near the threshold go
// either way, since the drawn noise differs from the array's.
func TestWideDetectionMatchesRecords(t *testing.T) {
	ctx := bounded(t)
	e := emulator(t, EmulatorConfig{Pace: 1})
	r := dial(t, ctx, e, Config{Spikes: SpikesFromRHX, SpikeGrace: 500 * time.Millisecond})
	var det detector
	var ref, found, mine, matched int
	for k := 0; k < 40; k++ {
		tick, err := r.Step(ctx, 0.025, nil)
		if err != nil {
			t.Fatal(err)
		}
		n := int(math.Round((tick.End - tick.Start) * 20000))
		wide := det.detect(r, r.buf[:n*r.words], int64(math.Round(tick.Start*20000)), n)
		if k < 2 {
			continue // spikes at the edges of the first ticks
		}
		near := func(a devices.Spike, bs []devices.Spike) bool {
			for _, b := range bs {
				if a.Channel == b.Channel && math.Abs(a.Time-b.Time) <= 0.5e-3 {
					return true
				}
			}
			return false
		}
		for _, s := range tick.Spikes {
			ref++
			if near(s, wide) {
				found++
			}
		}
		for _, s := range wide {
			mine++
			if near(s, tick.Spikes) {
				matched++
			}
		}
	}
	recall, precision := float64(found)/float64(ref), float64(matched)/float64(mine)
	t.Logf("%d records, %d WIDE detections: recall %.3f, precision %.3f", ref, mine, recall, precision)
	if ref < 100 || recall < 0.9 || precision < 0.9 {
		t.Fatalf("recall %.3f, precision %.3f over %d records", recall, precision, ref)
	}
}
