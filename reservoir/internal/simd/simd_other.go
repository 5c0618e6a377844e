//go:build !amd64

// Package simd holds the few assembly kernels of petri's reservoir packages;
// on this architecture there are none and Have is false.
package simd

// Have is false: no assembly kernels on this architecture.
const Have = false

// Pair is not available on this architecture.
func Pair(x0, x1, k, r, o *float64, n int, a0, a1, r0, r1 float64) (s0, s1 float64) {
	panic("simd: no kernels on this architecture")
}

// CSRDot is not available on this architecture.
func CSRDot(val *float64, col *int32, n int, x *float64) float64 {
	panic("simd: no kernels on this architecture")
}
