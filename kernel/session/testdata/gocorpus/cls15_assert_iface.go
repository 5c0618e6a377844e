package main

import (
	"fmt"
	"strings"
)

type E struct{ msg string }

func (e E) Error() string { return e.msg }

type S struct{}

func (S) String() string { return "S" }

func kind(v any) string {
	switch v.(type) {
	case error:
		return "error"
	case fmt.Stringer:
		return "stringer"
	}
	return "other"
}

func main() {
	var x any = E{"boom"}
	_, ok := x.(error)
	fmt.Println(ok, kind(x), kind(S{}))
	// Without ok: a value that implements the interface passes, one that does not
	// panics.
	e := x.(error)
	fmt.Println(e, any(S{}).(fmt.Stringer))
	defer func() {
		err := recover().(error)
		fmt.Println(strings.Contains(err.Error(), "is not fmt.Stringer"))
	}()
	_ = x.(fmt.Stringer)
}
