// Values recovered from a panic keep their types: type assertions to string, error,
// a cell's struct type (with and without methods) on what recover returns.
package main

import (
	"errors"
	"fmt"
)

type E struct{ Code int }

type M struct {
	N int
	S string
}

func (m M) Error() string { return fmt.Sprint("M", m.N, m.S) }

func try(v any) {
	defer func() {
		r := recover()
		if s, ok := r.(string); ok {
			fmt.Println("string", s)
		}
		if e, ok := r.(error); ok {
			fmt.Println("error", e)
		}
		if e, ok := r.(E); ok {
			fmt.Println("E", e.Code)
		}
		if m, ok := r.(M); ok {
			fmt.Println("M", m.N)
		}
		switch x := r.(type) {
		case int:
			fmt.Println("int", x)
		case E:
			fmt.Println("switch E", x.Code)
		}
	}()
	panic(v)
}

func main() {
	try("boom")
	try(errors.New("x"))
	try(E{3})
	try(M{4, "m"})
	try(5)
	defer func() {
		r := recover()
		if e, ok := r.(E); ok {
			fmt.Println("E direct", e.Code)
			return
		}
		fmt.Println("other", r)
	}()
	panic(E{6})
}
