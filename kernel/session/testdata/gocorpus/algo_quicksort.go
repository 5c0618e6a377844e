package main

import "fmt"

func quicksort(a []int) []int {
	if len(a) < 2 {
		return a
	}
	pivot := a[len(a)/2]
	var less, equal, greater []int
	for _, v := range a {
		switch {
		case v < pivot:
			less = append(less, v)
		case v == pivot:
			equal = append(equal, v)
		default:
			greater = append(greater, v)
		}
	}
	out := append(quicksort(less), equal...)
	return append(out, quicksort(greater)...)
}

func main() {
	fmt.Println(quicksort([]int{9, 3, 7, 1, 8, 2, 5, 3}))
}
