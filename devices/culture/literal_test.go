package culture

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// literal is DESIGN.md's forward Euler written out in mV, the form of the
// Brian2 anchor (and of this package before the kernel worked in scaled
// variables), with D kept per step (updated with the group, before thresholds, as in
// Brian2). TestScaledMatchesLiteral drives it and a
// Culture with the same kicks and checks that they agree: the scaled kernel
// is the same step, not an approximation.
type literal struct {
	p             Params
	net           *Network
	v, u, a, g, d []float64
}

func (l *literal) step() (spk []int) {
	p := l.p
	for i := range l.v {
		x := l.v[i] - p.VRef
		nv := l.v[i] + p.Dt/p.TauV*(p.K*x*(l.v[i]-p.VThr)-l.u[i]+l.a[i]-l.g[i])
		l.u[i] += p.Dt / p.TauU * (p.B*x - l.u[i])
		l.a[i] -= p.Dt / p.TauA * l.a[i]
		l.g[i] -= p.Dt / p.TauG * l.g[i]
		l.d[i] += p.Dt / p.TauD * (1 - l.d[i])
		l.v[i] = nv
		if nv > p.VPeak {
			spk = append(spk, i)
		}
	}
	for _, i := range spk {
		for _, t := range l.net.Targets[l.net.Start[i]:l.net.Start[i+1]] {
			if i < l.net.NExc {
				l.a[t] += l.d[i] * p.JA
			} else {
				l.g[t] += l.d[i] * p.JG
			}
		}
	}
	for _, i := range spk {
		l.v[i] = p.VReset
		l.u[i] += p.UIncr
		l.d[i] *= p.Beta
	}
	return spk
}

// TestScaledMatchesLiteral checks, step by step over 150 ms of a strongly
// kicked culture (across renormalisations of the lazy decay), that the
// scaled kernel maps a state to the same next state and the same spikes as
// the literal Euler step. Free-running, the two part after tens of ms:
// rounding differences of 1e-16 are amplified by neurons that linger near
// the saddle at vthr (up to 1e5 in one spike upswing), as between any two
// correct implementations (Brian2's included).
func TestScaledMatchesLiteral(t *testing.T) {
	net, err := Lattice(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	p := DefaultParams()
	p.MiniRate = 0 // kicks below instead, applied identically to both
	c, err := New(net, p, 5)
	if err != nil {
		t.Fatal(err)
	}
	l := &literal{p: p, net: net}
	rng := rand.New(rand.NewPCG(1, 2))
	ctx := context.Background()
	spikes, worst := 0, 0.0
	const steps = 3000 // 150 ms, across two renormalisations of the lazy decay
	for s := 0; s < steps; s++ {
		for k := 0; k < 3; k++ { // 60 kicks/ms over 1920 neurons ≈ 31 Hz each
			c.Inject(rng.IntN(net.N), 60)
		}
		l.v, l.u, l.a, l.g = c.V(), c.U(), c.IA(), c.IG()
		l.d = make([]float64, net.N)
		for i := range l.d {
			l.d[i] = c.D(i)
		}
		want := l.step()
		c.Run(ctx, 1)
		got, _ := c.Spikes()
		if len(got) != len(want) {
			t.Fatalf("step %d: %d spikes, literal Euler %d", s, len(got), len(want))
		}
		for k := range got {
			if int(got[k]) != want[k] {
				t.Fatalf("step %d: spike %d of neuron %d, literal Euler neuron %d", s, k, got[k], want[k])
			}
		}
		spikes += len(got)
		v, u, a, g := c.V(), c.U(), c.IA(), c.IG()
		for i := 0; i < net.N; i++ {
			for _, q := range [][2]float64{{v[i], l.v[i]}, {u[i], l.u[i]}, {a[i], l.a[i]}, {g[i], l.g[i]}, {c.D(i), l.d[i]}} {
				worst = math.Max(worst, math.Abs(q[0]-q[1])/(1+math.Abs(q[1])))
			}
		}
	}
	t.Logf("%d spikes in %d steps, identical; largest one-step difference %.2g (relative to 1 + |x|)", spikes, steps, worst)
	if spikes < 100 {
		t.Errorf("only %d spikes: the comparison exercised too little", spikes)
	}
	if worst > 1e-12 {
		t.Errorf("one step differs from literal Euler by %g", worst)
	}
}
