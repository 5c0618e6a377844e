// Package modern rewrites the Go of a notebook cell that uses features the yaegi
// interpreter lacks or gets wrong into Go it runs correctly, with the semantics of the
// go toolchain. Every rewrite keeps the positions of the user's code.
//
// It works on a cell's syntax trees and the types go/types finds for them (see
// Checker): it is pure, and testable without the interpreter.
//
//   - range over an integer (Go 1.22) becomes a three-clause loop over a copy of the
//     bound;
//   - range over a function (Go 1.23 iterators) becomes a call of the iterator with
//     the loop body in a func literal; break, continue, return and labelled branches
//     out of the body are carried by a flag and re-issued after the call;
//   - loop variables captured by a closure or whose address is taken get a copy per
//     iteration (Go 1.22 semantics);
//   - min, max (Go 1.21) fold to a constant or call generic helpers; clear calls
//     helpers;
//   - calls of generic functions get explicit type arguments, inferred by go/types:
//     the interpreter cannot infer through core types (S ~[]E) or untyped constants;
//   - errors.As and errors.AsType (Go 1.26) with a target of known type become
//     code that asserts (the compiled errors.As cannot see cell types' methods);
//   - variadic interface arguments of compiled functions (plot.Add(p1, p2)) are
//     passed as a slice, so the interpreter wraps cell types in the interface;
//   - v, ok := m[k] (and x.(T), <-ch) at a cell's top level is declared first and
//     then assigned, which the interpreter runs;
//   - a switch with fallthrough at a cell's top level runs in a func literal;
//   - a call's result of a cell type passed to a compiled function is converted to
//     its type, so the interpreter wraps it in fmt.Stringer, error...;
//   - recover() translates the interpreter's reflect panics into the runtime errors
//     Go reports (nil pointer dereference, index out of range).
//
// Before these, lower (lower.go) rewrites ordinary Go the interpreter runs with
// another meaning: parallel and comma-ok assignments, defer's evaluation of its
// function, receiver and arguments, method values and expressions, switch init
// statements, type switches with interface cases, print's operands.
package modern

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"github.com/petri-mea/petri/kernel/modern/generic"
)

// Qualifier names a package in rewritten code: the name the cell can use for it, and
// whether it has one. The package main returns "" (its names are unqualified).
type Qualifier func(pkg *types.Package) (string, bool)

// Rewrite rewrites the declarations and statements under root (a file or a block),
// using info from a Checker.
func Rewrite(root ast.Node, info *types.Info, qualify Qualifier) {
	rewriteRoot(root, info, qualify, false, nil)
}

// RewriteCell is Rewrite (or RewriteInFunc, if inFunc) knowing the named types the
// cells declared (Checker.CellTypes): type assertions to interfaces and the errors
// package's walks of wrapped errors test for them first, as the interpreter does
// not match a cell type's value against an interface.
//
// cellTypes is called at most once, when a rewrite needs the list.
func RewriteCell(root ast.Node, info *types.Info, qualify Qualifier, cellTypes func() []*types.TypeName, inFunc bool) {
	rewriteRoot(root, info, qualify, inFunc, cellTypes)
}

// RewriteInFunc rewrites a cell's top-level statements that will run in a function
// (the session's hoisting): without the rewrites only the interpreter's global scope
// needs.
func RewriteInFunc(root *ast.BlockStmt, info *types.Info, qualify Qualifier) {
	rewriteRoot(root, info, qualify, true, nil)
}

func rewriteRoot(root ast.Node, info *types.Info, qualify Qualifier, inFunc bool, cellTypes func() []*types.TypeName) {
	r := &rewriter{info: info, qualify: qualify, labels: map[ast.Stmt]string{}, funcs: map[ast.Node]*types.Signature{},
		explicit: map[ast.Expr]bool{}, moved: map[*ast.BlockStmt]ast.Stmt{}, cellTypes: cellTypes}
	if b, ok := root.(*ast.BlockStmt); ok {
		r.top = b
	}
	r.lower(root)
	r.prepare(root)
	apply(root, r.visit)
	if r.top != nil {
		// apply visits the root's children only.
		if inFunc {
			r.top.List = r.recovers(r.top.List)
		} else {
			r.top.List = fallthroughs(r.commaOK(r.recovers(r.top.List)))
		}
	}
}

