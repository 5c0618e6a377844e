package rt

import (
	"fmt"
	"os"
	"reflect"
	"runtime"
	"strconv"
	"sync/atomic"
)

// ExitCode is the panic value of os.Exit in a cell; `petri script` exits with it.
type ExitCode int

// Symbols is the type of a compiled cell's symbol table, and Depth that of its
// recursion counters: named here so the generated code needs no predeclared name
// (a program may declare its own string or int64).
type (
	Symbols = map[string]reflect.Value
	Depth   = int64
)

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

// stop is set while the running cell is being stopped (interrupted, or by the
// session's watchdog); recursive compiled functions check it on every call.
var stop atomic.Pointer[error]

// Stop makes Enter panic with cause until Reset.
func Stop(cause error) { stop.Store(&cause) }

// Reset clears Stop (at the start of each cell).
func Reset() { stop.Store(nil) }

// MaxDepth bounds the calls of one recursive compiled function active at once: a
// million frames of up to a kilobyte stay inside Go's 1 GB stack, whose overflow no
// program survives.
const MaxDepth = 1 << 20

// DepthError is the panic of a compiled function called deeper than MaxDepth.
type DepthError struct{ Func string }

func (e DepthError) Error() string {
	return fmt.Sprintf("%s recursed %d calls deep: unbounded recursion? The cell was stopped before Go's fatal stack overflow", e.Func, MaxDepth)
}

// Enter counts a call of the recursive compiled function fn in depth (deferring
// Leave), panicking when it is too deep or the running cell is being stopped.
func Enter(depth *int64, fn string) {
	if atomic.AddInt64(depth, 1) > MaxDepth {
		atomic.AddInt64(depth, -1)
		panic(DepthError{fn})
	}
	if p := stop.Load(); p != nil {
		atomic.AddInt64(depth, -1)
		panic(*p)
	}
}

// Leave ends a call Enter counted.
func Leave(depth *int64) { atomic.AddInt64(depth, -1) }

// A Start is the goroutine a go statement of a compiled cell starts.
type Start struct {
	fn   string // the function holding the go statement
	line int
	cell int // the cell running when it started
}

type hooks struct {
	panicked func(v any, fn string, line, cell int)
	cell     func() int
}

var hook atomic.Pointer[hooks]

// SetHooks installs the session's reports: panicked receives a panic of a goroutine
// a compiled cell started (instead of the process dying), cell tells the running cell.
func SetHooks(panicked func(v any, fn string, line, cell int), cell func() int) {
	hook.Store(&hooks{panicked, cell})
}

// Started records where a go statement of a compiled cell runs; its Recover is
// deferred first in the new goroutine.
func Started() *Start {
	s := &Start{}
	if pc, _, line, ok := runtime.Caller(1); ok {
		s.line = line
		if f := runtime.FuncForPC(pc); f != nil {
			s.fn = f.Name()
		}
	}
	if h := hook.Load(); h != nil && h.cell != nil {
		s.cell = h.cell()
	}
	return s
}

// Recover reports a panic of the goroutine to the session, which fails the cell that
// started it; without a session it panics on, as Go would.
func (s *Start) Recover() {
	v := recover()
	if v == nil {
		return
	}
	if h := hook.Load(); h != nil && h.panicked != nil {
		h.panicked(v, s.fn, s.line, s.cell)
		return
	}
	panic(v)
}

var translate atomic.Pointer[func(any) any]

// SetTranslate installs how Translate turns a panic raised by interpreted code into
// the one Go would have raised (the interpreter panics inside reflect, with reflect's
// messages, where Go has runtime errors).
func SetTranslate(f func(any) any) { translate.Store(&f) }

// Translate is applied to what recover returns in compiled cells: a panic may come up
// from interpreted code they called.
func Translate(v any) any {
	if v == nil {
		return nil
	}
	if f := translate.Load(); f != nil {
		return (*f)(v)
	}
	return v
}
