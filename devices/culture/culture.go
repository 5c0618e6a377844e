package culture

import (
	"context"
	"math"
	"math/rand/v2"
)

// ring is the number of time steps covered by the mini calendar (must be a
// power of two). 8192 steps = 410 ms at dt = 0.05 ms, 33 mean inter-mini
// intervals at 80 Hz; later minis wait in their bucket for another lap.
const ring = 1 << 13

// Culture is a running network: the state of every neuron, the mini timers
// and the spikes emitted since the last call to Spikes.
type Culture struct {
	Net *Network
	P   Params

	v, u, ia, ig []float64 // struct of arrays, mV
	dLast        []float64 // D just after the last spike
	lastStep     []int64   // step of the last spike (0 before any)
	logQ         float64   // log(1 − dt/τD), for lazy D recovery

	miniAt []float64 // next mini of each neuron, in steps (continuous)
	head   []int32   // calendar: first neuron waiting in bucket
	next   []int32   // calendar: next neuron in the same bucket
	scale  float64   // mean inter-mini interval in steps

	rng  *rand.Rand
	step int64
	spk  []int32 // scratch: neurons that crossed VPeak this step

	outN    []int32 // spikes since the last Spikes call
	outStep []int64
}

// New makes a culture on net with parameters p; every random thing (initial
// voltages, minis) derives from seed. Initial state as in the Brian2 anchor:
// v = VRef + 5 mV·(U(0,1) − 0.5), u = IA = IG = 0, D = 1.
func New(net *Network, p Params, seed uint64) (*Culture, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	if net == nil || net.N == 0 {
		return nil, errorf("culture: empty network; build one with Lattice, Homogeneous, Hierarchical or Grown")
	}
	n := (net.N + 3) &^ 3 // padded for the 4-wide kernel; the pad neurons rest at VRef forever
	c := &Culture{Net: net, P: p,
		v: make([]float64, n), u: make([]float64, n), ia: make([]float64, n), ig: make([]float64, n),
		dLast: make([]float64, n), lastStep: make([]int64, n),
		miniAt: make([]float64, n), head: make([]int32, ring), next: make([]int32, n),
		spk: make([]int32, n),
		rng: rand.New(rand.NewPCG(seed, 0xc0117e)),
	}
	c.logQ = math.Log1p(-p.Dt / p.TauD)
	for i := range c.head {
		c.head[i] = -1
	}
	for i := 0; i < n; i++ {
		c.v[i] = p.VRef
		c.dLast[i] = 1
	}
	for i := 0; i < net.N; i++ {
		c.v[i] = p.VRef + 5*(c.rng.Float64()-0.5)
	}
	if p.MiniRate > 0 {
		c.scale = 1 / (p.MiniRate * p.Dt)
		for i := 0; i < net.N; i++ {
			c.miniAt[i] = c.rng.ExpFloat64() * c.scale
			c.push(int32(i))
		}
	}
	return c, nil
}

func (c *Culture) push(i int32) {
	b := int64(c.miniAt[i]) & (ring - 1)
	c.next[i] = c.head[b]
	c.head[b] = i
}

// Step returns the number of steps simulated so far; Time the simulated
// time in seconds.
func (c *Culture) Step() int64    { return c.step }
func (c *Culture) Time() float64  { return float64(c.step) * c.P.Dt }
func (c *Culture) V() []float64   { return c.v[:c.Net.N] }
func (c *Culture) U() []float64   { return c.u[:c.Net.N] }
func (c *Culture) IA() []float64  { return c.ia[:c.Net.N] }
func (c *Culture) IG() []float64  { return c.ig[:c.Net.N] }
func (c *Culture) Dt() float64    { return c.P.Dt }
func (c *Culture) Neurons() int   { return c.Net.N }
func (c *Culture) Pending() int   { return len(c.outN) }
func (c *Culture) Seconds() int64 { return int64(1 / c.P.Dt) }

