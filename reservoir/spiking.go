package reservoir

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// SpikingConfig configures a spiking reservoir (Nicola & Clopath 2017).
// Time is in ms, potentials in mV. Zero fields take the defaults of the
// chosen model, shown as [Izhikevich | LIF]; the LIF defaults are Nicola &
// Clopath's LIF sinusoid code converted to ms.
type SpikingConfig struct {
	N     int     // neurons [2000 | 2000]
	P     float64 // connection probability [0.1 | 0.1]
	G     float64 // static weight gain (pA for Izhikevich) [5000 | 0.04]
	Q     float64 // feedback weight gain, feedback weights Q·U(−1,1) [5000 | 10]
	Bias  float64 // bias current [1000 pA | −40 mV]
	DT    float64 // time step, ms [0.04 | 0.05]
	Rise  float64 // synaptic rise time, ms [2 | 2]
	Decay float64 // synaptic decay time, ms [20 | 20]
	// Feedback is the number of fed-back outputs [1].
	Feedback int
	// Inputs is the number of external inputs, weights InputScale·U(−1,1).
	Inputs     int
	InputScale float64
	Seed       uint64
}

// Spiking is a spiking reservoir of Izhikevich or leaky integrate-and-fire
// neurons with double-exponential synapses, as in Nicola & Clopath (2017,
// Nat. Commun. 8:2208). Each neuron i receives
//
//	I_i = s_i + Σ_o η_io z_o + Bias + Σ_q Win_iq u_q
//
// where s is the synaptic current: each spike of neuron j adds ω_ij to the
// double-exponential filter of s_i (rise Rise, decay Decay). ω is sparse
// (probability P), ω_ij ~ G·N(0,1)/(P√N) with each row's mean over its
// non-zeros removed; η ~ Q·U(−1, 1). The state read out is r, the spikes of
// each neuron passed through the same double-exponential filter
// (unit area, so r is in spikes/ms), integrated by Euler steps as in the
// authors' code:
//
//	r ← r e^{−dt/Rise} + h dt,   h ← h e^{−dt/Decay} + spikes/(Rise·Decay)
//
// Izhikevich (C = 250 pF, k = 2.5, vr = −60, vt = −20, a = 0.01/ms, b = 0,
// d = 200 pA, vpeak 30, vreset −65 mV):
//
//	C dv/dt = k (v−vr)(v−vt) − u + I,   du/dt = a (b (v−vr) − u)
//
// LIF (τm 10 ms, refractory 2 ms, vpeak −40, vreset −65 mV):
// τm dv/dt = −v + I outside the refractory period.
type Spiking struct {
	Config SpikingConfig
	lif    bool
	// V and U are the membrane potential and adaptation current (U unused
	// for LIF).
	V, U []float64

	out   *CSR // outgoing weights: row j holds ω_·j
	eta   []float64
	win   []float64
	ipsc  []float64
	h     []float64
	r     []float64
	hr    []float64
	jd    []float64
	last  []float64 // last spike time (LIF refractoriness)
	spk   []int
	steps int
}

// NewIzhikevich returns a Nicola–Clopath Izhikevich reservoir.
func NewIzhikevich(cfg SpikingConfig) (*Spiking, error) {
	def := SpikingConfig{N: 2000, P: 0.1, G: 5000, Q: 5000, Bias: 1000, DT: 0.04, Rise: 2, Decay: 20}
	return newSpiking(cfg, def, false)
}

// NewLIF returns a Nicola–Clopath leaky integrate-and-fire reservoir.
func NewLIF(cfg SpikingConfig) (*Spiking, error) {
	def := SpikingConfig{N: 2000, P: 0.1, G: 0.04, Q: 10, Bias: -40, DT: 0.05, Rise: 2, Decay: 20}
	return newSpiking(cfg, def, true)
}

