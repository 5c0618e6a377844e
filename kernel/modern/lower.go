package modern

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// lower rewrites statements the interpreter runs with another meaning than Go's into
// the subset it runs correctly. It runs before the other rewrites, on the nodes
// go/types saw, and keeps every position:
//
//   - a parallel assignment with a call on the right (n, s = 1, append(s, 10)) or an
//     index or indirection on the left evaluates the right-hand sides into
//     temporaries first, then assigns one at a time (the interpreter drops values);
//   - a comma-ok assignment (v, ok = m[k]; _, ok = <-ch; v, ok = x.(T)) goes
//     through fresh variables (the interpreter keeps old values or writes into the
//     wrong slot), and an assertion on a nil interface yields the zero value and
//     false instead of panicking;
//   - defer evaluates its function value, receiver and arguments at the defer
//     statement (the interpreter evaluates them when the function returns);
//   - a method value copies a value receiver where it is evaluated, and a method
//     expression (T.M, (*T).M) becomes a function literal.
func (r *rewriter) lower(root ast.Node) {
	callees := map[ast.Expr]bool{}
	ast.Inspect(root, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			callees[ast.Unparen(c.Fun)] = true
		}
		return true
	})
	// Comma-ok assertions are lowered as statements; the others as expressions.
	commaOK := map[*ast.TypeAssertExpr]bool{}
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == 2 && len(n.Rhs) == 1 {
				if ta, ok := ast.Unparen(n.Rhs[0]).(*ast.TypeAssertExpr); ok {
					commaOK[ta] = true
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == 2 && len(n.Values) == 1 {
				if ta, ok := ast.Unparen(n.Values[0]).(*ast.TypeAssertExpr); ok {
					commaOK[ta] = true
				}
			}
		}
		return true
	})
	r.generated = map[ast.Stmt]bool{}
	// Expressions first (method values), then statement lists.
	apply(root, func(n ast.Node) ast.Node {
		if ta, ok := n.(*ast.TypeAssertExpr); ok && ta.Type != nil && !commaOK[ta] {
			if e := r.assertExpr(ta); e != nil {
				return e
			}
		}
		if call, ok := n.(*ast.CallExpr); ok {
			r.printForm(call)
			if e := r.newExpr(call); e != nil {
				return e
			}
		}
		if sel, ok := n.(*ast.SelectorExpr); ok && (!callees[sel] || r.ifaceMethodExpr(sel)) {
			if e := r.methodValue(sel); e != nil {
				return e
			}
		}
		return n
	})
	r.ifaceValues(root)
	r.deferLoops = map[*ast.DeferStmt]ast.Node{}
	var loops []ast.Node
	var walk func(n ast.Node) bool
	walk = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			saved := loops
			loops = nil
			ast.Inspect(n.Body, walk)
			loops = saved
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			loops = append(loops, n)
			switch n := n.(type) {
			case *ast.ForStmt:
				ast.Inspect(n.Body, walk)
			case *ast.RangeStmt:
				ast.Inspect(n.Body, walk)
			}
			loops = loops[:len(loops)-1]
			return false
		case *ast.DeferStmt:
			if len(loops) > 0 {
				r.deferLoops[n] = loops[len(loops)-1]
			}
		}
		return true
	}
	ast.Inspect(root, walk)
	lists := func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			n.List = r.lowerList(n.List)
		case *ast.CaseClause:
			n.Body = r.lowerList(n.Body)
		case *ast.CommClause:
			n.Body = r.lowerList(n.Body)
		}
		return true
	}
	ast.Inspect(root, lists)
}

func (r *rewriter) lowerList(list []ast.Stmt) []ast.Stmt {
	var out []ast.Stmt
	changed := false
	for _, st := range list {
		var repl []ast.Stmt
		switch st := st.(type) {
		case *ast.AssignStmt:
			if !r.generated[st] {
				repl = r.lowerAssign(st)
			}
		case *ast.DeferStmt:
			repl = r.lowerDefer(st)
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.LabeledStmt:
			if l, ok := st.(*ast.LabeledStmt); ok {
				switch loop := l.Stmt.(type) {
				case *ast.ForStmt:
					r.lowerInit(&loop.Init)
					r.lowerPost(loop)
				case *ast.RangeStmt:
					r.lowerRangeAssign(loop)
				}
			}
			if repl = r.lowerTypeSwitch(st); repl == nil {
				repl = switchInit(st)
			}
		case *ast.ExprStmt:
			repl = r.lowerPrint(st)
		case *ast.IfStmt:
			if repl = r.ifCommaOK(st); repl == nil {
				r.lowerInit(&st.Init)
			}
		case *ast.ForStmt:
			r.lowerInit(&st.Init)
			r.lowerPost(st)
		case *ast.RangeStmt:
			r.lowerRangeAssign(st)
		}
		if repl == nil {
			out = append(out, st)
			continue
		}
		changed = true
		out = append(out, repl...)
	}
	if !changed {
		return list
	}
	return out
}

// isConst reports whether e is a constant or nil: it needs no temporary and keeps
// its untyped meaning in place.
func (r *rewriter) isConst(e ast.Expr) bool {
	tv, ok := r.info.Types[e]
	return ok && (tv.Value != nil || tv.IsNil() || tv.IsType())
}

func (r *rewriter) untyped(e ast.Expr) bool {
	tv, ok := r.info.Types[e]
	if !ok || tv.Type == nil {
		return true
	}
	b, isBasic := tv.Type.(*types.Basic)
	return isBasic && b.Info()&types.IsUntyped != 0
}

// HasCall reports whether n calls anything outside the function literals it
// contains (a call inside a literal runs only when the literal is called).
func HasCall(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		switch x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			found = true
		}
		return !found
	})
	return found
}

func (r *rewriter) temp(pos token.Pos, e ast.Expr) (*ast.Ident, ast.Stmt) {
	id := ident(r.fresh("t"), pos)
	return id, &ast.AssignStmt{Lhs: []ast.Expr{id}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{e}}
}

