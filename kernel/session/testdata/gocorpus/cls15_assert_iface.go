package main

import "fmt"

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
}
