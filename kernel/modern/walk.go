package modern

import (
	"go/ast"
	"go/token"
	"reflect"
)

var (
	nodeType    = reflect.TypeOf((*ast.Node)(nil)).Elem()
	posType     = reflect.TypeOf(token.NoPos)
	objectType  = reflect.TypeOf((*ast.Object)(nil))
	scopeType   = reflect.TypeOf((*ast.Scope)(nil))
	commentType = reflect.TypeOf((*ast.CommentGroup)(nil))
)

// apply visits the tree under n children first and replaces every child node c by
// f(c), where the field holding c can hold the result (an expression slot takes any
// expression, a *ast.Ident slot only an *ast.Ident, ...). f must return c to keep it.
func apply(n ast.Node, f func(ast.Node) ast.Node) {
	v := reflect.ValueOf(n)
	if v.Kind() != reflect.Ptr || v.IsNil() {
		return
	}
	applyStruct(v.Elem(), f)
}

func applyStruct(s reflect.Value, f func(ast.Node) ast.Node) {
	if s.Kind() != reflect.Struct {
		return
	}
	for i := 0; i < s.NumField(); i++ {
		fv := s.Field(i)
		ft := fv.Type()
		if ft == objectType || ft == scopeType || ft == commentType || ft == posType {
			continue
		}
		switch {
		case ft.Kind() == reflect.Slice && ft.Elem().Implements(nodeType):
			for j := 0; j < fv.Len(); j++ {
				applySlot(fv.Index(j), f)
			}
		case ft.Implements(nodeType):
			applySlot(fv, f)
		}
	}
}

func applySlot(slot reflect.Value, f func(ast.Node) ast.Node) {
	if slot.IsNil() {
		return
	}
	c, ok := slot.Interface().(ast.Node)
	if !ok {
		return
	}
	apply(c, f)
	r := f(c)
	if r == nil || r == c {
		return
	}
	if rv := reflect.ValueOf(r); rv.Type().AssignableTo(slot.Type()) {
		slot.Set(rv)
	}
}

// setPos sets every valid position in the tree under n to pos (absent tokens, such
// as a call's Ellipsis, stay absent) (for nodes parsed from
// generated text, so they point at the user's code).
func setPos(n ast.Node, pos token.Pos) {
	ast.Inspect(n, func(x ast.Node) bool {
		if x == nil {
			return false
		}
		v := reflect.ValueOf(x)
		if v.Kind() != reflect.Ptr || v.IsNil() {
			return true
		}
		s := v.Elem()
		if s.Kind() != reflect.Struct {
			return true
		}
		for i := 0; i < s.NumField(); i++ {
			if f := s.Field(i); f.Type() == posType && f.CanSet() && f.Interface() != token.NoPos {
				f.Set(reflect.ValueOf(pos))
			}
		}
		return true
	})
}
