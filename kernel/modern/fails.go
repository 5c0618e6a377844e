package modern

// Compiled helpers of the rewrites that make the standard library print a cell's
// values as Go does, or fail the cell where they cannot (printfmt.go, jsonfields.go).

// Fail fails the cell with msg: it stands for an argument whose call would run with
// another meaning than Go's.
func Fail(msg string) any { panic(msg) }

// TypeName is what %T prints for v, a value of a cell's type: the name Go gives its
// type (main.Celsius), which the interpreter does not have.
func TypeName(v any, name string) string { return name }
