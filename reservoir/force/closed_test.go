package force

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/petri-mea/petri/devices"
)

// poissonDevice is a device whose channels fire as independent Poisson
// processes at Rate Hz (plus Evoked Hz for each pulse delivered in the
// tick, spread over all channels), for testing the loop's bookkeeping
// without a culture. FailAt > 0 makes tick FailAt fail.
type poissonDevice struct {
	routing []int
	now     float64
	rate    float64
	rng     *rand.Rand
	ticks   int
	failAt  int
	stims   [][]devices.Stim
}

func newPoissonDevice(channels int, rate float64, seed uint64) *poissonDevice {
	d := &poissonDevice{rate: rate, rng: rand.New(rand.NewPCG(seed, 1))}
	for c := 0; c < channels; c++ {
		d.routing = append(d.routing, c*3)
	}
	return d
}

func (d *poissonDevice) Layout() devices.Layout { return devices.MaxOne() }
func (d *poissonDevice) Limits() devices.Limits { return devices.MaxOneLimits() }
func (d *poissonDevice) Route(e []int) error    { d.routing = append([]int(nil), e...); return nil }
func (d *poissonDevice) Routing() []int         { return d.routing }
func (d *poissonDevice) Now() float64           { return d.now }
func (d *poissonDevice) Close() error           { return nil }
func (d *poissonDevice) MinPeriod() float64     { return 0.01 }
func (d *poissonDevice) Step(ctx context.Context, period float64, stims []devices.Stim) (*devices.Tick, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	d.ticks++
	if d.ticks == d.failAt {
		return nil, errors.New("poissonDevice: the rig went away")
	}
	if err := d.Limits().Check(d.Layout(), period, stims); err != nil {
		return nil, err
	}
	d.stims = append(d.stims, stims)
	t := &devices.Tick{Index: d.ticks - 1, Start: d.now, End: d.now + period, Channels: len(d.routing), Stims: stims}
	for c, e := range d.routing {
		for s := d.now + d.rng.ExpFloat64()/d.rate; s < t.End; s += d.rng.ExpFloat64() / d.rate {
			t.Spikes = append(t.Spikes, devices.Spike{Channel: c, Electrode: e, Time: s, Amplitude: -50})
		}
	}
	// A spike exactly at the tick's start belongs to this tick: the filter
	// must take it (ticks and filters are both half-open, [Start, End)).
	t.Spikes = append(t.Spikes, devices.Spike{Channel: 0, Electrode: d.routing[0], Time: d.now, Amplitude: -50})
	d.now = t.End
	return t, nil
}

func sitesOf(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = 1000 + 7*i
	}
	return s
}

// Everything that can be checked is checked before the first tick, and the
// device is not touched.
func TestExperimentBadInput(t *testing.T) {
	ctx := context.Background()
	bad := func(name string, e *Experiment, target Target, want string, phases ...Phase) {
		t.Helper()
		dev := newPoissonDevice(8, 5, 1)
		if len(phases) == 0 {
			phases = []Phase{Training(10), Autonomous(5)}
		}
		_, err := e.Run(ctx, dev, target, phases...)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want one containing %q", name, err, want)
		}
		if dev.ticks != 0 {
			t.Errorf("%s: the device ran %d ticks before the error", name, dev.ticks)
		}
	}
	ok := NewExperiment(NewRateCoding(sitesOf(4), 1, 1))
	bad("no sites", NewExperiment(NewRateCoding(nil, 1, 1)), SineTarget(10, 1), "no stimulation sites")
	loud := NewRateCoding(sitesOf(4), 1, 1)
	loud.Amplitude = 20
	bad("amplitude over the limit", NewExperiment(loud), SineTarget(10, 1), "amplitude 20")
	fast := NewRateCoding(sitesOf(4), 1, 1)
	fast.MaxRate = 1000
	bad("rate over the limit", NewExperiment(fast), SineTarget(10, 1), "MaxRate = 1000")
	many := NewRateCoding(sitesOf(40), 1, 1)
	bad("more sites than units", NewExperiment(many), SineTarget(10, 1), "stimulation units")
	bad("target not finite", ok, nanAfter{3}, "is NaN at 3.333 s", Training(10))
	short, _ := SampledTarget(1, []float64{0, 1, 0, 1})
	bad("target too short", ok, short, "over the whole run")
	bad("two outputs, one weight", ok, lorenz3(t), "3 outputs")
	slow := NewExperiment(NewRateCoding(sitesOf(4), 1, 1))
	slow.Period = 0
	bad("zero tick", slow, SineTarget(10, 1), "Period = 0")
	tiny := NewExperiment(NewRateCoding(sitesOf(4), 1, 1))
	tiny.Period = 0.001
	bad("tick shorter than the device's", tiny, SineTarget(10, 1), "shortest tick")
	bad("phase shorter than a tick", ok, SineTarget(10, 1), "less than one", Training(0.1))
	bad("no feedback coding", NewExperiment(nil), SineTarget(10, 1), "Feedback is nil")
}

