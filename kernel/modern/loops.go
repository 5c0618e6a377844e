package modern

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

func (r *rewriter) rangeStmt(n *ast.RangeStmt) ast.Node {
	tv, ok := r.info.Types[n.X]
	if !ok || tv.Type == nil {
		if lit, isLit := n.X.(*ast.BasicLit); isLit && lit.Kind == token.INT {
			return r.rangeInt(n)
		}
		return n
	}
	switch u := tv.Type.Underlying().(type) {
	case *types.Basic:
		if u.Info()&types.IsInteger != 0 {
			return r.rangeInt(n)
		}
		if u.Info()&types.IsString != 0 {
			return r.rangeString(n)
		}
	case *types.Signature:
		return r.rangeFunc(n, u)
	}
	if n.Tok == token.DEFINE && captures(n.Body, rangeNames(n)...) {
		// Go 1.22: each iteration has its own variables.
		var lhs, rhs []ast.Expr
		for _, p := range []*ast.Expr{&n.Key, &n.Value} {
			id, ok := (*p).(*ast.Ident)
			if !ok || id.Name == "_" {
				continue
			}
			tmp := ident(r.fresh("r"), id.Pos())
			lhs = append(lhs, ident(id.Name, id.Pos()))
			rhs = append(rhs, ident(tmp.Name, id.Pos()))
			*p = tmp
		}
		n.Body.List = append([]ast.Stmt{&ast.AssignStmt{Lhs: lhs, TokPos: n.For, Tok: token.DEFINE, Rhs: rhs}}, n.Body.List...)
	}
	return n
}

// rangeString: the interpreter decodes a string's invalid bytes as U+FFFD three
// bytes wide, so the offsets after one are wrong. Go's decoding, compiled, gives
//
//	for i, c := range s { body }  ->  for _, __ps := range __petri_pm.Runes(s) { i, c := __ps.I, __ps.R; { body } }
//
// (= for an assigning range; body in a block of its own, so it may declare i again).
// A range that keeps neither offset nor rune counts the runes, which it gets right.
func (r *rewriter) rangeString(n *ast.RangeStmt) ast.Node {
	pos := n.For
	step := r.fresh("s")
	var lhs, rhs []ast.Expr
	for _, kv := range []struct {
		e     ast.Expr
		field string
	}{{n.Key, "I"}, {n.Value, "R"}} {
		if kv.e == nil {
			continue
		}
		if id, ok := kv.e.(*ast.Ident); ok && id.Name == "_" {
			continue
		}
		lhs = append(lhs, kv.e)
		rhs = append(rhs, &ast.SelectorExpr{X: ident(step, kv.e.Pos()), Sel: ident(kv.field, kv.e.Pos())})
	}
	if len(lhs) == 0 {
		return n
	}
	tok := n.Tok
	if tok != token.ASSIGN {
		tok = token.DEFINE
	}
	body := n.Body
	n.Body = &ast.BlockStmt{Lbrace: body.Lbrace, Rbrace: body.Rbrace, List: []ast.Stmt{
		&ast.AssignStmt{Lhs: lhs, TokPos: pos, Tok: tok, Rhs: rhs},
		body,
	}}
	n.Key, n.Value, n.Tok = ident("_", pos), ident(step, pos), token.DEFINE
	n.X = &ast.CallExpr{Fun: &ast.SelectorExpr{X: ident(RuntimeName, pos), Sel: ident("Runes", pos)}, Lparen: pos, Args: []ast.Expr{n.X}, Rparen: pos}
	return n
}

// RuneAt is one step of a range loop over a string: the byte offset and the rune.
type RuneAt struct {
	I int
	R rune
}

// Runes lists the steps of `for i, r := range s` as Go takes them: an invalid byte is
// U+FFFD, one byte wide.
func Runes(s string) []RuneAt {
	out := make([]RuneAt, 0, len(s))
	for i, c := range s {
		out = append(out, RuneAt{i, c})
	}
	return out
}

func rangeNames(n *ast.RangeStmt) []string {
	var names []string
	for _, e := range []ast.Expr{n.Key, n.Value} {
		if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
			names = append(names, id.Name)
		}
	}
	return names
}

