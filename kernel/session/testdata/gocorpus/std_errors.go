package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

var ErrNotFound = errors.New("not found")

func find(k string) error {
	if k == "" {
		return fmt.Errorf("find %q: %w", k, ErrNotFound)
	}
	return nil
}

func main() {
	err := find("")
	fmt.Println(err, errors.Is(err, ErrNotFound), errors.Unwrap(err) == ErrNotFound)
	fmt.Println(find("x"))
	_, err = os.Open("/no/such/file")
	var pe *os.PathError
	fmt.Println(errors.As(err, &pe), pe.Op, errors.Is(err, os.ErrNotExist))
	joined := errors.Join(io.EOF, ErrNotFound)
	fmt.Println(errors.Is(joined, io.EOF), joined)
}
