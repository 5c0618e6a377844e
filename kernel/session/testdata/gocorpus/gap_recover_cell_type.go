// Known gap: a type assertion on a recovered value of a cell-declared type.
package main

import "fmt"

type E struct{ Code int }

func main() {
	defer func() {
		r := recover()
		if e, ok := r.(E); ok {
			fmt.Println("E", e.Code)
			return
		}
		fmt.Println("other", r)
	}()
	panic(E{3})
}