// rangeInt: for i := range n { body } becomes
//
//	{ __pn := n; for __pi := __pn - __pn; __pi < __pn; __pi++ { i := __pi; body } }
//
// (the copy only when the body assigns or captures i; otherwise i is the counter).
func (r *rewriter) rangeInt(n *ast.RangeStmt) ast.Node {
	pos := n.For
	bound := ident(r.fresh("n"), pos)
	key, _ := n.Key.(*ast.Ident)
	counter := ident(r.fresh("i"), pos)
	body := n.Body
	switch {
	case key == nil && n.Key != nil:
		// for x.f = range n: assign each value.
		body.List = append([]ast.Stmt{&ast.AssignStmt{Lhs: []ast.Expr{n.Key}, TokPos: pos, Tok: token.ASSIGN,
			Rhs: []ast.Expr{ident(counter.Name, pos)}}}, body.List...)
	case key == nil || key.Name == "_":
	case n.Tok == token.ASSIGN:
		body.List = append([]ast.Stmt{&ast.AssignStmt{Lhs: []ast.Expr{key}, TokPos: pos, Tok: token.ASSIGN,
			Rhs: []ast.Expr{ident(counter.Name, pos)}}}, body.List...)
	case assigns(body, key.Name) || captures(body, key.Name):
		body.List = append([]ast.Stmt{&ast.AssignStmt{Lhs: []ast.Expr{key}, TokPos: pos, Tok: token.DEFINE,
			Rhs: []ast.Expr{ident(counter.Name, pos)}}}, body.List...)
	default:
		counter = ident(key.Name, key.Pos())
	}
	c := func() *ast.Ident { return ident(counter.Name, counter.Pos()) }
	b := func() *ast.Ident { return ident(bound.Name, pos) }
	loop := &ast.ForStmt{
		For:  pos,
		Init: &ast.AssignStmt{Lhs: []ast.Expr{c()}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.BinaryExpr{X: b(), OpPos: pos, Op: token.SUB, Y: b()}}},
		Cond: &ast.BinaryExpr{X: c(), OpPos: pos, Op: token.LSS, Y: b()},
		Post: &ast.IncDecStmt{X: c(), TokPos: pos, Tok: token.INC},
		Body: body,
	}
	block := &ast.BlockStmt{Lbrace: pos, Rbrace: n.End(), List: []ast.Stmt{
		&ast.AssignStmt{Lhs: []ast.Expr{bound}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{n.X}},
		loop,
	}}
	if label, ok := r.labels[n]; ok {
		r.labels[loop] = label
	}
	r.moved[block] = loop
	return block
}

// forStmt gives each iteration of a three-clause loop its own copy of the loop
// variables when the body captures them (Go 1.22):
//
//	for i := 0; i < n; i++ { body }
//
// becomes
//
//	for __pl := 0; __pl < n; __pl++ { i := __pl; body; __pl = i }
//
// with the copy back also before every continue of this loop.
func (r *rewriter) forStmt(n *ast.ForStmt) ast.Node {
	init, ok := n.Init.(*ast.AssignStmt)
	if !ok || init.Tok != token.DEFINE {
		return n
	}
	var names []string
	objs := map[types.Object]string{}
	for _, l := range init.Lhs {
		if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
			names = append(names, id.Name)
			if obj := r.info.Defs[id]; obj != nil {
				objs[obj] = id.Name
			}
		}
	}
	if len(names) == 0 || !captures(n.Body, names...) {
		return n
	}
	if len(objs) != len(names) {
		return n // without types, renaming in the header is not safe
	}
	pos := n.For
	renamed := map[string]string{}
	for _, name := range names {
		renamed[name] = r.fresh("l")
	}
	rename := func(x ast.Node) {
		if x == nil {
			return
		}
		ast.Inspect(x, func(x ast.Node) bool {
			if id, ok := x.(*ast.Ident); ok {
				obj := r.info.Uses[id]
				if obj == nil {
					obj = r.info.Defs[id]
				}
				if name, ok := objs[obj]; ok {
					id.Name = renamed[name]
				}
			}
			return true
		})
	}
	rename(n.Init)
	rename(n.Cond)
	rename(n.Post)
	var in, out []ast.Expr
	for _, name := range names {
		in = append(in, ident(name, pos))
		out = append(out, ident(renamed[name], pos))
	}
	copyBack := func() ast.Stmt {
		var l, rr []ast.Expr
		for _, name := range names {
			l = append(l, ident(renamed[name], pos))
			rr = append(rr, ident(name, pos))
		}
		return &ast.AssignStmt{Lhs: l, TokPos: pos, Tok: token.ASSIGN, Rhs: rr}
	}
	label := r.labels[n]
	mapBranches(n.Body.List, true, true, func(b *ast.BranchStmt, breakOK, contOK bool) ast.Stmt {
		if b.Tok == token.CONTINUE && ((b.Label == nil && contOK) || (b.Label != nil && b.Label.Name == label)) {
			return &ast.BlockStmt{Lbrace: b.Pos(), Rbrace: b.End(), List: []ast.Stmt{copyBack(), b}}
		}
		return nil
	}, nil)
	list := []ast.Stmt{&ast.AssignStmt{Lhs: in, TokPos: pos, Tok: token.DEFINE, Rhs: out}}
	list = append(list, n.Body.List...)
	list = append(list, copyBack())
	n.Body.List = list
	return n
}

