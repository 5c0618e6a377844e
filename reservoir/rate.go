package reservoir

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/petri-mea/petri/reservoir/internal/simd"
)

// Reservoir is a driven dynamical system whose state a linear readout reads.
// Step advances it by one time step with external input u (length Inputs;
// nil means zero) and the fed-back readout output fb (length Feedback; nil
// means zero). State returns the current state r (length Size), owned by the
// reservoir and overwritten by the next Step.
type Reservoir interface {
	Size() int
	Inputs() int
	Feedback() int
	TimeStep() float64
	Step(u, fb []float64)
	State() []float64
}

// CSR is an immutable sparse matrix in compressed sparse row form. It
// implements gonum's mat.Matrix.
type CSR struct {
	rows, cols int
	rowPtr     []int
	col        []int32
	val        []float64
}

// NNZ returns the number of stored non-zeros.
func (a *CSR) NNZ() int { return len(a.val) }

// useAsm selects the assembly kernels where the CPU has them.
var useAsm = simd.Have

// MulVecTo sets dst = alpha·A x. It panics on a dimension mismatch.
func (a *CSR) MulVecTo(dst []float64, alpha float64, x []float64) {
	if len(dst) != a.rows || len(x) != a.cols {
		panic(fmt.Sprintf("reservoir: CSR.MulVecTo: len(dst)=%d len(x)=%d for a %d×%d matrix", len(dst), len(x), a.rows, a.cols))
	}
	for i := range dst {
		lo, hi := a.rowPtr[i], a.rowPtr[i+1]
		cols := a.col[lo:hi]
		vals := a.val[lo:hi]
		vals = vals[:len(cols)]
		if useAsm && len(cols) > 0 {
			dst[i] = alpha * simd.CSRDot(&vals[0], &cols[0], len(cols), &x[0])
			continue
		}
		var s0, s1, s2, s3 float64
		j := 0
		for ; j+3 < len(cols); j += 4 {
			s0 += vals[j] * x[cols[j]]
			s1 += vals[j+1] * x[cols[j+1]]
			s2 += vals[j+2] * x[cols[j+2]]
			s3 += vals[j+3] * x[cols[j+3]]
		}
		for ; j < len(cols); j++ {
			s0 += vals[j] * x[cols[j]]
		}
		dst[i] = alpha * ((s0 + s1) + (s2 + s3))
	}
}

// At returns element (i, j) (slowly; for tests and inspection).
func (a *CSR) At(i, j int) float64 {
	for q := a.rowPtr[i]; q < a.rowPtr[i+1]; q++ {
		if int(a.col[q]) == j {
			return a.val[q]
		}
	}
	return 0
}

// Dims returns the matrix dimensions, so a CSR is a gonum mat.Matrix.
func (a *CSR) Dims() (int, int) { return a.rows, a.cols }

// T returns the transpose (implicitly), so a CSR is a gonum mat.Matrix.
func (a *CSR) T() mat.Matrix { return mat.Transpose{Matrix: a} }

// randomSparse draws an n×n matrix whose entries are independently non-zero
// with probability p, each non-zero scale·N(0,1). Rows are drawn in order,
// columns in order, one uniform and (if kept) one normal per entry.
func randomSparse(rng *rand.Rand, n int, p, scale float64) *CSR {
	a := &CSR{rows: n, cols: n, rowPtr: make([]int, n+1)}
	nnz := int(float64(n*n)*p*1.05) + 16
	a.col = make([]int32, 0, nnz)
	a.val = make([]float64, 0, nnz)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if rng.Float64() < p {
				a.col = append(a.col, int32(j))
				a.val = append(a.val, scale*rng.NormFloat64())
			}
		}
		a.rowPtr[i+1] = len(a.col)
	}
	return a
}

// RateConfig configures a RateNetwork. Zero values take the defaults of
// Sussillo & Abbott (2009) shown in brackets.
type RateConfig struct {
	N        int     // units [1000]
	P        float64 // connection probability [0.1]
	G        float64 // gain g; > 1 makes the network chaotic [1.5]
	DT       float64 // time step in units of τ [0.1]
	Feedback int     // outputs fed back through U(−1,1) weights [1]
	// FeedbackScale multiplies the feedback weights [1].
	FeedbackScale float64
	Inputs        int     // external inputs [0]
	InputScale    float64 // input weights U(−InputScale, InputScale) [1]
	Seed          uint64  // seed of the PCG generator for weights and x(0)
}

func (c *RateConfig) defaults() {
	if c.N == 0 {
		c.N = 1000
	}
	if c.P == 0 {
		c.P = 0.1
	}
	if c.G == 0 {
		c.G = 1.5
	}
	if c.DT == 0 {
		c.DT = 0.1
	}
	if c.Feedback == 0 {
		c.Feedback = 1
	}
	if c.FeedbackScale == 0 {
		c.FeedbackScale = 1
	}
	if c.InputScale == 0 {
		c.InputScale = 1
	}
}

