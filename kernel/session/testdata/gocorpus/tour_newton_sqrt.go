package main

import "fmt"

func Sqrt(x float64) float64 {
	z := 1.0
	for i := 0; i < 10; i++ {
		z -= (z*z - x) / (2 * z)
	}
	return z
}

func main() {
	for _, v := range []float64{2, 9, 100} {
		fmt.Printf("%.6f\n", Sqrt(v))
	}
}
