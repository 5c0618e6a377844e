package session

import (
	"context"
	"errors"
	"fmt"
	"go/scanner"
	"regexp"
	"runtime"
	"strings"

	"github.com/traefik/yaegi/interp"

	"github.com/petri-mea/petri/kernel/modern"
)

// CompileError is a cell that does not compile (or parse). Msg starts with the cell's
// own position, e.g. "cell[3]:2:5: undefined: x".
type CompileError struct{ Msg string }

func (e *CompileError) Error() string { return e.Msg }

func compileError(err error) error {
	var list scanner.ErrorList
	if errors.As(err, &list) {
		msgs := make([]string, 0, len(list))
		for _, e := range list {
			msgs = append(msgs, e.Error())
		}
		return &CompileError{Msg: cleanPositions(strings.Join(msgs, "\n"))}
	}
	return &CompileError{Msg: cleanPositions(err.Error())}
}

// cleanPositions turns "cell[3]/_.go:2:5" into "cell[3]:2:5".
func cleanPositions(s string) string {
	return strings.ReplaceAll(s, "/"+interp.DefaultSourceName+":", ":")
}

// CallError is a cell whose last expression, a call returning (value, error),
// returned an error.
type CallError struct {
	Pos string
	Err error
}

func (e *CallError) Error() string { return e.Pos + ": " + e.Err.Error() }

func (e *CallError) Unwrap() error { return e.Err }

// PanicError is a cell, or a goroutine it started, that panicked.
type PanicError struct {
	Value any
	// Where is the position of the panic in the cell, when the interpreter knows it,
	// or of the go statement that started the panicking goroutine.
	Where string
	// Goroutine is set when the panic happened in a goroutine the cell started.
	Goroutine bool
	// Trace is the interpreted stack, innermost frame first.
	Trace []Frame
	// Stack is the compiled (Go) part of the stack, for panics inside compiled code.
	Stack string
}

// Frame is one interpreted stack frame: a function of a cell ("" for the cell's own
// top level) and a position in a cell.
type Frame struct{ Pos, Func string }

func (e *PanicError) Error() string {
	var b strings.Builder
	b.WriteString("panic: ")
	fmt.Fprint(&b, e.Value)
	if err, ok := e.Value.(error); ok {
		var re runtime.Error
		if errors.As(err, &re) {
			b.WriteString(" [recovered]")
			b.Reset()
			fmt.Fprintf(&b, "panic: runtime error: %s", strings.TrimPrefix(err.Error(), "runtime error: "))
		}
	}
	switch {
	case e.Goroutine:
		fmt.Fprintf(&b, "\n\tin a goroutine started at %s", e.Where)
	case len(e.Trace) > 0:
		for _, f := range e.Trace {
			if f.Func != "" {
				fmt.Fprintf(&b, "\n\tat %s (%s)", f.Func, f.Pos)
			} else {
				fmt.Fprintf(&b, "\n\tat %s", f.Pos)
			}
		}
	case e.Where != "":
		fmt.Fprintf(&b, "\n\tat %s", e.Where)
	}
	return b.String()
}

// InterruptError is a cell stopped by an interrupt (or its context's cancellation).
type InterruptError struct {
	Cause error
	// Stuck names the compiled function still running when the cell was given up on,
	// if any: it ignores ctx, runs on in the background, and its results are dropped.
	Stuck string
}

func (e *InterruptError) Error() string {
	msg := "interrupted"
	if e.Cause != nil && !errors.Is(e.Cause, context.Canceled) {
		msg += ": " + e.Cause.Error()
	}
	if e.Stuck != "" {
		msg += fmt.Sprintf("; compiled code (%s) did not stop and keeps running in the background: "+
			"its output and results are discarded. Pass ctx to long-running calls so they can stop.", e.Stuck)
	}
	return msg
}

func isInterrupt(err error) bool {
	var ie *InterruptError
	return errors.As(err, &ie)
}

// panicPos matches the position yaegi reports for a panicking node.
var panicPos = regexp.MustCompile(`(cell\[\d+\]:\d+:\d+)`)

