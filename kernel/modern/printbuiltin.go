package modern

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
)

// The print and println builtins write pointers, maps, channels, functions, slices
// and interfaces as Go's runtime does (0x0, [0/0]0x0, (0x0,0x0) when nil); the
// interpreter formats them as fmt does (<nil>, [], map[]). printForm passes such an
// argument through PrintForm, which gives the runtime's text.

// Kinds of operand PrintForm formats.
const (
	printPointer = iota
	printSlice
	printIface
)

// PrintForm is what print and println write for v, an operand of the kind given.
func PrintForm(v any, kind int) string {
	rv := reflect.ValueOf(v)
	switch kind {
	case printSlice:
		if !rv.IsValid() || rv.Kind() != reflect.Slice || rv.IsNil() {
			return "[0/0]0x0"
		}
		return fmt.Sprintf("[%d/%d]%#x", rv.Len(), rv.Cap(), rv.Pointer())
	case printIface:
		if !rv.IsValid() {
			return "(0x0,0x0)"
		}
		// The type word is not reachable here: an address stands for it.
		return fmt.Sprintf("(%#x,%#x)", reflect.ValueOf(rv.Type()).Pointer(), dataWord(rv))
	}
	if !rv.IsValid() {
		return "0x0"
	}
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		if rv.IsNil() {
			return "0x0"
		}
		return fmt.Sprintf("%#x", rv.Pointer())
	}
	return fmt.Sprint(v)
}

func dataWord(rv reflect.Value) uintptr {
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Chan, reflect.Func, reflect.UnsafePointer, reflect.Slice:
		return rv.Pointer()
	}
	return 0
}

// printForm wraps the operands of print and println that PrintForm formats.
func (r *rewriter) printForm(call *ast.CallExpr) {
	if name := r.builtinName(call); name != "print" && name != "println" {
		return
	}
	if call.Ellipsis.IsValid() {
		return
	}
	for i, a := range call.Args {
		tv, ok := r.info.Types[a]
		if !ok || tv.Type == nil {
			continue
		}
		kind := -1
		switch u := tv.Type.Underlying().(type) {
		case *types.Pointer, *types.Map, *types.Chan, *types.Signature:
			kind = printPointer
		case *types.Basic:
			if u.Kind() == types.UnsafePointer {
				kind = printPointer
			}
			if u.Kind() == types.UntypedNil {
				kind = printPointer
			}
		case *types.Slice:
			kind = printSlice
		case *types.Interface:
			kind = printIface
		}
		if kind < 0 {
			continue
		}
		pos := a.Pos()
		call.Args[i] = &ast.CallExpr{Fun: &ast.SelectorExpr{X: ident(RuntimeName, pos), Sel: ident("PrintForm", pos)}, Lparen: pos,
			Args: []ast.Expr{a, &ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: fmt.Sprint(kind)}}, Rparen: a.End()}
	}
}

// ClearMap is clear(m) for a map: the interpreted loop of deletes cannot remove NaN
// keys, reflect's Clear does, as Go's clear.
func ClearMap(m any) {
	if rv := reflect.ValueOf(m); rv.Kind() == reflect.Map && !rv.IsNil() {
		rv.Clear()
	}
}
