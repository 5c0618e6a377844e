// Known gap: errors.As/AsType through a compiled wrapper (fmt.Errorf's %w) to a
// cell-declared error type. The compiled wrapper holds the interpreter's own
// wrapper of the value, which a type assertion does not see through.
package main

import (
	"errors"
	"fmt"
)

type NotFound struct{ Name string }

func (e *NotFound) Error() string { return e.Name + ": not found" }

func main() {
	err := fmt.Errorf("lookup: %w", &NotFound{"x"})
	var nf *NotFound
	fmt.Println(errors.As(err, &nf))
	if nf != nil {
		fmt.Println(nf.Name)
	}
}
