// iter.Pull: values pulled one by one, an early stop, and a panic of the sequence
// reaching the caller of next (the interpreter runs the sequence in a goroutine; a
// panic there used to end the process).
package main

import (
	"fmt"
	"iter"
)

func count(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; i < n; i++ {
			if !yield(i) {
				return
			}
		}
	}
}

func pullAll() {
	next, stop := iter.Pull(count(3))
	defer stop()
	for {
		v, ok := next()
		if !ok {
			break
		}
		fmt.Println("pulled", v)
	}
}

func pullPanic() {
	defer func() { fmt.Println("recovered:", recover()) }()
	var seq iter.Seq[int] = func(yield func(int) bool) {
		yield(1)
		panic("boom in seq")
	}
	next, stop := iter.Pull(seq)
	defer stop()
	fmt.Println(next())
	fmt.Println(next())
}

func main() {
	pullAll()
	next, stop := iter.Pull(count(10))
	fmt.Println(next())
	stop()
	fmt.Println(next())
	pullPanic()
	fmt.Println("end")
}
