package culture

import "math"

// kernel holds the constants of one Euler step in the order the assembly
// kernel reads them (see eulerGo for their meaning).
type kernel struct {
	e, ca, cg, c1, cu, ypeak float64
}

// eulerGo is the portable Euler step over all (padded) neurons, in the
// scaled variables of the package documentation (y, w, and the lazily
// decayed as, gs); it returns the number of neurons that crossed the
// threshold, whose indices it writes to spk in ascending order. Products
// and sums are rounded exactly as the AVX2/FMA kernel rounds them
// (math.FMA is one rounding, like VFMADD; the explicit conversion forbids
// any other fusion), so that both agree bit for bit:
//
//	t   = ((as·ca − w·e) − gs·cg)      (ca, cg carry the lazy decay)
//	y'  = (y + c1)·y + t
//	w'  = w·cu + y
func eulerGo(y, w, as, gs []float64, k *kernel, spk []int32) int {
	w = w[:len(y)]
	as = as[:len(y)]
	gs = gs[:len(y)]
	ns := 0
	for i := range y {
		yi, wi := y[i], w[i]
		t := math.FMA(as[i], k.ca, -float64(wi*k.e))
		t = math.FMA(-gs[i], k.cg, t)
		ny := math.FMA(float64(yi+k.c1), yi, t)
		w[i] = math.FMA(wi, k.cu, yi)
		y[i] = ny
		if ny > k.ypeak {
			spk[ns] = int32(i)
			ns++
		}
	}
	return ns
}
