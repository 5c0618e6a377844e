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
			for i := range v {
				v[i] = -60
			}
			spk := make([]int32, n)
			p := DefaultParams()
			k := kernel{vref: p.VRef, vthr: p.VThr, vpeak: p.VPeak, cv: 0.001, ck: 0.0005, cu: 0.999, cub: 0.0005, da: 0.995, dg: 0.9975}
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			c0 := threadCPU()
			for b.Loop() {
				euler(v, u, a, g, &k, spk)
			}
			b.ReportMetric(float64((threadCPU()-c0).Nanoseconds())/float64(b.N*n), "cpu-ns/neuron")
		})
	}
}
