// Known gap: %T of a cell-declared type. The interpreter represents named types
// by their underlying reflect type, so %T prints float64 for Celsius.
package main

import "fmt"

type Celsius float64

type Point struct{ X, Y int }

func main() {
	fmt.Printf("%T %T\n", Celsius(1), Point{})
}
