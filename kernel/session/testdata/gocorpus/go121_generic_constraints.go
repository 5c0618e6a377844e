package main

import (
	"cmp"
	"fmt"
	"slices"
)

type Number interface {
	~int | ~int32 | ~int64 | ~float32 | ~float64
}

func SumNumbers[K comparable, V Number](m map[K]V) V {
	var s V
	for _, v := range m {
		s += v
	}
	return s
}

type Ordered[T any] interface {
	Less(T) bool
}

type Version struct{ Major, Minor int }

func (v Version) Less(o Version) bool {
	return cmp.Or(cmp.Compare(v.Major, o.Major), cmp.Compare(v.Minor, o.Minor)) < 0
}

func Smallest[T Ordered[T]](xs []T) T {
	m := xs[0]
	for _, x := range xs[1:] {
		if x.Less(m) {
			m = x
		}
	}
	return m
}

func main() {
	fmt.Println(SumNumbers(map[string]int64{"a": 34, "b": 12}))
	fmt.Println(SumNumbers(map[string]float64{"a": 35.98, "b": 26.99}))
	fmt.Println(Smallest([]Version{{1, 2}, {0, 9}, {1, 0}}))
	fmt.Println(slices.Max([]float64{2.5, 9.1, 3}))
}
