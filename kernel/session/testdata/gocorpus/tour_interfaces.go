package main

import (
	"fmt"
	"math"
)

type Abser interface{ Abs() float64 }

type MyFloat float64

func (f MyFloat) Abs() float64 { return math.Abs(float64(f)) }

type Vertex struct{ X, Y float64 }

func (v *Vertex) Abs() float64 { return math.Sqrt(v.X*v.X + v.Y*v.Y) }

type I interface{ M() }

type T struct{ S string }

func (t *T) M() {
	if t == nil {
		fmt.Println("<nil>")
		return
	}
	fmt.Println(t.S)
}

func main() {
	var a Abser
	a = MyFloat(-2)
	fmt.Println(a.Abs())
	a = &Vertex{3, 4}
	fmt.Println(a.Abs())
	var i I
	var t *T
	i = t
	i.M()
	i = &T{"hello"}
	i.M()
}
