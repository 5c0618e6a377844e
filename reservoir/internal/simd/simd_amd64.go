// Package simd holds the few assembly kernels of petri's reservoir packages
// (AVX2 and FMA3 on amd64) and the CPU check that guards them. Callers keep
// a portable Go loop and use these only when Have is true.
package simd

import "golang.org/x/sys/cpu"

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
var Have = cpu.X86.HasAVX2 && cpu.X86.HasFMA