// D returns the synaptic resources of neuron i now.
func (c *Culture) D(i int) float64 {
	return 1 - (1-c.dLast[i])*math.Exp(float64(c.step-c.lastStep[i])*c.logQ)
}

// Inject adds mV to the excitatory current IA of neuron i; it acts from the
// next step on (this is how stimulation reaches the culture).
func (c *Culture) Inject(i int, mV float64) {
	if i < 0 || i >= c.Net.N {
		panic(errNeuronIdx)
	}
	c.ia[i] += mV
}

// Spikes returns the spikes since the last call as parallel slices of neuron
// index and step (time = step·Dt), in time order, and forgets them. The
// slices are reused by the next call.
func (c *Culture) Spikes() (neuron []int32, step []int64) {
	neuron, step = c.outN, c.outStep
	c.outN, c.outStep = c.outN[:0], c.outStep[:0]
	return neuron, step
}

// Run advances the culture by steps time steps, checking ctx every 2000
// steps (0.1 s simulated). Spikes accumulate until Spikes is called.
func (c *Culture) Run(ctx context.Context, steps int) error {
	if steps < 0 {
		panic(errNegSteps)
	}
	for steps > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := min(steps, 2000)
		c.advance(n)
		steps -= n
	}
	return nil
}

// advance runs n steps. Per step, in the order of Brian2's schedule
// (groups, thresholds, synapses, resets): Euler update of every neuron with
// the threshold test, propagation of this step's spikes (using D before
// depression) and minis due in this step, then resets.
func (c *Culture) advance(n int) {
	p := &c.P
	k := kernel{
		vref: p.VRef, vthr: p.VThr, vpeak: p.VPeak,
		cv: p.Dt / p.TauV, cu: 1 - p.Dt/p.TauU, cub: p.Dt / p.TauU * p.B,
		da: 1 - p.Dt/p.TauA, dg: 1 - p.Dt/p.TauG,
	}
	k.ck = k.cv * p.K
	for ; n > 0; n-- {
		ns := euler(c.v, c.u, c.ia, c.ig, &k, c.spk)
		if ns > 0 {
			c.propagate(c.spk[:ns])
		}
		c.minis()
		if ns > 0 {
			c.reset(c.spk[:ns])
		}
		c.step++
	}
}

func (c *Culture) propagate(spk []int32) {
	p := &c.P
	net := c.Net
	for _, i := range spk {
		d := c.D(int(i))
		tg := net.Targets[net.Start[i]:net.Start[i+1]]
		if int(i) < net.NExc {
			w := d * p.JA
			for _, t := range tg {
				c.ia[t] += w
			}
		} else {
			w := d * p.JG
			for _, t := range tg {
				c.ig[t] += w
			}
		}
		c.outN = append(c.outN, i)
		c.outStep = append(c.outStep, c.step)
	}
}

func (c *Culture) reset(spk []int32) {
	p := &c.P
	for _, i := range spk {
		c.dLast[i] = p.Beta * c.D(int(i))
		c.lastStep[i] = c.step
		c.v[i] = p.VReset
		c.u[i] += p.UIncr
	}
}

// minis applies the minis that fall in the current step: each neuron waits
// in the calendar bucket of its next mini; when due, IA += JM and the next
// exponential inter-arrival time is drawn (per-neuron Poisson timers, no
// per-step random draws).
func (c *Culture) minis() {
	if c.scale == 0 {
		return
	}
	b := c.step & (ring - 1)
	i := c.head[b]
	c.head[b] = -1
	s := float64(c.step)
	jm := c.P.JM
	for i >= 0 {
		nx := c.next[i]
		if c.miniAt[i] < s+1 { // due in [step, step+1)
			c.ia[i] += jm
			c.miniAt[i] += c.rng.ExpFloat64() * c.scale
			for c.miniAt[i] < s+1 { // several minis in one step
				c.ia[i] += jm
				c.miniAt[i] += c.rng.ExpFloat64() * c.scale
			}
		}
		c.push(i)
		i = nx
	}
}