func (r *rewriter) lowerAssign(a *ast.AssignStmt) []ast.Stmt {
	if a.Tok != token.ASSIGN && a.Tok != token.DEFINE {
		return nil
	}
	if len(a.Lhs) == 2 && len(a.Rhs) == 1 {
		return r.lowerCommaOK(a)
	}
	if len(a.Lhs) < 2 || len(a.Lhs) != len(a.Rhs) {
		return nil
	}
	need := false
	for _, e := range a.Rhs {
		if HasCall(e) {
			need = true
		}
		if !r.isConst(e) && r.untyped(e) {
			return nil // an untyped non-constant (a comparison): left as it is
		}
	}
	for _, e := range a.Lhs {
		switch ast.Unparen(e).(type) {
		case *ast.IndexExpr, *ast.StarExpr:
			need = true
		}
	}
	if !need {
		return nil
	}
	pos := a.Pos()
	var pre []ast.Stmt
	lhs := make([]ast.Expr, len(a.Lhs))
	// The operands of index expressions and indirections on the left, in order.
	for i, e := range a.Lhs {
		lhs[i] = e
		switch x := ast.Unparen(e).(type) {
		case *ast.IndexExpr:
			nx := *x
			if tv, ok := r.info.Types[x.X]; ok && tv.Type != nil {
				switch tv.Type.Underlying().(type) {
				case *types.Slice, *types.Map, *types.Pointer:
					id, st := r.temp(pos, x.X)
					pre, nx.X = append(pre, st), id
				}
			}
			if !r.isConst(x.Index) {
				id, st := r.temp(pos, x.Index)
				pre, nx.Index = append(pre, st), id
			}
			lhs[i] = &nx
		case *ast.StarExpr:
			id, st := r.temp(pos, x.X)
			pre = append(pre, st)
			lhs[i] = &ast.StarExpr{Star: x.Star, X: id}
		}
	}
	rhs := make([]ast.Expr, len(a.Rhs))
	for i, e := range a.Rhs {
		if id, ok := a.Lhs[i].(*ast.Ident); ok && id.Name == "_" {
			pre = append(pre, &ast.AssignStmt{Lhs: []ast.Expr{ident("_", id.Pos())}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{e}})
			continue
		}
		if r.isConst(e) {
			rhs[i] = e
			continue
		}
		id, st := r.temp(pos, e)
		pre, rhs[i] = append(pre, st), id
	}
	return append(pre, r.assignEach(a, lhs, rhs)...)
}

// assignEach assigns rhs[i] to lhs[i] one at a time; a := defines the names that are
// new and assigns the others.
func (r *rewriter) assignEach(a *ast.AssignStmt, lhs, rhs []ast.Expr) []ast.Stmt {
	var out []ast.Stmt
	for i, l := range lhs {
		if rhs[i] == nil {
			continue
		}
		tok := token.ASSIGN
		if id, ok := l.(*ast.Ident); ok {
			if id.Name == "_" {
				continue
			}
			if a.Tok == token.DEFINE && r.info.Defs[id] != nil {
				tok = token.DEFINE
			}
		}
		out = append(out, &ast.AssignStmt{Lhs: []ast.Expr{l}, TokPos: a.TokPos, Tok: tok, Rhs: []ast.Expr{rhs[i]}})
	}
	return out
}

// lowerCommaOK: v, ok = m[k] (or <-ch, x.(T)) becomes
//
//	__pt1, __pt2 := m[k]; v = __pt1; ok = __pt2
//
// and an assertion x.(T) becomes, so a nil interface gives the zero value and false,
//
//	__pt0 := x; var __pt1 T; var __pt2 bool; if __pt0 != nil { __pt1, __pt2 = __pt0.(T) }
func (r *rewriter) lowerCommaOK(a *ast.AssignStmt) []ast.Stmt {
	pos := a.Pos()
	rhs := ast.Unparen(a.Rhs[0])
	var pre []ast.Stmt
	v, ok := ident(r.fresh("t"), pos), ident(r.fresh("t"), pos)
	switch x := rhs.(type) {
	case *ast.IndexExpr:
		tv, known := r.info.Types[x.X]
		if !known || tv.Type == nil {
			return nil
		}
		if _, isMap := tv.Type.Underlying().(*types.Map); !isMap {
			return nil
		}
		if a.Tok == token.DEFINE {
			return nil // a fresh variable: the interpreter runs it
		}
		pre = append(pre, r.freshPair(pos, v, ok, x)...)
	case *ast.UnaryExpr:
		if x.Op != token.ARROW {
			return nil
		}
		pre = append(pre, r.freshPair(pos, v, ok, x)...)
	case *ast.TypeAssertExpr:
		if x.Type == nil {
			return nil
		}
		tv, known := r.info.Types[x.Type]
		if !known || tv.Type == nil {
			return nil
		}
		t, good := r.typeExpr(tv.Type, pos)
		if !good {
			return nil
		}
		val := ident(r.fresh("t"), pos)
		var assert ast.Stmt
		if chain, good := r.assertIface(pos, val.Name, tv.Type, x.Type, v.Name, ok.Name); good {
			assert = chain
		} else {
			a := &ast.AssignStmt{Lhs: []ast.Expr{ident(v.Name, pos), ident(ok.Name, pos)}, TokPos: pos, Tok: token.ASSIGN,
				Rhs: []ast.Expr{&ast.TypeAssertExpr{X: ident(val.Name, pos), Lparen: x.Lparen, Type: x.Type, Rparen: x.Rparen}}}
			r.generated[a] = true
			assert = a
		}
		// Held as an any: the interpreter panics (reflect.Set) asserting a cell
		// type's value held in a copy of a variable of a non-empty interface type.
		var held ast.Expr = x.X
		if xt, known := r.info.Types[x.X]; known && xt.Type != nil {
			if it, isIface := xt.Type.Underlying().(*types.Interface); isIface {
				if isCellStruct(tv.Type) {
					held = selfOf(x.X, pos)
				} else if !it.Empty() {
					held = &ast.CallExpr{Fun: ident("any", pos), Lparen: pos, Args: []ast.Expr{x.X}, Rparen: pos}
				}
			}
		}
		pre = append(pre,
			&ast.AssignStmt{Lhs: []ast.Expr{val}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{held}},
			&ast.DeclStmt{Decl: &ast.GenDecl{TokPos: pos, Lparen: pos, Rparen: pos, Tok: token.VAR, Specs: []ast.Spec{
				&ast.ValueSpec{Names: []*ast.Ident{ident(v.Name, pos)}, Type: t},
				&ast.ValueSpec{Names: []*ast.Ident{ident(ok.Name, pos)}, Type: ident("bool", pos)},
			}}},
			&ast.IfStmt{If: pos,
				Cond: &ast.BinaryExpr{X: ident(val.Name, pos), OpPos: pos, Op: token.NEQ, Y: ident("nil", pos)},
				Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{assert}}})
	default:
		return nil
	}
	return append(pre, r.assignEach(a, a.Lhs, []ast.Expr{ident(v.Name, pos), ident(ok.Name, pos)})...)
}

