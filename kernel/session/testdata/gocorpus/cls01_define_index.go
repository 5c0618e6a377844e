package main

import (
	"fmt"
	"strings"
)

func MaxOf[T int | float64](a, b T) T {
	if a > b {
		return a
	}
	return b
}

func main() {
	ws := strings.Fields("a b c")
	v := ws[1]
	fmt.Println(v)
	w := ws[1] + "x"
	fmt.Println(w)
	s := "hello"
	c := s[1]
	fmt.Println(c)
	f := MaxOf[float64]
	fmt.Println(f(1.5, 2.5))
	parts := strings.Split("x,y,z", ",")
	var second = parts[1]
	fmt.Println(second)
	m := map[string][]int{"a": {1, 2, 3}}
	x := m["a"][2]
	fmt.Println(x)
}
