package main

import "fmt"

type point struct{ x, y int }

func main() {
	p := point{1, 2}
	fmt.Printf("%v %+v %#v\n", p, p, p)
	fmt.Printf("%T\n", 1.5)
	fmt.Printf("%t %d %b %c %x %o\n", true, 123, 14, 33, 456, 8)
	fmt.Printf("%f %.2f %e %g\n", 78.9, 78.9, 123400000.0, 0.000012)
	fmt.Printf("%s %q %x\n", "string", "quoted", "hex this")
	fmt.Printf("|%6d|%-6d|%06d|\n", 12, 12, 12)
	fmt.Printf("|%6.2f|%-8s|%8s|\n", 1.2, "left", "right")
	s := fmt.Sprintf("a %s", "string")
	fmt.Println(s, len(s))
	fmt.Printf("%v %v %v\n", []int{1, 2}, map[string]int{"z": 1, "a": 2}, [2]bool{true, false})
	fmt.Printf("%5.1f%%\n", 99.5)
	var ip *int
	fmt.Println(ip == nil, fmt.Sprint("a", 1, 2, "b"), fmt.Sprintln("x", 3))
}
