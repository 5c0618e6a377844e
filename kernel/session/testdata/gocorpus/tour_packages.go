package main

import (
	"fmt"
	"math"
	"math/rand"
)

func main() {
	r := rand.New(rand.NewSource(42))
	fmt.Println("My favorite number is", r.Intn(10) >= 0)
	fmt.Printf("Now you have %g problems.\n", math.Sqrt(7))
	fmt.Println(math.Pi)
}
