package session

import (
	"go/ast"
	"go/token"
	"strconv"

	"github.com/petri-mea/petri/kernel/modern"
)

// guard makes an interrupted cell stay stopped. When a cell is interrupted while it is
// inside compiled code that ignores ctx, the kernel gives up on it and runs the next
// cell; when that compiled call finally returns, the interrupted cell must not go on
// (its output would land in another cell). So after every statement of the cell that
// calls something, guard inserts
//
//	if __petri_cell != N { __petri.Abandon() }
//
// which ends the abandoned goroutine once a later cell has started. It costs an integer
// comparison; statements without calls, and function literals (goroutines and callbacks
// a cell leaves running on purpose), are left alone.
func (s *Session) guard(body *ast.BlockStmt, n int) {
	guardList(&body.List, n)
}

func guardList(list *[]ast.Stmt, n int) {
	out := make([]ast.Stmt, 0, len(*list))
	for i, st := range *list {
		if isCheck(st) {
			out = append(out, st)
			continue
		}
		guardNested(st, n)
		out = append(out, st)
		if hasCall(st) && (i+1 == len(*list) || !isCheck((*list)[i+1]) && !isFallthrough((*list)[i+1])) {
			out = append(out, check(st.End(), n))
		}
	}
	*list = out
}

// guardNested guards the blocks inside st (loop bodies, branches, cases).
func guardNested(st ast.Stmt, n int) {
	switch st := st.(type) {
	case *ast.BlockStmt:
		guardList(&st.List, n)
	case *ast.ForStmt:
		guardList(&st.Body.List, n)
	case *ast.RangeStmt:
		guardList(&st.Body.List, n)
	case *ast.IfStmt:
		guardList(&st.Body.List, n)
		if st.Else != nil {
			guardNested(st.Else, n)
		}
	case *ast.SwitchStmt:
		// The clauses, not the body: a check among the case clauses would be a
		// statement outside any case.
		for _, c := range st.Body.List {
			guardNested(c, n)
		}
	case *ast.TypeSwitchStmt:
		for _, c := range st.Body.List {
			guardNested(c, n)
		}
	case *ast.SelectStmt:
		// Not guarded inside: the interpreter fails to compile a select at a cell's
		// top level whose clauses hold an inserted check.
	case *ast.CaseClause:
		guardList(&st.Body, n)
	case *ast.CommClause:
		guardList(&st.Body, n)
	case *ast.LabeledStmt:
		guardNested(st.Stmt, n)
	}
}

func hasCall(st ast.Stmt) bool {
	switch st.(type) {
	case *ast.BlockStmt, *ast.ForStmt, *ast.RangeStmt, *ast.IfStmt, *ast.SwitchStmt,
		*ast.TypeSwitchStmt, *ast.SelectStmt, *ast.LabeledStmt, *ast.ReturnStmt,
		*ast.BranchStmt, *ast.GoStmt, *ast.DeferStmt:
		return false // guarded inside, or control flow that must stay last
	}
	return modern.HasCall(st)
}

func check(pos token.Pos, n int) ast.Stmt {
	return &ast.IfStmt{
		If: pos,
		Cond: &ast.BinaryExpr{
			X:     &ast.Ident{NamePos: pos, Name: "__petri_cell"},
			OpPos: pos, Op: token.NEQ,
			Y: &ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: strconv.Itoa(n)},
		},
		Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{
			Fun:    &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: "__petri"}, Sel: &ast.Ident{NamePos: pos, Name: "Abandon"}},
			Lparen: pos, Rparen: pos,
		}}}},
	}
}

// isCheck reports whether st is a check inserted by guard, so guarding twice is harmless.
func isCheck(st ast.Stmt) bool {
	is, ok := st.(*ast.IfStmt)
	if !ok {
		return false
	}
	b, ok := is.Cond.(*ast.BinaryExpr)
	if !ok {
		return false
	}
	id, ok := b.X.(*ast.Ident)
	return ok && id.Name == "__petri_cell"
}

// isFallthrough reports whether st is a fallthrough: the interpreter confuses the
// switch's slots when a check comes before it.
func isFallthrough(st ast.Stmt) bool {
	b, ok := st.(*ast.BranchStmt)
	return ok && b.Tok == token.FALLTHROUGH
}
