// Go 1.23: range over functions — user-defined iterators, with break, continue,
// return and labels in the loop body.
package main

import (
	"fmt"
	"iter"
)

func Count(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; i < n; i++ {
			if !yield(i) {
				return
			}
		}
	}
}

func Pairs(words []string) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		for i, w := range words {
			if !yield(i, w) {
				fmt.Println("  (stopped early)")
				return
			}
		}
	}
}

type List struct {
	items []string
}

func (l *List) All() iter.Seq[string] {
	return func(yield func(string) bool) {
		for _, s := range l.items {
			if !yield(s) {
				return
			}
		}
	}
}

func fib(yield func(int) bool) {
	a, b := 0, 1
	for {
		if !yield(a) {
			return
		}
		a, b = b, a+b
	}
}

func firstOver(limit int) int {
	for v := range fib {
		if v > limit {
			return v
		}
	}
	return -1
}

func find(words []string, w string) (idx int, ok bool) {
	for i, s := range Pairs(words) {
		if s == w {
			return i, true
		}
	}
	return -1, false
}

func main() {
	for i := range Count(3) {
		fmt.Println("count", i)
	}
	for i, w := range Pairs([]string{"a", "b", "c", "d"}) {
		if i == 1 {
			continue
		}
		if w == "d" {
			break
		}
		fmt.Println(i, w)
	}
	l := &List{items: []string{"x", "y"}}
	for s := range l.All() {
		fmt.Println("item", s)
	}
	fmt.Println(firstOver(100))
	fmt.Println(find([]string{"go", "is", "fun"}, "is"))
	fmt.Println(find([]string{"go"}, "rust"))
	sum := 0
	for v := range fib {
		if v > 50 {
			break
		}
		sum += v
	}
	fmt.Println("sum", sum)
outer:
	for i := range Count(4) {
		for j := range Count(4) {
			if j > i {
				continue outer
			}
			if i == 3 {
				break outer
			}
			fmt.Print(i, j, " ")
		}
	}
	fmt.Println()
	var funcs []func() int
	for i := range Count(3) {
		funcs = append(funcs, func() int { return i * 10 })
	}
	for _, f := range funcs {
		fmt.Print(f(), " ")
	}
	fmt.Println()
	var k int
	for k = range Count(5) {
	}
	fmt.Println("last", k)
	for range Count(2) {
		fmt.Println("tick")
	}
}
