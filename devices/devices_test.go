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
