package force

func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
func xgetbv() (eax, edx uint32)

//go:noescape
func pairAVX2(x0, x1, k, r, o *float64, n int, a0, a1, r0, r1 float64) (s0, s1 float64)

// haveAVX2 reports whether the CPU and OS support AVX2 and FMA3.
var haveAVX2 = func() bool {
	maxID, _, _, _ := cpuid(0, 0)
	if maxID < 7 {
		return false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const fma, osxsave, avx = 1 << 12, 1 << 27, 1 << 28
	if ecx1&(fma|osxsave|avx) != fma|osxsave|avx {
		return false
	}
	if xcr0, _ := xgetbv(); xcr0&6 != 6 { // XMM and YMM state enabled
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	return ebx7&(1<<5) != 0
}()

// pair runs the row-pair inner loop on the first n&^3 elements with AVX2
// when available and returns how many it did.
func pair(x0, x1, k, r, o []float64, a0, a1, r0, r1 float64) (s0, s1 float64, done int) {
	n := len(x0) &^ 3
	if !useAsm || n == 0 {
		return 0, 0, 0
	}
	_, _, _, _ = x1[n-1], k[n-1], r[n-1], o[n-1]
	s0, s1 = pairAVX2(&x0[0], &x1[0], &k[0], &r[0], &o[0], n, a0, a1, r0, r1)
	return s0, s1, n
}