type rewriter struct {
	info    *types.Info
	qualify Qualifier
	n       int // counter for fresh names

	labels   map[ast.Stmt]string           // loop -> its label
	funcs    map[ast.Node]*types.Signature // range-over-func loop -> enclosing func's signature
	explicit map[ast.Expr]bool             // generic funcs already instantiated explicitly
	moved    map[*ast.BlockStmt]ast.Stmt   // block wrapping a rewritten loop -> the loop, for its label
	top      *ast.BlockStmt                // the cell's top-level statements, if root is them

	deferLoops map[*ast.DeferStmt]ast.Node // defer statement -> its innermost loop in the same function
	generated  map[ast.Stmt]bool           // statements lower wrote, not to be lowered again
	cellTypes  func() []*types.TypeName    // the named types the cells declared (RewriteCell), or nil
	cellList   []*types.TypeName           // what cellTypes returned
	cellListed bool
}

func (r *rewriter) fresh(prefix string) string {
	r.n++
	return fmt.Sprintf("__p%s%d", prefix, r.n)
}

// prepare records labels, enclosing functions and explicit instantiations.
func (r *rewriter) prepare(root ast.Node) {
	var stack []*types.Signature
	var walk func(n ast.Node) bool
	walk = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.LabeledStmt:
			r.labels[n.Stmt] = n.Label.Name
		case *ast.FuncDecl:
			var sig *types.Signature
			if obj, ok := r.info.Defs[n.Name].(*types.Func); ok {
				sig, _ = obj.Type().(*types.Signature)
			}
			if n.Body != nil {
				stack = append(stack, sig)
				ast.Inspect(n.Body, walk)
				stack = stack[:len(stack)-1]
			}
			return false
		case *ast.FuncLit:
			sig, _ := r.info.Types[n].Type.(*types.Signature)
			stack = append(stack, sig)
			ast.Inspect(n.Body, walk)
			stack = stack[:len(stack)-1]
			return false
		case *ast.RangeStmt:
			if len(stack) > 0 {
				r.funcs[n] = stack[len(stack)-1]
			} else {
				r.funcs[n] = types.NewSignatureType(nil, nil, nil, nil, nil, false)
			}
		case *ast.IndexExpr:
			r.explicit[n.X] = true
		case *ast.IndexListExpr:
			r.explicit[n.X] = true
		}
		return true
	}
	ast.Inspect(root, walk)
}

func (r *rewriter) visit(n ast.Node) ast.Node {
	switch n := n.(type) {
	case *ast.Ident:
		return r.instantiate(n, n)
	case *ast.SelectorExpr:
		if obj := r.info.Uses[n.Sel]; obj != nil && obj.Pkg() != nil {
			if h, ok := generic.Redirects[obj.Pkg().Path()+"."+obj.Name()]; ok {
				// atomic.Pointer, sync.OnceValue... are petri's helpers in cells.
				n.X = ident(generic.HelpersPath, n.X.Pos())
				n.Sel.Name = h
			}
		}
		return r.instantiate(n, n.Sel)
	case *ast.IndexExpr:
		return r.completeInstance(n, n.X, []ast.Expr{n.Index})
	case *ast.IndexListExpr:
		return r.completeInstance(n, n.X, n.Indices)
	case *ast.CallExpr:
		return r.builtin(n)
	case *ast.AssignStmt:
		return r.multiValue(n)
	case *ast.ValueSpec:
		if len(n.Values) == 1 {
			if lit := r.wrapMulti(n.Values[0]); lit != nil {
				n.Values[0] = lit
			}
		}
	case *ast.BlockStmt:
		n.List = r.recovers(n.List)
	case *ast.CaseClause:
		n.Body = r.recovers(n.Body)
	case *ast.CommClause:
		n.Body = r.recovers(n.Body)
	case *ast.IfStmt:
		// if r := recover(); cond { ... } becomes { r := recover(); r = ...; if cond { ... } }
		if a, ok := n.Init.(*ast.AssignStmt); ok && r.isRecover(a) {
			list := r.recovers([]ast.Stmt{a})
			n.Init = nil
			return &ast.BlockStmt{Lbrace: n.Pos(), List: append(list, n), Rbrace: n.End()}
		}
	case *ast.RangeStmt:
		return r.rangeStmt(n)
	case *ast.ForStmt:
		return r.forStmt(n)
	case *ast.LabeledStmt:
		// A loop rewritten into a block keeps its label on the loop inside.
		if b, ok := n.Stmt.(*ast.BlockStmt); ok {
			if loop, ok := r.moved[b]; ok {
				for i, st := range b.List {
					if st == loop {
						b.List[i] = &ast.LabeledStmt{Label: n.Label, Colon: n.Colon, Stmt: loop}
						return b
					}
				}
				return b // the label is no longer used
			}
		}
	}
	return n
}

// ---- generic instantiation

func (r *rewriter) genericFunc(id *ast.Ident) (types.Instance, bool) {
	inst, ok := r.info.Instances[id]
	if !ok || inst.TypeArgs == nil || inst.TypeArgs.Len() == 0 {
		return inst, false
	}
	if _, ok := r.info.Uses[id].(*types.Func); !ok {
		return inst, false
	}
	return inst, true
}

