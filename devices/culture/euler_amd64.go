//go:build amd64 && !purego

package culture

//go:noescape
func eulerAVX2(v, u, ia, ig *float64, n int, k *kernel, spk *int32) int

func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
func xgetbv() (eax, edx uint32)

// useAVX2 reports whether the CPU and OS support AVX2 (CPUID leaf 7 EBX bit
// 5, AVX and OSXSAVE in leaf 1 ECX, YMM state enabled in XCR0).
var useAVX2 = func() bool {
	max, _, _, _ := cpuid(0, 0)
	if max < 7 {
		return false
	}
	_, _, c1, _ := cpuid(1, 0)
	if c1&(1<<27) == 0 || c1&(1<<28) == 0 {
		return false
	}
	if x, _ := xgetbv(); x&6 != 6 {
		return false
	}
	_, b7, _, _ := cpuid(7, 0)
	return b7&(1<<5) != 0
}()

// euler runs one Euler step; len(v) must be a multiple of 4.
func euler(v, u, ia, ig []float64, k *kernel, spk []int32) int {
	if useAVX2 && len(v) > 0 {
		_, _, _ = u[len(v)-1], ia[len(v)-1], ig[len(v)-1]
		_ = spk[len(v)-1]
		return eulerAVX2(&v[0], &u[0], &ia[0], &ig[0], len(v), k, &spk[0])
	}
	return eulerGo(v, u, ia, ig, k, spk)
}
