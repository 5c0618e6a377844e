//go:build amd64 && !purego

package culture

//go:noescape
func eulerAVX2(y, w, as, gs *float64, n int, k *kernel, spk *int32) int

func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
func xgetbv() (eax, edx uint32)

// useAVX2 reports whether the CPU and OS support AVX2 and FMA (CPUID leaf 7
// EBX bit 5; FMA, AVX and OSXSAVE in leaf 1 ECX bits 12, 28, 27; YMM state
// enabled in XCR0).
var useAVX2 = func() bool {
	max, _, _, _ := cpuid(0, 0)
	if max < 7 {
		return false
	}
	_, _, c1, _ := cpuid(1, 0)
	if c1&(1<<12) == 0 || c1&(1<<27) == 0 || c1&(1<<28) == 0 {
		return false
	}
	if x, _ := xgetbv(); x&6 != 6 {
		return false
	}
	_, b7, _, _ := cpuid(7, 0)
	return b7&(1<<5) != 0
}()

// euler runs one Euler step; len(y) must be a multiple of 8.
func euler(y, w, as, gs []float64, k *kernel, spk []int32) int {
	if useAVX2 && len(y) > 0 {
		_, _, _ = w[len(y)-1], as[len(y)-1], gs[len(y)-1]
		_ = spk[len(y)-1]
		return eulerAVX2(&y[0], &w[0], &as[0], &gs[0], len(y), k, &spk[0])
	}
	return eulerGo(y, w, as, gs, k, spk)
}
