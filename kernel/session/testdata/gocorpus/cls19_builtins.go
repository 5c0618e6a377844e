// Builtins and expressions the interpreter ran otherwise: new(expr) (Go 1.26), clear
// of a map with NaN keys, method expressions of interface types, make's panics as
// runtime errors.
package main

import (
	"fmt"
	"math"
	"strings"
)

type Shape interface{ Area() float64 }

type Square struct{ S float64 }

func (s Square) Area() float64 { return s.S * s.S }

func main() {
	p := new(42)
	x := [2]int{1, 2}
	q := new(x)
	q[0] = 9
	fmt.Println(*p, *q, x)
	m := map[float64]int{math.NaN(): 1, math.NaN(): 2, 3: 3}
	clear(m)
	fmt.Println(len(m))
	area := Shape.Area
	fmt.Println(area(Square{2}), Shape.Area(Square{3}))
	defer func() {
		e := recover().(error)
		fmt.Println(strings.Contains(e.Error(), "makeslice: len out of range"))
	}()
	n := -1
	_ = make([]int, n)
}
