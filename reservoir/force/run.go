package force

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/petri-mea/petri/devices"
	"github.com/petri-mea/petri/reservoir"
)

// Run is everything a closed-loop run produced, tick by tick, as plain
// series ready to plot; it holds the ticks up to the last complete one when
// the run stopped early.
type Run struct {
	Period   float64
	Phases   []Phase
	Phase    []int       // Phase[k]: index into Phases of tick k
	Time     []float64   // s, device time at the end of tick k
	Outputs  [][]float64 // Outputs[o][k]
	Targets  [][]float64 // Targets[o][k]
	Channels []int       // the channels whose state is kept
	States   [][]float64 // States[j][k]: filtered state of Channels[j]
	Spikes   []int       // spikes detected in tick k
	Pulses   []int       // stimulation pulses delivered in tick k
	// StepTime and LoopTime are the wall time of the device's step and of
	// the loop's own work (filter, readout, RLS, feedback) per tick, in s.
	StepTime, LoopTime []float64
	Readout            *reservoir.Readout // the readout at the end

	t0       float64
	channels int
	size     int
	f        []float64
	done     int
}

func newRun(e *Experiment, dev devices.Device, n, m int, phases []Phase) *Run {
	r := &Run{Period: e.Period, Phases: append([]Phase(nil), phases...), t0: e.origin, channels: n, size: n * (1 + len(e.More)), f: make([]float64, m)}
	now := dev.Now()
	if e.Bias {
		r.size++
	}
	for i, p := range phases {
		for j := 0; j < int(math.Round(p.Seconds/e.Period)); j++ {
			r.Phase = append(r.Phase, i)
		}
	}
	ticks := len(r.Phase)
	r.Time = make([]float64, ticks)
	for k := range r.Time {
		r.Time[k] = now + float64(k+1)*e.Period // nominal until the tick runs
	}
	r.Outputs, r.Targets = make([][]float64, m), make([][]float64, m)
	for o := range r.Outputs {
		r.Outputs[o], r.Targets[o] = make([]float64, ticks), make([]float64, ticks)
	}
	keep := e.Keep
	if keep <= 0 || keep > n {
		keep = min(16, n)
	}
	rng := rand.New(rand.NewPCG(e.Seed, 0xc4a77e15))
	r.Channels = rng.Perm(n)[:keep]
	sort.Ints(r.Channels)
	r.States = make([][]float64, keep)
	for j := range r.States {
		r.States[j] = make([]float64, ticks)
	}
	r.Spikes, r.Pulses = make([]int, ticks), make([]int, ticks)
	r.StepTime, r.LoopTime = make([]float64, ticks), make([]float64, ticks)
	return r
}

// trim cuts every series to the ticks that ran.
func (r *Run) trim() {
	k := r.done
	r.Phase, r.Time = r.Phase[:k], r.Time[:k]
	for o := range r.Outputs {
		r.Outputs[o], r.Targets[o] = r.Outputs[o][:k], r.Targets[o][:k]
	}
	for j := range r.States {
		r.States[j] = r.States[j][:k]
	}
	r.Spikes, r.Pulses = r.Spikes[:k], r.Pulses[:k]
	r.StepTime, r.LoopTime = r.StepTime[:k], r.LoopTime[:k]
}

// Ticks returns the number of ticks run so far.
func (r *Run) Ticks() int { return r.done }

// Span returns the ticks [from, to) of the named phase (the first phase of
// that name); from = to = 0 if there is none or it has not run.
func (r *Run) Span(phase string) (from, to int) {
	idx := -1
	for i, p := range r.Phases {
		if p.Name == phase {
			idx = i
			break
		}
	}
	if idx < 0 {
		return 0, 0
	}
	from = -1
	for k := 0; k < r.done; k++ {
		if r.Phase[k] == idx {
			if from < 0 {
				from = k
			}
			to = k + 1
		}
	}
	if from < 0 {
		return 0, 0
	}
	return from, to
}

