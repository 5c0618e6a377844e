package modern

import "fmt"

// Compiled helpers of the rewrites that make the standard library print a cell's
// values as Go does, or fail the cell where they cannot (printfmt.go, jsonfields.go).

// Fail fails the cell with msg: it stands for an argument whose call would run with
// another meaning than Go's.
func Fail(msg string) any { panic(msg) }

// TypeName is what %T prints for v, a value of a cell's type: the name Go gives its
// type (main.Celsius), which the interpreter does not have.
func TypeName(v any, name string) string { return name }

// An AssertionError is the panic of a failed type assertion x.(I) in a cell.
type AssertionError struct{ msg string }

func (e AssertionError) Error() string { return e.msg }

// RuntimeError marks e as a runtime.Error.
func (AssertionError) RuntimeError() {}

// AssertPanic panics as Go does when x does not implement the interface target.
func AssertPanic(x any, target string) {
	if x == nil {
		panic(AssertionError{"interface conversion: interface is nil, not " + target})
	}
	panic(AssertionError{fmt.Sprintf("interface conversion: %T is not %s", Self(x), target)})
}
