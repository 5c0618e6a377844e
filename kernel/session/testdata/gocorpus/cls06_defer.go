package main

import "fmt"

func run() {
	x := 1
	defer fmt.Println("deferred x =", x)
	x = 2
	for i := 0; i < 3; i++ {
		defer func() { fmt.Println("closure i =", i) }()
	}
	for i := 0; i < 3; i++ {
		defer fmt.Println("arg i =", i)
	}
	s := []int{1}
	defer fmt.Println("slice", s, len(s))
	s = append(s, 2)
	fmt.Println("x now", x)
}

type T struct{ n int }

func (t T) show() { fmt.Println("T.show", t.n) }

func methods() {
	t := T{1}
	defer t.show()
	t.n = 2
}

func main() {
	run()
	methods()
}
