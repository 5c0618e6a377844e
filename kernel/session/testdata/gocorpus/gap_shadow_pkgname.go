// Known gap (session, not modern Go): a variable named like a standard package
// (flag, path, ...) declared by a var in main's body: the statements that use it
// get that package auto-imported, which clashes with the variable.
package main

import "fmt"

func main() {
	var flag bool
	flag = !flag
	fmt.Println(flag)
}
