package modern

import (
	"fmt"
	"reflect"
	"strings"
)

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

// Plain returns v: a cell's value passed to it arrives as the value itself, not as
// the interpreter's bookkeeping of a value held in an interface (see printview.go).
func Plain(v any) any { return v }

// Held returns v, or fails the cell when v is the interpreter's bookkeeping of a
// value held in an interface (which the standard library would show as a struct of
// pointers): what a view could not convert (see printview.go).
func Held(v any) any {
	if t := reflect.TypeOf(v); t != nil && t.Name() == "valueInterface" && strings.HasSuffix(t.PkgPath(), "yaegi/interp") {
		panic("a value of a type declared in a cell, held in an interface inside the value passed to fmt or encoding/json, " +
			"cannot be shown: the interpreter cannot tell its type from another cell type with the same fields; " +
			"give one of the types a field of its own, or pass the value itself")
	}
	return v
}