// lowerDefer: defer f(a, b) becomes __pt1 := a; __pt2 := b; defer f(__pt1, __pt2);
// a function value that is not a declared function, and a method's receiver, are
// evaluated there too.
func (r *rewriter) lowerDefer(d *ast.DeferStmt) []ast.Stmt {
	call := d.Call
	pos := d.Pos()
	var pre []ast.Stmt
	nc := *call
	nc.Args = append([]ast.Expr(nil), call.Args...)
	bound := false
	fun := ast.Unparen(call.Fun)
	switch f := fun.(type) {
	case *ast.Ident:
		switch r.info.Uses[f].(type) {
		case *types.Func, *types.Builtin, nil:
		default:
			id, st := r.temp(pos, f)
			pre, nc.Fun = append(pre, st), id
		}
	case *ast.FuncLit:
		if loop := r.deferLoops[d]; loop != nil {
			bound = r.bindIterationVars(f, &nc, loop)
		}
	case *ast.SelectorExpr:
		if sel, ok := r.info.Selections[f]; ok && sel.Kind() == types.MethodVal {
			recvPtr := false
			if sig, ok := sel.Obj().Type().(*types.Signature); ok && sig.Recv() != nil {
				_, recvPtr = sig.Recv().Type().(*types.Pointer)
			}
			_, xPtr := sel.Recv().Underlying().(*types.Pointer)
			var x ast.Expr = f.X
			if recvPtr && !xPtr {
				if _, isIface := sel.Recv().Underlying().(*types.Interface); !isIface {
					x = &ast.UnaryExpr{OpPos: pos, Op: token.AND, X: f.X}
				}
			}
			id, st := r.temp(pos, x)
			pre = append(pre, st)
			nc.Fun = &ast.SelectorExpr{X: id, Sel: f.Sel}
		} else if ok && sel.Kind() == types.FieldVal {
			id, st := r.temp(pos, f)
			pre, nc.Fun = append(pre, st), id
		}
	}
	for i, e := range nc.Args {
		if r.isConst(e) || r.untyped(e) {
			nc.Args[i] = e
			continue
		}
		id, st := r.temp(pos, e)
		pre, nc.Args[i] = append(pre, st), id
	}
	if len(pre) == 0 && !bound {
		return nil
	}
	return append(pre, &ast.DeferStmt{Defer: d.Defer, Call: &nc})
}

// methodValue: x.M of a value receiver becomes
//
//	func() func(P) R { __pt1 := x; return __pt1.M }()
//
// and a method expression T.M becomes func(__pr T, __pa0 P) R { return __pr.M(__pa0) }.
func (r *rewriter) methodValue(e *ast.SelectorExpr) ast.Expr {
	sel, ok := r.info.Selections[e]
	if !ok {
		return nil
	}
	tv, ok := r.info.Types[e]
	if !ok || tv.Type == nil {
		return nil
	}
	sig, ok := tv.Type.(*types.Signature)
	if !ok {
		return nil
	}
	pos := e.Pos()
	ft, ok := r.typeExpr(sig, pos)
	if !ok {
		return nil
	}
	fnType, ok := ft.(*ast.FuncType)
	if !ok {
		return nil
	}
	switch sel.Kind() {
	case types.MethodVal:
		msig, _ := sel.Obj().Type().(*types.Signature)
		if msig == nil || msig.Recv() == nil {
			return nil
		}
		if _, ptr := msig.Recv().Type().(*types.Pointer); ptr {
			return nil // bound to the address: nothing to copy
		}
		if _, iface := sel.Recv().Underlying().(*types.Interface); iface {
			return nil
		}
		var x ast.Expr = e.X
		if _, xPtr := sel.Recv().Underlying().(*types.Pointer); xPtr {
			x = &ast.StarExpr{Star: pos, X: e.X}
		}
		id, st := r.temp(pos, x)
		return &ast.CallExpr{Fun: &ast.FuncLit{
			Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos},
				Results: &ast.FieldList{Opening: pos, List: []*ast.Field{{Type: fnType}}, Closing: pos}},
			Body: &ast.BlockStmt{Lbrace: pos, Rbrace: e.End(), List: []ast.Stmt{st,
				&ast.ReturnStmt{Return: pos, Results: []ast.Expr{&ast.SelectorExpr{X: ident(id.Name, pos), Sel: e.Sel}}}}},
		}, Lparen: e.End(), Rparen: e.End()}
	case types.MethodExpr:
		// fnType's first parameter is the receiver.
		var args []ast.Expr
		var params []*ast.Field
		n := 0
		for _, f := range fnType.Params.List {
			names := f.Names
			if len(names) == 0 {
				names = []*ast.Ident{nil}
			}
			var fnames []*ast.Ident
			for range names {
				id := ident(r.fresh("a"), pos)
				fnames = append(fnames, id)
				args = append(args, ident(id.Name, pos))
				n++
			}
			params = append(params, &ast.Field{Names: fnames, Type: f.Type})
		}
		if len(args) == 0 {
			return nil
		}
		fnType.Params.List = params
		call := &ast.CallExpr{Fun: &ast.SelectorExpr{X: args[0], Sel: ident(e.Sel.Name, e.Sel.Pos())}, Lparen: pos, Args: args[1:], Rparen: pos}
		if sig.Variadic() {
			call.Ellipsis = pos
		}
		var body ast.Stmt = &ast.ExprStmt{X: call}
		if sig.Results().Len() > 0 {
			body = &ast.ReturnStmt{Return: pos, Results: []ast.Expr{call}}
		}
		return &ast.FuncLit{Type: fnType, Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{body}, Rbrace: e.End()}}
	}
	return nil
}

