package force

// This file holds the inner loops of the RLS update. P is symmetric and
// stored packed, upper triangle, row major: row i holds P[i][i:n] and starts
// at offset i*n - i*(i-1)/2.
//
// The update of step n is applied lazily: fused computes, in one pass over
// the packed triangle,
//
//	P ← s·(P − c·k·kᵀ)        (the pending rank-1 update of the previous step)
//	out ← P·r                 (the gain vector of this step, with the new P)
//
// so P is read once and written once per RLS update (8·n² bytes of traffic
// for n(n+1)/2 elements stored), against 24·n² bytes for the two-pass BLAS
// Dgemv+Dger path on a full matrix. On amd64 CPUs with AVX2 and FMA the inner
// loop runs in assembly (kernel_amd64.s), otherwise in unrolled Go; the two
// differ in the last bits (FMA rounding, summation order), and each is
// deterministic.

// useAsm selects the AVX2/FMA kernel on CPUs that have it (tests switch it
// off to compare with the portable loops).
var useAsm = haveAVX2

// packedLen returns the length of packed upper-triangular storage for n.
func packedLen(n int) int { return n * (n + 1) / 2 }

// fused applies P ← s(P − c k kᵀ) and sets out = P r. If c == 0 the pending
// update is skipped (no pending update) and only out = P r is computed. out
// must not alias k or r.
func fused(p []float64, n int, c, s float64, k, r, out []float64) {
	if len(r) < n || len(out) < n || len(p) < packedLen(n) {
		panic(errKernelShape)
	}
	for i := range out[:n] {
		out[i] = 0
	}
	switch {
	case c == 0:
		symv(p, n, r, out)
	case s == 1:
		if len(k) < n {
			panic(errKernelShape)
		}
		fusedNoForget(p, n, c, k, r, out)
	default:
		if len(k) < n {
			panic(errKernelShape)
		}
		fusedForget(p, n, c, s, k, r, out)
	}
}

type kernelError string

func (e kernelError) Error() string { return string(e) }

const errKernelShape = kernelError("force: RLS kernel: slice too short for n")

// fusedNoForget: two rows at a time, so that k[j], r[j] and out[j] are loaded
// and out[j] stored once per pair of rows.
func fusedNoForget(p []float64, n int, c float64, k, r, out []float64) {
	off := 0
	i := 0
	for ; i+1 < n; i += 2 {
		m := n - i
		row0 := p[off : off+m]
		row1 := p[off+m : off+m+m-1]
		off += m + m - 1
		a0, a1 := c*k[i], c*k[i+1]
		r0, r1 := r[i], r[i+1]
		// Corner: P[i][i], P[i][i+1], P[i+1][i+1].
		v00 := row0[0] - a0*k[i]
		v01 := row0[1] - a0*k[i+1]
		v11 := row1[0] - a1*k[i+1]
		row0[0], row0[1], row1[0] = v00, v01, v11
		s0 := v00*r0 + v01*r1
		s1 := v01*r0 + v11*r1
		// Rectangle: columns j = i+2 .. n-1.
		x0 := row0[2:m]
		x1 := row1[1 : m-1]
		kk := k[i+2 : n]
		rr := r[i+2 : n]
		oo := out[i+2 : n]
		x1 = x1[:len(x0)]
		kk = kk[:len(x0)]
		rr = rr[:len(x0)]
		oo = oo[:len(x0)]
		var t0, t1 float64
		u0, u1, j := pair(x0, x1, kk, rr, oo, a0, a1, r0, r1)
		s0 += u0
		s1 += u1
		for ; j+1 < len(x0); j += 2 {
			ka, kb := kk[j], kk[j+1]
			ra, rb := rr[j], rr[j+1]
			pa0 := x0[j] - a0*ka
			pb0 := x0[j+1] - a0*kb
			pa1 := x1[j] - a1*ka
			pb1 := x1[j+1] - a1*kb
			x0[j], x0[j+1] = pa0, pb0
			x1[j], x1[j+1] = pa1, pb1
			s0 += pa0 * ra
			t0 += pb0 * rb
			s1 += pa1 * ra
			t1 += pb1 * rb
			oo[j] += r0*pa0 + r1*pa1
			oo[j+1] += r0*pb0 + r1*pb1
		}
		if j < len(x0) {
			kj, rj := kk[j], rr[j]
			pa0 := x0[j] - a0*kj
			pa1 := x1[j] - a1*kj
			x0[j], x1[j] = pa0, pa1
			s0 += pa0 * rj
			s1 += pa1 * rj
			oo[j] += r0*pa0 + r1*pa1
		}
		out[i] += s0 + t0
		out[i+1] += s1 + t1
	}
	if i < n { // last row: the single diagonal element
		v := p[off] - c*k[i]*k[i]
		p[off] = v
		out[i] += v * r[i]
	}
}

// fusedForget is fusedNoForget with the scaling by s = 1/λ.
func fusedForget(p []float64, n int, c, s float64, k, r, out []float64) {
	off := 0
	i := 0
	for ; i+1 < n; i += 2 {
		m := n - i
		row0 := p[off : off+m]
		row1 := p[off+m : off+m+m-1]
		off += m + m - 1
		a0, a1 := c*k[i], c*k[i+1]
		r0, r1 := r[i], r[i+1]
		v00 := (row0[0] - a0*k[i]) * s
		v01 := (row0[1] - a0*k[i+1]) * s
		v11 := (row1[0] - a1*k[i+1]) * s
		row0[0], row0[1], row1[0] = v00, v01, v11
		s0 := v00*r0 + v01*r1
		s1 := v01*r0 + v11*r1
		x0 := row0[2:m]
		x1 := row1[1 : m-1]
		kk := k[i+2 : n]
		rr := r[i+2 : n]
		oo := out[i+2 : n]
		x1 = x1[:len(x0)]
		kk = kk[:len(x0)]
		rr = rr[:len(x0)]
		oo = oo[:len(x0)]
		for j := range x0 {
			kj, rj := kk[j], rr[j]
			pa0 := (x0[j] - a0*kj) * s
			pa1 := (x1[j] - a1*kj) * s
			x0[j], x1[j] = pa0, pa1
			s0 += pa0 * rj
			s1 += pa1 * rj
			oo[j] += r0*pa0 + r1*pa1
		}
		out[i] += s0
		out[i+1] += s1
	}
	if i < n {
		v := (p[off] - c*k[i]*k[i]) * s
		p[off] = v
		out[i] += v * r[i]
	}
}

// symv sets out += P r for packed upper P (used when no update is pending).
func symv(p []float64, n int, r, out []float64) {
	off := 0
	for i := 0; i < n; i++ {
		row := p[off : off+n-i]
		off += n - i
		ri := r[i]
		s := row[0] * ri
		rr := r[i+1 : n]
		oo := out[i+1 : n]
		x := row[1:]
		x = x[:len(rr)]
		oo = oo[:len(rr)]
		for j, v := range x {
			s += v * rr[j]
			oo[j] += ri * v
		}
		out[i] += s
	}
}

// unpack writes packed upper P into the full n×n row-major dst.
func unpack(dst []float64, p []float64, n int) {
	off := 0
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			v := p[off+j-i]
			dst[i*n+j] = v
			dst[j*n+i] = v
		}
		off += n - i
	}
}
