package culture

import (
	"context"
	"math"
	"math/rand/v2"
)

// ring is the number of time steps covered by the mini calendar (must be a
// power of two). 8192 steps = 410 ms at dt = 0.05 ms, 33 mean inter-mini
// intervals at 80 Hz; later minis wait in their bucket for another lap.
// The ring fixes the order of the random draws, hence which realisation of
// the minis a seed gives: changing it changes every run (a smaller ring is
// no faster).
const ring = 1 << 13

// renorm is the period in steps of the renormalisation of the lazily
// decayed currents (see scaled). It is a power of two and counts absolute
// steps, so that results do not depend on how Run is chunked.
const renorm = 1 << 10

// Culture is a running network: the state of every neuron, the mini timers
// and the spikes emitted since the last call to Spikes.
type Culture struct {
	Net *Network
	P   Params

	// State, struct of arrays, in the scaled variables of the kernel (see
	// scaled): y = ck·(v − vref), w = sw·u, and the currents IA = as·sa,
	// IG = gs·sg, whose decay lives in the scalars sa, sg.
	y, w, as, gs []float64
	sa, sg       float64
	sc           scaled
	dLast        []float64 // D just after the last spike (1 before any)
	lastStep     []int64   // step of the last spike (0 before any)
	logQ         float64   // log(1 − dt/τD), for lazy D recovery

	miniAt []float64 // next mini of each neuron, in steps (continuous)
	head   []int32   // calendar: first neuron waiting in bucket
	next   []int32   // calendar: next neuron in the same bucket
	scale  float64   // mean inter-mini interval in steps

	async      asyncQueue // pending asynchronous quanta (async.go)
	asyncScale float64    // AsyncTau in steps

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
	n := (net.N + 7) &^ 7 // padded for the 8-wide kernel; the pad neurons rest at VRef forever
	c := &Culture{Net: net, P: p, sc: newScaled(&p), sa: 1, sg: 1,
		y: make([]float64, n), w: make([]float64, n), as: make([]float64, n), gs: make([]float64, n),
		dLast: make([]float64, n), lastStep: make([]int64, n),
		miniAt: make([]float64, n), head: make([]int32, ring), next: make([]int32, n),
		spk: make([]int32, n),
		rng: rand.New(rand.NewPCG(seed, 0xc0117e)),
	}
	c.logQ = math.Log1p(-p.Dt / p.TauD)
	c.asyncScale = p.AsyncTau / p.Dt
	for i := range c.head {
		c.head[i] = -1
	}
	for i := 0; i < n; i++ {
		c.dLast[i] = 1
	}
	for i := 0; i < net.N; i++ {
		v := p.VRef + 5*(c.rng.Float64()-0.5)
		c.y[i] = c.sc.ck * (v - p.VRef)
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
func (c *Culture) Dt() float64    { return c.P.Dt }
func (c *Culture) Neurons() int   { return c.Net.N }
func (c *Culture) Pending() int   { return len(c.outN) }
func (c *Culture) Seconds() int64 { return int64(1 / c.P.Dt) }

// V, U, IA and IG return the state of every neuron now, in mV, as new
// slices (the culture keeps its state in scaled variables; see the package
// documentation).
func (c *Culture) V() []float64 {
	return c.unscale(c.y, func(y float64) float64 { return c.P.VRef + y/c.sc.ck })
}
func (c *Culture) U() []float64 {
	return c.unscale(c.w, func(w float64) float64 { return w / c.sc.sw })
}
func (c *Culture) IA() []float64 {
	return c.unscale(c.as, func(a float64) float64 { return a * c.sa })
}
func (c *Culture) IG() []float64 {
	return c.unscale(c.gs, func(g float64) float64 { return g * c.sg })
}

func (c *Culture) unscale(x []float64, f func(float64) float64) []float64 {
	out := make([]float64, c.Net.N)
	for i := range out {
		out[i] = f(x[i])
	}
	return out
}

// D returns the synaptic resources of neuron i now (before the next step).
func (c *Culture) D(i int) float64 {
	return 1 - (1-c.dLast[i])*math.Exp(float64(c.step-1-c.lastStep[i])*c.logQ)
}

// dStep returns D of neuron i after the recovery of the current step, as
// its spikes in this step use it (Brian2 updates D with the group, before
// thresholds and synapses): step − lastStep steps of recovery since the
// depression at the last spike.
func (c *Culture) dStep(i int32) float64 {
	return 1 - (1-c.dLast[i])*math.Exp(float64(c.step-c.lastStep[i])*c.logQ)
}

// Inject adds mV to the excitatory current IA of neuron i; it acts from the
// next step on (this is how stimulation reaches the culture).
func (c *Culture) Inject(i int, mV float64) {
	if i < 0 || i >= c.Net.N {
		panic(errNeuronIdx)
	}
	c.as[i] += mV / c.sa
}

// Spikes returns the spikes since the last call as parallel slices of neuron
// index and step (time = step·Dt), in time order, and forgets them. The
// slices are reused by the next call.
func (c *Culture) Spikes() (neuron []int32, step []int64) {
	neuron, step = c.outN, c.outStep
	c.outN, c.outStep = c.outN[:0], c.outStep[:0]
	return neuron, step
}

// Record runs the culture for seconds s and returns the spikes of that
// span (and any not yet collected by Spikes) as neuron indices and times in
// s since the culture started, ready for spiketrain.FromTimes.
func (c *Culture) Record(ctx context.Context, seconds float64) (neuron []int, t []float64, err error) {
	if !(seconds >= 0) {
		return nil, nil, errorf("culture: Record for %g s; give a duration >= 0", seconds)
	}
	total := int(math.Round(seconds / c.P.Dt))
	for done := 0; done < total; {
		n := min(total-done, max(1, int(1/c.P.Dt))) // collect each simulated second
		err = c.Run(ctx, n)
		ns, st := c.Spikes()
		for k := range ns {
			neuron = append(neuron, int(ns[k]))
			t = append(t, float64(st[k])*c.P.Dt)
		}
		if err != nil {
			return neuron, t, err
		}
		done += n
	}
	return neuron, t, nil
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
	sc := &c.sc
	k := kernel{e: sc.e, c1: sc.c1, cu: sc.cu, ypeak: sc.ypeak}
	for ; n > 0; n-- {
		k.ca, k.cg = sc.ckcv*c.sa, sc.ckcv*c.sg
		ns := euler(c.y, c.w, c.as, c.gs, &k, c.spk)
		c.sa *= sc.da
		c.sg *= sc.dg
		if ns > 0 {
			c.propagate(c.spk[:ns])
		}
		c.minis()
		c.applyAsync()
		if ns > 0 {
			c.reset(c.spk[:ns])
		}
		c.step++
		if c.step&(renorm-1) == 0 {
			c.renormalize()
		}
	}
}

// renormalize moves the decay accumulated in sa, sg into the currents.
func (c *Culture) renormalize() {
	for i := range c.as {
		c.as[i] *= c.sa
		c.gs[i] *= c.sg
	}
	c.sa, c.sg = 1, 1
}

func (c *Culture) propagate(spk []int32) {
	p := &c.P
	net := c.Net
	ja, jg := p.JA/c.sa, p.JG/c.sg
	for _, i := range spk {
		d := c.dStep(i)
		tg := net.Targets[net.Start[i]:net.Start[i+1]]
		if int(i) < net.NExc {
			w := d * ja
			for _, t := range tg {
				c.as[t] += w
			}
			if p.AsyncN > 0 {
				c.scheduleAsync(d, tg)
			}
		} else {
			w := d * jg
			for _, t := range tg {
				c.gs[t] += w
			}
		}
		c.outN = append(c.outN, i)
		c.outStep = append(c.outStep, c.step)
	}
}

func (c *Culture) reset(spk []int32) {
	p := &c.P
	for _, i := range spk {
		c.dLast[i] = p.Beta * c.dStep(i)
		c.lastStep[i] = c.step
		c.y[i] = c.sc.yreset
		c.w[i] += c.sc.wincr
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
	if i < 0 {
		return
	}
	c.head[b] = -1
	s := float64(c.step)
	jm := c.P.JM / c.sa
	for i >= 0 {
		nx := c.next[i]
		for c.miniAt[i] < s+1 { // due in [step, step+1), maybe several
			c.as[i] += jm
			c.miniAt[i] += c.rng.ExpFloat64() * c.scale
		}
		c.push(i)
		i = nx
	}
}

// scaled holds the constants of the Euler step in scaled variables. With
// cv = dt/τv, ck = cv·k, cu0 = dt/τu, forward Euler of DESIGN.md's model,
//
//	v' = v + cv·(k(v − vref)(v − vthr) − u + IA − IG)
//	u' = (1 − cu0)·u + cu0·b·(v − vref)
//	IA' = (1 − dt/τA)·IA,  IG' = (1 − dt/τG)·IG
//
// becomes, in y = ck·(v − vref), w = u·ck/(cu0·b) and the currents scaled
// by ck·cv,
//
//	y' = (y + c1)·y + ck·cv·(IA − IG) − e·w,   c1 = 1 − ck·(vthr − vref), e = cv·cu0·b
//	w' = cu·w + y,                            cu = 1 − cu0
//
// the same step with fewer operations (five multiply(-add)s and two adds
// per neuron). IA and IG are kept as as·sa and gs·sg: the per-step decay
// multiplies the scalars sa and sg only, so the kernel stores just y and w;
// additions to IA divide by sa, and every renorm steps sa is folded back
// into as (same for IG).
type scaled struct {
	ck, ckcv, e, c1, cu, sw float64
	ypeak, yreset, wincr    float64
	da, dg                  float64
}

func newScaled(p *Params) scaled {
	cv := p.Dt / p.TauV
	cu0 := p.Dt / p.TauU
	ck := cv * p.K
	sw := ck / (cu0 * p.B)
	return scaled{
		ck: ck, ckcv: ck * cv, e: cv * cu0 * p.B, c1: 1 - ck*(p.VThr-p.VRef), cu: 1 - cu0, sw: sw,
		ypeak: ck * (p.VPeak - p.VRef), yreset: ck * (p.VReset - p.VRef), wincr: p.UIncr * sw,
		da: 1 - p.Dt/p.TauA, dg: 1 - p.Dt/p.TauG,
	}
}