type nanAfter struct{ t float64 }

func (n nanAfter) Outputs() int { return 1 }
func (n nanAfter) Value(t float64, dst []float64) {
	dst[0] = 0
	if t > n.t {
		dst[0] = math.NaN()
	}
}

func lorenz3(t *testing.T) Target {
	l, err := LorenzTarget(10, 30)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// A device error stops the loop at once and the run so far comes back with
// it; the recording holds every tick before the error.
func TestExperimentDeviceError(t *testing.T) {
	dev := newPoissonDevice(8, 5, 1)
	dev.failAt = 20
	e := NewExperiment(NewRateCoding(sitesOf(4), 1, 1))
	e.Record = filepath.Join(t.TempDir(), "run")
	run, err := e.Run(context.Background(), dev, SineTarget(10, 1), Training(30), Autonomous(10))
	if err == nil || !strings.Contains(err.Error(), "the rig went away") || !strings.Contains(err.Error(), "tick 19") {
		t.Fatalf("err = %v, want the device's error at tick 19", err)
	}
	if run == nil || run.Ticks() != 19 || len(run.Outputs[0]) != 19 || len(run.Time) != 19 {
		t.Fatalf("run has %v ticks, want the 19 before the error", run.Ticks())
	}
	if dev.ticks != 20 {
		t.Errorf("the loop went on after the error: %d ticks asked", dev.ticks)
	}
	rec, err := devices.ReadRecording(e.Record)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Ticks) != 19 {
		t.Errorf("recording has %d ticks, want 19", len(rec.Ticks))
	}
}

// Cancelling ctx mid-run returns the partial run with ctx's error.
func TestExperimentInterrupt(t *testing.T) {
	dev := newPoissonDevice(8, 5, 1)
	ctx, cancel := context.WithCancel(context.Background())
	e := NewExperiment(NewRateCoding(sitesOf(4), 1, 1))
	e.Record = filepath.Join(t.TempDir(), "run")
	e.Hook = func(r *Run) {
		if r.Ticks() == 50 {
			cancel()
		}
	}
	run, err := e.Run(ctx, dev, SineTarget(10, 1), Baseline(10), Training(100))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if run.Ticks() != 50 {
		t.Errorf("run has %d ticks, want 50", run.Ticks())
	}
	if a, b := run.Span("train"); a != 30 || b != 50 {
		t.Errorf("train span [%d, %d), want [30, 50)", a, b)
	}
	rec, err := devices.ReadRecording(e.Record)
	if err != nil || len(rec.Ticks) != 50 {
		t.Fatalf("recording: %v ticks, err %v; want 50 readable ticks", len(rec.Ticks), err)
	}
}