func (r *rewriter) typeArgs(inst types.Instance, pos token.Pos) ([]ast.Expr, bool) {
	var args []ast.Expr
	for i := 0; i < inst.TypeArgs.Len(); i++ {
		e, ok := r.typeExpr(inst.TypeArgs.At(i), pos)
		if !ok {
			return nil, false
		}
		args = append(args, e)
	}
	return args, true
}

func (r *rewriter) instantiate(e ast.Expr, id *ast.Ident) ast.Node {
	if r.explicit[e] {
		return e
	}
	inst, ok := r.genericFunc(id)
	if !ok {
		return e
	}
	args, ok := r.typeArgs(inst, e.Pos())
	if !ok {
		return e
	}
	return &ast.IndexListExpr{X: e, Lbrack: e.End(), Indices: args, Rbrack: e.End()}
}

func (r *rewriter) completeInstance(n ast.Expr, x ast.Expr, given []ast.Expr) ast.Node {
	var id *ast.Ident
	switch x := x.(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	default:
		return n
	}
	inst, ok := r.genericFunc(id)
	if !ok || inst.TypeArgs.Len() == len(given) {
		return n
	}
	args, ok := r.typeArgs(inst, n.Pos())
	if !ok {
		return n
	}
	copy(args, given)
	return &ast.IndexListExpr{X: x, Lbrack: x.End(), Indices: args, Rbrack: n.End()}
}

// ---- types as syntax

// typeExpr writes t as an expression the cell can compile, at pos.
func (r *rewriter) typeExpr(t types.Type, pos token.Pos) (ast.Expr, bool) {
	s, ok := r.typeString(t)
	if !ok {
		return nil, false
	}
	e, err := parser.ParseExpr(s)
	if err != nil {
		return nil, false
	}
	setPos(e, pos)
	return e, true
}

// typeString writes t as the cell can name it.
func (r *rewriter) typeString(t types.Type) (string, bool) {
	ok := true
	s := types.TypeString(t, func(p *types.Package) string {
		if p.Path() == "main" {
			return ""
		}
		name, has := r.qualify(p)
		if !has {
			ok = false
		}
		return name
	})
	if !ok || strings.Contains(s, "invalid type") || strings.Contains(s, "untyped ") {
		return "", false
	}
	e, err := parser.ParseExpr(s)
	if err != nil {
		return "", false
	}
	ast.Inspect(e, func(n ast.Node) bool {
		if sel, isSel := n.(*ast.SelectorExpr); isSel && !sel.Sel.IsExported() {
			ok = false
		}
		return ok
	})
	return s, ok
}

func helper(name string, pos token.Pos) ast.Expr {
	return &ast.SelectorExpr{X: ast.NewIdent(generic.HelpersPath), Sel: &ast.Ident{NamePos: pos, Name: name}}
}

func ident(name string, pos token.Pos) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }

// ---- builtins: min, max, clear, recover

func (r *rewriter) builtinName(call *ast.CallExpr) string {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return ""
	}
	b, ok := r.info.Uses[id].(*types.Builtin)
	if !ok {
		return ""
	}
	return b.Name()
}

func (r *rewriter) builtin(call *ast.CallExpr) ast.Node {
	pos := call.Pos()
	if lit := r.errorsCall(call); lit != nil {
		return lit
	}
	r.unexportedJSON(call)
	r.fmtCall(call)
	r.variadic(call)
	r.convertResults(call)
	r.stringerSlices(call)
	switch name := r.builtinName(call); name {
	case "min", "max":
		tv := r.info.Types[call]
		if tv.Type == nil {
			return call
		}
		if tv.Value != nil {
			if lit, ok := r.constExpr(tv.Type, tv.Value, pos); ok {
				return lit
			}
			return call
		}
		t, ok := r.typeExpr(tv.Type, pos)
		if !ok {
			return call
		}
		fn := "Min"
		if name == "max" {
			fn = "Max"
		}
		h := helper(fn, pos)
		h.(*ast.SelectorExpr).X.(*ast.Ident).NamePos = pos
		return &ast.CallExpr{Fun: &ast.IndexExpr{X: h, Lbrack: pos, Index: t, Rbrack: pos},
			Lparen: call.Lparen, Args: call.Args, Rparen: call.Rparen}
	case "clear":
		if len(call.Args) != 1 {
			return call
		}
		tv := r.info.Types[call.Args[0]]
		if tv.Type == nil {
			return call
		}
		var fn string
		var targs []types.Type
		switch u := tv.Type.Underlying().(type) {
		case *types.Map:
			// Compiled: a loop of deletes leaves NaN keys (see printbuiltin.go).
			return &ast.CallExpr{Fun: &ast.SelectorExpr{X: ident(RuntimeName, pos), Sel: ident("ClearMap", pos)},
				Lparen: call.Lparen, Args: call.Args, Rparen: call.Rparen}
		case *types.Slice:
			fn, targs = "ClearSlice", []types.Type{u.Elem()}
		default:
			return call
		}
		var idx []ast.Expr
		for _, t := range targs {
			e, ok := r.typeExpr(t, pos)
			if !ok {
				return call
			}
			idx = append(idx, e)
		}
		return &ast.CallExpr{Fun: &ast.IndexListExpr{X: helper(fn, pos), Lbrack: pos, Indices: idx, Rbrack: pos},
			Lparen: call.Lparen, Args: call.Args, Rparen: call.Rparen}
	}
	return call
}

