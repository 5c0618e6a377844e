package main

import "fmt"

type Point struct{ X, Y int }

type Path struct {
	Name   string
	Points []Point
}

func move(p Point) Point {
	p.X++
	return p
}

func main() {
	a := Point{1, 2}
	b := a
	b.X = 10
	fmt.Println(a, b, move(a), a)
	arr := [3]int{1, 2, 3}
	arr2 := arr
	arr2[0] = 100
	fmt.Println(arr, arr2)
	p1 := Path{"p", []Point{{0, 0}}}
	p2 := p1
	p2.Points[0].X = 5
	p2.Name = "q"
	fmt.Println(p1, p2)
	m := map[string]Point{"a": {1, 1}}
	pt := m["a"]
	pt.Y = 9
	m["a"] = pt
	fmt.Println(m)
	fmt.Println(a == Point{1, 2})
}
