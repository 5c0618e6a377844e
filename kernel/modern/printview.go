package modern

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/types"
	"reflect"
	"strconv"
	"strings"
)

// A printView is how a value is shown to fmt when a cell type's String, Error or
// Format method sits inside it (a struct field, a slice element, a map value): a
// copy of the value, built in the cell, whose nested cell values are held in the
// interface fmt looks for (fmt.Stringer, error, fmt.Formatter), so fmt calls their
// methods as Go's does. fmt prints the copy as it prints the value with %v and %s:
// struct fields in order, slices and maps element by element.
type printView struct {
	typ  string                // the copy's type
	conv func(x string) string // the expression copying x
}

// A viewMode is what the view is for: fmt, or encoding/json (which needs the fields'
// tags, flattens embedded structs and follows pointers).
type viewMode struct {
	json   bool
	iface  func(t types.Type) string // the interface holding a nested value of t, or ""
	failed string                    // why the view cannot be built, if it cannot
}

// viewArg replaces call.Args[i], of type t, by its print view, if it has one that
// differs from the value; ok is false when t has a nested method the view cannot
// carry (a map key, say).
func (r *rewriter) viewArg(call *ast.CallExpr, i int, t types.Type, mode *viewMode) (done bool) {
	v, changed, ok := r.view(t, true, 0, mode)
	if !ok || !changed {
		return false
	}
	a := call.Args[i]
	src := v.conv("__pv_arg")
	lit, err := parser.ParseExpr("func(__pv_arg " + mustType(r, t) + ") " + v.typ + " { return " + src + " }")
	if err != nil {
		return false
	}
	setPos(lit, a.Pos())
	call.Args[i] = &ast.CallExpr{Fun: lit, Lparen: a.Pos(), Args: []ast.Expr{a}, Rparen: a.End()}
	return true
}

func mustType(r *rewriter, t types.Type) string {
	s, ok := r.typeString(t)
	if !ok {
		return "invalid"
	}
	return s
}

