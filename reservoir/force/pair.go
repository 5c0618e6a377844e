package force

import "github.com/petri-mea/petri/reservoir/internal/simd"

// haveAVX2 reports whether the assembly kernels can run here.
var haveAVX2 = simd.Have

// pair runs the row-pair inner loop on the first len(x0)&^3 elements with
// the assembly kernel when enabled and returns how many it did.
func pair(x0, x1, k, r, o []float64, a0, a1, r0, r1 float64) (s0, s1 float64, done int) {
	n := len(x0) &^ 3
	if !useAsm || n == 0 {
		return 0, 0, 0
	}
	_, _, _, _ = x1[n-1], k[n-1], r[n-1], o[n-1]
	s0, s1 = simd.Pair(&x0[0], &x1[0], &k[0], &r[0], &o[0], n, a0, a1, r0, r1)
	return s0, s1, n
}
