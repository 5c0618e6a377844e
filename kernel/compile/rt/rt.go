package rt

import (
	"fmt"
	"os"
	"strconv"
	"sync/atomic"
)

// ExitCode is the panic value of os.Exit in a cell; `petri script` exits with it.
type ExitCode int

func (c ExitCode) Error() string {
	return "os.Exit(" + strconv.Itoa(int(c)) + ") called in a cell; the kernel keeps running"
}

// Exit panics with ExitCode(code), so os.Exit in a cell ends the cell, not the kernel.
func Exit(code int) { panic(ExitCode(code)) }

type streams struct{ out, err *os.File }

var current atomic.Pointer[streams]

// SetOutput directs the output of compiled cells to stdout and stderr.
func SetOutput(stdout, stderr *os.File) { current.Store(&streams{stdout, stderr}) }

// Stdout is the running cell's os.Stdout.
func Stdout() *os.File {
	if s := current.Load(); s != nil && s.out != nil {
		return s.out
	}
	return os.Stdout
}

// Stderr is the running cell's os.Stderr.
func Stderr() *os.File {
	if s := current.Load(); s != nil && s.err != nil {
		return s.err
	}
	return os.Stderr
}

// Print is fmt.Print to the cell's standard output.
func Print(a ...any) (int, error) { return fmt.Fprint(Stdout(), a...) }

// Println is fmt.Println to the cell's standard output.
func Println(a ...any) (int, error) { return fmt.Fprintln(Stdout(), a...) }

// Printf is fmt.Printf to the cell's standard output.
func Printf(format string, a ...any) (int, error) { return fmt.Fprintf(Stdout(), format, a...) }