// bindIterationVars passes to a deferred function literal in a loop, as parameters
// of the same names, the variables of the loop's iteration it reads and nothing
// assigns after their definition: the interpreter builds a deferred closure when the
// function returns, when they hold the last iteration's values.
func (r *rewriter) bindIterationVars(f *ast.FuncLit, call *ast.CallExpr, loop ast.Node) bool {
	seen := map[types.Object]bool{}
	var params []*ast.Field
	var args []ast.Expr
	ast.Inspect(f.Body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := r.info.Uses[id].(*types.Var)
		if !ok || seen[v] || v.IsField() {
			return true
		}
		seen[v] = true
		if v.Pos() < loop.Pos() || v.Pos() >= loop.End() || (v.Pos() >= f.Pos() && v.Pos() < f.End()) {
			return true
		}
		var body ast.Node = loop
		switch l := loop.(type) {
		case *ast.ForStmt:
			body = l.Body
		case *ast.RangeStmt:
			body = l.Body
		}
		if assigns(body, v.Name()) {
			return true
		}
		t, ok := r.typeExpr(v.Type(), f.Pos())
		if !ok {
			return true
		}
		params = append(params, &ast.Field{Names: []*ast.Ident{ident(v.Name(), f.Pos())}, Type: t})
		args = append(args, ident(v.Name(), call.Lparen))
		return true
	})
	if len(params) == 0 {
		return false
	}
	ft := *f.Type
	ft.Params = &ast.FieldList{Opening: f.Type.Params.Opening, List: append(params, f.Type.Params.List...), Closing: f.Type.Params.Closing}
	call.Fun = &ast.FuncLit{Type: &ft, Body: f.Body}
	call.Args = append(args, call.Args...)
	return true
}

// switchInit: switch init; tag { ... } becomes { init; switch tag { ... } } (the
// interpreter reads the wrong slot for the tag of a switch with an init statement).
func switchInit(st ast.Stmt) []ast.Stmt {
	inner := st
	if l, ok := st.(*ast.LabeledStmt); ok {
		inner = l.Stmt
	}
	var init *ast.Stmt
	switch s := inner.(type) {
	case *ast.SwitchStmt:
		init = &s.Init
	case *ast.TypeSwitchStmt:
		init = &s.Init
	default:
		return nil
	}
	if *init == nil {
		return nil
	}
	first := *init
	*init = nil
	return []ast.Stmt{&ast.BlockStmt{Lbrace: st.Pos(), List: []ast.Stmt{first, st}, Rbrace: st.End()}}
}

// freshPair declares v and ok with the types of the comma-ok expression x and assigns
// x to them: var v T; var ok bool; v, ok = x. (A define of two names from one
// expression fails at the interpreter's global scope; assigning to fresh variables
// runs everywhere.)
func (r *rewriter) freshPair(pos token.Pos, v, ok *ast.Ident, x ast.Expr) []ast.Stmt {
	assign := &ast.AssignStmt{Lhs: []ast.Expr{v, ok}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{x}}
	tv, known := r.info.Types[x]
	tuple, isTuple := tv.Type.(*types.Tuple)
	if !known || !isTuple || tuple.Len() != 2 {
		return []ast.Stmt{assign}
	}
	t, good := r.typeExpr(tuple.At(0).Type(), pos)
	if !good {
		return []ast.Stmt{assign}
	}
	assign.Tok = token.ASSIGN
	r.generated[assign] = true
	return []ast.Stmt{
		&ast.DeclStmt{Decl: &ast.GenDecl{TokPos: pos, Lparen: pos, Rparen: pos, Tok: token.VAR, Specs: []ast.Spec{
			&ast.ValueSpec{Names: []*ast.Ident{ident(v.Name, pos)}, Type: t},
			&ast.ValueSpec{Names: []*ast.Ident{ident(ok.Name, pos)}, Type: ident("bool", pos)},
		}}},
		assign,
	}
}

// lowerPrint: print(a, b) becomes __pt1 := a; __pt2 := b; print(__pt1); print(__pt2)
// (the interpreter's print puts spaces between its operands; Go's does not).
func (r *rewriter) lowerPrint(st *ast.ExprStmt) []ast.Stmt {
	call, ok := st.X.(*ast.CallExpr)
	if !ok || len(call.Args) < 2 || call.Ellipsis.IsValid() {
		return nil
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return nil
	}
	if b, ok := r.info.Uses[id].(*types.Builtin); !ok || b.Name() != "print" {
		return nil
	}
	pos := call.Pos()
	var pre, prints []ast.Stmt
	for _, a := range call.Args {
		arg := a
		if !r.isConst(a) {
			if r.untyped(a) {
				return nil
			}
			t, st := r.temp(pos, a)
			pre, arg = append(pre, st), t
		}
		prints = append(prints, &ast.ExprStmt{X: &ast.CallExpr{Fun: ident(id.Name, id.Pos()), Lparen: call.Lparen, Args: []ast.Expr{arg}, Rparen: call.Rparen}})
	}
	return append(pre, prints...)
}