// errorsCall turns errors.As(err, &target) and errors.AsType[E](err) into func
// literals that walk the error tree with type assertions, so they see cell-declared
// types' methods (the compiled errors.As cannot).
func (r *rewriter) errorsCall(call *ast.CallExpr) ast.Expr {
	fun := call.Fun
	if ix, ok := fun.(*ast.IndexExpr); ok {
		fun = ix.X
	} else if ix, ok := fun.(*ast.IndexListExpr); ok {
		fun = ix.X
	}
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	fn, ok := r.info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "errors" {
		return nil
	}
	pos := call.Pos()
	var target types.Type
	switch {
	case fn.Name() == "Is" && len(call.Args) == 2:
	case fn.Name() == "As" && len(call.Args) == 2:
		ptr, ok := r.info.Types[call.Args[1]].Type.(*types.Pointer)
		if !ok {
			return nil
		}
		target = ptr.Elem()
	case fn.Name() == "AsType" && len(call.Args) == 1:
		inst, ok := r.info.Instances[sel.Sel]
		if !ok || inst.TypeArgs.Len() != 1 {
			return nil
		}
		target = inst.TypeArgs.At(0)
	default:
		return nil
	}
	t := "error"
	if target != nil {
		var ok bool
		if t, ok = r.typeString(target); !ok {
			return nil
		}
	}
	// The cell types with the methods the walk calls: the interpreter matches a
	// cell type's value against the type, not against an interface.
	errType := types.Universe.Lookup("error").Type()
	method := func(name string, params, results []types.Type) *types.Interface {
		var ps, rs []*types.Var
		for _, p := range params {
			ps = append(ps, types.NewParam(token.NoPos, nil, "", p))
		}
		for _, r := range results {
			rs = append(rs, types.NewParam(token.NoPos, nil, "", r))
		}
		sig := types.NewSignatureType(nil, nil, nil, types.NewTuple(ps...), types.NewTuple(rs...), false)
		return types.NewInterfaceType([]*types.Func{types.NewFunc(token.NoPos, nil, name, sig)}, nil).Complete()
	}
	boolType := types.Typ[types.Bool]
	cases := func(iface *types.Interface, code string) (string, bool) {
		var b strings.Builder
		for _, c := range r.implementers(iface) {
			cs, ok := r.typeString(c)
			if !ok {
				return "", false
			}
			b.WriteString(strings.ReplaceAll(code, "__C__", "("+cs+")"))
		}
		return b.String(), true
	}
	asCases, ok1 := cases(method("As", []types.Type{types.NewInterfaceType(nil, nil).Complete()}, []types.Type{boolType}),
		"if a, ok := ae.(__C__); ok && a.As(t) { return true }\n")
	isCases, ok2 := cases(method("Is", []types.Type{errType}, []types.Type{boolType}),
		"if a, ok := ae.(__C__); ok && a.Is(target) { return true }\n")
	unwrapCases, ok3 := cases(method("Unwrap", nil, []types.Type{errType}),
		"if u, ok := ae.(__C__); ok { e = u.Unwrap(); continue }\n")
	unwrapManyCases, ok4 := cases(method("Unwrap", nil, []types.Type{types.NewSlice(errType)}),
		"if u, ok := ae.(__C__); ok { for _, x := range u.Unwrap() { if walk(x) { return true } }; return false }\n")
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return nil
	}
	rt := RuntimeName
	// The assertion must happen in the cell's own code: the interpreter does not
	// match a cell's type asserted in a generic function of another package; a
	// compiled error's methods are found by compiled code (UnwrapError, IsError).
	var match, inner string
	if fn.Name() == "Is" {
		match = "if " + rt + ".SameError(e, target) { return true }\n" + isCases +
			"if " + rt + ".IsError(e, target) { return true }\n"
	} else {
		match = "if v, ok := ae.(__T__); ok { *t = v; return true }\n" + asCases
		inner = "if " + rt + ".AsInner(next, t) { return true }\n"
	}
	walk := "for e != nil {\nae := any(" + rt + ".Self(e))\n_ = ae\n" + match + unwrapCases + unwrapManyCases +
		"next, many, ok := " + rt + ".UnwrapError(e)\nif !ok { return false }\n" +
		"if many != nil { for _, x := range many { if walk(x) { return true } }; return false }\n" + inner + "e = next\n}\nreturn false"
	var src string
	switch fn.Name() {
	case "Is":
		src = "func(e, target error) bool { if e == nil || target == nil { return e == target }; var walk func(error) bool; walk = func(e error) bool {" + walk + "}; return walk(e) }"
	default:
		selfExpr := "e"
		if isCellStruct(target) {
			selfExpr = "any(" + rt + ".Self(e))"
		}
		// As: Go's walk over the cell's own assertions, and the compiled helpers for
		// compiled wrappers (fmt.Errorf's %w).
		asWalk := `for e != nil {
		if v, ok := ` + selfExpr + `.(__T__); ok {
			*t = v
			return true
		}
		if a, ok := e.(interface{ As(any) bool }); ok && a.As(t) {
			return true
		}
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			e = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				if as(x, t) {
					return true
				}
			}
			return false
		default:
			next, many, ok := ` + rt + `.UnwrapError(e)
			if !ok {
				return false
			}
			for _, x := range many {
				if as(x, t) {
					return true
				}
			}
			if many != nil {
				return false
			}
			if ` + rt + `.AsInner(next, t) {
				return true
			}
			e = next
		}
	}
	return false`
		if fn.Name() == "As" {
			src = "func(e error, t *__T__) bool { var as func(error, *__T__) bool; as = func(e error, t *__T__) bool {" + asWalk + "}; return as(e, t) }"
		} else {
			src = "func(e error) (__T__, bool) { var as func(error, *__T__) bool; as = func(e error, t *__T__) bool {" + asWalk + "}; var v __T__; ok := as(e, &v); return v, ok }"
		}
	}
	lit, err := parser.ParseExpr(strings.ReplaceAll(src, "__T__", "("+t+")"))
	if err != nil {
		return nil
	}
	setPos(lit, pos)
	return &ast.CallExpr{Fun: lit, Lparen: call.Lparen, Args: call.Args, Rparen: call.Rparen}
}

