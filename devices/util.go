package devices

import "sort"

func sortByValueDesc(idx []int, v []float64) {
	sort.SliceStable(idx, func(a, b int) bool { return v[idx[a]] > v[idx[b]] })
}