// rangeFunc: for k, v := range f { body } becomes
//
//	{
//		__pb := 0                // what the body asked for: 1 return, 2... a branch
//		var __pr0 R0 ...         // the enclosing function's results, if it returns
//		f(func(k K, v V) bool { body'; return true })
//		if __pb == 1 { return __pr0... }
//		if __pb == 2 { break L }  // ... one per labelled branch out of the body
//	}
//
// where body' has continue as `return true`, break as `return false`, and a return
// or a branch to an outer label as `{ __pb = N; return false }`.
func (r *rewriter) rangeFunc(n *ast.RangeStmt, sig *types.Signature) ast.Node {
	if sig.Params().Len() != 1 || sig.Results().Len() != 0 {
		return n
	}
	yield, ok := sig.Params().At(0).Type().Underlying().(*types.Signature)
	if !ok || yield.Results().Len() != 1 || yield.Params().Len() > 2 {
		return n
	}
	pos := n.For
	// The yield function's parameters.
	var params []*ast.Field
	var assign []ast.Stmt
	vars := []ast.Expr{n.Key, n.Value}
	for i := 0; i < yield.Params().Len(); i++ {
		t, ok := r.typeExpr(yield.Params().At(i).Type(), pos)
		if !ok {
			return n
		}
		var nameID *ast.Ident
		e := vars[i]
		id, isID := e.(*ast.Ident)
		switch {
		case e == nil || (isID && id.Name == "_"):
			nameID = ident("_", pos)
		case n.Tok == token.DEFINE && isID:
			nameID = id
		default:
			nameID = ident(r.fresh("y"), pos)
			assign = append(assign, &ast.AssignStmt{Lhs: []ast.Expr{e}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{ident(nameID.Name, pos)}})
		}
		params = append(params, &ast.Field{Names: []*ast.Ident{nameID}, Type: t})
	}
	enclosing := r.funcs[n]
	if enclosing == nil {
		return n
	}
	flag := r.fresh("b")
	label := r.labels[n]
	type exit struct {
		tok   token.Token
		label string
	}
	var exits []exit
	code := func(tok token.Token, label string) int {
		for i, e := range exits {
			if e.tok == tok && e.label == label {
				return i + 2
			}
		}
		exits = append(exits, exit{tok, label})
		return len(exits) + 1
	}
	set := func(c int, at token.Pos) ast.Stmt {
		return &ast.AssignStmt{Lhs: []ast.Expr{ident(flag, at)}, TokPos: at, Tok: token.ASSIGN,
			Rhs: []ast.Expr{&ast.BasicLit{ValuePos: at, Kind: token.INT, Value: strconv.Itoa(c)}}}
	}
	ret := func(v bool, at token.Pos) ast.Stmt {
		return &ast.ReturnStmt{Return: at, Results: []ast.Expr{ident(strconv.FormatBool(v), at)}}
	}
	results := enclosing.Results()
	named := results.Len() > 0
	for i := 0; i < results.Len(); i++ {
		if name := results.At(i).Name(); name == "" || name == "_" {
			named = false
		}
	}
	var resVars []string
	var resDecls []ast.Stmt
	returns := false
	failed := false
	inner := innerLabels(n.Body)
	mapBranches(n.Body.List, true, true, func(b *ast.BranchStmt, breakOK, contOK bool) ast.Stmt {
		at := b.Pos()
		if b.Label != nil && inner[b.Label.Name] {
			return nil
		}
		mine := (b.Label == nil && ((b.Tok == token.BREAK && breakOK) || (b.Tok == token.CONTINUE && contOK))) ||
			(b.Label != nil && b.Label.Name == label)
		switch {
		case b.Tok == token.GOTO || b.Tok == token.FALLTHROUGH:
			return nil
		case mine && b.Tok == token.BREAK:
			return ret(false, at)
		case mine && b.Tok == token.CONTINUE:
			return ret(true, at)
		case b.Label != nil:
			return &ast.BlockStmt{Lbrace: at, Rbrace: b.End(), List: []ast.Stmt{set(code(b.Tok, b.Label.Name), at), ret(false, at)}}
		}
		return nil
	}, func(rs *ast.ReturnStmt) ast.Stmt {
		at := rs.Pos()
		returns = true
		list := []ast.Stmt{}
		if len(rs.Results) > 0 && named {
			var lhs []ast.Expr
			for i := 0; i < results.Len(); i++ {
				lhs = append(lhs, ident(results.At(i).Name(), at))
			}
			list = append(list, &ast.AssignStmt{Lhs: lhs, TokPos: at, Tok: token.ASSIGN, Rhs: rs.Results})
		} else if len(rs.Results) > 0 {
			if resVars == nil {
				for i := 0; i < results.Len(); i++ {
					t, ok := r.typeExpr(results.At(i).Type(), pos)
					if !ok {
						failed = true
						return nil
					}
					v := r.fresh("r")
					resVars = append(resVars, v)
					resDecls = append(resDecls, &ast.DeclStmt{Decl: &ast.GenDecl{TokPos: pos, Tok: token.VAR,
						Specs: []ast.Spec{&ast.ValueSpec{Names: []*ast.Ident{ident(v, pos)}, Type: t}}}})
				}
			}
			var lhs []ast.Expr
			for _, v := range resVars {
				lhs = append(lhs, ident(v, at))
			}
			list = append(list, &ast.AssignStmt{Lhs: lhs, TokPos: at, Tok: token.ASSIGN, Rhs: rs.Results})
		}
		list = append(list, set(1, at), ret(false, at))
		return &ast.BlockStmt{Lbrace: at, Rbrace: rs.End(), List: list}
	})
	if failed {
		return n
	}
	body := append(assign, n.Body.List...)
	body = append(body, ret(true, n.Body.Rbrace))
	lit := &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, List: params, Closing: pos},
			Results: &ast.FieldList{List: []*ast.Field{{Type: ident("bool", pos)}}}},
		Body: &ast.BlockStmt{Lbrace: n.Body.Lbrace, List: body, Rbrace: n.Body.Rbrace},
	}
	fun := n.X
	if _, named := r.info.Types[n.X].Type.(*types.Signature); !named {
		// A named iterator type (iter.Seq[V]) is called as its func type: the
		// interpreter fails on calls of a generic named func type in some generic
		// functions.
		if t, ok := r.typeExpr(sig, pos); ok {
			fun = &ast.CallExpr{Fun: &ast.ParenExpr{Lparen: pos, X: t, Rparen: pos}, Lparen: pos, Args: []ast.Expr{n.X}, Rparen: pos}
		}
	}
	call := &ast.ExprStmt{X: &ast.CallExpr{Fun: fun, Lparen: pos, Args: []ast.Expr{lit}, Rparen: n.Body.Rbrace}}
	block := &ast.BlockStmt{Lbrace: pos, Rbrace: n.End()}
	needFlag := returns || len(exits) > 0
	if needFlag {
		block.List = append(block.List, &ast.AssignStmt{Lhs: []ast.Expr{ident(flag, pos)}, TokPos: pos, Tok: token.DEFINE,
			Rhs: []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: "0"}}})
	}
	block.List = append(block.List, resDecls...)
	block.List = append(block.List, call)
	end := n.Body.Rbrace
	is := func(c int) ast.Expr {
		return &ast.BinaryExpr{X: ident(flag, end), OpPos: end, Op: token.EQL, Y: &ast.BasicLit{ValuePos: end, Kind: token.INT, Value: strconv.Itoa(c)}}
	}
	if returns {
		rs := &ast.ReturnStmt{Return: end}
		if !named {
			for _, v := range resVars {
				rs.Results = append(rs.Results, ident(v, end))
			}
		}
		block.List = append(block.List, &ast.IfStmt{If: end, Cond: is(1), Body: &ast.BlockStmt{Lbrace: end, List: []ast.Stmt{rs}, Rbrace: end}})
	}
	for i, e := range exits {
		br := &ast.BranchStmt{TokPos: end, Tok: e.tok, Label: ident(e.label, end)}
		block.List = append(block.List, &ast.IfStmt{If: end, Cond: is(i + 2), Body: &ast.BlockStmt{Lbrace: end, List: []ast.Stmt{br}, Rbrace: end}})
	}
	if !needFlag && len(resDecls) == 0 {
		// Nothing to re-issue: the call alone is the loop.
		block.List = []ast.Stmt{call}
	}
	return block
}

