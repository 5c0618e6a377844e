// A var declaration in main's body that uses a variable an earlier statement
// defines (the cell splitter runs declarations first; the session moves such a var
// back among the statements).
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
