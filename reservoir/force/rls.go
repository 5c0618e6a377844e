package force

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/petri-mea/petri/reservoir"
)

// ErrDiverged is wrapped by the error an RLS update returns when the inverse
// correlation matrix P has lost positive definiteness (1 + rᵀPr ≤ 0, or a
// non-finite value). Test for it with errors.Is.
var ErrDiverged = errors.New("force: RLS diverged")

// RLS is a recursive-least-squares (FORCE) learner for a linear readout
// z = W r (+ b) with one or more outputs sharing one inverse correlation
// matrix P.
//
// One update with state r and error e = z − f (before the update):
//
//	k = P r
//	c = 1 / (λ + rᵀ k)
//	P ← (P − c k kᵀ) / λ
//	W ← W − c e kᵀ
//
// P(0) = I/α. λ (Forget) is the forgetting factor, 1 for none (Sussillo &
// Abbott 2009); values slightly below 1 (0.999) let P forget old states.
//
// P is symmetric and only its upper triangle is stored (packed); the rank-1
// correction of one update is applied during the pass over P of the next
// update (see the package documentation), so an update reads and writes P
// once. Call P to get the current matrix.
type RLS struct {
	n, m   int
	alpha  float64
	forget float64

	p       []float64 // packed upper triangle of P (minus the pending correction)
	k       []float64 // gain of the pending correction
	kNew    []float64
	c       float64   // c of the pending correction; 0 if none
	w       []float64 // m×n row major
	bias    []float64 // nil unless UseBias
	updates int
}

// NewRLS returns an RLS learner for n state units and m outputs with
// P(0) = I/alpha and no forgetting. W starts at zero. It panics if n or m
// is not positive or alpha is not positive and finite.
func NewRLS(n, m int, alpha float64) *RLS {
	if n <= 0 || m <= 0 {
		panic(fmt.Sprintf("force: NewRLS: n=%d, m=%d: both must be positive", n, m))
	}
	if !(alpha > 0) || math.IsInf(alpha, 0) {
		panic(fmt.Sprintf("force: NewRLS: alpha=%v: must be positive and finite", alpha))
	}
	r := &RLS{
		n: n, m: m, alpha: alpha, forget: 1,
		p:    make([]float64, packedLen(n)),
		k:    make([]float64, n),
		kNew: make([]float64, n),
		w:    make([]float64, m*n),
	}
	off := 0
	for i := 0; i < n; i++ {
		r.p[off] = 1 / alpha
		off += n - i
	}
	return r
}

// SetForget sets the forgetting factor λ in (0, 1]; 1 means none.
func (r *RLS) SetForget(lambda float64) error {
	if !(lambda > 0 && lambda <= 1) {
		return fmt.Errorf("force: forgetting factor λ=%v: must be in (0, 1]; use 1 for no forgetting, 0.99–0.9999 to forget", lambda)
	}
	r.flush()
	r.forget = lambda
	return nil
}

// Forget returns the forgetting factor λ.
func (r *RLS) Forget() float64 { return r.forget }

// Size returns the number of state units n.
func (r *RLS) Size() int { return r.n }

// Outputs returns the number of outputs m.
func (r *RLS) Outputs() int { return r.m }

// Updates returns how many updates have been applied.
func (r *RLS) Updates() int { return r.updates }

// Output sets dst[o] = Σ_j W[o][j] state[j] and returns dst; dst is
// allocated if nil. It panics if len(state) != Size().
func (r *RLS) Output(dst, state []float64) []float64 {
	return output(dst, r.w, r.n, r.m, state)
}

