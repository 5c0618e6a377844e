package maxwell

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/petri-mea/petri/devices"
)

// synthetic returns a 0.3 s MaxOne recording of 3 routed channels, traced
// at 20 kHz with gain 6.29 µV (the paper's array: 3.3 V / 1024 / 512), and
// a few spikes on the frame grid; samples follow a fixed formula.
func synthetic(t testing.TB, frames int) *devices.Recording {
	routing := []int{5, 221, 26399} // (5, 0), (1, 1) and the last electrode
	sp := []devices.Spike{
		{Channel: 1, Electrode: 221, Time: 0.01, Amplitude: -50.5},
		{Channel: 0, Electrode: 5, Time: 0.125, Amplitude: -20},
		{Channel: 2, Electrode: 26399, Time: 0.25005, Amplitude: -75.25},
	}
	dur := float64(frames) / Rate
	rec, err := devices.NewRecording(devices.MaxOne(), routing, sp, 0, dur, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	chans := []int{0, 1, 2}
	gain := LSB * 1e6
	rec.Meta.Raw = &devices.RawMeta{SamplingFrequency: Rate, NumChannels: 3, Dtype: "int16", GainToUV: gain, Channels: chans}
	per := int(Rate / 10)
	for i, tk := range rec.Ticks {
		f0, f1 := i*per, min((i+1)*per, frames)
		s := make([]int16, 3*(f1-f0))
		for f := f0; f < f1; f++ {
			for c := 0; c < 3; c++ {
				s[(f-f0)*3+c] = int16((f*7+c*131)%1024 - 512) // the full 10-bit range
			}
		}
		tk.Raw = &devices.Raw{Channels: chans, Rate: Rate, Gain: gain, Start: float64(f0) / Rate, Samples: s}
	}
	return rec
}

func TestRoundTrip(t *testing.T) {
	rec := synthetic(t, 6000)
	p := filepath.Join(t.TempDir(), "r.raw.h5")
	if err := Write(p, rec); err != nil {
		t.Fatal(err)
	}
	got, err := Read(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Ticks) != 3 || math.Abs(got.Ticks[2].End-0.3) > 1e-12 {
		t.Fatalf("%d ticks ending %g", len(got.Ticks), got.Ticks[len(got.Ticks)-1].End)
	}
	for k, e := range rec.Meta.Routing {
		if got.Meta.Routing[k] != e || got.Meta.X[k] != rec.Meta.X[k] || got.Meta.Y[k] != rec.Meta.Y[k] {
			t.Errorf("channel %d: electrode %d at (%g, %g)", k, got.Meta.Routing[k], got.Meta.X[k], got.Meta.Y[k])
		}
	}
	ws, gs := rec.Spikes(), got.Spikes()
	if len(gs) != len(ws) {
		t.Fatalf("%d spikes, want %d", len(gs), len(ws))
	}
	for k := range ws {
		// Times on the 20 kHz grid come back exactly (to rounding); amplitudes are float32.
		if gs[k].Channel != ws[k].Channel || gs[k].Electrode != ws[k].Electrode || math.Abs(gs[k].Time-ws[k].Time) > 1e-9 || float32(gs[k].Amplitude) != float32(ws[k].Amplitude) {
			t.Errorf("spike %d = %+v, want %+v", k, gs[k], ws[k])
		}
	}
	if math.Abs(got.Meta.Raw.GainToUV-6.29) > 0.005 {
		t.Errorf("gain %g µV, want 6.29", got.Meta.Raw.GainToUV)
	}
	for i := range rec.Ticks {
		a, b := rec.Ticks[i].Raw, got.Ticks[i].Raw
		if b == nil || len(a.Samples) != len(b.Samples) || a.Start != b.Start {
			t.Fatalf("tick %d raw: %+v", i, b)
		}
		for k := range a.Samples {
			if a.Samples[k] != b.Samples[k] {
				t.Fatalf("tick %d sample %d = %d, want %d", i, k, b.Samples[k], a.Samples[k])
			}
		}
	}
	// Spikes only.
	so, err := ReadSpikes(p)
	if err != nil || so.Ticks[0].Raw != nil || len(so.Spikes()) != 3 {
		t.Errorf("ReadSpikes: %v", err)
	}
}

// The direct reading of contiguous raw traces gives what the library reads.
func TestDirectMatchesLibrary(t *testing.T) {
	p := filepath.Join(t.TempDir(), "r.raw.h5")
	if err := Write(p, synthetic(t, 5500)); err != nil {
		t.Fatal(err)
	}
	fast, err := Read(p)
	if err != nil {
		t.Fatal(err)
	}
	useDirect = false
	defer func() { useDirect = true }()
	slow, err := Read(p)
	if err != nil {
		t.Fatal(err)
	}
	for i := range fast.Ticks {
		a, b := fast.Ticks[i].Raw.Samples, slow.Ticks[i].Raw.Samples
		if len(a) != len(b) {
			t.Fatalf("tick %d: %d vs %d samples", i, len(a), len(b))
		}
		for k := range a {
			if a[k] != b[k] {
				t.Fatalf("tick %d sample %d: direct %d, library %d", i, k, a[k], b[k])
			}
		}
	}
}

func TestWriteRefuses(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		edit func(*devices.Recording)
		want string
	}{
		{func(r *devices.Recording) { r.Meta.Layout = devices.Layout{Cols: 8, Rows: 8, Pitch: 200} }, "8 × 8 layout at 200 µm; MaxWell files hold MaxOne recordings"},
		{func(r *devices.Recording) { r.Ticks[1].Stims = []devices.Stim{devices.Pulse(1, 100, 5)} }, "tick 1 holds stimulation"},
		{func(r *devices.Recording) { r.Routings[2] = []int{5} }, "the routing changes at tick 2"},
		{func(r *devices.Recording) { r.Meta.Raw.NumChannels = 2 }, "raw traces of 2 of 3 routed channels"},
		{func(r *devices.Recording) { r.Ticks[1].Raw.Start += 0.01 }, "tick 1's raw traces start at 0.11 s, not 0.1 s"},
		{func(r *devices.Recording) { r.Ticks[0].Raw.Samples[4] = -32768 }, "count -32768 does not fit"},
	} {
		rec := synthetic(t, 6000)
		c.edit(rec)
		p := filepath.Join(dir, "bad.raw.h5")
		if err := Write(p, rec); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("err = %v, want %q", err, c.want)
		}
	}
}

