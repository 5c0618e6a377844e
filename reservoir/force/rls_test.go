package force

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// benchRLS times one RLS update at size n (fixed seed; r cycles through 16
// tanh(randn) vectors and P starts at I, as in ../shared/anchors/rls_numpy.py).
func benchRLS(b *testing.B, n int) {
	rng := rand.New(rand.NewPCG(1, 2))
	rs := make([][]float64, 16)
	for i := range rs {
		rs[i] = make([]float64, n)
		for j := range rs[i] {
			rs[i][j] = math.Tanh(rng.NormFloat64())
		}
	}
	l := NewRLS(n, 1, 1)
	e := []float64{0.1}
	b.SetBytes(int64(8 * n * (n + 1))) // packed P read + written once
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := l.Update(rs[i%16], e); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRLS(b *testing.B) {
	for _, n := range []int{256, 1024, 4096} {
		b.Run("N="+strconv.Itoa(n), func(b *testing.B) { benchRLS(b, n) })
	}
}

// TestFusedMatchesEager checks the lazy fused kernel (asm and Go) against a
// plain eager RLS on a full matrix (the textbook update, Haykin 2002 §13).
func TestFusedMatchesEager(t *testing.T) {
	for _, asm := range []bool{false, true} {
		if asm && !haveAVX2 {
			continue
		}
		for _, n := range []int{1, 2, 3, 5, 8, 13, 37} {
			for _, lambda := range []float64{1, 0.98} {
				old := useAsm
				useAsm = asm
				checkEager(t, n, lambda)
				useAsm = old
			}
		}
	}
}

func checkEager(t *testing.T, n int, lambda float64) {
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	l := NewRLS(n, 2, 0.5)
	if err := l.SetForget(lambda); err != nil {
		t.Fatal(err)
	}
	p := make([]float64, n*n)
	for i := 0; i < n; i++ {
		p[i*n+i] = 2
	}
	w := make([]float64, 2*n)
	r := make([]float64, n)
	k := make([]float64, n)
	for step := 0; step < 20; step++ {
		for j := range r {
			r[j] = math.Tanh(rng.NormFloat64())
		}
		e := []float64{rng.NormFloat64(), rng.NormFloat64()}
		for i := range k {
			k[i] = 0
			for j := range r {
				k[i] += p[i*n+j] * r[j]
			}
		}
		var rk float64
		for j := range r {
			rk += r[j] * k[j]
		}
		c := 1 / (lambda + rk)
		for i := range k {
			for j := range k {
				p[i*n+j] = (p[i*n+j] - c*k[i]*k[j]) / lambda
			}
		}
		for o := 0; o < 2; o++ {
			for j := range k {
				w[o*n+j] -= c * e[o] * k[j]
			}
		}
		if err := l.Update(r, e); err != nil {
			t.Fatal(err)
		}
	}
	got := l.P()
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if d := math.Abs(got.At(i, j) - p[i*n+j]); d > 1e-12*math.Max(1, math.Abs(p[i*n+j])) {
				t.Fatalf("n=%d λ=%v asm=%v: P[%d][%d]=%v, eager %v", n, lambda, useAsm, i, j, got.At(i, j), p[i*n+j])
			}
		}
	}
	gw := l.W()
	for o := 0; o < 2; o++ {
		for j := 0; j < n; j++ {
			if d := math.Abs(gw.At(o, j) - w[o*n+j]); d > 1e-10*math.Max(1, math.Abs(w[o*n+j])) {
				t.Fatalf("n=%d λ=%v asm=%v: W[%d][%d]=%v, eager %v", n, lambda, useAsm, o, j, gw.At(o, j), w[o*n+j])
			}
		}
	}
}
