package session

import (
	"reflect"
	"unsafe"

	"github.com/traefik/yaegi/interp"
)

// yaegi v0.16.1 appends the root node of every program it compiles to
// Interpreter.roots, which only its debugger reads, and never drops one: every
// cell's whole node tree (types, constants, closures' frames) stays live for the
// kernel's life, ≈ 5 KB for a trivial cell and hundreds for a cell declaring a
// function (issue 12 item 9). petri never attaches the debugger, so after each compile
// the list is emptied; nodes still in use (declared functions, types, variables) are
// reachable from the interpreter's scopes and stay.
var roots, rootsFound = reflect.TypeFor[interp.Interpreter]().FieldByName("roots")

// forgetRoots empties in's list of compiled roots (a hook after each compile).
func forgetRoots(in *interp.Interpreter) {
	if !rootsFound || roots.Type.Kind() != reflect.Slice {
		return // a yaegi without the list: nothing to release
	}
	v := reflect.NewAt(roots.Type, unsafe.Add(unsafe.Pointer(in), roots.Offset)).Elem()
	v.Set(reflect.Zero(roots.Type))
}