// variadic passes the variadic arguments of a compiled function whose variadic
// parameter is a non-empty interface (plot.Add(ps ...plot.Plotter)) as a slice
// literal: the interpreter wraps a cell's values in the interface for a slice
// element, but not for a variadic argument.
//
//	p.Add(a, b)   becomes   p.Add([]plot.Plotter{a, b}...)
func (r *rewriter) variadic(call *ast.CallExpr) {
	if call.Ellipsis.IsValid() {
		return
	}
	fn := r.compiledFunc(call)
	if fn == nil {
		return
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || !sig.Variadic() {
		return
	}
	n := sig.Params().Len()
	if len(call.Args) < n {
		return
	}
	slice, ok := sig.Params().At(n - 1).Type().(*types.Slice)
	if !ok {
		return
	}
	if it, ok := slice.Elem().Underlying().(*types.Interface); !ok || it.NumMethods() == 0 {
		return
	}
	pos := call.Args[n-1].Pos()
	t, ok := r.typeExpr(slice, pos)
	if !ok {
		return
	}
	lit := &ast.CompositeLit{Type: t, Lbrace: pos, Elts: append([]ast.Expr(nil), call.Args[n-1:]...), Rbrace: call.Rparen}
	call.Args = append(call.Args[:n-1:n-1], lit)
	call.Ellipsis = call.Rparen
}

// commaOK: at a cell's top level (the interpreter's global scope) the interpreter
// fails on `v, ok := m[k]`, `v, ok := x.(T)` and `v, ok := <-ch` ("nil type"), so
// they become `var v V; var ok bool; v, ok = ...`.
func (r *rewriter) commaOK(list []ast.Stmt) []ast.Stmt {
	var out []ast.Stmt
	for _, st := range list {
		a, ok := st.(*ast.AssignStmt)
		if !ok || a.Tok != token.DEFINE || len(a.Lhs) != 2 || len(a.Rhs) != 1 {
			out = append(out, st)
			continue
		}
		switch x := ast.Unparen(a.Rhs[0]).(type) {
		case *ast.IndexExpr, *ast.TypeAssertExpr:
		case *ast.UnaryExpr:
			if x.Op != token.ARROW {
				out = append(out, st)
				continue
			}
		default:
			out = append(out, st)
			continue
		}
		var decls []ast.Stmt
		good := true
		for _, l := range a.Lhs {
			id, ok := l.(*ast.Ident)
			if !ok {
				good = false
				break
			}
			obj := r.info.Defs[id]
			if id.Name == "_" || obj == nil {
				continue // assigned, not declared
			}
			t, ok := r.typeExpr(obj.Type(), id.Pos())
			if !ok {
				good = false
				break
			}
			decls = append(decls, &ast.DeclStmt{Decl: &ast.GenDecl{TokPos: id.Pos(), Tok: token.VAR,
				Specs: []ast.Spec{&ast.ValueSpec{Names: []*ast.Ident{ident(id.Name, id.Pos())}, Type: t}}}})
		}
		if !good {
			out = append(out, st)
			continue
		}
		a.Tok = token.ASSIGN
		out = append(out, decls...)
		out = append(out, a)
	}
	return out
}

// fallthroughs: at a cell's top level the interpreter panics on a switch with a
// fallthrough (reflect Value.Bool on interface); inside a function it runs it. So such
// a switch (without a return, which would then end the literal, not the cell)
// becomes { func() { switch ... }() }.
func fallthroughs(list []ast.Stmt) []ast.Stmt {
	for i, st := range list {
		if _, ok := st.(*ast.SwitchStmt); !ok {
			continue
		}
		has, ret := false, false
		ast.Inspect(st, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.BranchStmt:
				has = has || n.Tok == token.FALLTHROUGH
			case *ast.ReturnStmt:
				ret = true
			}
			return true
		})
		if !has || ret {
			continue
		}
		pos, end := st.Pos(), st.End()
		list[i] = &ast.BlockStmt{Lbrace: pos, Rbrace: end, List: []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{
			Fun: &ast.FuncLit{
				Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos}},
				Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{st}, Rbrace: end},
			},
			Lparen: end, Rparen: end,
		}}}}
	}
	return list
}

