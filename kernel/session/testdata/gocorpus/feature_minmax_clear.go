// Go 1.21: the min, max and clear builtins.
package main

import (
	"fmt"
	"math"
)

type Celsius float64

const smallest = min(3, 1, 2)

func main() {
	fmt.Println(min(3, 1, 2), max(3, 1, 2))
	fmt.Println(min(2.5, 1), max(2.5, 1))
	x, y := 7, 4
	fmt.Println(min(x, y), max(x, y, 10))
	a, b := 1.5, -2.25
	fmt.Println(min(a, b), max(a, b))
	fmt.Println(min("pear", "apple", "fig"), max("pear", "apple", "fig"))
	var c Celsius = 21.5
	fmt.Println(max(c, 30))
	fmt.Println(smallest, min(x, 2))
	fmt.Println(math.IsNaN(min(math.NaN(), 1.0)), max(math.Inf(-1), a))
	m := map[string]int{"a": 1, "b": 2}
	clear(m)
	fmt.Println(len(m), m)
	s := []int{1, 2, 3}
	clear(s)
	fmt.Println(len(s), s)
	type point struct{ X, Y int }
	ps := []point{{1, 2}, {3, 4}}
	clear(ps[1:])
	fmt.Println(ps)
	total := 0
	for i := range 5 {
		total += min(i, 2)
	}
	fmt.Println(total)
}
