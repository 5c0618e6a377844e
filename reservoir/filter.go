package reservoir

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Spikes holds spike times (seconds, or whatever unit the filter's time
// constants use) per channel: Spikes[c] are the times of channel c in
// increasing order.
type Spikes [][]float64

// Filter turns spike trains into a continuous state, incrementally: Advance
// moves the filter's clock forward to time t, taking in the spikes with
// times in [Now, t), and State returns the filtered value per channel at
// time t. A closed loop calls Advance once per tick with the tick's spikes:
// ticks are half-open, [Start, End), like devices.Tick, so a spike exactly
// at a tick boundary belongs to the tick that starts there.
type Filter interface {
	Size() int
	Now() float64
	Advance(t float64, sp Spikes) error
	State() []float64
	Reset()
}

// ExpFilter is an exponential synaptic filter per channel:
//
//	s(t) = Σ_spikes exp(−(t − t_k)/Tau) / Tau
//
// (unit area, so s is a rate: spikes per unit time). Spike times are taken
// exactly, not binned.
type ExpFilter struct {
	Tau   float64
	now   float64
	state []float64
}

// NewExpFilter returns an exponential filter for n channels with time
// constant tau, starting at time 0 with zero state.
func NewExpFilter(n int, tau float64) *ExpFilter {
	if n < 1 || !(tau > 0) || math.IsInf(tau, 0) {
		panic(fmt.Sprintf("reservoir: NewExpFilter(n=%d, tau=%v): need n ≥ 1 and 0 < tau < ∞", n, tau))
	}
	return &ExpFilter{Tau: tau, state: make([]float64, n)}
}

// Size returns the number of channels.
func (f *ExpFilter) Size() int { return len(f.state) }

// Now returns the time of the current state.
func (f *ExpFilter) Now() float64 { return f.now }

// State returns the filtered value per channel at Now (owned by the filter).
func (f *ExpFilter) State() []float64 { return f.state }

// Reset sets the state to zero and the time to 0.
func (f *ExpFilter) Reset() {
	f.now = 0
	clear(f.state)
}

// Advance moves the filter to time t with the spikes in [Now, t); spikes
// outside that interval are an error (the filter cannot go back in time).
func (f *ExpFilter) Advance(t float64, sp Spikes) error {
	if err := checkAdvance("ExpFilter", f.now, t, sp, len(f.state)); err != nil {
		return err
	}
	d := math.Exp(-(t - f.now) / f.Tau)
	for c := range f.state {
		v := f.state[c] * d
		if c < len(sp) {
			for _, tk := range sp[c] {
				v += math.Exp(-(t-tk)/f.Tau) / f.Tau
			}
		}
		f.state[c] = v
	}
	f.now = t
	return nil
}

func checkAdvance(name string, now, t float64, sp Spikes, n int) error {
	if math.IsNaN(t) || math.IsInf(t, 0) || t < now {
		return fmt.Errorf("reservoir: %s.Advance to t=%v from %v: time must be finite and not go back", name, t, now)
	}
	if len(sp) > n {
		return fmt.Errorf("reservoir: %s.Advance: %d spike channels for a filter of %d: %w", name, len(sp), n, ErrLength)
	}
	for c, ts := range sp {
		for _, tk := range ts {
			if !(tk >= now && tk < t) {
				if len(ts) > 0 && (math.IsNaN(tk) || math.IsInf(tk, 0)) {
					return fmt.Errorf("reservoir: %s.Advance: spike time %v on channel %d: %w", name, tk, c, ErrNotFinite)
				}
				return fmt.Errorf("reservoir: %s.Advance: spike at %v on channel %d is outside the tick [%v, %v): pass each spike in the tick that contains it (ticks are half-open, like devices.Tick)", name, tk, c, now, t)
			}
		}
	}
	return nil
}

// DoubleExpFilter is a double-exponential (rise and decay) synaptic filter
// per channel, the state of the closed loop in Sono, Yamamoto et al. (2026):
//
//	s(t) = Σ_spikes (exp(−(t−t_k)/Decay) − exp(−(t−t_k)/Rise)) / (Decay − Rise)
//
// Each spike's kernel rises in about Rise, decays with Decay and has unit
// area, so s is a rate. The paper uses Rise ≈ 0.05 s, Decay ≈ 2 s.
type DoubleExpFilter struct {
	Rise, Decay float64
	now         float64
	a, b        []float64 // decay and rise components
	state       []float64
}

// NewDoubleExpFilter returns a double-exponential filter for n channels.
// It panics unless 0 < rise < decay < ∞.
func NewDoubleExpFilter(n int, rise, decay float64) *DoubleExpFilter {
	if n < 1 || !(rise > 0 && decay > rise) || math.IsInf(decay, 0) {
		panic(fmt.Sprintf("reservoir: NewDoubleExpFilter(n=%d, rise=%v, decay=%v): need n ≥ 1 and 0 < rise < decay < ∞", n, rise, decay))
	}
	return &DoubleExpFilter{Rise: rise, Decay: decay, a: make([]float64, n), b: make([]float64, n), state: make([]float64, n)}
}

// Size returns the number of channels.
func (f *DoubleExpFilter) Size() int { return len(f.state) }

// Now returns the time of the current state.
func (f *DoubleExpFilter) Now() float64 { return f.now }

// State returns the filtered value per channel at Now (owned by the filter).
func (f *DoubleExpFilter) State() []float64 { return f.state }

// Reset sets the state to zero and the time to 0.
func (f *DoubleExpFilter) Reset() {
	f.now = 0
	clear(f.a)
	clear(f.b)
	clear(f.state)
}

// Advance moves the filter to time t with the spikes in [Now, t).
func (f *DoubleExpFilter) Advance(t float64, sp Spikes) error {
	if err := checkAdvance("DoubleExpFilter", f.now, t, sp, len(f.state)); err != nil {
		return err
	}
	dd := math.Exp(-(t - f.now) / f.Decay)
	dr := math.Exp(-(t - f.now) / f.Rise)
	norm := 1 / (f.Decay - f.Rise)
	for c := range f.state {
		a, b := f.a[c]*dd, f.b[c]*dr
		if c < len(sp) {
			for _, tk := range sp[c] {
				a += math.Exp(-(t - tk) / f.Decay)
				b += math.Exp(-(t - tk) / f.Rise)
			}
		}
		f.a[c], f.b[c] = a, b
		f.state[c] = (a - b) * norm
	}
	f.now = t
	return nil
}

// BinFilter gives, per channel, the spike count of the last Advance interval
// divided by its length (a binned rate; with a fixed tick it is the rate in
// the last bin).
type BinFilter struct {
	now   float64
	state []float64
}

// NewBinFilter returns a binned-rate filter for n channels.
func NewBinFilter(n int) *BinFilter {
	if n < 1 {
		panic(fmt.Sprintf("reservoir: NewBinFilter(n=%d): need n ≥ 1", n))
	}
	return &BinFilter{state: make([]float64, n)}
}

// Size returns the number of channels.
func (f *BinFilter) Size() int { return len(f.state) }

// Now returns the time of the current state.
func (f *BinFilter) Now() float64 { return f.now }

// State returns the rate per channel in the last interval.
func (f *BinFilter) State() []float64 { return f.state }

// Reset sets the state to zero and the time to 0.
func (f *BinFilter) Reset() { f.now = 0; clear(f.state) }

// Advance counts the spikes in [Now, t) and divides by t − Now (> 0).
func (f *BinFilter) Advance(t float64, sp Spikes) error {
	if err := checkAdvance("BinFilter", f.now, t, sp, len(f.state)); err != nil {
		return err
	}
	if t == f.now {
		return fmt.Errorf("reservoir: BinFilter.Advance: empty interval at t=%v: advance by a positive tick", t)
	}
	w := t - f.now
	for c := range f.state {
		n := 0
		if c < len(sp) {
			n = len(sp[c])
		}
		f.state[c] = float64(n) / w
	}
	f.now = t
	return nil
}

// FilterSeries runs f over a whole recording: it advances in ticks of dt
// from f.Now() for steps ticks, handing each tick its spikes, and returns
// the states as a steps×channels matrix (row i is the state at the end of
// tick i). Spike times must be sorted per channel.
func FilterSeries(f Filter, sp Spikes, dt float64, steps int) (*mat.Dense, error) {
	if steps < 1 || !(dt > 0) {
		return nil, fmt.Errorf("reservoir: FilterSeries: steps=%d dt=%v: need steps ≥ 1 and dt > 0", steps, dt)
	}
	n := f.Size()
	if len(sp) > n {
		return nil, fmt.Errorf("reservoir: FilterSeries: %d spike channels for a filter of %d: %w", len(sp), n, ErrLength)
	}
	out := mat.NewDense(steps, n, nil)
	pos := make([]int, len(sp))
	tick := make(Spikes, len(sp))
	t0 := f.Now()
	for i := 0; i < steps; i++ {
		t := t0 + float64(i+1)*dt
		for c, ts := range sp {
			lo := pos[c]
			for lo < len(ts) && ts[lo] < f.Now() {
				lo++ // spikes before the start are skipped
			}
			hi := lo
			for hi < len(ts) && ts[hi] < t {
				hi++
			}
			tick[c] = ts[lo:hi]
			pos[c] = hi
		}
		if err := f.Advance(t, tick); err != nil {
			return nil, err
		}
		out.SetRow(i, f.State())
	}
	return out, nil
}
