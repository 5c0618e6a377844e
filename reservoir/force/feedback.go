package force

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/petri-mea/petri/devices"
)

// Feedback turns the readout's outputs into electrical stimulation: the
// arrow from z back into the culture. Check is called once before a run
// starts, with everything the device declares, so that a coding the device
// cannot deliver fails at once rather than at tick 600; Encode is called
// every tick with the outputs of the tick just ended and returns the
// stimulation for the next one; Reset forgets any state carried between
// ticks.
type Feedback interface {
	Check(layout devices.Layout, limits devices.Limits, period float64, outputs int) error
	Encode(z []float64, period float64) []devices.Stim
	Reset()
}

// RateCoding is the default feedback of the closed loop: every stimulation
// site gets a train of identical biphasic pulses whose rate follows the
// outputs through fixed random feedback weights,
//
//	rate_i = clip(Base + Gain · Σ_o W[i][o] z_o, 0, MaxRate)  Hz
//
// Pulses are placed by an integrate-and-fire encoder per site (a phase that
// grows by rate·dt and fires at 1), so fractional rates are honoured on
// average, the phase carries across ticks and two pulses on one site are
// never closer than 1/MaxRate, also across tick boundaries. This is
// rate-coded feedback in the sense of Sono, Yamamoto et al. (2026), where
// the stimulation frequency at fixed sites encodes the output; the weights
// are drawn once, U(−1, 1) as in FORCE (Sussillo & Abbott 2009).
type RateCoding struct {
	Sites      []int       // stimulation electrodes (≤ the device's units)
	W          [][]float64 // W[i][o]: weight of output o on site i
	Base       float64     // Hz at z = 0
	Gain       float64     // Hz per unit of W·z
	MaxRate    float64     // Hz, clip (≤ the device's MaxRate)
	Amplitude  float64     // µA per phase
	PhaseWidth float64     // µs per phase

	phase []float64
}

// NewRateCoding returns a rate coding on sites for outputs outputs with
// weights drawn from U(−1, 1) with seed, a base rate of 4 Hz, a gain of
// 4 Hz per unit, at most 20 Hz, and pulses of 4 µA × 200 µs (800 pC per
// phase, under the simulated MaxOne array's 1 nC).
func NewRateCoding(sites []int, outputs int, seed uint64) *RateCoding {
	if outputs < 1 {
		panic(fmt.Sprintf("force: NewRateCoding: outputs = %d: need at least one", outputs))
	}
	rng := rand.New(rand.NewPCG(seed, 0x5eedfeed))
	w := make([][]float64, len(sites))
	for i := range w {
		w[i] = make([]float64, outputs)
		for o := range w[i] {
			w[i][o] = 2*rng.Float64() - 1
		}
	}
	return &RateCoding{Sites: append([]int(nil), sites...), W: w, Base: 4, Gain: 4, MaxRate: 20,
		Amplitude: 4, PhaseWidth: 200}
}

// Check implements Feedback: sites exist, are distinct and fit the units,
// the weights match sites and outputs, and the fastest train the coding can
// ask for passes the device's limits.
func (c *RateCoding) Check(layout devices.Layout, lim devices.Limits, period float64, outputs int) error {
	if err := c.checkSites(outputs); err != nil {
		return err
	}
	if !(c.Base >= 0) || math.IsInf(c.Base, 0) || math.IsNaN(c.Gain) || math.IsInf(c.Gain, 0) {
		return fmt.Errorf("force: RateCoding Base = %v Hz, Gain = %v Hz: need Base ≥ 0 and both finite", c.Base, c.Gain)
	}
	if !(c.MaxRate > 0) || c.MaxRate > lim.MaxRate {
		return fmt.Errorf("force: RateCoding MaxRate = %v Hz is outside (0, %v] Hz, the device's limit per electrode: lower MaxRate", c.MaxRate, lim.MaxRate)
	}
	// The densest train the encoder can produce in one tick, on every site.
	n := int(math.Floor(period*c.MaxRate)) + 1
	worst := devices.Stim{Electrodes: c.Sites, Amplitude: c.Amplitude, PhaseWidth: c.PhaseWidth, Count: n, Rate: c.MaxRate}
	if n == 1 {
		worst.Rate = 0
	}
	// Leave room for the last pulse's two phases at the end of the tick.
	if end := float64(n-1)/c.MaxRate + 2*c.PhaseWidth*1e-6; end > period {
		worst.Count = n - 1
		if worst.Count < 1 {
			worst.Count = 1
		}
	}
	if err := lim.Check(layout, period, []devices.Stim{worst}); err != nil {
		return fmt.Errorf("force: the feedback at its maximum (%d pulses of %g µA × %g µs on %d sites per %g s tick) would violate the device's limits: %w",
			worst.Count, c.Amplitude, c.PhaseWidth, len(c.Sites), period, err)
	}
	return nil
}

