package reservoir

import (
	"context"
	"fmt"
	"math"
	"math/cmplx"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// ESNConfig configures a leaky echo-state network. Zero fields take the
// defaults in brackets.
type ESNConfig struct {
	N              int     // units [100]
	Density        float64 // connection probability of W [0.1]
	SpectralRadius float64 // largest |eigenvalue| of W after scaling [0.9]
	// Leak is the leak rate a in (0, 1]; 1 means no leak [1].
	Leak       float64
	Inputs     int     // external inputs [1]
	InputScale float64 // input weights U(−InputScale, InputScale) [1]
	// BiasScale: a constant input per unit, U(−BiasScale, BiasScale) [0].
	BiasScale float64
	// Feedback outputs, weights U(−FeedbackScale, FeedbackScale) [0, 1].
	Feedback      int
	FeedbackScale float64
	Seed          uint64
}

// ESN is a leaky echo-state network (Jaeger 2001; Lukoševičius 2012):
//
//	x ← (1 − a) x + a tanh(W x + Win u + Wfb z + b)
//
// with W sparse (Density), entries N(0, 1) scaled so that its spectral
// radius is SpectralRadius. The state read out is x. Time is in steps
// (TimeStep is 1).
type ESN struct {
	Config ESNConfig
	W      *CSR
	Win    []float64 // N×Inputs
	Wfb    []float64 // N×Feedback
	B      []float64
	X      []float64
	tmp    []float64
}

// NewESN builds an echo-state network. The spectral radius is computed with
// a dense eigendecomposition (O(N³); fine up to a few thousand units).
func NewESN(cfg ESNConfig) (*ESN, error) {
	if cfg.N == 0 {
		cfg.N = 100
	}
	if cfg.Density == 0 {
		cfg.Density = 0.1
	}
	if cfg.SpectralRadius == 0 {
		cfg.SpectralRadius = 0.9
	}
	if cfg.Leak == 0 {
		cfg.Leak = 1
	}
	if cfg.Inputs == 0 {
		cfg.Inputs = 1
	}
	if cfg.InputScale == 0 {
		cfg.InputScale = 1
	}
	if cfg.FeedbackScale == 0 {
		cfg.FeedbackScale = 1
	}
	switch {
	case cfg.N < 1:
		return nil, fmt.Errorf("reservoir: ESNConfig.N=%d: need at least 1 unit", cfg.N)
	case !(cfg.Density > 0 && cfg.Density <= 1):
		return nil, fmt.Errorf("reservoir: ESNConfig.Density=%v: must be in (0, 1]", cfg.Density)
	case !(cfg.Leak > 0 && cfg.Leak <= 1):
		return nil, fmt.Errorf("reservoir: ESNConfig.Leak=%v: must be in (0, 1]", cfg.Leak)
	case !(cfg.SpectralRadius > 0) || math.IsInf(cfg.SpectralRadius, 0):
		return nil, fmt.Errorf("reservoir: ESNConfig.SpectralRadius=%v: must be positive and finite", cfg.SpectralRadius)
	case cfg.Inputs < 0 || cfg.Feedback < 0:
		return nil, fmt.Errorf("reservoir: ESNConfig Inputs=%d Feedback=%d: must be ≥ 0", cfg.Inputs, cfg.Feedback)
	}
	n := cfg.N
	rng := rand.New(rand.NewPCG(cfg.Seed, 0xe5e))
	w := randomSparse(rng, n, cfg.Density, 1)
	dense := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for q := w.rowPtr[i]; q < w.rowPtr[i+1]; q++ {
			dense.Set(i, int(w.col[q]), w.val[q])
		}
	}
	var eig mat.Eigen
	if !eig.Factorize(dense, mat.EigenNone) {
		return nil, fmt.Errorf("reservoir: NewESN: eigendecomposition of W failed")
	}
	var rho float64
	for _, v := range eig.Values(nil) {
		rho = math.Max(rho, cmplx.Abs(v))
	}
	if rho == 0 {
		return nil, fmt.Errorf("reservoir: NewESN: W has spectral radius 0 (too sparse for N=%d): raise Density", n)
	}
	for q := range w.val {
		w.val[q] *= cfg.SpectralRadius / rho
	}
	e := &ESN{Config: cfg, W: w}
	e.Win = make([]float64, n*cfg.Inputs)
	for i := range e.Win {
		e.Win[i] = cfg.InputScale * (2*rng.Float64() - 1)
	}
	e.Wfb = make([]float64, n*cfg.Feedback)
	for i := range e.Wfb {
		e.Wfb[i] = cfg.FeedbackScale * (2*rng.Float64() - 1)
	}
	e.B = make([]float64, n)
	for i := range e.B {
		e.B[i] = cfg.BiasScale * (2*rng.Float64() - 1)
	}
	e.X = make([]float64, n)
	e.tmp = make([]float64, n)
	return e, nil
}

// Size returns N.
func (e *ESN) Size() int { return e.Config.N }

// Inputs returns the number of inputs.
func (e *ESN) Inputs() int { return e.Config.Inputs }

// Feedback returns the number of fed-back outputs.
func (e *ESN) Feedback() int { return e.Config.Feedback }

// TimeStep returns 1: an ESN counts time in steps.
func (e *ESN) TimeStep() float64 { return 1 }

// State returns x.
func (e *ESN) State() []float64 { return e.X }

// Reset sets the state to zero.
func (e *ESN) Reset() { clear(e.X) }

// Step advances the network by one step.
func (e *ESN) Step(u, fb []float64) {
	c := &e.Config
	if u != nil && len(u) != c.Inputs {
		panic(fmt.Sprintf("reservoir: ESN.Step: len(u)=%d, want %d", len(u), c.Inputs))
	}
	if fb != nil && len(fb) != c.Feedback {
		panic(fmt.Sprintf("reservoir: ESN.Step: len(fb)=%d, want %d", len(fb), c.Feedback))
	}
	e.W.MulVecTo(e.tmp, 1, e.X)
	a := c.Leak
	for i, v := range e.tmp {
		v += e.B[i]
		if u != nil {
			w := e.Win[i*c.Inputs : (i+1)*c.Inputs]
			for q, x := range u {
				v += w[q] * x
			}
		}
		if fb != nil {
			w := e.Wfb[i*c.Feedback : (i+1)*c.Feedback]
			for q, z := range fb {
				v += w[q] * z
			}
		}
		e.X[i] = (1-a)*e.X[i] + a*math.Tanh(v)
	}
}

// Collect drives the network with the input series u (T×Inputs, no
// feedback) and returns the states as a T×N matrix, for offline training
// with Ridge. It stops with ctx.Err() when ctx is cancelled.
func (e *ESN) Collect(ctx context.Context, u mat.Matrix) (*mat.Dense, error) {
	t, ni := u.Dims()
	if ni != e.Config.Inputs {
		return nil, fmt.Errorf("reservoir: ESN.Collect: input has %d columns, the ESN %d inputs: %w", ni, e.Config.Inputs, ErrLength)
	}
	if t == 0 {
		return nil, fmt.Errorf("reservoir: ESN.Collect: empty input: %w", ErrLength)
	}
	if err := finiteMatrix("input", u); err != nil {
		return nil, err
	}
	out := mat.NewDense(t, e.Config.N, nil)
	row := make([]float64, ni)
	var fb []float64
	if e.Config.Feedback > 0 {
		fb = make([]float64, e.Config.Feedback)
	}
	for i := 0; i < t; i++ {
		if i&63 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		for q := range row {
			row[q] = u.At(i, q)
		}
		e.Step(row, fb)
		out.SetRow(i, e.X)
	}
	return out, nil
}
