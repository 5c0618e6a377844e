package session

import (
	"fmt"
	"go/ast"
	"go/printer"

	"github.com/traefik/yaegi/interp"
	"go/token"
	"go/types"

	"github.com/petri-mea/petri/kernel/cell"
	"github.com/petri-mea/petri/kernel/modern"
)

// Top-level variables of a cell are package-level variables, as in Go:
//
//	ws := strings.Fields("a b c")
//	v := ws[1]
//	func second() string { return v }
//
// runs as
//
//	var ws []string; var v string            (with the cell's declarations)
//	func second() string { return v }
//	func() { ws = strings.Fields("a b c"); v = ws[1] }()
//
// The interpreter runs statements at its global scope with many gaps (`:=` of an
// index, nested blocks writing into the outer variables' slots, comma-ok forms); in
// a function it runs them as Go does, and the cell's declarations see the variables
// whatever their order. A cell whose top-level names cannot all be written as types
// (or that declares constants or types among its statements) runs as before.

// topNames returns the names a cell's top-level statements define, in order, or ok
// false when the cell is not hoisted.
func topNames(body *ast.BlockStmt) (names []*ast.Ident, ok bool) {
	if body == nil {
		return nil, false
	}
	compound := false
	for _, st := range body.List {
		switch st := st.(type) {
		case *ast.AssignStmt:
			if st.Tok != token.DEFINE {
				continue
			}
			for _, l := range st.Lhs {
				id, isID := l.(*ast.Ident)
				if !isID {
					return nil, false
				}
				if id.Name != "_" {
					names = append(names, id)
				}
			}
		case *ast.DeclStmt:
			g, isGen := st.Decl.(*ast.GenDecl)
			if !isGen || g.Tok != token.VAR {
				return nil, false
			}
			for _, sp := range g.Specs {
				for _, id := range sp.(*ast.ValueSpec).Names {
					if id.Name != "_" {
						names = append(names, id)
					}
				}
			}
		case *ast.BlockStmt, *ast.ForStmt, *ast.RangeStmt, *ast.IfStmt, *ast.SwitchStmt,
			*ast.TypeSwitchStmt, *ast.SelectStmt, *ast.LabeledStmt:
			compound = true
		}
	}
	// A cell of expressions and assignments only (the trivial cell) runs as it is:
	// it has nothing the global scope gets wrong, and one compile is faster than two.
	return names, len(names) > 0 || compound
}

// hoistPlan decides, after the cell is type-checked, the package-level declarations
// of its top-level variables; nil means the cell is not hoisted.
func hoistPlan(pc *cell.Parsed, names []*ast.Ident, prev map[string]types.Object, info *types.Info, qualify modern.Qualifier) []ast.Spec {
	var specs []ast.Spec
	declared := map[string]bool{}
	for _, id := range names {
		if declared[id.Name] {
			continue
		}
		obj, isVar := info.Defs[id].(*types.Var)
		if !isVar || obj == nil {
			// Defined again in the same cell (a, err := ...; b, err := ...) is fine:
			// its first definition is in names before it.
			if info.Defs[id] == nil {
				continue
			}
			return nil
		}
		t := obj.Type()
		if t == nil {
			return nil
		}
		if b, isBasic := t.(*types.Basic); isBasic && (b.Kind() == types.Invalid || b.Info()&types.IsUntyped != 0) {
			return nil
		}
		declared[id.Name] = true
		if p := prev[id.Name]; p != nil {
			_, wasVar := p.(*types.Var)
			if wasVar && types.Identical(p.Type(), t) {
				continue // the variable exists with this type: keep it
			}
			if !wasVar {
				return nil // a function or type of that name: the interpreter cannot change it
			}
			// Redefined with another type: only when the cell does not read the old one.
			for _, u := range info.Uses {
				if u == p {
					return nil
				}
			}
		}
		te, ok := modern.TypeExpr(t, qualify, id.Pos())
		if !ok {
			return nil
		}
		specs = append(specs, &ast.ValueSpec{Names: []*ast.Ident{{NamePos: id.Pos(), Name: id.Name}}, Type: te})
	}
	if specs == nil {
		specs = []ast.Spec{}
	}
	return specs
}