func TestReadRefuses(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.raw.h5")
	if _, err := Read(p); err == nil || !strings.Contains(err.Error(), "x.raw.h5") {
		t.Errorf("missing file: %v", err)
	}
	// A truncated file.
	rec := synthetic(t, 6000)
	if err := Write(p, rec); err != nil {
		t.Fatal(err)
	}
	b := readFile(t, p)
	cut := filepath.Join(dir, "cut.raw.h5")
	writeFile(t, cut, b[:len(b)/2])
	if r, err := Read(cut); err == nil || !strings.Contains(err.Error(), "cut.raw.h5") {
		t.Errorf("truncated file: %v (recording %v)", err, r != nil)
	}
	notH5 := filepath.Join(dir, "text.raw.h5")
	writeFile(t, notH5, []byte("channel,electrode\n1,2\n"))
	if _, err := Read(notH5); err == nil || !strings.Contains(err.Error(), "text.raw.h5 is not a readable HDF5 file") {
		t.Errorf("not HDF5: %v", err)
	}
}

func BenchmarkReadRaw(b *testing.B) {
	rec := synthetic(b, 200000) // 10 s of 3 channels
	p := filepath.Join(b.TempDir(), "b.raw.h5")
	if err := Write(p, rec); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Read(p); err != nil {
			b.Fatal(err)
		}
	}
}

// A recording without raw traces keeps its span through petri_span.
func TestSpikeOnlyRoundTrip(t *testing.T) {
	sp := []devices.Spike{{Channel: 0, Electrode: 7, Time: 1.25, Amplitude: -30}, {Channel: 1, Electrode: 900, Time: 2.5, Amplitude: -40}}
	rec, err := devices.NewRecording(devices.MaxOne(), []int{7, 900}, sp, 1, 3, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "s.raw.h5")
	if err := Write(p, rec); err != nil {
		t.Fatal(err)
	}
	got, err := Read(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Ticks) != 20 || got.Ticks[0].Start != 1 || got.Meta.Raw != nil {
		t.Errorf("%d ticks from %g s, raw %v; want 20 from 1 s, none", len(got.Ticks), got.Ticks[0].Start, got.Meta.Raw)
	}
	gs := got.Spikes()
	if len(gs) != 2 || gs[0] != sp[0] || gs[1] != sp[1] {
		t.Errorf("spikes %+v, want %+v", gs, sp)
	}
}
