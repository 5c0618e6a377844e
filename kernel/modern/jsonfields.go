package modern

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
)

// unexportedJSON: the interpreter builds a cell's struct types with every field
// exported (hidden becomes Xhidden), so encoding/json would write fields Go leaves
// out, and it shows encoding/json the MarshalJSON method of the value passed only,
// not of one nested in it. json.Marshal and json.MarshalIndent of a value whose type
// holds a cell struct with an unexported field, or a cell type with MarshalJSON
// inside it, marshal a copy without those fields and with the nested values in
// json.Marshaler (see printview.go); where no copy does (MarshalText, pointer
// receivers, json options on such a field), the cell fails and says so, rather than
// write the wrong JSON.
func (r *rewriter) unexportedJSON(call *ast.CallExpr) ast.Expr {
	fn := r.compiledFunc(call)
	if fn == nil || fn.Pkg().Path() != "encoding/json" || (fn.Name() != "Marshal" && fn.Name() != "MarshalIndent") || len(call.Args) == 0 {
		return nil
	}
	t := r.info.Types[call.Args[0]].Type
	if t == nil {
		return nil
	}
	hidden := hiddenField(t, map[types.Type]bool{})
	nested := nestedMarshaler(t, true, map[types.Type]bool{})
	if hidden == "" && nested == "" {
		if !nestedIface(t, true, map[types.Type]bool{}) || r.dynamicView(r.jsonMode(fn.Pkg())) == nil {
			return nil
		}
		// Cell values with methods held in interfaces inside t.
		r.viewArg(call, 0, t, r.jsonMode(fn.Pkg()))
		return nil
	}
	if hasMethod(t, "MarshalJSON") || hasMethod(t, "MarshalText") {
		return nil // the interpreter shows encoding/json the value's own method
	}
	// A copy without the unexported fields, holding nested marshalers in
	// json.Marshaler, which encoding/json writes as Go's would write the value.
	mode := r.jsonMode(fn.Pkg())
	if r.viewArg(call, 0, t, mode) {
		return nil
	}
	var msg string
	if hidden != "" {
		msg = fmt.Sprintf("json.%s of %s: the unexported field %s would be written as %q (the interpreter exports the fields of "+
			"a type declared in a cell), and petri cannot copy the value without it (%s); tag it `json:\"-\"`, or export it",
			fn.Name(), typeName(t), hidden, "X"+fieldName(hidden), mode.failed)
	} else {
		msg = fmt.Sprintf("json.%s of %s: encoding/json would not call %s on the value nested in it (the interpreter shows "+
			"encoding/json the methods of the value passed only, for a type declared in a cell), and petri cannot copy the "+
			"value for it (%s); marshal that value itself%s", fn.Name(), typeName(t), nested, mode.failed, giveMethod(t, "MarshalJSON"))
	}
	if msg == "" {
		return nil
	}
	pos := call.Args[0].Pos()
	call.Args[0] = &ast.CallExpr{Fun: &ast.SelectorExpr{X: ident(RuntimeName, pos), Sel: ident("Fail", pos)}, Lparen: pos,
		Args: []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(msg)}}, Rparen: call.Args[0].End()}
	return call
}

// nestedMarshaler names the first MarshalJSON or MarshalText method of a cell type
// encoding/json would call inside a value of type t (Type.Method), or "".
func nestedMarshaler(t types.Type, top bool, seen map[types.Type]bool) string {
	if seen[t] {
		return ""
	}
	seen[t] = true
	if top {
		if hasMethod(t, "MarshalJSON") || hasMethod(t, "MarshalText") {
			return "" // the interpreter wraps the value itself
		}
	} else {
		base := t
		if p, ok := t.(*types.Pointer); ok {
			base = p.Elem()
		}
		if _, ok := isCellNamed(base); ok {
			for _, m := range []string{"MarshalJSON", "MarshalText"} {
				// encoding/json calls pointer methods of addressable values too.
				if hasMethod(t, m) || hasMethod(types.NewPointer(t), m) {
					return typeName(t) + "." + m
				}
			}
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		return nestedMarshaler(u.Elem(), false, seen)
	case *types.Slice:
		return nestedMarshaler(u.Elem(), false, seen)
	case *types.Array:
		return nestedMarshaler(u.Elem(), false, seen)
	case *types.Map:
		if w := nestedMarshaler(u.Key(), false, seen); w != "" {
			return w
		}
		return nestedMarshaler(u.Elem(), false, seen)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if w := nestedMarshaler(u.Field(i).Type(), false, seen); w != "" {
				return w
			}
		}
	}
	return ""
}

// hiddenField names the first unexported, untagged field of a cell-declared struct
// type reachable from t (Type.field), or "".
func hiddenField(t types.Type, seen map[types.Type]bool) string {
	if seen[t] {
		return ""
	}
	seen[t] = true
	switch u := t.(type) {
	case *types.Named:
		if s, ok := u.Underlying().(*types.Struct); ok && u.Obj().Pkg() != nil && u.Obj().Pkg().Path() == "main" {
			for i := 0; i < s.NumFields(); i++ {
				f := s.Field(i)
				if !f.Exported() && !f.Embedded() && reflect.StructTag(s.Tag(i)).Get("json") != "-" {
					return u.Obj().Name() + "." + f.Name()
				}
			}
		}
		return hiddenField(u.Underlying(), seen)
	case *types.Pointer:
		return hiddenField(u.Elem(), seen)
	case *types.Slice:
		return hiddenField(u.Elem(), seen)
	case *types.Array:
		return hiddenField(u.Elem(), seen)
	case *types.Map:
		return hiddenField(u.Elem(), seen)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if w := hiddenField(u.Field(i).Type(), seen); w != "" {
				return w
			}
		}
	}
	return ""
}

func fieldName(where string) string {
	for i := len(where) - 1; i >= 0; i-- {
		if where[i] == '.' {
			return where[i+1:]
		}
	}
	return where
}

// giveMethod suggests giving t, if it is a cell's named type, the method name.
func giveMethod(t types.Type, name string) string {
	if _, ok := isCellNamed(t); ok {
		return ", or give " + typeName(t) + " a " + name + " method"
	}
	return ""
}
