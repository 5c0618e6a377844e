package session

import (
	"reflect"
	"unsafe"

	"github.com/traefik/yaegi/interp"
)

// yaegi v0.16.1 keeps two lists that only its debugger reads and that grow with every
// cell, holding each cell's whole node tree (types, constants, closures' frames) for
// the kernel's life (issue 12 item 9):
//
//   - Interpreter.roots, the root node of every program it compiled: ≈ 5 KB for a
//     trivial cell, hundreds for a cell declaring a function;
//   - scope.child, every scope opened under a scope: a cell that declares (or
//     redeclares) a function appends the function's scopes to its package's scope,
//     and through them its nodes, ≈ 6 KB a function however often it is redefined.
//
// petri never attaches the debugger, so after each compile both are emptied; nodes
// still in use (declared functions, types, variables) are reachable from the
// interpreter's symbols and frames and stay.
var (
	roots, rootsFound            = reflect.TypeFor[interp.Interpreter]().FieldByName("roots")
	universeField, universeFound = reflect.TypeFor[interp.Interpreter]().FieldByName("universe")
	scopesField, scopesFound     = reflect.TypeFor[interp.Interpreter]().FieldByName("scopes")
)

// forgetRoots empties in's list of compiled roots and the child lists of its
// universe and package scopes (a hook after each compile).
func forgetRoots(in *interp.Interpreter) {
	if rootsFound && roots.Type.Kind() == reflect.Slice {
		v := reflect.NewAt(roots.Type, unsafe.Add(unsafe.Pointer(in), roots.Offset)).Elem()
		v.Set(reflect.Zero(roots.Type))
	}
	if universeFound {
		forgetChildren(reflect.NewAt(universeField.Type, unsafe.Add(unsafe.Pointer(in), universeField.Offset)).Elem())
	}
	if scopesFound && scopesField.Type.Kind() == reflect.Map {
		m := reflect.NewAt(scopesField.Type, unsafe.Add(unsafe.Pointer(in), scopesField.Offset)).Elem()
		for it := m.MapRange(); it.Next(); {
			forgetChildren(it.Value())
		}
	}
}

// forgetChildren empties the child list of sc, a *scope, if it has one (a yaegi
// without the list: nothing to release).
func forgetChildren(sc reflect.Value) {
	if sc.Kind() != reflect.Pointer || sc.IsNil() || sc.Elem().Kind() != reflect.Struct {
		return
	}
	f, ok := sc.Type().Elem().FieldByName("child")
	if !ok || f.Type.Kind() != reflect.Slice || f.Type.Elem() != sc.Type() {
		return
	}
	v := reflect.NewAt(f.Type, unsafe.Add(sc.UnsafePointer(), f.Offset)).Elem()
	v.Set(reflect.Zero(f.Type))
}