// compiledFunc returns the compiled (not cell, not generic source) function call
// calls, if it is one.
func (r *rewriter) compiledFunc(call *ast.CallExpr) *types.Func {
	var id *ast.Ident
	switch f := call.Fun.(type) {
	case *ast.SelectorExpr:
		id = f.Sel
	case *ast.Ident:
		id = f
	default:
		return nil
	}
	fn, ok := r.info.Uses[id].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() == "main" {
		return nil
	}
	if _, src := generic.Source(fn.Pkg().Path()); src || fn.Pkg().Path() == generic.HelpersPath {
		return nil
	}
	return fn
}

// convertResults: the interpreter wraps a cell type's value in the interfaces a
// compiled function looks for (fmt.Stringer, error...) when the argument is a
// variable or a conversion, not when it is a call's result, so
//
//	fmt.Println(reverse(head))   becomes   fmt.Println((*Node)(reverse(head)))
func (r *rewriter) convertResults(call *ast.CallExpr) {
	if r.compiledFunc(call) == nil {
		return
	}
	for i, a := range call.Args {
		inner, ok := a.(*ast.CallExpr)
		if !ok {
			continue
		}
		t := r.info.Types[a].Type
		if t == nil {
			continue
		}
		base := t
		if p, ok := t.(*types.Pointer); ok {
			base = p.Elem()
		}
		named, ok := base.(*types.Named)
		if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != "main" {
			continue
		}
		if types.NewMethodSet(t).Len() == 0 {
			continue
		}
		if tv := r.info.Types[inner.Fun]; tv.IsType() {
			continue // a conversion already
		}
		te, ok := r.typeExpr(t, a.Pos())
		if !ok {
			continue
		}
		call.Args[i] = &ast.CallExpr{Fun: &ast.ParenExpr{Lparen: a.Pos(), X: te, Rparen: a.Pos()}, Lparen: a.Pos(), Args: []ast.Expr{a}, Rparen: a.End()}
	}
}

// stringerSlices: fmt formats the elements of a slice of a cell type without its
// String (the interpreter wraps only the argument itself), so for fmt's Print,
// Println, Sprint, Sprintln, Fprint and Fprintln a slice or array of a cell type with
// a String (or Error) method is passed as a []fmt.Stringer (or []error), and a map
// with such values as a map[K]fmt.Stringer, which fmt prints alike.
func (r *rewriter) stringerSlices(call *ast.CallExpr) {
	fn := r.compiledFunc(call)
	if fn == nil || fn.Pkg().Path() != "fmt" || call.Ellipsis.IsValid() {
		return
	}
	first := 0
	switch fn.Name() {
	case "Print", "Println", "Sprint", "Sprintln":
	case "Fprint", "Fprintln":
		first = 1
	default:
		return
	}
	stringer := fn.Pkg().Scope().Lookup("Stringer")
	if stringer == nil {
		return
	}
	for i := first; i < len(call.Args); i++ {
		r.wrapElems(call, i, stringer)
	}
}

