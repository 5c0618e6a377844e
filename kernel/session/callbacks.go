package session

import (
	"go/ast"
)

// rewriteCallbacks extends rewriteGo to function literals a cell hands to compiled
// package functions (time.AfterFunc(d, func() {...}), context.AfterFunc,
// http.HandleFunc, ...): compiled code may call them on a goroutine of its own, where
// a panic would end the kernel. Their bodies start with the same deferred report as
// a go statement's, so the panic fails the cell that is running (or, once it has
// ended, is printed) and the kernel lives on.
//
// A panic in such a callback no longer unwinds through the compiled caller: a
// callback called synchronously (sort.Slice's less, say) returns zero values and the
// cell fails with the panic when it ends.
func (s *Session) rewriteCallbacks(n ast.Node, count int) {
	s.mu.Lock()
	pkgs := make(map[string]bool, len(s.imported))
	for name := range s.imported {
		pkgs[name] = true
	}
	s.mu.Unlock()
	ast.Inspect(n, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if pkg, ok := sel.X.(*ast.Ident); !ok || !pkgs[pkg.Name] || pkg.Obj != nil {
			return true // not a call of a package function (pkg.Obj: a local of that name)
		}
		for _, a := range call.Args {
			if lit, ok := a.(*ast.FuncLit); ok && lit.Body != nil {
				where := cleanPositions(s.in.FileSet().Position(lit.Pos()).String())
				lit.Body.List = append([]ast.Stmt{s.reportDefer(where, count)}, lit.Body.List...)
			}
		}
		return true
	})
}
