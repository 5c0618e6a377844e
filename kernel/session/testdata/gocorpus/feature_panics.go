// defer/recover and the run-time panics users know.
package main

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
)

type T struct{ X int }

func try(name string, f func()) {
	defer func() {
		r := recover()
		_, isRuntime := r.(runtime.Error)
		msg := fmt.Sprint(r)
		if i := strings.Index(msg, " ["); i > 0 && strings.HasPrefix(msg, "runtime error: index") {
			msg = msg[:i] // Go adds the index and length
		}
		fmt.Println(name, "->", msg, isRuntime)
	}()
	f()
}

func deferOrder() (s string) {
	defer func() { s += "1" }()
	defer func() { s += "2" }()
	return "0"
}

func main() {
	try("nil map", func() {
		var m map[string]int
		m["a"] = 1
	})
	try("nil pointer", func() {
		var p *T
		fmt.Println(p.X)
	})
	try("index", func() {
		s := []int{1, 2, 3}
		i := 5
		fmt.Println(s[i])
	})
	try("custom", func() { panic("boom") })
	try("error value", func() { panic(errors.New("bad")) })
	try("divide", func() {
		a, b := 1, 0
		fmt.Println(a / b)
	})
	fmt.Println(deferOrder())
	for i := 0; i < 3; i++ {
		defer fmt.Println("deferred", i)
	}
	fmt.Println("end of main")
}
