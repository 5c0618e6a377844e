package main

import "fmt"

func main() {
	defer fmt.Println("world")
	fmt.Println("hello")
	fmt.Println("counting")
	for i := 0; i < 4; i++ {
		defer fmt.Println(i)
	}
	fmt.Println("done")
}