// RateNetwork is the chaotic rate network of Sussillo & Abbott (2009):
//
//	x ← (1 − dt) x + dt (M r + Wf z + Win u),   r = tanh(x)
//
// with M sparse, M_ij ≠ 0 with probability p, M_ij ~ N(0, g²/(pN)), feedback
// weights Wf ~ U(−1, 1) (times FeedbackScale), input weights Win ~
// U(−InputScale, InputScale), and x(0) ~ N(0, 0.25). Time is in units of
// the unit time constant τ.
type RateNetwork struct {
	Config RateConfig
	M      *CSR
	Wf     []float64 // N×Feedback, row major
	Win    []float64 // N×Inputs, row major
	X      []float64 // current activation x
	R      []float64 // current rate r = tanh(x)
	tmp    []float64
}

// NewRateNetwork builds a network from cfg (zero fields take defaults).
// The draws are, in order: M (row by row), Wf, Win, x(0).
func NewRateNetwork(cfg RateConfig) (*RateNetwork, error) {
	cfg.defaults()
	switch {
	case cfg.N < 1:
		return nil, fmt.Errorf("reservoir: RateConfig.N=%d: need at least 1 unit", cfg.N)
	case !(cfg.P > 0 && cfg.P <= 1):
		return nil, fmt.Errorf("reservoir: RateConfig.P=%v: connection probability must be in (0, 1]", cfg.P)
	case !(cfg.DT > 0 && cfg.DT <= 1):
		return nil, fmt.Errorf("reservoir: RateConfig.DT=%v: time step must be in (0, 1] (units of τ; 0.1 is usual)", cfg.DT)
	case cfg.G < 0 || math.IsInf(cfg.G, 0) || math.IsNaN(cfg.G):
		return nil, fmt.Errorf("reservoir: RateConfig.G=%v: gain must be finite and ≥ 0", cfg.G)
	case cfg.Feedback < 0 || cfg.Inputs < 0:
		return nil, fmt.Errorf("reservoir: RateConfig Feedback=%d Inputs=%d: must be ≥ 0", cfg.Feedback, cfg.Inputs)
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5a11))
	n := cfg.N
	net := &RateNetwork{Config: cfg}
	net.M = randomSparse(rng, n, cfg.P, cfg.G/math.Sqrt(cfg.P*float64(n)))
	net.Wf = make([]float64, n*cfg.Feedback)
	for i := range net.Wf {
		net.Wf[i] = cfg.FeedbackScale * (2*rng.Float64() - 1)
	}
	net.Win = make([]float64, n*cfg.Inputs)
	for i := range net.Win {
		net.Win[i] = cfg.InputScale * (2*rng.Float64() - 1)
	}
	net.X = make([]float64, n)
	net.R = make([]float64, n)
	net.tmp = make([]float64, n)
	for i := range net.X {
		net.X[i] = 0.5 * rng.NormFloat64()
		net.R[i] = math.Tanh(net.X[i])
	}
	return net, nil
}

// Size returns N.
func (net *RateNetwork) Size() int { return net.Config.N }

// Inputs returns the number of external inputs.
func (net *RateNetwork) Inputs() int { return net.Config.Inputs }

// Feedback returns the number of fed-back outputs.
func (net *RateNetwork) Feedback() int { return net.Config.Feedback }

// TimeStep returns dt in units of τ.
func (net *RateNetwork) TimeStep() float64 { return net.Config.DT }

// State returns r = tanh(x).
func (net *RateNetwork) State() []float64 { return net.R }

// Step advances the network by dt.
func (net *RateNetwork) Step(u, fb []float64) {
	c := &net.Config
	if u != nil && len(u) != c.Inputs {
		panic(fmt.Sprintf("reservoir: RateNetwork.Step: len(u)=%d, want %d", len(u), c.Inputs))
	}
	if fb != nil && len(fb) != c.Feedback {
		panic(fmt.Sprintf("reservoir: RateNetwork.Step: len(fb)=%d, want %d", len(fb), c.Feedback))
	}
	dt := c.DT
	net.M.MulVecTo(net.tmp, dt, net.R)
	x, r, mr := net.X, net.R, net.tmp
	x = x[:len(mr)]
	r = r[:len(mr)]
	nf, ni := c.Feedback, c.Inputs
	for i := range mr {
		v := (1-dt)*x[i] + mr[i]
		if fb != nil {
			wf := net.Wf[i*nf : i*nf+nf]
			for o, z := range fb {
				v += dt * wf[o] * z
			}
		}
		if u != nil {
			wi := net.Win[i*ni : i*ni+ni]
			for q, uq := range u {
				v += dt * wi[q] * uq
			}
		}
		x[i] = v
		r[i] = math.Tanh(v)
	}
}
