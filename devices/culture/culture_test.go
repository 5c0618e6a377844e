package culture

import (
	"context"
	"fmt"
	"testing"
)

// run simulates warm seconds, then T seconds, and returns the spikes of the
// second part with times relative to its start (as the Brian2 anchor does).
func run(t testing.TB, net *Network, seed uint64, warm, T float64) ([]int, []float64) {
	c, err := New(net, DefaultParams(), seed)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	steps := func(s float64) int { return int(s/c.P.Dt + 0.5) }
	if err := c.Run(ctx, steps(warm)); err != nil {
		t.Fatal(err)
	}
	c.Spikes()
	s0 := c.Step()
	var ns []int
	var ts []float64
	for done := 0; done < steps(T); done += steps(1) {
		c.Run(ctx, steps(1))
		n, st := c.Spikes()
		for k := range n {
			ns = append(ns, int(n[k]))
			ts = append(ts, float64(st[k]-s0)*c.P.Dt)
		}
	}
	return ns, ts
}

func TestAVX2MatchesGo(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2 on this machine")
	}
	net, err := Lattice(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	a, _ := New(net, DefaultParams(), 3)
	b, _ := New(net, DefaultParams(), 3)
	a.Run(context.Background(), 20000)
	useAVX2 = false
	b.Run(context.Background(), 20000)
	useAVX2 = true
	for i := range a.y {
		if a.y[i] != b.y[i] || a.w[i] != b.w[i] || a.as[i] != b.as[i] || a.gs[i] != b.gs[i] {
			t.Fatalf("neuron %d differs after 1 s: AVX2 y=%v, Go y=%v", i, a.y[i], b.y[i])
		}
	}
}

// TestDeterministicChunks checks that two runs with the same seed end in
// bit-identical states and spikes however Run is chunked (the lazy decay is
// renormalised on absolute step numbers, not per call).
func TestDeterministicChunks(t *testing.T) {
	net, _ := Homogeneous(DefaultConfig())
	ctx := context.Background()
	a, _ := New(net, DefaultParams(), 11)
	b, _ := New(net, DefaultParams(), 11)
	a.Run(ctx, 30000)
	na, sa := a.Spikes()
	var nb []int32
	var sb []int64
	for _, n := range []int{1, 999, 1024, 7, 5000, 2969, 20000} {
		b.Run(ctx, n)
		x, y := b.Spikes()
		nb, sb = append(nb, x...), append(sb, y...)
	}
	if fmt.Sprint(na, sa) != fmt.Sprint(nb, sb) {
		t.Fatalf("same seed, different spikes (%d vs %d)", len(na), len(nb))
	}
	if len(na) == 0 {
		t.Fatalf("no spikes in 1.5 s")
	}
	for i := range a.y {
		if a.y[i] != b.y[i] || a.w[i] != b.w[i] || a.as[i] != b.as[i] || a.gs[i] != b.gs[i] || a.sa != b.sa {
			t.Fatalf("neuron %d: states differ", i)
		}
	}
}

// TestRecordMatchesRun: Record gives the spikes Run and Spikes give, with
// times step·Dt; a negative duration is an error.
func TestRecordMatchesRun(t *testing.T) {
	net, _ := Lattice(DefaultConfig())
	ctx := context.Background()
	a, _ := New(net, DefaultParams(), 9)
	b, _ := New(net, DefaultParams(), 9)
	n, tm, err := a.Record(ctx, 1.5)
	if err != nil {
		t.Fatal(err)
	}
	b.Run(ctx, 30000)
	nb, sb := b.Spikes()
	if len(n) == 0 || len(n) != len(nb) {
		t.Fatalf("Record: %d spikes, Run: %d", len(n), len(nb))
	}
	for k := range n {
		if n[k] != int(nb[k]) || tm[k] != float64(sb[k])*b.P.Dt {
			t.Fatalf("spike %d: Record (%d, %g), Run (%d, step %d)", k, n[k], tm[k], nb[k], sb[k])
		}
	}
	if _, _, err := a.Record(ctx, -1); err == nil {
		t.Error("Record(-1 s) accepted")
	}
}
