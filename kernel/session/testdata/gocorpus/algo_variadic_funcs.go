package main

import "fmt"

func sum(nums ...int) int {
	total := 0
	for _, n := range nums {
		total += n
	}
	return total
}

func apply(fs []func(int) int, v int) []int {
	var out []int
	for _, f := range fs {
		out = append(out, f(v))
	}
	return out
}

func main() {
	fmt.Println(sum(), sum(1, 2), sum([]int{1, 2, 3}...))
	double := func(x int) int { return 2 * x }
	square := func(x int) int { return x * x }
	fmt.Println(apply([]func(int) int{double, square}, 7))
}
