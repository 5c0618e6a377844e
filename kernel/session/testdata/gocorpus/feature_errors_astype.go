// errors.AsType (Go 1.26), errors.Is/As with cell-declared error types.
package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

type NotFound struct{ Name string }

func (e *NotFound) Error() string { return e.Name + ": not found" }

var ErrClosed = errors.New("closed")

func lookup(name string) error {
	if name == "" {
		return fmt.Errorf("lookup: %w", ErrClosed)
	}
	return &NotFound{name}
}

func main() {
	err := lookup("x")
	fmt.Println(err)
	if nf, ok := errors.AsType[*NotFound](err); ok {
		fmt.Println("as type:", nf.Name)
	}
	var nf *NotFound
	fmt.Println(errors.As(err, &nf), nf.Name)
	fmt.Println(errors.Is(lookup(""), ErrClosed), errors.Is(err, ErrClosed))
	_, err = os.Open("/does/not/exist")
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		fmt.Println(pe.Op, pe.Path)
	}
	fmt.Println(errors.Join(errors.New("a"), errors.New("b")))
}