// hoist declares the plan's variables with the cell's declarations and turns the
// top-level definitions into assignments.
func hoist(pc *cell.Parsed, specs []ast.Spec) {
	if len(specs) > 0 {
		pos := specs[0].(*ast.ValueSpec).Names[0].Pos()
		if pc.Decls == nil {
			pc.Decls = &ast.File{Package: pos, Name: &ast.Ident{NamePos: pos, Name: "main"}}
		}
		pc.Decls.Decls = append(pc.Decls.Decls, &ast.GenDecl{TokPos: pos, Tok: token.VAR, Lparen: pos, Specs: specs, Rparen: pos})
	}
	for i, st := range pc.Body.List {
		switch st := st.(type) {
		case *ast.AssignStmt:
			if st.Tok == token.DEFINE {
				st.Tok = token.ASSIGN
			}
		case *ast.DeclStmt:
			g := st.Decl.(*ast.GenDecl)
			var list []ast.Stmt
			for _, sp := range g.Specs {
				vs := sp.(*ast.ValueSpec)
				var lhs []ast.Expr
				for _, n := range vs.Names {
					lhs = append(lhs, &ast.Ident{NamePos: n.Pos(), Name: n.Name})
				}
				rhs := vs.Values
				if len(rhs) == 0 {
					// var x T at the top level sets x to T's zero value: *new(T).
					for _, n := range vs.Names {
						rhs = append(rhs, &ast.StarExpr{Star: n.Pos(), X: &ast.CallExpr{
							Fun: &ast.Ident{NamePos: n.Pos(), Name: "new"}, Lparen: n.Pos(), Args: []ast.Expr{vs.Type}, Rparen: n.Pos()}})
					}
				} else if vs.Type != nil && len(rhs) == len(vs.Names) {
					// var x T = v converts v to T (an untyped constant, say).
					for j, v := range rhs {
						rhs[j] = &ast.CallExpr{Fun: &ast.ParenExpr{Lparen: v.Pos(), X: vs.Type, Rparen: v.Pos()}, Lparen: v.Pos(), Args: []ast.Expr{v}, Rparen: v.End()}
					}
				}
				list = append(list, &ast.AssignStmt{Lhs: lhs, TokPos: vs.Pos(), Tok: token.ASSIGN, Rhs: rhs})
			}
			if len(list) == 1 {
				pc.Body.List[i] = list[0]
			} else {
				pc.Body.List[i] = &ast.BlockStmt{Lbrace: st.Pos(), List: list, Rbrace: st.End()}
			}
		}
	}
}

// cellFunc is the function a hoisted cell's statements run in.
const cellFunc = "__petri_run"

// compileHoisted defines the cell's statements as the function cellFunc and
// compiles its call. (A function literal called in place runs at the interpreter's
// global scope, which reads wrong slots in nested blocks; a declared function does
// not.)
func (s *Session) compileHoisted(body *ast.BlockStmt) (*interp.Program, error) {
	if len(body.List) == 0 {
		return s.compile(body)
	}
	pos, end := body.List[0].Pos(), body.List[len(body.List)-1].End()
	fd := &ast.FuncDecl{Name: &ast.Ident{NamePos: pos, Name: cellFunc},
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos}},
		Body: &ast.BlockStmt{Lbrace: pos, List: body.List, Rbrace: end}}
	f := &ast.File{Package: pos, Name: &ast.Ident{NamePos: pos, Name: "main"}, Decls: []ast.Decl{fd}}
	if modernTrace != nil {
		printer.Fprint(modernTrace, token.NewFileSet(), f)
		fmt.Fprintln(modernTrace)
	}
	prog, err := s.compile(f)
	if err != nil {
		return nil, err
	}
	if _, err := s.in.Execute(prog); err != nil {
		return nil, err
	}
	return s.compile(&ast.BlockStmt{Lbrace: pos, Rbrace: end, List: []ast.Stmt{
		&ast.ExprStmt{X: &ast.CallExpr{Fun: &ast.Ident{NamePos: pos, Name: cellFunc}, Lparen: end, Rparen: end}}}})
}

// hoistedFrames shows the frame of cellFunc as the cell's own top level, as it is,
// without the frame of its call.
func hoistedFrames(trace []Frame) []Frame {
	var out []Frame
	for i := 0; i < len(trace); i++ {
		f := trace[i]
		if f.Func == cellFunc {
			f.Func = ""
			out = append(out, f)
			if i+1 < len(trace) && trace[i+1].Func == "" {
				i++
			}
			continue
		}
		out = append(out, f)
	}
	return out
}
