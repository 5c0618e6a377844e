package session

import (
	"go/ast"
	"go/token"
)

// wrapCompound works around an interpreter gap: at a cell's top level (the
// interpreter's global scope), a statement nested in a block that defines several
// variables from one multi-valued expression —
//
//	for _, s := range items {
//		n, err := strconv.Atoi(s) // "undefined: n"
//		...
//	}
//
// — fails to compile (and `if v, ok := m[k]; ok` with it). Compound statements (for,
// if, switch, select, blocks) never declare names outside themselves, so running such
// a statement as `func() { stmt }()` has the same meaning, and there it compiles.
func wrapCompound(body *ast.BlockStmt) {
	for i, st := range body.List {
		switch st.(type) {
		case *ast.ForStmt, *ast.RangeStmt, *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt,
			*ast.SelectStmt, *ast.BlockStmt, *ast.LabeledStmt:
		default:
			continue
		}
		if !hasMultiDefine(st) {
			continue
		}
		pos, end := st.Pos(), st.End()
		body.List[i] = &ast.ExprStmt{X: &ast.CallExpr{
			Fun: &ast.FuncLit{
				Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos}},
				Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{st}, Rbrace: end},
			},
			Lparen: end, Rparen: end,
		}}
	}
}

// hasMultiDefine reports whether st holds, outside function literals, a definition
// of several variables from one expression (n, err := f(); v, ok := m[k]; var a, b = f()).
func hasMultiDefine(st ast.Stmt) bool {
	found := false
	ast.Inspect(st, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE && len(n.Lhs) > 1 && len(n.Rhs) == 1 {
				found = true
			}
		case *ast.ValueSpec:
			if len(n.Names) > 1 && len(n.Values) == 1 {
				found = true
			}
		}
		return true
	})
	return found
}