// mapBranches replaces, in list and the statements nested in it (not in func
// literals), every branch statement for which onBranch returns a statement, and every
// return for which onReturn does. breakOK and contOK tell whether an unlabelled break
// or continue there targets the loop whose body list is.
func mapBranches(list []ast.Stmt, breakOK, contOK bool, onBranch func(b *ast.BranchStmt, breakOK, contOK bool) ast.Stmt, onReturn func(*ast.ReturnStmt) ast.Stmt) {
	for i, st := range list {
		if r := mapStmt(st, breakOK, contOK, onBranch, onReturn); r != nil {
			list[i] = r
		}
	}
}

func mapStmt(st ast.Stmt, breakOK, contOK bool, onBranch func(*ast.BranchStmt, bool, bool) ast.Stmt, onReturn func(*ast.ReturnStmt) ast.Stmt) ast.Stmt {
	rec := func(list []ast.Stmt, b, c bool) { mapBranches(list, b, c, onBranch, onReturn) }
	one := func(s ast.Stmt, b, c bool) ast.Stmt {
		if r := mapStmt(s, b, c, onBranch, onReturn); r != nil {
			return r
		}
		return s
	}
	switch st := st.(type) {
	case *ast.BranchStmt:
		return onBranch(st, breakOK, contOK)
	case *ast.ReturnStmt:
		if onReturn != nil {
			return onReturn(st)
		}
	case *ast.BlockStmt:
		rec(st.List, breakOK, contOK)
	case *ast.LabeledStmt:
		st.Stmt = one(st.Stmt, breakOK, contOK)
	case *ast.IfStmt:
		rec(st.Body.List, breakOK, contOK)
		if st.Else != nil {
			st.Else = one(st.Else, breakOK, contOK)
		}
	case *ast.ForStmt:
		rec(st.Body.List, false, false)
	case *ast.RangeStmt:
		rec(st.Body.List, false, false)
	case *ast.SwitchStmt:
		for _, c := range st.Body.List {
			rec(c.(*ast.CaseClause).Body, false, contOK)
		}
	case *ast.TypeSwitchStmt:
		for _, c := range st.Body.List {
			rec(c.(*ast.CaseClause).Body, false, contOK)
		}
	case *ast.SelectStmt:
		for _, c := range st.Body.List {
			rec(c.(*ast.CommClause).Body, false, contOK)
		}
	}
	return nil
}