func newSpiking(cfg, def SpikingConfig, lif bool) (*Spiking, error) {
	if cfg.N == 0 {
		cfg.N = def.N
	}
	if cfg.P == 0 {
		cfg.P = def.P
	}
	if cfg.G == 0 {
		cfg.G = def.G
	}
	if cfg.Q == 0 {
		cfg.Q = def.Q
	}
	if cfg.Bias == 0 {
		cfg.Bias = def.Bias
	}
	if cfg.DT == 0 {
		cfg.DT = def.DT
	}
	if cfg.Rise == 0 {
		cfg.Rise = def.Rise
	}
	if cfg.Decay == 0 {
		cfg.Decay = def.Decay
	}
	if cfg.Feedback == 0 {
		cfg.Feedback = 1
	}
	if cfg.InputScale == 0 {
		cfg.InputScale = 1
	}
	switch {
	case cfg.N < 2:
		return nil, fmt.Errorf("reservoir: SpikingConfig.N=%d: need at least 2 neurons", cfg.N)
	case !(cfg.P > 0 && cfg.P <= 1):
		return nil, fmt.Errorf("reservoir: SpikingConfig.P=%v: must be in (0, 1]", cfg.P)
	case !(cfg.DT > 0 && cfg.DT < 1):
		return nil, fmt.Errorf("reservoir: SpikingConfig.DT=%v ms: use a step below 1 ms (0.04–0.05 are tested)", cfg.DT)
	case !(cfg.Rise > 0 && cfg.Decay > cfg.Rise):
		return nil, fmt.Errorf("reservoir: SpikingConfig Rise=%v Decay=%v: need 0 < Rise < Decay", cfg.Rise, cfg.Decay)
	case cfg.Feedback < 0 || cfg.Inputs < 0:
		return nil, fmt.Errorf("reservoir: SpikingConfig Feedback=%d Inputs=%d: must be ≥ 0", cfg.Feedback, cfg.Inputs)
	}
	n := cfg.N
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x591c))
	omega := randomSparse(rng, n, cfg.P, cfg.G/(math.Sqrt(float64(n))*cfg.P))
	for i := 0; i < n; i++ { // remove each row's mean over its non-zeros
		lo, hi := omega.rowPtr[i], omega.rowPtr[i+1]
		if hi == lo {
			continue
		}
		var s float64
		for _, v := range omega.val[lo:hi] {
			s += v
		}
		s /= float64(hi - lo)
		for q := lo; q < hi; q++ {
			omega.val[q] -= s
		}
	}
	net := &Spiking{Config: cfg, lif: lif, out: omega.transpose()}
	net.eta = make([]float64, n*cfg.Feedback)
	for i := range net.eta {
		net.eta[i] = cfg.Q * (2*rng.Float64() - 1)
	}
	net.win = make([]float64, n*cfg.Inputs)
	for i := range net.win {
		net.win[i] = cfg.InputScale * (2*rng.Float64() - 1)
	}
	net.V = make([]float64, n)
	net.U = make([]float64, n)
	for i := range net.V {
		if lif {
			net.V[i] = -65 + rng.Float64()*(30+65)
		} else {
			net.V[i] = -60 + (30+60)*rng.Float64()
		}
	}
	for _, p := range []*[]float64{&net.ipsc, &net.h, &net.r, &net.hr, &net.jd, &net.last} {
		*p = make([]float64, n)
	}
	for i := range net.last {
		net.last[i] = math.Inf(-1)
	}
	return net, nil
}

// transpose returns the CSR of aᵀ.
func (a *CSR) transpose() *CSR {
	t := &CSR{rows: a.cols, cols: a.rows, rowPtr: make([]int, a.cols+1)}
	for _, c := range a.col {
		t.rowPtr[c+1]++
	}
	for i := 0; i < a.cols; i++ {
		t.rowPtr[i+1] += t.rowPtr[i]
	}
	t.col = make([]int32, len(a.col))
	t.val = make([]float64, len(a.val))
	next := append([]int(nil), t.rowPtr[:a.cols]...)
	for i := 0; i < a.rows; i++ {
		for q := a.rowPtr[i]; q < a.rowPtr[i+1]; q++ {
			c := a.col[q]
			t.col[next[c]] = int32(i)
			t.val[next[c]] = a.val[q]
			next[c]++
		}
	}
	return t
}

