// Package simd holds the few assembly kernels of petri's reservoir packages
// (AVX2 and FMA3 on amd64) and the CPU check that guards them. Callers keep
// a portable Go loop and use these only when Have is true.
package simd

func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
func xgetbv() (eax, edx uint32)

// Pair is the row-pair kernel of the fused RLS update: for j in [0, n), n a
// multiple of 4,
//
//	x0[j] -= a0 k[j]; x1[j] -= a1 k[j]
//	s0 += x0[j] r[j]; s1 += x1[j] r[j]
//	o[j] += r0 x0[j] + r1 x1[j]
//
//go:noescape
func Pair(x0, x1, k, r, o *float64, n int, a0, a1, r0, r1 float64) (s0, s1 float64)

// CSRDot returns Σ_{q<n} val[q]·x[col[q]]; the column indices must be valid
// for x (unchecked).
//
//go:noescape
func CSRDot(val *float64, col *int32, n int, x *float64) float64

// Have reports whether the CPU and OS support AVX2 and FMA3.
var Have = func() bool {
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
