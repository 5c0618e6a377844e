package culture

import (
	"fmt"
	"runtime"
	"testing"
)

func BenchmarkKernel(b *testing.B) {
	for _, n := range []int{480, 960, 1920, 3840} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			v := make([]float64, n)
			u := make([]float64, n)
			a := make([]float64, n)
			g := make([]float64, n)
			// A resting culture: v near vref, u ≈ 0, some IA and IG.
			for i := range v {
				v[i] = -0.001 * float64(i%7)
				a[i] = 1 + float64(i%5)
				g[i] = 0.5
			}
			spk := make([]int32, n)
			p := DefaultParams()
			k := newScaled(&p)
			kk := kernel{e: k.e, ca: k.ckcv, cg: k.ckcv, c1: k.c1, cu: k.cu, ypeak: k.ypeak}
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			c0 := threadCPU()
			for b.Loop() {
				euler(v, u, a, g, &kk, spk)
			}
			b.ReportMetric(float64((threadCPU()-c0).Nanoseconds())/float64(b.N*n), "cpu-ns/neuron")
		})
	}
}