// The phases do what they say: no stimulation without feedback, learning
// only in training, and the readout frozen after it.
func TestExperimentPhases(t *testing.T) {
	dev := newPoissonDevice(16, 5, 2)
	e := NewExperiment(NewRateCoding(sitesOf(4), 1, 1))
	run, err := e.Run(context.Background(), dev, SineTarget(5, 1), Baseline(5), Training(20), Autonomous(5), OpenLoop(5), Shuffled(5))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(run.Time); n != 120 {
		t.Fatalf("%d ticks, want 120 (40 s of 1/3 s ticks)", n)
	}
	pulses := func(phase string) int {
		a, b := run.Span(phase)
		n := 0
		for k := a; k < b; k++ {
			n += run.Pulses[k]
		}
		return n
	}
	if p := pulses("baseline"); p != 0 {
		t.Errorf("baseline delivered %d pulses", p)
	}
	// The first tick of a phase runs with the stimulation the previous tick
	// chose, so the open-loop phase's first tick may still carry pulses.
	a, b := run.Span("open")
	for k := a + 1; k < b; k++ {
		if run.Pulses[k] != 0 {
			t.Errorf("open-loop tick %d delivered %d pulses", k, run.Pulses[k])
		}
	}
	for _, ph := range []string{"train", "test", "shuffled"} {
		if p := pulses(ph); p == 0 {
			t.Errorf("%s delivered no pulses", ph)
		}
	}
	if got := e.Readout().Updates(); got != 60 {
		t.Errorf("%d RLS updates, want 60 (one per training tick)", got)
	}
	if run.Readout == nil {
		t.Error("no readout returned")
	}
	if !strings.Contains(run.String(), "shuffled") {
		t.Errorf("summary lacks the shuffled phase:\n%s", run)
	}
}

// The rate coding keeps its promise: the mean rate is the requested one, and
// pulses on one site are never closer than 1/MaxRate, also across ticks.
func TestRateCoding(t *testing.T) {
	c := NewRateCoding([]int{5, 9}, 1, 3)
	c.W = [][]float64{{1}, {-1}}
	c.Base, c.Gain, c.MaxRate = 10, 10, 20
	const period, ticks = 1.0 / 3, 3000
	lim := devices.MaxOneLimits()
	if err := c.Check(devices.MaxOne(), lim, period, 1); err != nil {
		t.Fatal(err)
	}
	last := map[int]float64{5: math.Inf(-1), 9: math.Inf(-1)}
	count := map[int]int{}
	rng := rand.New(rand.NewPCG(1, 1))
	zsum := 0.0
	for k := 0; k < ticks; k++ {
		z := 2*rng.Float64() - 1 // rates 0 … 20 Hz
		zsum += z
		t0 := float64(k) * period
		for _, s := range c.Encode([]float64{z}, period) {
			e := s.Electrodes[0]
			for _, on := range s.Times() {
				at := t0 + on
				if gap := at - last[e]; gap < 1/c.MaxRate-1e-12 {
					t.Fatalf("site %d: pulses %.6f s apart at %.4f s, closer than 1/%g Hz", e, gap, at, c.MaxRate)
				}
				last[e] = at
				count[e]++
			}
			if err := lim.Check(devices.MaxOne(), period, []devices.Stim{s}); err != nil {
				t.Fatal(err)
			}
		}
	}
	dur := float64(ticks) * period
	zmean := zsum / ticks
	for e, sign := range map[int]float64{5: 1, 9: -1} {
		want := 10 + 10*sign*zmean
		if got := float64(count[e]) / dur; math.Abs(got-want) > 0.05 {
			t.Errorf("site %d: %.3f Hz, want %.3f Hz", e, got, want)
		}
	}
}

// BenchmarkClosedLoopTick times one tick of the loop's own work (filter,
// readout, RLS update, feedback; not the device, which here is a Poisson
// source) at 1,024 channels firing at 5 Hz, while training — the paper's
// state (one filter per channel) and the two-time-scale state. The
// loop-ms/tick metric is the median of Run.LoopTime; a tick lasts 333 ms.
func BenchmarkClosedLoopTick(b *testing.B) {
	for _, bc := range []struct {
		name string
		more []float64
	}{{"paper/channels=1024", nil}, {"two-scales/channels=1024", []float64{6}}} {
		b.Run(bc.name, func(b *testing.B) { benchClosedLoop(b, 1024, bc.more) })
	}
}

