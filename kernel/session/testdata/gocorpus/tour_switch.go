package main

import "fmt"

func classify(n int) string {
	switch {
	case n < 0:
		return "negative"
	case n == 0:
		return "zero"
	case n < 10:
		return "small"
	default:
		return "large"
	}
}

func main() {
	for _, n := range []int{-5, 0, 3, 42} {
		fmt.Println(n, classify(n))
	}
	switch os := "linux"; os {
	case "darwin":
		fmt.Println("OS X.")
	case "linux":
		fmt.Println("Linux.")
		fallthrough
	case "plan9":
		fmt.Println("(fell through)")
	default:
		fmt.Printf("%s.\n", os)
	}
}