// checkSites checks that there are sites and one finite weight row per
// site with one weight per output.
func (c *RateCoding) checkSites(outputs int) error {
	if len(c.Sites) == 0 {
		return fmt.Errorf("force: the feedback has no stimulation sites: choose some, e.g. force.Sites(scan, 16, 3) from an activity scan")
	}
	if len(c.W) != len(c.Sites) {
		return fmt.Errorf("force: the feedback has %d weight rows for %d sites: give one row per site", len(c.W), len(c.Sites))
	}
	for i, row := range c.W {
		if len(row) != outputs {
			return fmt.Errorf("force: feedback weight row %d has %d entries for %d outputs: build it with NewRateCoding(sites, %d, seed)", i, len(row), outputs, outputs)
		}
		for o, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("force: feedback weight W[%d][%d] = %v: weights must be finite", i, o, v)
			}
		}
	}
	return nil
}

// Rates returns the pulse rate of each site for outputs z, in Hz.
func (c *RateCoding) Rates(z []float64) []float64 {
	r := make([]float64, len(c.Sites))
	for i, row := range c.W {
		r[i] = c.rate(row, z)
	}
	return r
}

func (c *RateCoding) rate(row, z []float64) float64 {
	s := 0.0
	for o, w := range row {
		s += w * z[o]
	}
	return math.Max(0, math.Min(c.MaxRate, c.Base+c.Gain*s))
}

// Encode implements Feedback: one train per site that fires this tick.
func (c *RateCoding) Encode(z []float64, period float64) []devices.Stim {
	if len(c.phase) != len(c.Sites) {
		c.phase = make([]float64, len(c.Sites))
	}
	tail := 2 * c.PhaseWidth * 1e-6
	var out []devices.Stim
	for i, row := range c.W {
		r := c.rate(row, z)
		ph := c.phase[i]
		if r <= 0 {
			continue
		}
		// The first pulse fires when the phase reaches 1, then every 1/r.
		first := (1 - ph) / r
		if first < 0 {
			first = 0
		}
		var n int
		if first+tail <= period {
			n = 1 + int(math.Floor((period-tail-first)*r))
		}
		if n == 0 {
			c.phase[i] = ph + r*period
			continue
		}
		last := first + float64(n-1)/r
		c.phase[i] = (period - last) * r // phase accumulated since the last pulse
		s := devices.Stim{Electrodes: []int{c.Sites[i]}, Amplitude: c.Amplitude, PhaseWidth: c.PhaseWidth,
			Count: n, Delay: first}
		if n > 1 {
			s.Rate = r
		}
		out = append(out, s)
	}
	return out
}

// Reset implements Feedback: every site's phase starts at zero.
func (c *RateCoding) Reset() { clear(c.phase) }

// Sites returns up to n stimulation sites from an activity scan: the most
// active electrodes at least minDist electrodes apart (Chebyshev distance),
// most active first. Sono, Yamamoto et al. stimulate at electrodes chosen
// from the activity map; sites in active regions evoke responses.
func Sites(scan *devices.Grid, n, minDist int) []int {
	if scan == nil {
		panic("force: Sites: scan is nil; run an activity scan first (e.g. dev.Scan(ctx, 5))")
	}
	return scan.Top(n, 0, minDist)
}

