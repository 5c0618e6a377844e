package main

import (
	"fmt"
	"math/cmplx"
)

var c, python, java bool

var (
	ToBe   bool       = false
	MaxInt uint64     = 1<<64 - 1
	z      complex128 = cmplx.Sqrt(-5 + 12i)
)

const Pi = 3.14

const (
	Big   = 1 << 100
	Small = Big >> 99
)

func needFloat(x float64) float64 { return x * 0.1 }

func main() {
	var i int
	fmt.Println(i, c, python, java)
	fmt.Printf("Type: %T Value: %v\n", ToBe, ToBe)
	fmt.Printf("Type: %T Value: %v\n", MaxInt, MaxInt)
	fmt.Printf("Type: %T Value: %v\n", z, z)
	var f float64
	var s string
	fmt.Printf("%v %v %q\n", i, f, s)
	x, y := 3, 4
	h := float64(x*x + y*y)
	fmt.Println(x, y, h)
	fmt.Println("Happy", Pi, "Day", Small, needFloat(Big))
}
