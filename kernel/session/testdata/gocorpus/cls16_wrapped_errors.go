// errors.Is, errors.As and errors.AsType with cell-declared error types: through
// fmt.Errorf's %w (a compiled wrapper), a custom Unwrap method.
package main

import (
	"errors"
	"fmt"
)

type NotFound struct{ Name string }

func (e *NotFound) Error() string { return e.Name + ": not found" }

var ErrBase = errors.New("base")

type Wrapped struct{ err error }

func (w Wrapped) Error() string { return "wrapped: " + w.err.Error() }
func (w Wrapped) Unwrap() error { return w.err }

func main() {
	err := fmt.Errorf("lookup: %w", &NotFound{"x"})
	var nf *NotFound
	fmt.Println(errors.As(err, &nf))
	if nf != nil {
		fmt.Println(nf.Name)
	}
	if e, ok := errors.AsType[*NotFound](fmt.Errorf("again: %w", &NotFound{"y"})); ok {
		fmt.Println("as type:", e.Name)
	}
	w := Wrapped{ErrBase}
	fmt.Println(errors.Is(w, ErrBase), errors.Is(fmt.Errorf("outer: %w", w), ErrBase))
	fmt.Println(errors.Is(nil, ErrBase), errors.Is(err, ErrBase))
	var other *NotFound
	fmt.Println(errors.As(w, &other), other == nil)
}
