package main

import "fmt"

func main() {
	ch := make(chan int, 2)
	ch <- 5
	close(ch)
	v, ok := <-ch
	fmt.Println(v, ok)
	_, ok = <-ch
	fmt.Println(ok)
	x := 1
	{
		x := 2
		x++
		fmt.Println("inner", x)
	}
	fmt.Println("outer", x)
	for i := 0; i < 2; i++ {
		x := i * 10
		_ = x
	}
	fmt.Println("after", x)
}