// lowerTypeSwitch: a type switch with a case of a non-empty interface type (case
// error:, which the interpreter never matches) becomes
//
//	{ init; __pt1 := x; switch { case func() bool { _, ok := __pt1.(error); return ok }(): v := __pt1.(error); ... } }
//
// testing the cases in order with comma-ok assertions, which it runs.
func (r *rewriter) lowerTypeSwitch(st ast.Stmt) []ast.Stmt {
	var label *ast.LabeledStmt
	inner := st
	if l, ok := st.(*ast.LabeledStmt); ok {
		label, inner = l, l.Stmt
	}
	ts, ok := inner.(*ast.TypeSwitchStmt)
	if !ok {
		return nil
	}
	var x ast.Expr
	var bind *ast.Ident
	switch a := ts.Assign.(type) {
	case *ast.AssignStmt:
		if len(a.Lhs) != 1 || len(a.Rhs) != 1 {
			return nil
		}
		bind, _ = a.Lhs[0].(*ast.Ident)
		ta, ok := a.Rhs[0].(*ast.TypeAssertExpr)
		if !ok || bind == nil {
			return nil
		}
		x = ta.X
	case *ast.ExprStmt:
		ta, ok := a.X.(*ast.TypeAssertExpr)
		if !ok {
			return nil
		}
		x = ta.X
	default:
		return nil
	}
	needed, cellStructs := false, false
	for _, c := range ts.Body.List {
		for _, e := range c.(*ast.CaseClause).List {
			tv, ok := r.info.Types[e]
			if !ok || tv.Type == nil {
				continue
			}
			if it, isIface := tv.Type.Underlying().(*types.Interface); isIface && !it.Empty() && !tv.IsNil() {
				needed = true
			}
			if isCellStruct(tv.Type) {
				needed, cellStructs = true, true
			}
		}
	}
	if !needed {
		return nil
	}
	pos := ts.Pos()
	held := x
	if xt, known := r.info.Types[x]; known && xt.Type != nil {
		if it, isIface := xt.Type.Underlying().(*types.Interface); isIface && (!it.Empty() || cellStructs) {
			// (see lowerCommaOK)
			held = selfOf(x, pos)
		}
	}
	val, valStmt := r.temp(pos, held)
	var clauses []ast.Stmt
	for _, c := range ts.Body.List {
		cc := c.(*ast.CaseClause)
		var conds []ast.Expr
		for _, e := range cc.List {
			if tv := r.info.Types[e]; tv.IsNil() {
				conds = append(conds, &ast.BinaryExpr{X: ident(val.Name, e.Pos()), OpPos: e.Pos(), Op: token.EQL, Y: ident("nil", e.Pos())})
				continue
			}
			ok := ident(r.fresh("ok"), e.Pos())
			if chain, good := r.assertIface(e.Pos(), val.Name, r.info.Types[e].Type, e, "_", ok.Name); good {
				conds = append(conds, &ast.CallExpr{Fun: &ast.FuncLit{
					Type: &ast.FuncType{Func: e.Pos(), Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: ident("bool", e.Pos())}}}},
					Body: &ast.BlockStmt{Lbrace: e.Pos(), Rbrace: e.End(), List: []ast.Stmt{
						&ast.IfStmt{If: e.Pos(), Cond: &ast.BinaryExpr{X: ident(val.Name, e.Pos()), OpPos: e.Pos(), Op: token.EQL, Y: ident("nil", e.Pos())},
							Body: &ast.BlockStmt{Lbrace: e.Pos(), Rbrace: e.Pos(), List: []ast.Stmt{&ast.ReturnStmt{Return: e.Pos(), Results: []ast.Expr{ident("false", e.Pos())}}}}},
						&ast.DeclStmt{Decl: &ast.GenDecl{TokPos: e.Pos(), Tok: token.VAR, Specs: []ast.Spec{&ast.ValueSpec{Names: []*ast.Ident{ident(ok.Name, e.Pos())}, Type: ident("bool", e.Pos())}}}},
						chain,
						&ast.ReturnStmt{Return: e.Pos(), Results: []ast.Expr{ident(ok.Name, e.Pos())}},
					}},
				}, Lparen: e.End(), Rparen: e.End()})
				continue
			}
			assert := &ast.AssignStmt{Lhs: []ast.Expr{ident("_", e.Pos()), ok}, TokPos: e.Pos(), Tok: token.DEFINE,
				Rhs: []ast.Expr{&ast.TypeAssertExpr{X: ident(val.Name, e.Pos()), Type: e}}}
			r.generated[assert] = true
			conds = append(conds, &ast.CallExpr{Fun: &ast.FuncLit{
				Type: &ast.FuncType{Func: e.Pos(), Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: ident("bool", e.Pos())}}}},
				Body: &ast.BlockStmt{Lbrace: e.Pos(), Rbrace: e.End(), List: []ast.Stmt{
					&ast.IfStmt{If: e.Pos(), Cond: &ast.BinaryExpr{X: ident(val.Name, e.Pos()), OpPos: e.Pos(), Op: token.EQL, Y: ident("nil", e.Pos())},
						Body: &ast.BlockStmt{Lbrace: e.Pos(), Rbrace: e.Pos(), List: []ast.Stmt{&ast.ReturnStmt{Return: e.Pos(), Results: []ast.Expr{ident("false", e.Pos())}}}}},
					assert,
					&ast.ReturnStmt{Return: e.Pos(), Results: []ast.Expr{ident(ok.Name, e.Pos())}},
				}},
			}, Lparen: e.End(), Rparen: e.End()})
		}
		body := cc.Body
		if bind != nil && bind.Name != "_" {
			var v ast.Expr = ident(val.Name, cc.Pos())
			if len(cc.List) == 1 && !r.info.Types[cc.List[0]].IsNil() {
				ct := r.info.Types[cc.List[0]].Type
				if chain, good := r.assertIface(cc.Pos(), val.Name, ct, cc.List[0], bind.Name, "_"); good {
					if te, good := r.typeExpr(ct, cc.Pos()); good {
						body = append([]ast.Stmt{
							&ast.DeclStmt{Decl: &ast.GenDecl{TokPos: cc.Colon, Tok: token.VAR, Specs: []ast.Spec{&ast.ValueSpec{Names: []*ast.Ident{ident(bind.Name, bind.Pos())}, Type: te}}}},
							chain,
							&ast.AssignStmt{Lhs: []ast.Expr{ident("_", cc.Colon)}, TokPos: cc.Colon, Tok: token.ASSIGN, Rhs: []ast.Expr{ident(bind.Name, cc.Colon)}},
						}, body...)
						clauses = append(clauses, &ast.CaseClause{Case: cc.Case, List: caseCond(conds), Colon: cc.Colon, Body: body})
						continue
					}
				}
				v = &ast.TypeAssertExpr{X: ident(val.Name, cc.Pos()), Type: cc.List[0]}
			}
			body = append([]ast.Stmt{
				&ast.AssignStmt{Lhs: []ast.Expr{ident(bind.Name, bind.Pos())}, TokPos: cc.Colon, Tok: token.DEFINE, Rhs: []ast.Expr{v}},
				&ast.AssignStmt{Lhs: []ast.Expr{ident("_", cc.Colon)}, TokPos: cc.Colon, Tok: token.ASSIGN, Rhs: []ast.Expr{ident(bind.Name, cc.Colon)}},
			}, body...)
		}
		clauses = append(clauses, &ast.CaseClause{Case: cc.Case, List: caseCond(conds), Colon: cc.Colon, Body: body})
	}
	var sw ast.Stmt = &ast.SwitchStmt{Switch: ts.Switch, Body: &ast.BlockStmt{Lbrace: ts.Body.Lbrace, List: clauses, Rbrace: ts.Body.Rbrace}}
	if label != nil {
		sw = &ast.LabeledStmt{Label: label.Label, Colon: label.Colon, Stmt: sw}
	}
	var list []ast.Stmt
	if ts.Init != nil {
		list = append(list, ts.Init)
	}
	list = append(list, valStmt, sw)
	return []ast.Stmt{&ast.BlockStmt{Lbrace: st.Pos(), List: list, Rbrace: st.End()}}
}

