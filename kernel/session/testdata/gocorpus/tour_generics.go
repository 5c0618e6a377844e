package main

import "fmt"

func Index[T comparable](s []T, x T) int {
	for i, v := range s {
		if v == x {
			return i
		}
	}
	return -1
}

type List[T any] struct {
	next *List[T]
	val  T
}

func (l *List[T]) Push(v T) *List[T] { return &List[T]{next: l, val: v} }

func (l *List[T]) All() []T {
	var out []T
	for n := l; n != nil; n = n.next {
		out = append(out, n.val)
	}
	return out
}

func main() {
	si := []int{10, 20, 15, -10}
	fmt.Println(Index(si, 15))
	ss := []string{"foo", "bar", "baz"}
	fmt.Println(Index(ss, "hello"))
	var l *List[string]
	l = l.Push("a").Push("b").Push("c")
	fmt.Println(l.All())
}
