//go:build amd64 && !purego

package culture

import "golang.org/x/sys/cpu"

//go:noescape
func eulerAVX2(y, w, as, gs *float64, n int, k *kernel, spk *int32) int

// useAVX2 reports whether the CPU and OS support AVX2 and FMA.
var useAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// euler runs one Euler step; len(y) must be a multiple of 8.
func euler(y, w, as, gs []float64, k *kernel, spk []int32) int {
	if useAVX2 && len(y) > 0 {
		_, _, _ = w[len(y)-1], as[len(y)-1], gs[len(y)-1]
		_ = spk[len(y)-1]
		return eulerAVX2(&y[0], &w[0], &as[0], &gs[0], len(y), k, &spk[0])
	}
	return eulerGo(y, w, as, gs, k, spk)
}
