package modern

import (
	"errors"
	"reflect"
	"strings"
	"sync"
)

var pointers sync.Mutex

// Lock and Unlock guard every sync/atomic.Pointer of cells (see package generic).
func Lock() { pointers.Lock() }

// Unlock: see Lock.
func Unlock() { pointers.Unlock() }

// RuntimeError is a run-time panic of interpreted code, with the message Go gives it.
type RuntimeError struct{ msg string }

func (e RuntimeError) Error() string { return "runtime error: " + e.msg }

// RuntimeError marks e as a runtime.Error.
func (RuntimeError) RuntimeError() {}

// reflectPanics maps what reflect panics with, when the interpreter does what Go's
// runtime would catch, to the runtime's message. The interpreter has lost the index
// and length by then, so index errors say less than Go's ("[5] with length 3").
var reflectPanics = []struct{ prefix, msg string }{
	{"reflect: slice index out of range", "index out of range"},
	{"reflect: array index out of range", "index out of range"},
	{"reflect: string index out of range", "index out of range"},
	{"reflect.Value.Slice: slice index out of bounds", "slice bounds out of range"},
	{"reflect.Value.Slice3: slice index out of bounds", "slice bounds out of range"},
	{"reflect.Value.Slice: string slice index out of bounds", "slice bounds out of range"},
	{"reflect: call of reflect.Value.", "invalid memory address or nil pointer dereference"},
	{"reflect: indirection through nil pointer", "invalid memory address or nil pointer dereference"},
	{"reflect.MakeSlice: negative len", "makeslice: len out of range"},
	{"reflect.MakeSlice: negative cap", "makeslice: cap out of range"},
	{"reflect.MakeSlice: len > cap", "makeslice: cap out of range"},
	{"reflect.MakeChan: negative buffer size", "makechan: size out of range"},
}

// IsReflectPanic reports whether v, a recovered panic value, is one of reflect's
// that Translate rewrites, or the interpreter's reflect.Value of the value a cell
// panicked with.
func IsReflectPanic(v any) bool {
	if _, ok := v.(reflect.Value); ok {
		return true
	}
	_, ok := translate(v)
	return ok
}

// Translate returns the runtime error Go would have panicked with where the
// interpreter panicked inside reflect, the value a cell panicked with where the
// interpreter recovers it as a reflect.Value (so r.(string), r.(error), r.(T) see
// it), or v itself.
func Translate(v any) any {
	if rv, ok := v.(reflect.Value); ok {
		if !rv.IsValid() || !rv.CanInterface() {
			return v
		}
		v = rv.Interface()
	}
	if e, ok := translate(v); ok {
		return e
	}
	return v
}

func translate(v any) (RuntimeError, bool) {
	var msg string
	switch x := v.(type) {
	case string:
		msg = x
	case *reflect.ValueError:
		if x.Kind == reflect.Invalid {
			return RuntimeError{"invalid memory address or nil pointer dereference"}, true
		}
		return RuntimeError{}, false
	case error:
		var ve *reflect.ValueError
		if errors.As(x, &ve) && ve.Kind == reflect.Invalid {
			return RuntimeError{"invalid memory address or nil pointer dereference"}, true
		}
		msg = x.Error()
	default:
		return RuntimeError{}, false
	}
	for _, p := range reflectPanics {
		if strings.HasPrefix(msg, p.prefix) {
			if p.prefix == "reflect: call of reflect.Value." && !strings.HasSuffix(msg, "on zero Value") {
				continue
			}
			return RuntimeError{p.msg}, true
		}
	}
	return RuntimeError{}, false
}
