package replay

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/petri-mea/petri/devices"
	"github.com/petri-mea/petri/devices/axion"
	"github.com/petri-mea/petri/devices/nex"
	"github.com/petri-mea/petri/devices/rawtrace"
	"github.com/petri-mea/petri/devices/spiketext"
)

const data = "../../../shared/data/"

// fakeClock advances only when slept on, so pacing is tested without
// timing anything.
type fakeClock struct {
	now   time.Time
	slept time.Duration
}

func (c *fakeClock) Now() time.Time { return c.now }
func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if d > 0 {
		c.now = c.now.Add(d)
		c.slept += d
	}
	return ctx.Err()
}

// playAll steps through d and returns the number of ticks and spikes.
func playAll(t *testing.T, d *Device, period float64) (ticks, spikes int) {
	ctx := context.Background()
	for {
		tk, err := d.Step(ctx, period, nil)
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		ticks++
		spikes += len(tk.Spikes)
	}
}

// Every reader's recording replays unchanged; spike totals are the data
// READMEs' sanity numbers.
func TestReplayReaders(t *testing.T) {
	tc89, err := nex.Read(data + "sjemea-hippocampal-tc89/TC89_DIV15_A.nexTimestamps")
	if err != nil {
		t.Fatal(err)
	}
	ax, err := axion.Read(data + "meartools-axion48-cortical/exampleRecording_1012016_plate1_DIV3_spike_list.csv.gz")
	if err != nil {
		t.Fatal(err)
	}
	wong, err := spiketext.Read(data+"meartools-wong1993-retina/wong1993_p0.times", data+"meartools-wong1993-retina/wong1993_p0.pos")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := rawtrace.Read(data+"meanap-axion24-raw/axion24_plate2_DIV75_wellA1.i16", rawtrace.AxionWell("A1"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		rec    *devices.Recording
		ticks  int
		spikes int
	}{
		{"TC89", tc89, 9116, 208277},       // 911.6 s in 0.1 s ticks
		{"Axion 48-well", ax, 577, 100957}, // last spike 57.67824 s
		{"Wong 1993", wong, 10557, 13336},  // last spike 1055.6153 s
		{"MEA-NAP A1", raw, 20, 0},         // 2 s of raw voltage
	} {
		d := New(c.rec)
		if len(d.Routing()) != len(c.rec.Meta.Routing) {
			t.Errorf("%s: routed %d of %d channels", c.name, len(d.Routing()), len(c.rec.Meta.Routing))
		}
		if _, err := d.Step(context.Background(), devices.DefaultTick, []devices.Stim{devices.Pulse(1, 100, c.rec.Meta.Routing[0])}); err == nil || !strings.Contains(err.Error(), "cannot be stimulated") {
			t.Errorf("%s: stimulation: %v", c.name, err)
		}
		period := c.rec.Ticks[0].End - c.rec.Ticks[0].Start
		if n, s := playAll(t, d, period); n != c.ticks || s != c.spikes {
			t.Errorf("%s: replayed %d ticks, %d spikes; want %d, %d", c.name, n, s, c.ticks, c.spikes)
		}
	}
	// Recut to 1 s ticks, routed to two electrodes only.
	re, err := tc89.Retick(1)
	if err != nil {
		t.Fatal(err)
	}
	d := New(re)
	if err := d.Route(tc89.Meta.Routing[:2]); err != nil {
		t.Fatal(err)
	}
	// ch_12A and ch_13A: 5,368 spikes on the first (README); both together fewer than all.
	if n, s := playAll(t, d, 1); n != 912 || s < 5368 || s >= 208277 {
		t.Errorf("recut: %d ticks, %d spikes", n, s)
	}
	if err := New(wong).Route([]int{wong.Meta.Layout.Len()}); err == nil {
		t.Error("routed an electrode off the layout")
	}
}

func TestPace(t *testing.T) {
	l := devices.Layout{Cols: 2, Rows: 1, Pitch: 100}
	rec, err := devices.NewRecording(l, []int{0, 1}, []devices.Spike{{Channel: 1, Electrode: 1, Time: 10.5}}, 10, 12, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	for _, speed := range []float64{1, 10} {
		d := New(rec)
		c := &fakeClock{now: time.Unix(1000, 0)}
		d.clock = c
		if err := d.Pace(speed); err != nil {
			t.Fatal(err)
		}
		// Each tick is returned when its end is due: 2 s of recording take
		// 2 s at pace 1 and 0.2 s at pace 10.
		n, _ := playAll(t, d, 0.1)
		want := time.Duration(2 / speed * float64(time.Second))
		if n != 20 || (c.slept-want).Abs() > time.Microsecond {
			t.Errorf("pace %g: %d ticks in %v, want 20 in %v", speed, n, c.slept, want)
		}
	}
	d := New(rec)
	d.clock = &fakeClock{}
	d.Pace(1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := d.Step(ctx, 0.1, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled paced step: %v", err)
	}
	for _, bad := range []float64{-1, 1 / zero()} {
		if err := d.Pace(bad); err == nil {
			t.Errorf("Pace(%g) accepted", bad)
		}
	}
	// Real clock, fast pace: the same ticks arrive.
	d = New(rec)
	d.Pace(1000)
	if n, s := playAll(t, d, 0.1); n != 20 || s != 1 {
		t.Errorf("paced on the wall clock: %d ticks, %d spikes", n, s)
	}
}

func zero() float64 { return 0 }
