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
// out. json.Marshal and json.MarshalIndent of a value whose type holds a cell
// struct with an unexported field not tagged `json:"-"` become a call that fails the
// cell and says so, rather than print the wrong JSON.
func (r *rewriter) unexportedJSON(call *ast.CallExpr) ast.Expr {
	fn := r.compiledFunc(call)
	if fn == nil || fn.Pkg().Path() != "encoding/json" || (fn.Name() != "Marshal" && fn.Name() != "MarshalIndent") || len(call.Args) == 0 {
		return nil
	}
	t := r.info.Types[call.Args[0]].Type
	if t == nil {
		return nil
	}
	where := hiddenField(t, map[types.Type]bool{})
	if where == "" {
		return nil
	}
	msg := fmt.Sprintf("json.%s: %s: petri cannot hide an unexported field of a type declared in a cell from encoding/json "+
		"(the interpreter exports it as X%s); tag the field `json:\"-\"`, or export it", fn.Name(), where, fieldName(where))
	pos := call.Pos()
	return &ast.CallExpr{Fun: &ast.SelectorExpr{X: ident(RuntimeName, pos), Sel: ident("Unsupported", pos)}, Lparen: call.Lparen,
		Args: []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(msg)}}, Rparen: call.Rparen}
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