// view builds t's print view; changed is false when the value itself will do.
func (r *rewriter) view(t types.Type, top bool, depth int, mode *viewMode) (v printView, changed, ok bool) {
	ts, good := r.typeString(t)
	if !good || strings.Contains(ts, "invalid") {
		return printView{}, false, false
	}
	same := printView{typ: ts, conv: func(x string) string { return x }}
	if depth > 6 {
		if mode.json && hiddenField(t, map[types.Type]bool{}) != "" {
			mode.failed = "a value nested too deep"
			return printView{}, false, false
		}
		return same, false, true
	}
	if !top && mode.json {
		if _, isPtr := t.(*types.Pointer); !isPtr && !hasMethod(t, "MarshalJSON") &&
			(hasMethod(t, "MarshalText") || hasMethod(types.NewPointer(t), "MarshalJSON") || hasMethod(types.NewPointer(t), "MarshalText")) {
			if _, cell := isCellNamed(t); cell {
				mode.failed = "a MarshalText method, or one with a pointer receiver, of " + typeName(t)
				return printView{}, false, false
			}
		}
	}
	if !top {
		base := t
		if p, isPtr := t.(*types.Pointer); isPtr {
			base = p.Elem()
		}
		if _, cell := isCellNamed(base); cell {
			if iface := mode.iface(t); iface != "" {
				return printView{typ: iface, conv: func(x string) string {
					return "func(x " + ts + ") " + iface + " { return x }(" + x + ")"
				}}, true, true
			}
		}
	}
	d := fmt.Sprint(depth)
	if _, isIface := t.Underlying().(*types.Interface); isIface && !top {
		if conv := r.dynamicView(mode); conv != nil {
			return printView{typ: "any", conv: conv}, true, true
		}
		return same, false, true
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		var fields, vals []string
		any := false
		for i := 0; i < u.NumFields(); i++ {
			f := u.Field(i)
			fv, ch, good := r.view(f.Type(), false, depth+1, mode)
			tag := reflect.StructTag(u.Tag(i))
			if mode.json && ch {
				// omitempty of a value now in an interface, and ,string, would not
				// mean the same on the copy; an embedded struct would not be flattened.
				_, opts, _ := strings.Cut(tag.Get("json"), ",")
				toIface := fv.typ == mode.iface(f.Type())
				if f.Embedded() || strings.Contains(opts, "string") || (toIface && (strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero"))) {
					mode.failed = fmt.Sprintf("field %s: embedded, or with json options", f.Name())
					return printView{}, false, false
				}
			}
			if mode.json && !f.Embedded() && (!f.Exported() || tag.Get("json") == "-") {
				// encoding/json leaves the field out: so does the copy (the
				// interpreter would export it as Xname).
				any = true
				continue
			}
			if !f.Exported() {
				// fmt calls no method inside an unexported field, nor does json.
				fv, ch, good = printView{conv: func(x string) string { return x }}, false, true
				if fv.typ, good = r.typeString(f.Type()); !good {
					return printView{}, false, false
				}
			}
			if !good {
				return printView{}, false, false
			}
			any = any || ch
			field := f.Name() + " " + fv.typ
			if f.Embedded() {
				field = fv.typ
			}
			if mode.json && u.Tag(i) != "" {
				field += " " + strconv.Quote(u.Tag(i))
			}
			fields = append(fields, field)
			vals = append(vals, fv.conv("x"+d+"."+f.Name()))
		}
		if !any {
			return same, false, true
		}
		st := "struct{ " + strings.Join(fields, "; ") + " }"
		return printView{typ: st, conv: func(x string) string {
			return "func(x" + d + " " + ts + ") " + st + " { return " + st + "{" + strings.Join(vals, ", ") + "} }(" + x + ")"
		}}, true, true
	case *types.Slice, *types.Array:
		var elem types.Type
		var newType func(e string) string
		var alloc string
		if s, isSlice := u.(*types.Slice); isSlice {
			elem = s.Elem()
			newType = func(e string) string { return "[]" + e }
		} else {
			a := u.(*types.Array)
			elem = a.Elem()
			newType = func(e string) string { return fmt.Sprintf("[%d]%s", a.Len(), e) }
		}
		ev, ch, good := r.view(elem, false, depth+1, mode)
		if !good {
			return printView{}, false, false
		}
		if !ch {
			return same, false, true
		}
		nt := newType(ev.typ)
		if _, isSlice := u.(*types.Slice); isSlice {
			alloc = "if s" + d + " == nil { return nil }; out := make(" + nt + ", len(s" + d + "))"
		} else {
			alloc = "var out " + nt
		}
		body := alloc + "; for i := range s" + d + " { out[i] = " + ev.conv("s"+d+"[i]") + " }; return out"
		return printView{typ: nt, conv: func(x string) string {
			return "func(s" + d + " " + ts + ") " + nt + " { " + body + " }(" + x + ")"
		}}, true, true
	case *types.Map:
		if _, ch, _ := r.view(u.Key(), false, depth+1, mode); ch {
			mode.failed = "a map key"
			return printView{}, false, false
		}
		ks, good := r.typeString(u.Key())
		if !good {
			return printView{}, false, false
		}
		ev, ch, good := r.view(u.Elem(), false, depth+1, mode)
		if !good {
			return printView{}, false, false
		}
		if !ch {
			return same, false, true
		}
		nt := "map[" + ks + "]" + ev.typ
		body := "if m" + d + " == nil { return nil }; out := make(" + nt + ", len(m" + d + ")); for k, v := range m" + d + " { out[k] = " + ev.conv("v") + " }; return out"
		return printView{typ: nt, conv: func(x string) string {
			return "func(m" + d + " " + ts + ") " + nt + " { " + body + " }(" + x + ")"
		}}, true, true
	case *types.Pointer:
		if !top && !mode.json {
			return same, false, true // fmt prints the address
		}
		if _, isStruct := u.Elem().Underlying().(*types.Struct); !isStruct {
			return same, false, true
		}
		ev, ch, good := r.view(u.Elem(), true, depth+1, mode)
		if !good {
			return printView{}, false, false
		}
		if !ch {
			return same, false, true
		}
		nt := "*" + ev.typ
		body := "if p" + d + " == nil { return nil }; v := " + ev.conv("*p"+d) + "; return &v"
		return printView{typ: nt, conv: func(x string) string {
			return "func(p" + d + " " + ts + ") " + nt + " { " + body + " }(" + x + ")"
		}}, true, true
	}
	return same, false, true
}

// fmtMode is the view for fmt.
func (r *rewriter) fmtMode(fmtPkg *types.Package) *viewMode {
	return &viewMode{iface: func(t types.Type) string { return r.fmtInterface(t, fmtPkg) }}
}

// jsonMode is the view for encoding/json (package jsonPkg).
func (r *rewriter) jsonMode(jsonPkg *types.Package) *viewMode {
	return &viewMode{json: true, iface: func(t types.Type) string {
		if !hasMethod(t, "MarshalJSON") {
			return "" // (MarshalText: not carried; jsonfields fails the cell)
		}
		obj := jsonPkg.Scope().Lookup("Marshaler")
		if obj == nil {
			return ""
		}
		s, _ := r.typeString(obj.Type())
		return s
	}}
}

// fmtInterface names the interface, in fmt's order (Formatter, error, Stringer),
// whose method fmt would call on a value of type t, or "".
func (r *rewriter) fmtInterface(t types.Type, fmtPkg *types.Package) string {
	for _, m := range []string{"Format", "Error", "String"} {
		if !hasMethod(t, m) {
			continue
		}
		switch m {
		case "Error":
			return "error"
		case "Format", "String":
			if fmtPkg == nil {
				return ""
			}
			name := map[string]string{"Format": "Formatter", "String": "Stringer"}[m]
			obj := fmtPkg.Scope().Lookup(name)
			if obj == nil {
				return ""
			}
			s, ok := r.typeString(obj.Type())
			if !ok {
				return ""
			}
			return s
		}
	}
	return ""
}

// dynamicView converts a value held in an interface inside what is printed: the
// interpreter hands the standard library a cell's value with methods held in an
// interface inside a slice, map or struct as its own bookkeeping (a struct of
// pointers), not as the value. A value of a cell type with the method the mode looks
// for goes into that interface; one of another cell type with methods goes through
// a compiled function (Plain), which receives the value itself. nil when no cell
// type has methods.
func (r *rewriter) dynamicView(mode *viewMode) func(x string) string {
	if !r.cellListed && r.cellTypes != nil {
		r.cellList, r.cellListed = r.cellTypes(), true
	}
	var b strings.Builder
	for _, named := range r.distinctCellTypes() {
		for _, t := range []types.Type{named, types.NewPointer(named)} {
			if types.NewMethodSet(t).Len() == 0 {
				continue
			}
			ts, ok := r.typeString(t)
			if !ok {
				return nil
			}
			if iface := mode.iface(t); iface != "" {
				fmt.Fprintf(&b, "if x, ok := w.(%s); ok { return func(x %s) %s { return x }(x) }\n", ts, ts, iface)
			} else {
				fmt.Fprintf(&b, "if x, ok := w.(%s); ok { return %s.Plain(x) }\n", ts, RuntimeName)
			}
		}
	}
	if b.Len() == 0 && !r.ambiguousMethods() {
		return nil
	}
	fn := "func(v any) any { if v == nil { return v }; w := any(" + RuntimeName + ".Self(v))\n" + b.String() + "return " + RuntimeName + ".Held(v) }"
	return func(x string) string { return fn + "(" + x + ")" }
}

// distinctCellTypes returns the cells' named non-interface types whose underlying
// type no other of them shares: the interpreter matches a value against a type by
// its underlying type, so it cannot tell two such types apart.
func (r *rewriter) distinctCellTypes() []*types.Named {
	if !r.cellListed && r.cellTypes != nil {
		r.cellList, r.cellListed = r.cellTypes(), true
	}
	var all []*types.Named
	for _, tn := range r.cellList {
		named, ok := tn.Type().(*types.Named)
		if !ok || named.TypeParams().Len() > 0 {
			continue
		}
		if _, isIface := named.Underlying().(*types.Interface); isIface {
			continue
		}
		all = append(all, named)
	}
	var out []*types.Named
	for i, a := range all {
		shared := false
		for j, b := range all {
			if i != j && types.Identical(a.Underlying(), b.Underlying()) {
				shared = true
			}
		}
		if !shared {
			out = append(out, a)
		}
	}
	return out
}

// ambiguousMethods reports whether two cell types with methods share an underlying
// type (see distinctCellTypes).
func (r *rewriter) ambiguousMethods() bool {
	distinct := map[*types.Named]bool{}
	for _, t := range r.distinctCellTypes() {
		distinct[t] = true
	}
	for _, tn := range r.cellList {
		named, ok := tn.Type().(*types.Named)
		if !ok || distinct[named] || named.TypeParams().Len() > 0 {
			continue
		}
		if _, isIface := named.Underlying().(*types.Interface); isIface {
			continue
		}
		if types.NewMethodSet(named).Len() > 0 || types.NewMethodSet(types.NewPointer(named)).Len() > 0 {
			return true
		}
	}
	return false
}