// Size returns N.
func (net *Spiking) Size() int { return net.Config.N }

// Inputs returns the number of external inputs.
func (net *Spiking) Inputs() int { return net.Config.Inputs }

// Feedback returns the number of fed-back outputs.
func (net *Spiking) Feedback() int { return net.Config.Feedback }

// TimeStep returns dt in ms.
func (net *Spiking) TimeStep() float64 { return net.Config.DT }

// State returns the filtered spike trains r (spikes/ms).
func (net *Spiking) State() []float64 { return net.r }

// Spiked returns the indices of the neurons that spiked in the last step
// (owned by the network, overwritten by the next Step).
func (net *Spiking) Spiked() []int { return net.spk }

// Time returns the simulated time in ms.
func (net *Spiking) Time() float64 { return float64(net.steps) * net.Config.DT }

// Weights returns the static weight ω_ij (post i, pre j).
func (net *Spiking) Weights(i, j int) float64 { return net.out.At(j, i) }

// Step advances the network by dt.
func (net *Spiking) Step(u, fb []float64) {
	c := &net.Config
	if u != nil && len(u) != c.Inputs {
		panic(fmt.Sprintf("reservoir: Spiking.Step: len(u)=%d, want %d", len(u), c.Inputs))
	}
	if fb != nil && len(fb) != c.Feedback {
		panic(fmt.Sprintf("reservoir: Spiking.Step: len(fb)=%d, want %d", len(fb), c.Feedback))
	}
	dt := c.DT
	n := c.N
	now := float64(net.steps+1) * dt
	net.spk = net.spk[:0]
	nf, ni := c.Feedback, c.Inputs
	for i := 0; i < n; i++ {
		cur := net.ipsc[i] + c.Bias
		if fb != nil {
			e := net.eta[i*nf : i*nf+nf]
			for o, z := range fb {
				cur += e[o] * z
			}
		}
		if u != nil {
			w := net.win[i*ni : i*ni+ni]
			for q, x := range u {
				cur += w[q] * x
			}
		}
		v := net.V[i]
		if net.lif {
			if now > net.last[i]+2 { // 2 ms refractory period
				v += dt * (-v + cur) / 10
			}
			if v >= -40 {
				net.last[i] = now
				net.spk = append(net.spk, i)
				v = -65
			}
		} else {
			const C, k, vr, vt, a, b, d, vpeak, vreset = 250, 2.5, -60, -20, 0.01, 0, 200, 30, -65
			vOld := v
			v += dt * (k*(v-vr)*(v-vt) - net.U[i] + cur) / C
			net.U[i] += dt * a * (b*(vOld-vr) - net.U[i])
			if v >= vpeak {
				net.spk = append(net.spk, i)
				net.U[i] += d
				v = vreset
			}
		}
		net.V[i] = v
	}
	clear(net.jd)
	for _, j := range net.spk {
		lo, hi := net.out.rowPtr[j], net.out.rowPtr[j+1]
		vals := net.out.val[lo:hi]
		for q, i := range net.out.col[lo:hi] {
			net.jd[i] += vals[q]
		}
	}
	er, ed := math.Exp(-dt/c.Rise), math.Exp(-dt/c.Decay)
	inv := 1 / (c.Rise * c.Decay)
	for i := 0; i < n; i++ {
		net.ipsc[i] = net.ipsc[i]*er + net.h[i]*dt
		net.h[i] = net.h[i]*ed + net.jd[i]*inv
		net.r[i] = net.r[i]*er + net.hr[i]*dt
		net.hr[i] *= ed
	}
	for _, i := range net.spk {
		net.hr[i] += inv
	}
	net.steps++
}