func benchClosedLoop(b *testing.B, channels int, more []float64) {
	dev := newPoissonDevice(channels, 5, 1)
	e := NewExperiment(NewRateCoding(sitesOf(16), 1, 1))
	e.More = more
	b.ResetTimer()
	run, err := e.Run(context.Background(), dev, SineTarget(10, 1), Training(float64(b.N)*e.Period))
	if err != nil {
		b.Fatal(err)
	}
	med, _ := run.LoopCost()
	b.ReportMetric(med*1e3, "loop-ms/tick")
}

// Amplitude coding: the amplitude follows the output, pulses below Min are
// dropped, and a coding the device cannot deliver is refused before a run.
func TestAmplitudeCoding(t *testing.T) {
	c := NewAmplitudeCoding([]int{5, 9}, 1, 3)
	c.W = [][]float64{{1}, {-1}}
	if err := c.Check(devices.MaxOne(), devices.MaxOneLimits(), 1.0/3, 1); err != nil {
		t.Fatal(err)
	}
	st := c.Encode([]float64{1}, 1.0/3) // 7 µA on site 5, 1 µA on site 9
	if len(st) != 2 || st[0].Amplitude != 7 || st[1].Amplitude != 1 || st[0].Count != 2 {
		t.Fatalf("Encode(1) = %+v", st)
	}
	if st := c.Encode([]float64{1.2}, 1.0/3); len(st) != 1 { // site 9 at 0.4 µA < Min
		t.Errorf("Encode(1.2) = %+v: the pulse below Min must be dropped", st)
	}
	c.Max = 12
	if err := c.Check(devices.MaxOne(), devices.MaxOneLimits(), 1.0/3, 1); err == nil || !strings.Contains(err.Error(), "amplitude 12") {
		t.Errorf("Max over the device's limit: err = %v", err)
	}
	c.Max, c.Count = 8, 5
	if err := c.Check(devices.MaxOne(), devices.MaxOneLimits(), 1.0/3, 1); err == nil || !strings.Contains(err.Error(), "lower Count") {
		t.Errorf("5 pulses at 10 Hz in a 1/3 s tick: err = %v", err)
	}
	c.Count = 2
	dev := newPoissonDevice(8, 5, 1)
	run, err := NewExperiment(c).Run(context.Background(), dev, SineTarget(5, 1), Training(10))
	if err != nil {
		t.Fatal(err)
	}
	if run.Summary()[0].Pulses == 0 {
		t.Error("amplitude coding delivered nothing")
	}
}

// Training in one Run and testing in the next is one experiment: the
// readout carries over, and the target's clock runs on instead of starting
// again at zero.
func TestExperimentTwoRuns(t *testing.T) {
	dev := newPoissonDevice(8, 5, 1)
	e := NewExperiment(NewRateCoding(sitesOf(4), 1, 1))
	tg := SineTarget(10, 1)
	first, err := e.Run(context.Background(), dev, tg, Training(5))
	if err != nil {
		t.Fatal(err)
	}
	second, err := e.Run(context.Background(), dev, tg, Autonomous(5))
	if err != nil {
		t.Fatal(err)
	}
	v := make([]float64, 1)
	tg.Value(5+1.0/3, v) // the first tick of the second run ends 5 s + one tick after the first run began
	if got := second.Targets[0][0]; math.Abs(got-v[0]) > 1e-9 {
		t.Errorf("second run's first target %v, want %v (the target's clock must run on)", got, v[0])
	}
	ts, _, _ := second.Series("", 0)
	if math.Abs(ts[0]-(5+1.0/3)) > 1e-9 {
		t.Errorf("second run's first time %v s, want 5.333 s since the experiment began", ts[0])
	}
	if e.Readout().Updates() != 15 || first.Readout == nil {
		t.Errorf("%d updates after both runs, want the first run's 15", e.Readout().Updates())
	}
}
