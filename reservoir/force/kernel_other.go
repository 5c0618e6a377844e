//go:build !amd64

package force

const haveAVX2 = false

func pair(x0, x1, k, r, o []float64, a0, a1, r0, r1 float64) (s0, s1 float64, done int) {
	return 0, 0, 0
}