// lowerInit lowers a parallel assignment in the init statement of an if or a for
// loop (a header holds one simple statement, so the lowered statements go into a
// function literal):
//
//	for i, s = 0, append(s, x); ...   becomes   for func() { __pt1 := append(s, x); i = 0; s = __pt1 }(); ...
//	if n, s := f(), g(); ...          becomes   if n, s := func() (int, []int) { return f(), g() }(); ...
//
// (A definition keeps its names in the header, where Go scopes them: to the
// statement, and per iteration in a loop.)
func (r *rewriter) lowerInit(init *ast.Stmt) {
	a, ok := (*init).(*ast.AssignStmt)
	if !ok || r.generated[a] {
		return
	}
	if a.Tok == token.DEFINE {
		if len(a.Lhs) < 2 || len(a.Lhs) != len(a.Rhs) || r.lowerAssign(a) == nil {
			return
		}
		pos := a.Pos()
		var results []*ast.Field
		for i, l := range a.Lhs {
			var t types.Type
			if id, ok := l.(*ast.Ident); ok && r.info.Defs[id] != nil {
				t = r.info.Defs[id].Type()
			} else if tv, ok := r.info.Types[a.Rhs[i]]; ok {
				t = types.Default(tv.Type)
			}
			if t == nil {
				return
			}
			te, ok := r.typeExpr(t, pos)
			if !ok {
				return
			}
			results = append(results, &ast.Field{Type: te})
		}
		lit := &ast.FuncLit{
			Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos},
				Results: &ast.FieldList{Opening: pos, List: results, Closing: pos}},
			Body: &ast.BlockStmt{Lbrace: pos, Rbrace: a.End(), List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: a.Rhs}}},
		}
		na := &ast.AssignStmt{Lhs: a.Lhs, TokPos: a.TokPos, Tok: token.DEFINE,
			Rhs: []ast.Expr{&ast.CallExpr{Fun: lit, Lparen: a.End(), Rparen: a.End()}}}
		r.generated[na] = true
		*init = na
		return
	}
	if list := r.lowerAssign(a); list != nil {
		*init = r.inClosure(a, list)
	}
}

// lowerPost lowers a parallel assignment in a for loop's post statement into a
// function literal called there (for i, j = i+1, f(j) ...).
func (r *rewriter) lowerPost(f *ast.ForStmt) {
	a, ok := f.Post.(*ast.AssignStmt)
	if !ok || r.generated[a] || a.Tok != token.ASSIGN {
		return
	}
	if list := r.lowerAssign(a); list != nil {
		f.Post = r.inClosure(a, list)
	}
}

func (r *rewriter) inClosure(a *ast.AssignStmt, list []ast.Stmt) ast.Stmt {
	pos := a.Pos()
	return &ast.ExprStmt{X: &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos}},
		Body: &ast.BlockStmt{Lbrace: pos, Rbrace: a.End(), List: list},
	}, Lparen: a.End(), Rparen: a.End()}}
}

// lowerRangeAssign: a range loop that assigns to existing variables, index or
// selector expressions (for a[i], b.f = range xs; for _, v = range xs), which the
// interpreter does not assign (or not at a cell's top level), ranges over
// fresh variables and assigns them at the top of the body, as Go does at each
// iteration:
//
//	for __pk1, __pv2 := range xs { a[i], b.f = __pk1, __pv2; ... }
//
// (Range over integers and functions has its own rewrites.)
func (r *rewriter) lowerRangeAssign(n *ast.RangeStmt) {
	if n.Tok != token.ASSIGN {
		return
	}
	tv, ok := r.info.Types[n.X]
	if !ok || tv.Type == nil {
		return
	}
	switch u := tv.Type.Underlying().(type) {
	case *types.Basic:
		if u.Info()&types.IsString == 0 {
			return // integers: rangeInt assigns
		}
	case *types.Signature:
		return // functions: rangeFunc assigns
	}
	pos := n.For
	var lhs, rhs []ast.Expr
	for _, p := range []*ast.Expr{&n.Key, &n.Value} {
		if *p == nil {
			continue
		}
		if id, ok := (*p).(*ast.Ident); ok && id.Name == "_" {
			continue
		}
		tmp := ident(r.fresh("r"), pos)
		lhs, rhs = append(lhs, *p), append(rhs, ident(tmp.Name, pos))
		*p = tmp
	}
	if len(lhs) == 0 {
		// for _, _ = range x: no variables at all.
		n.Key, n.Value, n.Tok = nil, nil, token.ILLEGAL
		return
	}
	n.Tok = token.DEFINE
	if n.Key == nil {
		n.Key = ident("_", pos)
	}
	if id, ok := n.Value.(*ast.Ident); ok && id.Name == "_" {
		n.Value = nil
	}
	if id, ok := n.Key.(*ast.Ident); ok && id.Name == "_" && n.Value == nil {
		n.Key, n.Tok = nil, token.ILLEGAL
	}
	a := &ast.AssignStmt{Lhs: lhs, TokPos: pos, Tok: token.ASSIGN, Rhs: rhs}
	list := r.lowerAssign(a)
	if list == nil {
		list = []ast.Stmt{a}
	}
	n.Body.List = append(list, n.Body.List...)
}

// implementers returns the cell-declared types whose values (T) or pointers (*T)
// implement the interface iface.
func (r *rewriter) implementers(iface *types.Interface) []types.Type {
	var out []types.Type
	if !r.cellListed && r.cellTypes != nil {
		r.cellList, r.cellListed = r.cellTypes(), true
	}
	for _, tn := range r.cellList {
		named, ok := tn.Type().(*types.Named)
		if !ok || named.TypeParams().Len() > 0 {
			continue
		}
		if _, isIface := named.Underlying().(*types.Interface); isIface {
			continue
		}
		if types.Implements(named, iface) {
			out = append(out, named)
		}
		if p := types.NewPointer(named); types.Implements(p, iface) {
			out = append(out, p)
		}
	}
	return out
}

