package main

import "fmt"

func search(a []int, x int) int {
	lo, hi := 0, len(a)-1
	for lo <= hi {
		mid := (lo + hi) / 2
		switch {
		case a[mid] == x:
			return mid
		case a[mid] < x:
			lo = mid + 1
		default:
			hi = mid - 1
		}
	}
	return -1
}

func main() {
	a := []int{1, 3, 5, 7, 9, 11}
	for _, x := range []int{7, 1, 11, 4} {
		fmt.Println(x, search(a, x))
	}
}
