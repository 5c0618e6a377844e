// Go 1.22: range over an integer.
package main

import "fmt"

type Count int

func squares(n int) []int {
	var out []int
	for i := range n {
		out = append(out, i*i)
	}
	return out
}

func main() {
	for i := range 3 {
		fmt.Println("i =", i)
	}
	n := 0
	for range 5 {
		n++
	}
	fmt.Println("n =", n)
	fmt.Println(squares(4))
	var c Count = 3
	for i := range c {
		fmt.Println(i)
	}
	var u uint8 = 2
	for i := range u {
		fmt.Println(i)
	}
	// The bound is evaluated once; changing i does not change the iterations.
	m := 3
	for i := range m {
		m = 10
		i += 100
		fmt.Print(i, " ")
	}
	fmt.Println()
	var j int
	for j = range 4 {
	}
	fmt.Println("j =", j)
outer:
	for i := range 3 {
		for k := range 3 {
			if k == 2 {
				continue outer
			}
			if i == 2 {
				break outer
			}
			fmt.Print(i, k, ";")
		}
	}
	fmt.Println()
	for i := range len("héllo") {
		fmt.Print(i)
	}
	fmt.Println()
}