// assertIface assigns x.(I) (x a variable holding a non-nil interface, I a non-empty
// interface) to v and ok (either may be "_"), testing first the cell types that
// implement I: the interpreter does not match a cell type's value against an
// interface (it fails, or panics in reflect.Set), though it matches the type itself.
//
//	if __pc, __pk := x.(T); __pk { v, ok = __pc, true } else if ... else { v, ok = x.(I) }
func (r *rewriter) assertIface(pos token.Pos, x string, iface types.Type, ifaceExpr ast.Expr, v, ok string) (ast.Stmt, bool) {
	it, isIface := iface.Underlying().(*types.Interface)
	if !isIface || it.Empty() {
		return nil, false
	}
	impl := r.implementers(it)
	if len(impl) == 0 {
		return nil, false
	}
	last := &ast.AssignStmt{Lhs: []ast.Expr{ident(v, pos), ident(ok, pos)}, TokPos: pos, Tok: token.ASSIGN,
		Rhs: []ast.Expr{&ast.TypeAssertExpr{X: ident(x, pos), Lparen: pos, Type: ifaceExpr, Rparen: pos}}}
	// (x itself: the interpreter matches compiled values against I.)
	r.generated[last] = true
	var chain ast.Stmt = &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{last}}
	// The concrete assertions go through an any: on a variable of a non-empty
	// interface type the interpreter panics in reflect.Set.
	anyX := r.fresh("a")
	x0 := x
	x = anyX
	for i := len(impl) - 1; i >= 0; i-- {
		te, good := r.typeExpr(impl[i], pos)
		if !good {
			return nil, false
		}
		c, k := r.fresh("c"), r.fresh("k")
		init := &ast.AssignStmt{Lhs: []ast.Expr{ident(c, pos), ident(k, pos)}, TokPos: pos, Tok: token.DEFINE,
			Rhs: []ast.Expr{&ast.TypeAssertExpr{X: ident(x, pos), Lparen: pos, Type: te, Rparen: pos}}}
		r.generated[init] = true
		// One assignment at a time: the interpreter panics assigning a cell type's
		// value to an interface in a parallel assignment.
		body := []ast.Stmt{&ast.AssignStmt{Lhs: []ast.Expr{ident("_", pos)}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{ident(c, pos)}}}
		if v != "_" {
			body = append(body, &ast.AssignStmt{Lhs: []ast.Expr{ident(v, pos)}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{ident(c, pos)}})
		}
		if ok != "_" {
			body = append(body, &ast.AssignStmt{Lhs: []ast.Expr{ident(ok, pos)}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{ident("true", pos)}})
		}
		chain = &ast.IfStmt{If: pos, Init: init, Cond: ident(k, pos),
			Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: body}, Else: chain}
	}
	toAny := &ast.AssignStmt{Lhs: []ast.Expr{ident(anyX, pos)}, TokPos: pos, Tok: token.DEFINE,
		Rhs: []ast.Expr{selfOf(ident(x0, pos), pos)}}
	return &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{toAny, chain}}, true
}

// caseCond joins a type switch case's conditions with ||.
func caseCond(conds []ast.Expr) []ast.Expr {
	if len(conds) == 0 {
		return nil
	}
	c := conds[0]
	for _, d := range conds[1:] {
		c = &ast.BinaryExpr{X: c, OpPos: c.End(), Op: token.LOR, Y: d}
	}
	return []ast.Expr{c}
}

// isCellStruct reports whether t is a struct type a cell declared (not a pointer):
// the interpreter's wrapper of such a value in a compiled interface does not hold
// it, so assertions to it go through selfOf.
func isCellStruct(t types.Type) bool {
	n, ok := isCellNamed(t)
	if !ok || n.TypeParams().Len() > 0 {
		return false
	}
	_, isStruct := n.Underlying().(*types.Struct)
	return isStruct
}

// selfOf is __petri_pm.Self(x): the cell's value x holds, as an any (see
// selfwrap.go).
//
// (Converted to any: the interpreter's assertion on a compiled function's any
// result panics for an empty struct.)
func selfOf(x ast.Expr, pos token.Pos) ast.Expr {
	call := &ast.CallExpr{Fun: &ast.SelectorExpr{X: ident(RuntimeName, pos), Sel: ident("Self", pos)}, Lparen: pos, Args: []ast.Expr{x}, Rparen: pos}
	return &ast.CallExpr{Fun: ident("any", pos), Lparen: pos, Args: []ast.Expr{call}, Rparen: pos}
}

// ifCommaOK: if v, ok := x.(T); cond { ... } becomes { <lowerCommaOK>; if cond { ... } }
// (the same scope: the if statement's), so the assertion is lowered as a statement.
func (r *rewriter) ifCommaOK(st *ast.IfStmt) []ast.Stmt {
	a, ok := st.Init.(*ast.AssignStmt)
	if !ok || r.generated[a] || len(a.Lhs) != 2 || len(a.Rhs) != 1 {
		return nil
	}
	if _, isAssert := ast.Unparen(a.Rhs[0]).(*ast.TypeAssertExpr); !isAssert {
		return nil
	}
	list := r.lowerCommaOK(a)
	if list == nil {
		return nil
	}
	st.Init = nil
	return []ast.Stmt{&ast.BlockStmt{Lbrace: st.Pos(), List: append(list, st), Rbrace: st.End()}}
}

// toIface reports whether assigning a value of type from to a variable of type to
// puts a cell's struct value into a non-empty interface, which the interpreter does
// right only in a return statement (var e error = T{}, e := error(T{}) and e = T{}
// store a value that panics in reflect.Set when passed on, or is not asserted back).
func toIface(from, to types.Type) bool {
	if from == nil || to == nil || !isCellStruct(from) {
		return false
	}
	it, ok := to.Underlying().(*types.Interface)
	return ok && !it.Empty()
}

// viaReturn: a cell's struct value v put into a non-empty interface I (see toIface)
// becomes func() I { return v }().
func (r *rewriter) viaReturn(v ast.Expr, to types.Type, te ast.Expr) ast.Expr {
	if !toIface(r.info.Types[v].Type, to) {
		return nil
	}
	if te == nil {
		var ok bool
		if te, ok = r.typeExpr(to, v.Pos()); !ok {
			return nil
		}
	}
	pos := v.Pos()
	return &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos},
			Results: &ast.FieldList{Opening: pos, List: []*ast.Field{{Type: te}}, Closing: pos}},
		Body: &ast.BlockStmt{Lbrace: pos, Rbrace: v.End(), List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{v}}}},
	}, Lparen: v.End(), Rparen: v.End()}
}