// assigns reports whether body assigns to (or increments) a variable named name.
func assigns(body ast.Node, name string) bool {
	found := false
	is := func(e ast.Expr) bool { id, ok := e.(*ast.Ident); return ok && id.Name == name }
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if is(l) && n.Tok != token.DEFINE {
					found = true
				}
			}
		case *ast.IncDecStmt:
			if is(n.X) {
				found = true
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && is(n.X) {
				found = true
			}
		}
		return !found
	})
	return found
}

// captures reports whether a func literal or deferred call in body uses one of names,
// or the address of one is taken: then the variable must be a fresh one per
// iteration.
func captures(body ast.Node, names ...string) bool {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	found := false
	uses := func(n ast.Node) {
		ast.Inspect(n, func(m ast.Node) bool {
			if id, ok := m.(*ast.Ident); ok && want[id.Name] {
				found = true
			}
			return !found
		})
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.DeferStmt:
			// The interpreter reads a deferred call's arguments late.
			uses(n.Call)
			return false
		case *ast.FuncLit:
			ast.Inspect(n.Body, func(m ast.Node) bool {
				if id, ok := m.(*ast.Ident); ok && want[id.Name] {
					found = true
				}
				return !found
			})
			return false
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				x := n.X
				for {
					switch e := x.(type) {
					case *ast.SelectorExpr:
						x = e.X
						continue
					case *ast.IndexExpr:
						x = e.X
						continue
					case *ast.ParenExpr:
						x = e.X
						continue
					}
					break
				}
				if id, ok := x.(*ast.Ident); ok && want[id.Name] {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// innerLabels returns the labels declared in body (outside func literals).
func innerLabels(body ast.Node) map[string]bool {
	labels := map[string]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.LabeledStmt:
			labels[n.Label.Name] = true
		}
		return true
	})
	return labels
}
