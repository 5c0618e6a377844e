// Package session runs notebook cells in a yaegi interpreter that keeps its state
// between cells.
//
// A Session is what a kernel, `petri run` and `petri script` share: New preloads the
// standard library, gonum, gonum/plot and petri's packages; Execute runs one cell and
// returns its result (the value of a last expression, in text and rich form) or an
// error that points at the cell's own line and column. Output written by the cell
// (fmt.Print*, os.Stdout, os.Stderr, display.*) goes to the Sink given to Execute.
//
// Cell semantics, each pinned by a program in testdata/:
//   - imports, declarations and statements mix in any order; importing twice is fine;
//   - standard packages used without an import are imported on first use;
//   - functions and variables may be redefined by later cells; a type may be
//     redeclared only with the same definition (the interpreter cannot change a type
//     in place), otherwise the cell fails and says what to do;
//   - `ctx` is a context.Context cancelled when the cell is interrupted;
//   - a panic, in the cell or in a goroutine it started, fails the cell with the
//     panic value and where it happened, and the session lives on;
//   - the functions, types and methods a cell declares run compiled (a Go plugin
//     built by package compile) when everything they use is visible to compiled
//     code; statements and variables stay interpreted (compiled.go, Options.Compile,
//     the //petri:compile and //petri:interpret directives).
package session
