//go:build !amd64 || purego

package culture

var useAVX2 = false

func euler(y, w, as, gs []float64, k *kernel, spk []int32) int {
	return eulerGo(y, w, as, gs, k, spk)
}
