package culture

import (
	"context"
	"fmt"
	"math"
	"testing"
)

func TestAsyncQueueOrder(t *testing.T) {
	var q asyncQueue
	for _, s := range []int64{5, 1, 9, 3, 3, 7, 0, 12, 2} {
		q.push(asyncEvent{step: s})
	}
	last := int64(-1)
	for len(q) > 0 {
		e := q.pop()
		if e.step < last {
			t.Fatalf("popped step %d after %d", e.step, last)
		}
		last = e.step
	}
}

// TestAsyncCount: a spike with resources d onto 30 targets schedules
// Poisson(AsyncN·d·30) quanta: over 20,000 spikes at AsyncN 0.5, d 0.8
// the mean is 12 (SD of the mean 0.025) with mean delay AsyncTau.
func TestAsyncCount(t *testing.T) {
	net, _ := Lattice(DefaultConfig())
	p := RealisticParams()
	c, err := New(net, p, 1)
	if err != nil {
		t.Fatal(err)
	}
	tg := make([]int32, 30)
	const spikes = 20000
	for k := 0; k < spikes; k++ {
		c.scheduleAsync(0.8, tg)
	}
	var delay float64
	for _, e := range c.async {
		delay += float64(e.step - c.step)
	}
	n := float64(len(c.async))
	if m := n / spikes; math.Abs(m-p.AsyncN*0.8*30) > 0.1 {
		t.Errorf("%.3f quanta per spike, want %.1f", m, p.AsyncN*0.8*30)
	}
	// Delays are 1 + floor(Exp·τ/dt) steps: mean τ/dt + 0.5.
	if d := delay / n * p.Dt; math.Abs(d-p.AsyncTau) > 0.005 {
		t.Errorf("mean delay %.4f s, want %.3f", d, p.AsyncTau)
	}
}

// TestAsyncDeterministicChunks: with asynchronous release on, runs still
// reproduce bit for bit however Run is chunked.
func TestAsyncDeterministicChunks(t *testing.T) {
	net, _ := Lattice(DefaultConfig())
	ctx := context.Background()
	a, _ := New(net, RealisticParams(), 5)
	b, _ := New(net, RealisticParams(), 5)
	a.Run(ctx, 60000)
	na, sa := a.Spikes()
	var nb []int32
	var sb []int64
	for _, n := range []int{1, 4999, 1024, 30000, 23976} {
		b.Run(ctx, n)
		x, y := b.Spikes()
		nb, sb = append(nb, x...), append(sb, y...)
	}
	if len(na) == 0 || fmt.Sprint(na, sa) != fmt.Sprint(nb, sb) {
		t.Fatalf("same seed, different spikes (%d vs %d)", len(na), len(nb))
	}
}
