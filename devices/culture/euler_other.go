//go:build !amd64 || purego

package culture

const useAVX2 = false

func euler(v, u, ia, ig []float64, k *kernel, spk []int32) int {
	return eulerGo(v, u, ia, ig, k, spk)
}
