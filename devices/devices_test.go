package devices_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/petri-mea/petri/devices"
)

// fake is a minimal device: one spike per channel per tick.
type fake struct {
	now     float64
	routing []int
	n       int
}

func (f *fake) Layout() devices.Layout { return devices.MaxOne() }
func (f *fake) Limits() devices.Limits { return devices.MaxOneLimits() }
func (f *fake) Routing() []int         { return f.routing }
func (f *fake) Now() float64           { return f.now }
func (f *fake) Close() error           { return nil }
func (f *fake) Route(e []int) error {
	if err := f.Limits().CheckRouting(f.Layout(), e); err != nil {
		return err
	}
	f.routing = e
	return nil
}
func (f *fake) Step(ctx context.Context, p float64, s []devices.Stim) (*devices.Tick, error) {
	if err := f.Limits().Check(f.Layout(), p, s); err != nil {
		return nil, err
	}
	t := &devices.Tick{Index: f.n, Start: f.now, End: f.now + p, Channels: len(f.routing), Stims: s}
	for ch, e := range f.routing {
		t.Spikes = append(t.Spikes, devices.Spike{Channel: ch, Electrode: e, Time: f.now + p/2, Amplitude: -40})
	}
	t.Raw = &devices.Raw{Channels: []int{0}, Rate: 20000, Gain: 6.29, Start: f.now, Samples: make([]int16, int(p*20000))}
	f.now += p
	f.n++
	return t, nil
}

func TestLimits(t *testing.T) {
	l, lim := devices.MaxOne(), devices.MaxOneLimits()
	ok := devices.Stim{Electrodes: []int{5}, Amplitude: 2, PhaseWidth: 200, Count: 5, Rate: 100}
	if err := lim.Check(l, 0.1, []devices.Stim{ok}); err != nil {
		t.Fatalf("valid stimulation rejected: %v", err)
	}
	many := make([]int, 33)
	for i := range many {
		many[i] = i
	}
	bad := []struct {
		s    devices.Stim
		want string
	}{
		{devices.Stim{Electrodes: []int{26400}, Amplitude: 1, PhaseWidth: 100, Count: 1}, "off the 220 × 120 array"},
		{devices.Stim{Electrodes: []int{-1}, Amplitude: 1, PhaseWidth: 100, Count: 1}, "electrode -1"},
		{devices.Stim{Electrodes: []int{1}, Amplitude: 11, PhaseWidth: 100, Count: 1}, "amplitude 11 µA"},
		{devices.Stim{Electrodes: []int{1}, Amplitude: 1, PhaseWidth: 500, Count: 1}, "phase width 500"},
		{devices.Stim{Electrodes: []int{1}, Amplitude: 5, PhaseWidth: 300, Count: 1}, "1500 pC per phase"},
		{devices.Stim{Electrodes: []int{1}, Amplitude: 1, PhaseWidth: 100, Count: 3, Rate: 500}, "rate 500 Hz"},
		{devices.Stim{Electrodes: []int{1}, Amplitude: 1, PhaseWidth: 100, Count: 30, Rate: 100}, "beyond the 0.1 s tick"},
		{devices.Stim{Electrodes: many, Amplitude: 1, PhaseWidth: 100, Count: 1}, "33 distinct electrodes"},
		{devices.Stim{Electrodes: []int{1}, Amplitude: 1, PhaseWidth: 100}, "Count 0"},
	}
	for _, b := range bad {
		err := lim.Check(l, 0.1, []devices.Stim{b.s})
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("Check(%+v) = %v, want an error containing %q", b.s, err, b.want)
		}
	}
	// Two trains on one electrode, together faster than MaxRate.
	a := devices.Pulse(1, 100, 7)
	b := devices.Pulse(1, 100, 7)
	b.Delay = 0.001
	if err := lim.Check(l, 0.1, []devices.Stim{a, b}); err == nil || !strings.Contains(err.Error(), "faster than 200 Hz") {
		t.Errorf("overlapping trains: got %v", err)
	}
	if err := lim.CheckRouting(l, make([]int, 1025)); err == nil || !strings.Contains(err.Error(), "1024 readout channels") {
		t.Errorf("routing 1025: got %v", err)
	}
	if err := lim.CheckRouting(l, []int{3, 3}); err == nil || !strings.Contains(err.Error(), "routed twice") {
		t.Errorf("routing twice: got %v", err)
	}
}