func panicError(err error) error {
	if err == nil {
		return nil
	}
	var p interp.Panic
	if errors.As(err, &p) {
		// The interpreter panics with reflect's messages where Go has runtime errors
		// ("reflect: slice index out of range"); say what Go would say.
		pe := &PanicError{Value: modern.Translate(p.Value)}
		if m := panicPos.FindString(cleanPositions(fmt.Sprint(p.Value))); m != "" {
			pe.Where = m
		}
		pe.Stack = compiledFrames(p.Stack)
		return pe
	}
	if strings.Contains(err.Error(), "cell[") {
		return &CompileError{Msg: cleanPositions(err.Error())}
	}
	return err
}

// compiledFrames keeps the frames of a Go stack that are neither the runtime nor the
// interpreter: the compiled functions a cell called into.
func compiledFrames(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	var out []string
	for i := 0; i+1 < len(lines); i++ {
		fn := lines[i]
		if strings.HasPrefix(fn, "\t") || fn == "" || strings.HasPrefix(fn, "goroutine ") {
			continue
		}
		if strings.HasPrefix(fn, "runtime.") || strings.HasPrefix(fn, "runtime/debug.") || strings.HasPrefix(fn, "panic(") ||
			strings.Contains(fn, "traefik/yaegi") || strings.Contains(fn, "reflect.") ||
			strings.Contains(fn, "petri/kernel/session") || strings.Contains(fn, "petri/kernel/modern.") {
			continue
		}
		out = append(out, fn, lines[i+1])
	}
	return strings.Join(out, "\n")
}

// runningCells counts the goroutines running a cell of interpreter in, and names the
// compiled function at the top of one of them. (Goroutine stacks name the interpreter
// by its address in the Execute frame.)
func runningCells(in *interp.Interpreter) (n int, top string) {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	self := fmt.Sprintf("interp.(*Interpreter).Execute(%p", in)
	for _, g := range strings.Split(string(buf), "\n\n") {
		if !strings.Contains(g, "interp.(*Interpreter).ExecuteWithContext.func1") || !strings.Contains(g, self) {
			continue
		}
		n++
		if top == "" {
			for _, line := range strings.Split(g, "\n")[1:] {
				if line == "" || strings.HasPrefix(line, "\t") {
					continue
				}
				if strings.HasPrefix(line, "runtime.") || strings.HasPrefix(line, "internal/") {
					continue
				}
				top = line
				if i := strings.LastIndex(top, "("); i > 0 {
					top = top[:i]
				}
				break
			}
		}
	}
	return n, top
}

const (
	red   = "\x1b[0;31m"
	bold  = "\x1b[1m"
	reset = "\x1b[0m"
)

// Describe turns a cell's error into Jupyter's ename, evalue and traceback lines.
func Describe(err error) (ename, evalue string, tb []string) {
	var ce *CompileError
	var pe *PanicError
	var ie *InterruptError
	switch {
	case errors.As(err, &ce):
		ename, evalue = "CompileError", ce.Msg
		for _, line := range strings.Split(ce.Msg, "\n") {
			tb = append(tb, red+line+reset)
		}
	case errors.As(err, &pe):
		ename, evalue = "panic", fmt.Sprint(pe.Value)
		lines := strings.Split(pe.Error(), "\n")
		tb = append(tb, red+bold+lines[0]+reset)
		tb = append(tb, lines[1:]...)
		if pe.Stack != "" {
			tb = append(tb, "", "compiled code on the stack:")
			tb = append(tb, strings.Split(pe.Stack, "\n")...)
		}
	case errors.As(err, &ie) && isResourceError(ie.Cause): // limits.go
		ename, evalue = "ResourceLimit", ie.Cause.Error()
		tb = []string{red + "ResourceLimit" + reset + ": " + evalue}
	case errors.As(err, &ie):
		ename, evalue = "Interrupted", ie.Error()
		tb = []string{red + "Interrupted" + reset + ": " + strings.TrimPrefix(ie.Error(), "interrupted")}
	default:
		ename, evalue = "Error", err.Error()
		tb = []string{red + err.Error() + reset}
	}
	return ename, evalue, tb
}