// AmplitudeCoding is the alternative feedback: every site gets the same
// number of pulses each tick, Count at Rate Hz from the tick's start, and
// the outputs set their amplitude through fixed random weights,
//
//	amplitude_i = clip(Base + Gain · Σ_o W[i][o] z_o, 0, Max)  µA
//
// with no pulse when it falls below Min (a device has a smallest amplitude
// it can deliver; the charge, and so the chance of activating a neuron,
// grows with the amplitude).
type AmplitudeCoding struct {
	Sites      []int
	W          [][]float64 // W[i][o]
	Base, Gain float64     // µA, µA per unit of W·z
	Min, Max   float64     // µA
	PhaseWidth float64     // µs
	Count      int         // pulses per tick per site
	Rate       float64     // Hz, within a tick
}

// NewAmplitudeCoding returns an amplitude coding on sites for outputs
// outputs with weights U(−1, 1) drawn with seed: 4 ± 3 µA per unit, 0.5 to
// 8 µA, 100 µs phases (at most 800 pC, under MaxOne's 1 nC), 2 pulses per
// tick at 10 Hz.
func NewAmplitudeCoding(sites []int, outputs int, seed uint64) *AmplitudeCoding {
	r := NewRateCoding(sites, outputs, seed)
	return &AmplitudeCoding{Sites: r.Sites, W: r.W, Base: 4, Gain: 3, Min: 0.5, Max: 8, PhaseWidth: 100, Count: 2, Rate: 10}
}

// Check implements Feedback.
func (c *AmplitudeCoding) Check(layout devices.Layout, lim devices.Limits, period float64, outputs int) error {
	rc := RateCoding{Sites: c.Sites, W: c.W, Base: 0, Gain: 0, MaxRate: lim.MaxRate, Amplitude: c.Max, PhaseWidth: c.PhaseWidth}
	if err := rc.checkSites(outputs); err != nil {
		return err
	}
	if !(c.Min > 0) || !(c.Max >= c.Min) || math.IsInf(c.Max, 0) {
		return fmt.Errorf("force: AmplitudeCoding Min = %v µA, Max = %v µA: need 0 < Min ≤ Max < ∞", c.Min, c.Max)
	}
	if c.Count < 1 {
		return fmt.Errorf("force: AmplitudeCoding Count = %d: at least one pulse per tick", c.Count)
	}
	if c.Count > 1 && float64(c.Count) > period*c.Rate*(1+1e-9) {
		return fmt.Errorf("force: AmplitudeCoding sends %d pulses at %g Hz in a %g s tick: the next tick's first pulse would come closer than 1/%g s; lower Count or raise Rate", c.Count, c.Rate, period, c.Rate)
	}
	worst := devices.Stim{Electrodes: c.Sites, Amplitude: c.Max, PhaseWidth: c.PhaseWidth, Count: c.Count}
	if c.Count > 1 {
		worst.Rate = c.Rate
	}
	if err := lim.Check(layout, period, []devices.Stim{worst}); err != nil {
		return fmt.Errorf("force: the feedback at its maximum (%d pulses of %g µA × %g µs on %d sites per %g s tick) would violate the device's limits: %w",
			c.Count, c.Max, c.PhaseWidth, len(c.Sites), period, err)
	}
	return nil
}

// Encode implements Feedback.
func (c *AmplitudeCoding) Encode(z []float64, period float64) []devices.Stim {
	var out []devices.Stim
	for i, row := range c.W {
		s := 0.0
		for o, w := range row {
			s += w * z[o]
		}
		a := math.Min(c.Max, c.Base+c.Gain*s)
		if !(a >= c.Min) {
			continue
		}
		st := devices.Stim{Electrodes: []int{c.Sites[i]}, Amplitude: a, PhaseWidth: c.PhaseWidth, Count: c.Count}
		if c.Count > 1 {
			st.Rate = c.Rate
		}
		out = append(out, st)
	}
	return out
}

// Reset implements Feedback (amplitude coding carries nothing across ticks).
func (c *AmplitudeCoding) Reset() {}
