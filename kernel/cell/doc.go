// Package cell turns the source of a notebook cell into Go the interpreter can run.
//
// A cell may mix imports, declarations and statements in any order, as people write
// Go in notebooks:
//
//	import "fmt"
//	func square(x int) int { return x * x }
//	fmt.Println(square(3))
//
// Split cuts a cell into top-level segments (imports, declarations, statements) by
// scanning its tokens. Parse then builds three Go sources from them — the imports, the
// package-level declarations, and the statements wrapped in a function body — each
// holding its segments at their original byte offsets, every other byte blanked and a
// //line directive in front, so every position the parser or the interpreter reports
// is the cell's own line and column.
//
// Package cell knows nothing about the interpreter; the session decides what to do
// with the parsed parts (auto-imports, redeclarations, the value of the last
// expression).
package cell