func TestLayout(t *testing.T) {
	l := devices.MaxOne()
	// 220 × 120 at 17.5 µm (DESIGN.md).
	if l.Len() != 26400 || l.Width() != 3850 || l.Height() != 2100 {
		t.Fatalf("MaxOne: %d electrodes, %g × %g µm", l.Len(), l.Width(), l.Height())
	}
	e := l.Index(10, 3)
	if x, y := l.Pos(e); x != 175 || y != 52.5 || l.Nearest(x+5, y-5) != e {
		t.Errorf("Pos/Nearest round trip failed at %d", e)
	}
	// Within 17.5 µm of an electrode centre: itself and its 4 neighbours.
	if n := len(l.Within(175, 52.5, 17.5)); n != 5 {
		t.Errorf("Within: %d electrodes, want 5", n)
	}
}

func TestLoopStimulate(t *testing.T) {
	f := &fake{}
	f.Route([]int{1, 2, 3})
	n := 0
	for tick, err := range devices.Loop(context.Background(), f, 0.1) {
		if err != nil {
			t.Fatal(err)
		}
		if n == 1 && len(tick.Stims) != 1 {
			t.Errorf("tick 1 delivered %d stims, want the 1 queued in tick 0", len(tick.Stims))
		}
		if err := tick.Stimulate(devices.Pulse(100, 100, 1)); err == nil {
			t.Errorf("100 µA accepted")
		}
		if n == 0 {
			if err := tick.Stimulate(devices.Pulse(1, 100, 1)); err != nil {
				t.Fatal(err)
			}
		}
		if c := tick.Counts(); len(c) != 3 || c[2] != 1 {
			t.Errorf("Counts = %v", c)
		}
		if n++; n == 3 {
			break
		}
	}
}