// wrapElems passes call.Args[i], a slice, array or map of a cell type with a String
// or Error method, as a slice or map of fmt.Stringer or error (see stringerSlices).
func (r *rewriter) wrapElems(call *ast.CallExpr, i int, stringer types.Object) {
	{
		a := call.Args[i]
		t := r.info.Types[a].Type
		if t == nil {
			return
		}
		var elem, key types.Type
		switch u := t.Underlying().(type) {
		case *types.Slice:
			elem = u.Elem()
		case *types.Array:
			elem = u.Elem()
		case *types.Map:
			key, elem = u.Key(), u.Elem()
		default:
			return
		}
		named, ok := elem.(*types.Named)
		if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != "main" {
			return
		}
		var iface types.Type
		ms := types.NewMethodSet(elem)
		switch {
		case ms.Lookup(nil, "Error") != nil:
			iface = types.Universe.Lookup("error").Type()
		case ms.Lookup(nil, "String") != nil:
			iface = stringer.Type()
		default:
			return
		}
		ts, ok1 := r.typeString(t)
		is, ok2 := r.typeString(iface)
		ets, ok3 := r.typeString(elem)
		if !ok1 || !ok2 || !ok3 {
			return
		}
		// (Each element converted by its own call: the interpreter's wrapper of a
		// value refers to the variable it was made from.)
		src := "func(s " + ts + ") []" + is + " { out := make([]" + is + ", len(s)); for i := range s { out[i] = func(x " + ets + ") " + is + " { return x }(s[i]) }; return out }"
		if key != nil {
			ks, ok := r.typeString(key)
			if !ok {
				return
			}
			// fmt prints a map's entries sorted by key, which keeps them the same.
			src = "func(s " + ts + ") map[" + ks + "]" + is + " { if s == nil { return nil }; out := make(map[" + ks + "]" + is + ", len(s)); for k := range s { out[k] = func(x " + ets + ") " + is + " { return x }(s[k]) }; return out }"
		}
		lit, err := parser.ParseExpr(src)
		if err != nil {
			return
		}
		setPos(lit, a.Pos())
		call.Args[i] = &ast.CallExpr{Fun: lit, Lparen: a.Pos(), Args: []ast.Expr{a}, Rparen: a.End()}
	}
}

// isRecover reports whether a is `r := recover()` or `r = recover()`.
func (r *rewriter) isRecover(a *ast.AssignStmt) bool {
	if len(a.Lhs) != 1 || len(a.Rhs) != 1 {
		return false
	}
	call, ok := a.Rhs[0].(*ast.CallExpr)
	if !ok || r.builtinName(call) != "recover" {
		return false
	}
	id, ok := a.Lhs[0].(*ast.Ident)
	return ok && id.Name != "_"
}

// RuntimeName is the name under which cells see this package's compiled helpers
// (IsReflectPanic, Translate): the session imports it by that name.
const RuntimeName = "__petri_pm"

// recovers follows every `r := recover()` in list with
//
//	if __petri_pm.IsReflectPanic(r) { r = __petri_pm.Translate(r) }
//
// which turns the interpreter's reflect panics into Go's runtime errors. (recover
// must stay a direct call of the deferred function, so it cannot be wrapped.)
func (r *rewriter) recovers(list []ast.Stmt) []ast.Stmt {
	var out []ast.Stmt
	for _, st := range list {
		if call := r.recoverIn(st); call != nil {
			// recover() inside a statement (e := recover().(error)): called just
			// before, into a variable, so it can be translated too.
			pos := call.Pos()
			v := r.fresh("rc")
			a := &ast.AssignStmt{Lhs: []ast.Expr{ident(v, pos)}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.CallExpr{Fun: call.Fun, Lparen: call.Lparen, Rparen: call.Rparen}}}
			apply(st, func(n ast.Node) ast.Node {
				if n == call {
					return ident(v, pos)
				}
				return n
			})
			out = append(out, r.recovers([]ast.Stmt{a})...)
		}
		out = append(out, st)
		a, ok := st.(*ast.AssignStmt)
		if !ok || !r.isRecover(a) {
			continue
		}
		id := a.Lhs[0].(*ast.Ident)
		pos := a.Pos()
		call := func(fn string) ast.Expr {
			return &ast.CallExpr{Fun: &ast.SelectorExpr{X: ident(RuntimeName, pos), Sel: ident(fn, pos)},
				Lparen: pos, Args: []ast.Expr{ident(id.Name, pos)}, Rparen: pos}
		}
		out = append(out, &ast.IfStmt{If: pos, Cond: call("IsReflectPanic"), Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{
			&ast.AssignStmt{Lhs: []ast.Expr{ident(id.Name, pos)}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{call("Translate")}},
		}}})
	}
	return out
}

