package session

import (
	"errors"
	"runtime/metrics"
	"strings"
	"testing"
)

// Issue 12 item 8: unbounded recursion ended the process with Go's fatal "stack
// overflow"; now the cell fails and the session goes on.
func TestUnboundedRecursionFailsTheCell(t *testing.T) {
	s := newSession(t)
	_, _, err := runCells(t, s, "func down(n int) int { return down(n+1) + 1 }\ndown(0)")
	var ie *InterruptError
	if !errors.As(err, &ie) || !isResourceError(ie.Cause) || !strings.Contains(err.Error(), "unbounded recursion") {
		t.Fatalf("recursion: %v, want a stack ResourceError", err)
	}
	if _, res, err := runCells(t, s, "1 + 1"); err != nil || res != "2" {
		t.Fatalf("next cell: %q %v", res, err)
	}
}

func TestRunawayMemoryFailsTheCell(t *testing.T) {
	s := newSession(t)
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	old := MemoryCeiling
	MemoryCeiling = sample[0].Value.Uint64() + 300<<20
	defer func() { MemoryCeiling = old }()
	_, _, err := runCells(t, s, "var keep [][]byte\nfor { b := make([]byte, 1<<20); b[0] = 1; keep = append(keep, b) }")
	var ie *InterruptError
	if !errors.As(err, &ie) || !isResourceError(ie.Cause) || !strings.Contains(err.Error(), "heap reached") {
		t.Fatalf("runaway allocation: %v, want a memory ResourceError", err)
	}
}

// A panic in a callback handed to compiled code ran on a goroutine of the timer and
// ended the process.
func TestPanicInATimerCallbackFailsTheCell(t *testing.T) {
	s := newSession(t)
	_, _, err := runCells(t, s, "time.AfterFunc(time.Millisecond, func() { panic(\"in a timer\") })\ntime.Sleep(300 * time.Millisecond)")
	var pe *PanicError
	if !errors.As(err, &pe) || !pe.Goroutine || !strings.Contains(err.Error(), "in a timer") {
		t.Fatalf("timer callback panic: %v, want the cell to fail with it", err)
	}
}