// Corr returns the Pearson correlation of output o with its target over the
// named phase; NaN if the phase did not run or either is constant.
func (r *Run) Corr(phase string, o int) float64 {
	a, b := r.Span(phase)
	if b-a < 2 {
		return math.NaN()
	}
	c, err := reservoir.Pearson(r.Outputs[o][a:b], r.Targets[o][a:b])
	if err != nil {
		return math.NaN()
	}
	return c
}

// NRMSE returns the root-mean-square error of output o over the named phase
// divided by the target's standard deviation there (NaN as for Corr).
func (r *Run) NRMSE(phase string, o int) float64 {
	a, b := r.Span(phase)
	if b-a < 2 {
		return math.NaN()
	}
	v, err := reservoir.NRMSE(r.Outputs[o][a:b], r.Targets[o][a:b])
	if err != nil {
		return math.NaN()
	}
	return v
}

// PhaseStats is one row of Run.Summary.
type PhaseStats struct {
	Phase    string
	Seconds  float64
	Learn    bool
	Feedback string
	Corr     float64 // output 0 vs target
	NRMSE    float64 // output 0
	Rate     float64 // spikes per channel per s
	Pulses   float64 // stimulation pulses per s
}

// Summary returns a row per phase that ran, for a table.
func (r *Run) Summary() []PhaseStats {
	var out []PhaseStats
	for _, p := range r.Phases {
		a, b := r.Span(p.Name)
		if b <= a {
			continue
		}
		s := PhaseStats{Phase: p.Name, Seconds: float64(b-a) * r.Period, Learn: p.Learn, Feedback: p.Feedback.String(),
			Corr: r.Corr(p.Name, 0), NRMSE: r.NRMSE(p.Name, 0)}
		sp, pu := 0, 0
		for k := a; k < b; k++ {
			sp += r.Spikes[k]
			pu += r.Pulses[k]
		}
		s.Rate = float64(sp) / float64(max(r.channels, 1)) / s.Seconds
		s.Pulses = float64(pu) / s.Seconds
		out = append(out, s)
	}
	return out
}

// String prints the summary as a text table.
func (r *Run) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-10s %7s %5s %8s %7s %7s %8s %8s\n", "phase", "s", "learn", "feedback", "r", "NRMSE", "Hz/ch", "pulses/s")
	for _, s := range r.Summary() {
		fmt.Fprintf(&b, "%-10s %7.1f %5v %8s %7.3f %7.3f %8.3f %8.1f\n", s.Phase, s.Seconds, s.Learn, s.Feedback, s.Corr, s.NRMSE, s.Rate, s.Pulses)
	}
	return b.String()
}

// Series returns time (s since the experiment's first run started: the
// target's clock), output o and its target
// over the named phase, or over the whole run if phase is "", for plotting.
func (r *Run) Series(phase string, o int) (t, z, f []float64) {
	a, b := 0, r.done
	if phase != "" {
		a, b = r.Span(phase)
	}
	t = make([]float64, b-a)
	for k := a; k < b; k++ {
		t[k-a] = r.Time[k] - r.t0
	}
	return t, r.Outputs[o][a:b], r.Targets[o][a:b]
}

// StateMatrix returns the kept channels' states over the named phase (or
// the whole run for "") as a ticks × channels matrix, for PCA and effective
// rank (reservoir.PCASpectrum, reservoir.EffectiveRank).
func (r *Run) StateMatrix(phase string) *mat.Dense {
	a, b := 0, r.done
	if phase != "" {
		a, b = r.Span(phase)
	}
	if b <= a {
		return nil
	}
	m := mat.NewDense(b-a, len(r.Channels), nil)
	for j, s := range r.States {
		for k := a; k < b; k++ {
			m.Set(k-a, j, s[k])
		}
	}
	return m
}

// LoopCost returns the median and the maximum of the loop's own work per
// tick in s (filter, readout, RLS and feedback; not the device).
func (r *Run) LoopCost() (median, maximum float64) {
	if r.done == 0 {
		return math.NaN(), math.NaN()
	}
	x := append([]float64(nil), r.LoopTime[:r.done]...)
	sort.Float64s(x)
	return x[len(x)/2], x[len(x)-1]
}
