package main

import "fmt"

func two() (int, string) { return 3, "three" }

func grow(s []int) ([]int, bool) {
	var ok bool
	s, ok = append(s, 1), true
	return s, ok
}

func main() {
	var s []int
	n := 0
	n, s = 1, append(s, 10)
	fmt.Println(n, s)
	ok := false
	s, ok = append(s, 20), true
	fmt.Println(s, ok)
	a, b := 1, 2
	a, b = b, a
	fmt.Println(a, b)
	xs := []int{1, 2, 3}
	i := 0
	i, xs[i] = 1, 9
	fmt.Println(i, xs)
	g, h := two()
	fmt.Println(g, h)
	fmt.Println(grow(nil))
	p, q := len(s), append(s, 30)
	fmt.Println(p, q)
}