func output(dst, w []float64, n, m int, state []float64) []float64 {
	if len(state) != n {
		panic(fmt.Sprintf("force: Output: len(state)=%d, want %d", len(state), n))
	}
	if dst == nil {
		dst = make([]float64, m)
	}
	for o := 0; o < m; o++ {
		row := w[o*n : o*n+n]
		row = row[:len(state)]
		var s0, s1, s2, s3 float64
		j := 0
		for ; j+3 < len(row); j += 4 {
			s0 += row[j] * state[j]
			s1 += row[j+1] * state[j+1]
			s2 += row[j+2] * state[j+2]
			s3 += row[j+3] * state[j+3]
		}
		for ; j < len(row); j++ {
			s0 += row[j] * state[j]
		}
		dst[o] = (s0 + s1) + (s2 + s3)
	}
	return dst
}

// Update performs one RLS step with the state r that produced the outputs
// and the errors e = z − f (length Outputs). It returns an error wrapping
// ErrDiverged, and leaves W unchanged, if 1 + rᵀPr ≤ 0 or is not finite
// (P has lost positive definiteness: use a larger alpha, a forgetting
// factor closer to 1, or check the state for NaN). It panics if the lengths
// are wrong.
func (r *RLS) Update(state, e []float64) error {
	if len(state) != r.n || len(e) != r.m {
		panic(fmt.Sprintf("force: RLS.Update: len(state)=%d, len(e)=%d; want %d and %d", len(state), len(e), r.n, r.m))
	}
	for o, v := range e {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("force: RLS.Update: error e[%d]=%v is not finite: check the target and the output for NaN/Inf", o, v)
		}
	}
	fused(r.p, r.n, r.c, 1/r.forget, r.k, state, r.kNew)
	r.c = 0
	var rk float64
	for j, v := range state {
		rk += v * r.kNew[j]
	}
	den := r.forget + rk
	if !(den > 0) || math.IsInf(den, 0) {
		return fmt.Errorf("%w: λ + rᵀPr = %v after %d updates (P is no longer positive definite): use a larger alpha (weaker P(0)), λ closer to 1, or check the state for NaN/Inf", ErrDiverged, den, r.updates)
	}
	c := 1 / den
	r.k, r.kNew = r.kNew, r.k
	r.c = c
	for o := 0; o < r.m; o++ {
		ce := c * e[o]
		row := r.w[o*r.n : o*r.n+r.n]
		for j, kj := range r.k {
			row[j] -= ce * kj
		}
	}
	r.updates++
	return nil
}

// flush applies a pending rank-1 correction to the stored P.
func (r *RLS) flush() {
	if r.c == 0 {
		return
	}
	s := 1 / r.forget
	off := 0
	for i := 0; i < r.n; i++ {
		a := r.c * r.k[i]
		row := r.p[off : off+r.n-i]
		kk := r.k[i:r.n]
		for j := range row {
			row[j] = (row[j] - a*kk[j]) * s
		}
		off += r.n - i
	}
	r.c = 0
}

// P returns a copy of the current inverse correlation matrix.
func (r *RLS) P() *mat.SymDense {
	r.flush()
	d := make([]float64, r.n*r.n)
	unpack(d, r.p, r.n)
	return mat.NewSymDense(r.n, d)
}

// W returns a copy of the readout weights as an Outputs×Size matrix.
func (r *RLS) W() *mat.Dense {
	return mat.NewDense(r.m, r.n, append([]float64(nil), r.w...))
}

// SetW sets the readout weights from an Outputs×Size matrix.
func (r *RLS) SetW(w mat.Matrix) {
	rr, cc := w.Dims()
	if rr != r.m || cc != r.n {
		panic(fmt.Sprintf("force: SetW: %d×%d matrix, want %d×%d", rr, cc, r.m, r.n))
	}
	for o := 0; o < r.m; o++ {
		for j := 0; j < r.n; j++ {
			r.w[o*r.n+j] = w.At(o, j)
		}
	}
}

// Readout returns the learnt readout as a reservoir.Readout (a copy), to
// save or to use offline.
func (r *RLS) Readout() *reservoir.Readout {
	return &reservoir.Readout{W: r.W()}
}