// multiValue: the interpreter fails to assign the results of an explicitly
// instantiated generic call ("not a generic type", "constant definition loop"), so
//
//	a, b := F[T](x)   becomes   a, b := func() (R1, R2) { return F[T](x) }()
func (r *rewriter) multiValue(a *ast.AssignStmt) ast.Node {
	if len(a.Rhs) == 1 {
		if lit := r.wrapMulti(a.Rhs[0]); lit != nil {
			a.Rhs[0] = lit
		}
	}
	return a
}

func (r *rewriter) wrapMulti(e ast.Expr) ast.Expr {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return nil
	}
	var x ast.Expr
	switch f := call.Fun.(type) {
	case *ast.IndexExpr:
		x = f.X
	case *ast.IndexListExpr:
		x = f.X
	default:
		return nil
	}
	var id *ast.Ident
	switch x := x.(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	}
	if id == nil {
		return nil
	}
	if _, ok := r.genericFunc(id); !ok {
		return nil
	}
	var res []types.Type
	switch t := r.info.Types[call].Type.(type) {
	case nil:
		return nil
	case *types.Tuple:
		for i := 0; i < t.Len(); i++ {
			res = append(res, t.At(i).Type())
		}
	default:
		res = []types.Type{t}
	}
	pos := call.Pos()
	var results []*ast.Field
	for _, rt := range res {
		t, ok := r.typeExpr(rt, pos)
		if !ok {
			return nil
		}
		results = append(results, &ast.Field{Type: t})
	}
	return &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos}, Results: &ast.FieldList{Opening: pos, List: results, Closing: pos}},
		Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{call}}}, Rbrace: call.End()},
	}, Lparen: call.End(), Rparen: call.End()}
}

// constExpr writes the constant v of type t.
func (r *rewriter) constExpr(t types.Type, v constant.Value, pos token.Pos) (ast.Expr, bool) {
	var lit *ast.BasicLit
	basic, _ := t.Underlying().(*types.Basic)
	if basic == nil {
		return nil, false
	}
	switch {
	case v.Kind() == constant.String:
		lit = &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(constant.StringVal(v))}
	case v.Kind() == constant.Int && basic.Kind() == types.UntypedRune:
		n, _ := constant.Int64Val(v)
		lit = &ast.BasicLit{ValuePos: pos, Kind: token.CHAR, Value: strconv.QuoteRune(rune(n))}
	case v.Kind() == constant.Int && basic.Info()&types.IsFloat == 0:
		lit = &ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: v.ExactString()}
	case v.Kind() == constant.Int || v.Kind() == constant.Float:
		f, _ := constant.Float64Val(v)
		s := strconv.FormatFloat(f, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eEn") {
			s += ".0"
		}
		lit = &ast.BasicLit{ValuePos: pos, Kind: token.FLOAT, Value: s}
	default:
		return nil, false
	}
	if basic.Info()&types.IsUntyped != 0 {
		return lit, true
	}
	te, ok := r.typeExpr(t, pos)
	if !ok {
		return nil, false
	}
	return &ast.CallExpr{Fun: te, Lparen: pos, Args: []ast.Expr{lit}, Rparen: pos}, true
}

// TypeExpr writes t as code of a cell can name it, with packages named by qualify;
// ok is false when the cell cannot name it (an unexported type of a package, say).
func TypeExpr(t types.Type, qualify Qualifier, pos token.Pos) (ast.Expr, bool) {
	r := &rewriter{qualify: qualify}
	return r.typeExpr(t, pos)
}

// recoverIn returns the one recover() call st makes itself (not in a block or a
// function literal it holds), unless st is v := recover(), or nil.
func (r *rewriter) recoverIn(st ast.Stmt) *ast.CallExpr {
	if a, ok := st.(*ast.AssignStmt); ok && r.isRecover(a) {
		return nil
	}
	switch st.(type) {
	case *ast.ExprStmt, *ast.AssignStmt, *ast.ReturnStmt, *ast.DeclStmt:
	default:
		return nil
	}
	var found *ast.CallExpr
	n := 0
	ast.Inspect(st, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit, *ast.BlockStmt:
			return false
		case *ast.CallExpr:
			if r.builtinName(x) == "recover" && len(x.Args) == 0 {
				found = x
				n++
			}
		}
		return true
	})
	if n != 1 {
		return nil
	}
	if es, ok := st.(*ast.ExprStmt); ok && ast.Unparen(es.X) == found {
		return nil // recover() alone: its value is dropped
	}
	return found
}
