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

// PanicError is a cell, or a goroutine it started, that panicked.
type PanicError struct {
	Value any
	// Where is the position of the panic in the cell, when the interpreter knows it,
	// or of the go statement that started the panicking goroutine.
	Where string
	// Goroutine is set when the panic happened in a goroutine the cell started.
	Goroutine bool
	// Stack is the compiled (Go) part of the stack, for panics inside compiled code.
	Stack string
}

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
	if e.Where != "" {
		if e.Goroutine {
			fmt.Fprintf(&b, "\n\tin a goroutine started at %s", e.Where)
		} else {
			fmt.Fprintf(&b, "\n\tat %s", e.Where)
		}
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
		pe := &PanicError{Value: p.Value}
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
		if strings.HasPrefix(fn, "runtime.") || strings.HasPrefix(fn, "panic(") ||
			strings.Contains(fn, "traefik/yaegi") || strings.Contains(fn, "reflect.") ||
			strings.Contains(fn, "petri/kernel/session") {
			continue
		}
		out = append(out, fn, lines[i+1])
	}
	return strings.Join(out, "\n")
}

// runningCells counts goroutines running interpreted code for a cell, and names the
// compiled function at the top of one of them.
func runningCells() (n int, top string) {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	for _, g := range strings.Split(string(buf), "\n\n") {
		if !strings.Contains(g, "interp.(*Interpreter).ExecuteWithContext.func1") {
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
