package force

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/petri-mea/petri/reservoir"
)

// LMS is a least-mean-squares (Widrow–Hoff) learner of a linear readout
// z = W r: each update W ← W − Rate · e rᵀ with e = z − f. It is O(N) per
// update against RLS's O(N²), but converges far more slowly; Rate must be
// below 2/‖r‖² to be stable.
type LMS struct {
	n, m int
	Rate float64
	w    []float64
}

// NewLMS returns an LMS learner for n units and m outputs with learning
// rate rate; W starts at zero.
func NewLMS(n, m int, rate float64) *LMS {
	if n <= 0 || m <= 0 {
		panic(fmt.Sprintf("force: NewLMS: n=%d, m=%d: both must be positive", n, m))
	}
	return &LMS{n: n, m: m, Rate: rate, w: make([]float64, n*m)}
}

// Size returns the number of state units.
func (l *LMS) Size() int { return l.n }

// Outputs returns the number of outputs.
func (l *LMS) Outputs() int { return l.m }

// Output sets dst = W state and returns it.
func (l *LMS) Output(dst, state []float64) []float64 { return output(dst, l.w, l.n, l.m, state) }

// Update applies W ← W − Rate·e stateᵀ. It returns an error for a
// non-finite error or a non-finite result (Rate too large).
func (l *LMS) Update(state, e []float64) error {
	if len(state) != l.n || len(e) != l.m {
		panic(fmt.Sprintf("force: LMS.Update: len(state)=%d, len(e)=%d; want %d and %d", len(state), len(e), l.n, l.m))
	}
	for o, v := range e {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("force: LMS.Update: e[%d]=%v is not finite: the readout diverged; lower Rate (below 2/‖r‖²)", o, v)
		}
		row := l.w[o*l.n : (o+1)*l.n]
		a := l.Rate * v
		for j, r := range state {
			row[j] -= a * r
		}
	}
	return nil
}

// W returns a copy of the weights (Outputs×Size).
func (l *LMS) W() *mat.Dense { return mat.NewDense(l.m, l.n, append([]float64(nil), l.w...)) }

// Readout returns the learnt readout (a copy).
func (l *LMS) Readout() *reservoir.Readout { return &reservoir.Readout{W: l.W()} }
