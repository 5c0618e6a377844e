package reservoir

import (
	"strconv"
	"testing"
)

func benchRateStep(b *testing.B, n int) {
	net, err := NewRateNetwork(RateConfig{N: n, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	fb := []float64{0.3}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		net.Step(nil, fb)
	}
}

func BenchmarkRateNetworkStep(b *testing.B) {
	for _, n := range []int{1000} {
		b.Run("N="+strconv.Itoa(n), func(b *testing.B) { benchRateStep(b, n) })
	}
}

// The assembly and Go CSR products agree (to rounding) with a dense
// product, and the rate network's first step matches its equation.
func TestCSRAndStep(t *testing.T) {
	net, err := NewRateNetwork(RateConfig{N: 61, P: 0.3, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float64, 61)
	for i := range x {
		x[i] = float64(i%7) - 3
	}
	want := make([]float64, 61)
	for i := range want {
		for j := range x {
			want[i] += net.M.At(i, j) * x[j]
		}
	}
	for _, asm := range []bool{false, true} {
		old := useAsm
		useAsm = asm && old
		got := make([]float64, 61)
		net.M.MulVecTo(got, 1, x)
		useAsm = old
		for i := range got {
			near(t, "CSR product", got[i], want[i], 1e-12)
		}
	}
	x0 := append([]float64(nil), net.X...)
	r0 := append([]float64(nil), net.R...)
	net.Step(nil, []float64{0.5})
	for i := 0; i < 61; i++ {
		var mr float64
		for j := range r0 {
			mr += net.M.At(i, j) * r0[j]
		}
		v := 0.9*x0[i] + 0.1*(mr+net.Wf[i]*0.5)
		near(t, "x after one step", net.X[i], v, 1e-12)
	}
}
