// Package rt is what compiled cells call in place of the few things that would escape
// the session they run in: os.Exit (which would end the kernel), the process's
// standard output and error (which are not the cell's), and the print and println
// builtins (which write to the process's standard error, bypassing the cell's).
//
// The session rewrites a compiled cell's fmt.Print*, os.Stdout, os.Stderr, os.Exit,
// print and println into calls of this package, and sets where output goes with
// SetOutput before each cell. Nothing else should use it.
package rt
