// Known gap (session, not modern Go): a top-level var declaration in main's body
// that uses a variable defined by an earlier statement. The cell splitter runs a
// cell's declarations before its statements.
package main

import "fmt"

type Pet interface{ Name() string }

type Dog struct{}

func (Dog) Name() string { return "rex" }

func main() {
	d := Dog{}
	var p Pet = d
	fmt.Println(p.Name())
}
