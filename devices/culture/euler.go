package culture

// kernel holds the constants of the Euler step in the order the assembly
// kernel reads them.
type kernel struct {
	vref, vthr, ck, cv, cu, cub, da, dg, vpeak float64
}

// eulerGo is the portable Euler step over all (padded) neurons; it returns
// the number of neurons that crossed VPeak, whose indices it writes to spk
// in ascending order. The explicit float64 conversions forbid fused
// multiply-adds, so that this and the AVX2 kernel agree bit for bit:
//
//	x   = v − vref
//	v' = v + (ck·x)·(v − vthr) + cv·((IA − IG) − u)
//	u' = cu·u + cub·x
//	IA' = da·IA, IG' = dg·IG
func eulerGo(v, u, ia, ig []float64, k *kernel, spk []int32) int {
	u = u[:len(v)]
	ia = ia[:len(v)]
	ig = ig[:len(v)]
	ns := 0
	for i := range v {
		vi, a, g, ui := v[i], ia[i], ig[i], u[i]
		x := vi - k.vref
		nv := float64(vi+float64(float64(x*k.ck)*(vi-k.vthr))) + float64(k.cv*float64(float64(a-g)-ui))
		u[i] = float64(k.cu*ui) + float64(k.cub*x)
		ia[i] = a * k.da
		ig[i] = g * k.dg
		v[i] = nv
		if nv > k.vpeak {
			spk[ns] = int32(i)
			ns++
		}
	}
	return ns
}
