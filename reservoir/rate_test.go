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
