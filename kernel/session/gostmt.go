package session

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"

	"github.com/traefik/yaegi/interp"
)

// rewriteGo makes every goroutine a cell starts report its panic to the session
// instead of crashing the kernel: `go f(a, b)` becomes
//
//	{ __pf, __pa0, __pa1 := f, a, b; go func() { defer <report>; __pf(__pa0, __pa1) }() }
//
// (arguments are still evaluated by the go statement), and `go func(...){...}(...)` gets
// the deferred report as the first statement of its body.
func (s *Session) rewriteGo(n ast.Node, count int) {
	s.rewriteCallbacks(n, count) // callbacks.go
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			s.rewriteList(n.List, count)
		case *ast.CaseClause:
			s.rewriteList(n.Body, count)
		case *ast.CommClause:
			s.rewriteList(n.Body, count)
		}
		return true
	})
}

func (s *Session) rewriteList(list []ast.Stmt, count int) {
	for i, st := range list {
		g, ok := st.(*ast.GoStmt)
		if !ok {
			continue
		}
		where := cleanPositions(s.in.FileSet().Position(g.Go).String())
		report := s.reportDefer(where, count)
		if lit, ok := g.Call.Fun.(*ast.FuncLit); ok {
			lit.Body.List = append([]ast.Stmt{report}, lit.Body.List...)
			continue
		}
		if id, ok := g.Call.Fun.(*ast.Ident); ok && (oneValueBuiltins[id.Name] || noValueBuiltins[id.Name]) {
			continue
		}
		pos := g.Go
		lhs := []ast.Expr{&ast.Ident{NamePos: pos, Name: "__pf"}}
		rhs := []ast.Expr{g.Call.Fun}
		var args []ast.Expr
		for j, a := range g.Call.Args {
			id := &ast.Ident{NamePos: a.Pos(), Name: fmt.Sprintf("__pa%d", j)}
			lhs, rhs = append(lhs, id), append(rhs, a)
			args = append(args, &ast.Ident{NamePos: a.Pos(), Name: id.Name})
		}
		call := &ast.CallExpr{Fun: &ast.Ident{NamePos: pos, Name: "__pf"}, Lparen: g.Call.Lparen,
			Args: args, Ellipsis: g.Call.Ellipsis, Rparen: g.Call.Rparen}
		list[i] = &ast.BlockStmt{Lbrace: pos, Rbrace: g.Call.Rparen, List: []ast.Stmt{
			&ast.AssignStmt{Lhs: lhs, TokPos: pos, Tok: token.DEFINE, Rhs: rhs},
			&ast.GoStmt{Go: pos, Call: &ast.CallExpr{
				Fun: &ast.FuncLit{
					Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos}},
					Body: &ast.BlockStmt{Lbrace: pos, Rbrace: g.Call.Rparen, List: []ast.Stmt{report, &ast.ExprStmt{X: call}}},
				},
				Lparen: g.Call.Rparen, Rparen: g.Call.Rparen,
			}},
		}}
	}
}

// reportDefer returns `defer func() { if r := recover(); r != nil { __petri.GoPanic(r, where, count) } }()`,
// parsed in the interpreter's file set.
func (s *Session) reportDefer(where string, count int) ast.Stmt {
	src := fmt.Sprintf("package main\nfunc _() {\ndefer func() { if __r := recover(); __r != nil { __petri.GoPanic(__r, %q, %d) } }()\n}", where, count)
	f, err := parser.ParseFile(s.in.FileSet(), "petri/"+interp.DefaultSourceName, src, 0)
	if err != nil {
		panic(fmt.Sprintf("session: goroutine wrapper does not parse: %v", err))
	}
	return f.Decls[0].(*ast.FuncDecl).Body.List[0]
}