// ifaceValues applies viaReturn to conversions I(v), var x I = v and x = v.
func (r *rewriter) ifaceValues(root ast.Node) {
	apply(root, func(n ast.Node) ast.Node {
		switch n := n.(type) {
		case *ast.CallExpr:
			if len(n.Args) == 1 && r.info.Types[n.Fun].IsType() {
				if e := r.viaReturn(n.Args[0], r.info.Types[n.Fun].Type, n.Fun); e != nil {
					return e
				}
			}
		case *ast.ValueSpec:
			if n.Type != nil && len(n.Names) == len(n.Values) {
				for i, v := range n.Values {
					if e := r.viaReturn(v, r.info.Types[n.Type].Type, n.Type); e != nil {
						n.Values[i] = e
					}
				}
			}
		case *ast.AssignStmt:
			if n.Tok == token.ASSIGN && len(n.Lhs) == len(n.Rhs) {
				for i, v := range n.Rhs {
					if e := r.viaReturn(v, r.info.Types[n.Lhs[i]].Type, nil); e != nil {
						n.Rhs[i] = e
					}
				}
			}
		}
		return n
	})
}

// newExpr: new(expr) (Go 1.26), a pointer to a new variable holding expr's value,
// becomes func() *T { __pv := T(expr); return &__pv }().
func (r *rewriter) newExpr(call *ast.CallExpr) ast.Expr {
	if r.builtinName(call) != "new" || len(call.Args) != 1 || r.info.Types[call.Args[0]].IsType() {
		return nil
	}
	ptr, ok := r.info.Types[call].Type.(*types.Pointer)
	if !ok {
		return nil
	}
	pos := call.Pos()
	te, ok := r.typeExpr(ptr.Elem(), pos)
	if !ok {
		return nil
	}
	pt, ok := r.typeExpr(ptr, pos)
	if !ok {
		return nil
	}
	v := r.fresh("v")
	return &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos},
			Results: &ast.FieldList{Opening: pos, List: []*ast.Field{{Type: pt}}, Closing: pos}},
		Body: &ast.BlockStmt{Lbrace: pos, Rbrace: call.End(), List: []ast.Stmt{
			&ast.AssignStmt{Lhs: []ast.Expr{ident(v, pos)}, TokPos: pos, Tok: token.DEFINE,
				Rhs: []ast.Expr{&ast.CallExpr{Fun: &ast.ParenExpr{Lparen: pos, X: te, Rparen: pos}, Lparen: pos, Args: call.Args, Rparen: call.End()}}},
			&ast.ReturnStmt{Return: pos, Results: []ast.Expr{&ast.UnaryExpr{OpPos: pos, Op: token.AND, X: ident(v, pos)}}},
		}},
	}, Lparen: call.End(), Rparen: call.End()}
}

// ifaceMethodExpr reports whether e is a method expression of an interface type
// (I.M), which the interpreter does not call either: it becomes a function literal
// even where it is called.
func (r *rewriter) ifaceMethodExpr(e *ast.SelectorExpr) bool {
	sel, ok := r.info.Selections[e]
	if !ok || sel.Kind() != types.MethodExpr {
		return false
	}
	_, isIface := sel.Recv().Underlying().(*types.Interface)
	return isIface
}

// assertExpr: x.(I), I a non-empty interface (not in a comma-ok form), becomes
//
//	func(__px X) I { var v I; var ok bool; <assertIface>; if !ok { __petri_pm.AssertPanic(__px, "main.I") }; return v }(x)
//
// the interpreter panics on a cell type that implements I and lets one pass that does
// not.
func (r *rewriter) assertExpr(ta *ast.TypeAssertExpr) ast.Expr {
	tv, ok := r.info.Types[ta.Type]
	if !ok || tv.Type == nil {
		return nil
	}
	it, isIface := tv.Type.Underlying().(*types.Interface)
	if !isIface || it.Empty() {
		return nil
	}
	xt, ok := r.info.Types[ta.X]
	if !ok || xt.Type == nil {
		return nil
	}
	pos := ta.Pos()
	xte, ok := r.typeExpr(xt.Type, pos)
	if !ok {
		return nil
	}
	ite, ok := r.typeExpr(tv.Type, pos)
	if !ok {
		return nil
	}
	px, v, okv := r.fresh("x"), r.fresh("v"), r.fresh("ok")
	chain, good := r.assertIface(pos, px, tv.Type, ta.Type, v, okv)
	if !good {
		a := &ast.AssignStmt{Lhs: []ast.Expr{ident(v, pos), ident(okv, pos)}, TokPos: pos, Tok: token.ASSIGN,
			Rhs: []ast.Expr{&ast.TypeAssertExpr{X: ident(px, pos), Lparen: ta.Lparen, Type: ta.Type, Rparen: ta.Rparen}}}
		r.generated[a] = true
		chain = a
	}
	name := reflectString(tv.Type)
	body := []ast.Stmt{
		&ast.DeclStmt{Decl: &ast.GenDecl{TokPos: pos, Lparen: pos, Rparen: pos, Tok: token.VAR, Specs: []ast.Spec{
			&ast.ValueSpec{Names: []*ast.Ident{ident(v, pos)}, Type: ite},
			&ast.ValueSpec{Names: []*ast.Ident{ident(okv, pos)}, Type: ident("bool", pos)},
		}}},
		&ast.IfStmt{If: pos, Cond: &ast.BinaryExpr{X: ident(px, pos), OpPos: pos, Op: token.NEQ, Y: ident("nil", pos)},
			Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{chain}}},
		&ast.IfStmt{If: pos, Cond: &ast.UnaryExpr{OpPos: pos, Op: token.NOT, X: ident(okv, pos)},
			Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{
				Fun:  &ast.SelectorExpr{X: ident(RuntimeName, pos), Sel: ident("AssertPanic", pos)},
				Args: []ast.Expr{ident(px, pos), &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(name)}}}}}}},
		&ast.ReturnStmt{Return: pos, Results: []ast.Expr{ident(v, pos)}},
	}
	return &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, List: []*ast.Field{{Names: []*ast.Ident{ident(px, pos)}, Type: xte}}, Closing: pos},
			Results: &ast.FieldList{Opening: pos, List: []*ast.Field{{Type: ite}}, Closing: pos}},
		Body: &ast.BlockStmt{Lbrace: pos, Rbrace: ta.End(), List: body},
	}, Lparen: ta.End(), Args: []ast.Expr{ta.X}, Rparen: ta.End()}
}
