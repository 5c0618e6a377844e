package force

import (
	"fmt"
	"math"

	"github.com/petri-mea/petri/reservoir"
)

// Target is what a closed-loop experiment trains its outputs to produce:
// Value sets dst (length Outputs) to the target at time t s after the run
// started. A notebook may implement it with its own type.
type Target interface {
	Outputs() int
	Value(t float64, dst []float64)
}

// wave is a periodic target of one output.
type wave struct {
	period, amp float64
	shape       func(phase float64) float64 // phase in [0, 1)
}

func (w wave) Outputs() int { return 1 }

func (w wave) Value(t float64, dst []float64) {
	p := math.Mod(t/w.period, 1)
	if p < 0 {
		p++
	}
	dst[0] = w.amp * w.shape(p)
}

func checkWave(name string, period, amp float64) {
	if !(period > 0) || math.IsInf(period, 0) || math.IsNaN(amp) || math.IsInf(amp, 0) {
		panic(fmt.Sprintf("force: %s(period=%v, amp=%v): need a positive finite period and a finite amplitude", name, period, amp))
	}
}

// SineTarget returns amp·sin(2πt/period), the paper's main target (periods
// 4 to 30 s).
func SineTarget(period, amp float64) Target {
	checkWave("SineTarget", period, amp)
	return wave{period, amp, func(p float64) float64 { return math.Sin(2 * math.Pi * p) }}
}

// TriangleTarget returns a triangle wave of the given period between −amp
// and amp, rising from 0 at t = 0 (the phase of a sine).
func TriangleTarget(period, amp float64) Target {
	checkWave("TriangleTarget", period, amp)
	return wave{period, amp, func(p float64) float64 {
		switch {
		case p < 0.25:
			return 4 * p
		case p < 0.75:
			return 2 - 4*p
		default:
			return 4*p - 4
		}
	}}
}

// SquareTarget returns a square wave of the given period, amp for the first
// half of each period and −amp for the second.
func SquareTarget(period, amp float64) Target {
	checkWave("SquareTarget", period, amp)
	return wave{period, amp, func(p float64) float64 {
		if p < 0.5 {
			return 1
		}
		return -1
	}}
}

// samples is a target given as samples at a fixed interval, interpolated
// linearly; its end is held.
type samples struct {
	dt     float64
	series [][]float64
}

// SampledTarget returns a target from series sampled every dt s (series[o]
// is output o; all the same length), interpolated linearly between samples.
// Beyond the last sample Value is NaN, which a run refuses before it starts:
// give at least as many samples as the run is long.
func SampledTarget(dt float64, series ...[]float64) (Target, error) {
	if !(dt > 0) || math.IsInf(dt, 0) {
		return nil, fmt.Errorf("force: SampledTarget: dt = %v s: need a positive finite interval", dt)
	}
	if len(series) == 0 || len(series[0]) == 0 {
		return nil, fmt.Errorf("force: SampledTarget: no samples: pass one non-empty series per output")
	}
	for o, s := range series {
		if len(s) != len(series[0]) {
			return nil, fmt.Errorf("force: SampledTarget: series %d has %d samples, series 0 has %d: %w", o, len(s), len(series[0]), reservoir.ErrLength)
		}
		if err := reservoir.CheckFinite(fmt.Sprintf("target series %d", o), s); err != nil {
			return nil, err
		}
	}
	return samples{dt, series}, nil
}

func (s samples) Outputs() int { return len(s.series) }

func (s samples) Value(t float64, dst []float64) {
	x := t / s.dt
	k := int(math.Floor(x))
	n := len(s.series[0])
	for o, v := range s.series {
		switch {
		case k < 0 || k > n-1 || (k == n-1 && x > float64(k)):
			dst[o] = math.NaN()
		case k == n-1:
			dst[o] = v[k]
		default:
			f := x - float64(k)
			dst[o] = v[k]*(1-f) + v[k+1]*f
		}
	}
}

// LorenzTarget returns the three Lorenz variables (σ 10, ρ 28, β 8/3; scaled
// as reservoir.Lorenz does: x/20, y/20, (z−25)/20) as three outputs, one Lorenz
// time unit lasting unit s, for seconds s. The trajectory starts on the
// attractor (a burn-in of 20 time units is dropped). The paper trains its
// cultures on it; judge the result by its attractor, not by correlation.
func LorenzTarget(unit, seconds float64) (Target, error) {
	if !(unit > 0) || !(seconds > 0) || math.IsInf(seconds, 0) {
		return nil, fmt.Errorf("force: LorenzTarget(unit=%v s, seconds=%v): both must be positive and finite", unit, seconds)
	}
	const h = 0.005 // Lorenz time units per sample
	n := int(math.Ceil(seconds/unit/h)) + 2
	x, y, z := reservoir.Lorenz(n, h, int(20/h))
	return SampledTarget(h*unit, x, y, z)
}
