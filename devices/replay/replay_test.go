package replay_test

import (
	"context"
	"io"
	"path/filepath"
	"testing"

	"github.com/petri-mea/petri/devices"
	"github.com/petri-mea/petri/devices/culture"
	"github.com/petri-mea/petri/devices/replay"
	"github.com/petri-mea/petri/devices/sim"
)

// TestReplay records 2 s of the simulated lattice and plays them back: the
// same spikes, in the same ticks; stimulation and other periods refused.
func TestReplay(t *testing.T) {
	ctx := context.Background()
	net, _ := culture.Lattice(culture.DefaultConfig())
	dev, err := sim.New(ctx, net, sim.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dev.RouteBest(ctx, 2, 1); err != nil {
		t.Fatal(err)
	}
	dev.Trace([]int{0, 1})
	p := filepath.Join(t.TempDir(), "r")
	rec, err := devices.Record(p, dev, []int{0, 1}, 20000, 6.29)
	if err != nil {
		t.Fatal(err)
	}
	var want []int
	for k := 0; k < 20; k++ {
		tick, err := dev.Step(ctx, 0.1, nil)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, len(tick.Spikes))
		rec.Write(tick, dev.Routing())
	}
	rec.Close()
	rd, err := replay.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rd.Step(ctx, 0.1, []devices.Stim{devices.Pulse(1, 100, 3)}); err == nil {
		t.Errorf("replay accepted stimulation")
	}
	if _, err := rd.Step(ctx, 0.2, nil); err == nil {
		t.Errorf("replay accepted another period")
	}
	for k := 0; ; k++ {
		tick, err := rd.Step(ctx, 0.1, nil)
		if err == io.EOF {
			if k != 20 {
				t.Errorf("%d ticks replayed, want 20", k)
			}
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(tick.Spikes) != want[k] || tick.Raw.Frames() != 2000 {
			t.Errorf("tick %d: %d spikes, %d frames; want %d, 2000", k, len(tick.Spikes), tick.Raw.Frames(), want[k])
		}
	}
}