// TestRecordTruncated writes ticks, cuts the files mid-write as a kill
// would, and checks that every complete tick reads back.
func TestRecordTruncated(t *testing.T) {
	dir := t.TempDir()
	prefix := filepath.Join(dir, "session")
	f := &fake{}
	f.Route([]int{10, 20, 30, 40})
	rec, err := devices.Record(prefix, f, []int{0}, 20000, 6.29)
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; k < 5; k++ {
		tick, err := f.Step(context.Background(), 0.01, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := rec.Write(tick, f.Routing()); err != nil {
			t.Fatal(err)
		}
	}
	rec.Close()
	full, err := devices.ReadRecording(prefix)
	if err != nil || len(full.Ticks) != 5 || len(full.Spikes()) != 20 || full.Ticks[4].Raw.Frames() != 200 {
		t.Fatalf("full read: %v, %d ticks", err, len(full.Ticks))
	}
	// Kill in the middle of tick 4's line.
	ev := prefix + ".events.jsonl"
	b, _ := os.ReadFile(ev)
	lines := strings.SplitAfter(string(b), "\n")
	cut := len(b) - len(lines[4]) - 1 + len(lines[4])/2
	os.WriteFile(ev, b[:cut], 0o644)
	rec2, err := devices.ReadRecording(prefix)
	if err != nil || len(rec2.Ticks) != 4 {
		t.Fatalf("truncated events: %v, %d ticks, want 4", err, len(rec2.Ticks))
	}
	// Kill in the middle of tick 3's raw samples too.
	raw := prefix + ".raw"
	rb, _ := os.ReadFile(raw)
	os.WriteFile(raw, rb[:3*400+123], 0o644)
	rec3, err := devices.ReadRecording(prefix)
	if err != nil || len(rec3.Ticks) != 3 {
		t.Fatalf("truncated raw: %v, %d ticks, want 3", err, len(rec3.Ticks))
	}
}

func ExampleLimits_Check() {
	lim := devices.MaxOneLimits()
	s := devices.Pulse(6, 200, 1234) // 6 µA × 200 µs = 1200 pC
	fmt.Println(lim.Check(devices.MaxOne(), 0.1, []devices.Stim{s}))
	// Output:
	// devices: stimulation 0: 6 µA × 200 µs = 1200 pC per phase exceeds the 1000 pC limit; lower the amplitude or the phase width
}

func ExampleLayout() {
	l := devices.MaxOne()
	e := l.Nearest(1000, 500) // µm; column 57, row 29: 29·220 + 57
	x, y := l.Pos(e)
	fmt.Println(l.Len(), e, x, y)
	// Output:
	// 26400 6437 997.5 507.5
}

// Issue 12 item 13: the per-electrode rate limit holds across tick
// boundaries (MaxOneLimits: 200 Hz, so onsets at least 5 ms apart).
func TestGuardAcrossTicks(t *testing.T) {
	l, lim := devices.MaxOne(), devices.MaxOneLimits()
	// Two pulses 0.2 ms apart across the boundary of 10 ms ticks: 5,000 Hz.
	var g devices.Guard
	late := devices.Pulse(1, 50, 9)
	late.Delay = 0.0099 - 100e-6
	if err := g.Admit(lim, l, 0, 0.01, []devices.Stim{late}); err != nil {
		t.Fatal(err)
	}
	early := devices.Pulse(1, 50, 9)
	early.Delay = 0.0001
	err := g.Admit(lim, l, 0.01, 0.01, []devices.Stim{early})
	if err == nil || !strings.Contains(err.Error(), "electrode 9") || !strings.Contains(err.Error(), "earlier tick") {
		t.Fatalf("pulse 0.2 ms after the previous tick's = %v, want an error naming electrode 9", err)
	}
	// Another electrode is unaffected; the same one 5 ms later is fine.
	if err := g.Admit(lim, l, 0.01, 0.01, []devices.Stim{devices.Pulse(1, 50, 10)}); err != nil {
		t.Fatal(err)
	}
	early.Delay = 0.0049
	if err := g.Admit(lim, l, 0.01, 0.01, []devices.Stim{early}); err != nil {
		t.Fatalf("pulse 5 ms after the previous one refused: %v", err)
	}
	// One pulse in every 2 ms tick is 500 Hz: at most one of any 2 passes.
	var h devices.Guard
	passed := 0
	for k := 0; k < 50; k++ {
		if h.Admit(lim, l, float64(k)*0.002, 0.002, []devices.Stim{devices.Pulse(1, 50, 3)}) == nil {
			passed++
		}
	}
	if passed != 17 { // onsets at 0, 6, 12, … ms: every third 2 ms tick (≥ 5 ms apart)
		t.Fatalf("%d of 50 one-pulse 2 ms ticks passed a 200 Hz limit, want 17", passed)
	}
}

// Issue 12 item 14: a huge Count is refused before anything is allocated.
func TestHugeCount(t *testing.T) {
	l, lim := devices.MaxOne(), devices.MaxOneLimits()
	for _, n := range []int{1 << 32, 1 << 60, 1e8, devices.MaxCount + 1} {
		s := devices.Stim{Electrodes: []int{1}, Amplitude: 1, PhaseWidth: 100, Count: n, Rate: 100}
		allocs := testing.AllocsPerRun(1, func() {
			if err := lim.Check(l, 1e9, []devices.Stim{s}); err == nil {
				t.Errorf("Count %d accepted", n)
			}
		})
		if allocs > 10 {
			t.Errorf("Count %d: %g allocations before refusing", n, allocs)
		}
	}
	// A long train within MaxCount is still refused for not fitting the tick.
	s := devices.Stim{Electrodes: []int{1}, Amplitude: 1, PhaseWidth: 100, Count: devices.MaxCount, Rate: 100}
	if err := lim.Check(l, 1, []devices.Stim{s}); err == nil || !strings.Contains(err.Error(), "beyond the 1 s tick") {
		t.Fatalf("65,536 pulses at 100 Hz in 1 s: %v", err)
	}
}

// Loop and Tick.Stimulate keep the limit across ticks even on a device
// that checks one tick at a time (fake above).
func TestLoopGuard(t *testing.T) {
	f := &fake{}
	n := 0
	for tick, err := range devices.Loop(context.Background(), f, 0.002) {
		if err != nil {
			t.Fatal(err)
		}
		err := tick.Stimulate(devices.Pulse(1, 50, 4))
		if n%3 == 0 && err != nil {
			t.Fatalf("tick %d: %v", n, err)
		}
		if n%3 != 0 && err == nil {
			t.Fatalf("tick %d: a pulse 2 ms after the last accepted", n)
		}
		if n++; n == 12 {
			break
		}
	}
}
