package session

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/petri-mea/petri/kernel/cell"
)

// Type identity inside interfaces. The interpreter cannot make new Go types at run
// time: a value of a cell's `type Celsius float64` is a float64, and one of
// `type A struct{ X int }` is the same struct as one of `type B struct{ X int }`.
// Inside an interface (any, error, ...) the two cannot be told apart, so a type
// assertion or a type switch case naming one of them also matches the other, and
// the cell would go on with a wrong answer. checkIdentity fails such a cell before
// it runs, naming both types and what to change; compiled types are real Go types
// and are not confused.
//
// It fails a cell of interpreted code that
//   - asserts to a cell type the interpreter confuses with another (`v.(Celsius)`
//     matches a float64, `v.(A)` a B), or
//   - asserts to the type a cell type is confused with (`v.(float64)`) in a session
//     whose interpreted code puts values of that cell type into interfaces (the
//     assertion would take a Celsius for a float64), or puts them there after such
//     an assertion.
//
// Values handed to fmt's and log's printing functions are not counted as put into
// interfaces: those print a Celsius and a float64 alike, as Go does, except under
// %T, which is checked as an assertion is (typeVerbs).

// checkIdentity applies the rules above to the interpreted code of the running cell.
func (s *Session) checkIdentity(pc *cell.Parsed, info *types.Info, cellTypes func() []*types.TypeName) error {
	var nodes []ast.Node
	compiled := map[ast.Decl]bool{}
	if u := s.compiledState().plan; u != nil {
		if u.whole {
			return nil
		}
		for _, d := range u.decls {
			compiled[d] = true
		}
	}
	if pc.Decls != nil {
		for _, d := range pc.Decls.Decls {
			if !compiled[d] {
				nodes = append(nodes, d)
			}
		}
	}
	if pc.Body != nil {
		nodes = append(nodes, pc.Body)
	}
	if len(nodes) == 0 {
		return nil
	}
	id := &identity{s: s, info: info, list: cellTypes}
	for _, n := range nodes {
		id.walk(n)
	}
	if id.err != nil {
		return id.err
	}
	// The cell runs: remember what it asserts to and what it puts into interfaces.
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.boxed == nil {
		s.boxed, s.assertedTo = map[string]string{}, map[string]string{}
	}
	for k, v := range id.boxed {
		if _, ok := s.boxed[k]; !ok {
			s.boxed[k] = v
		}
	}
	for k, v := range id.asserted {
		if _, ok := s.assertedTo[k]; !ok {
			s.assertedTo[k] = v
		}
	}
	return nil
}

// identity is one cell's check.
type identity struct {
	s    *Session
	info *types.Info
	list func() []*types.TypeName

	listed     bool
	confusable map[*types.Named]types.Type // interpreted cell type -> what it is confused with
	order      []*types.Named              // its keys, by name

	boxed    map[string]string // cell type -> where this cell puts one into an interface
	asserted map[string]string // unnamed type -> where this cell asserts to it
	err      error
}

// types lists the confusable cell types, once, for cells that assert or box.
func (id *identity) types() map[*types.Named]types.Type {
	if !id.listed {
		id.listed = true
		all := id.s.interpretedTypes(id.list())
		id.confusable = confusables(all)
		for _, t := range all {
			if id.confusable[t] != nil {
				id.order = append(id.order, t)
			}
		}
	}
	return id.confusable
}

func (id *identity) pos(p token.Pos) string {
	return cleanPositions(id.s.in.FileSet().Position(p).String())
}

func (id *identity) fail(at token.Pos, cellType *types.Named, format string, args ...any) {
	if id.err == nil {
		id.err = &CompileError{Msg: id.pos(at) + ": " + fmt.Sprintf(format, args...) +
			"; make " + typeName(cellType) + " a compiled type: put //petri:compile in the cell that declares it and run that cell again " +
			"(a compiled type is a real Go type; its fields must be exported for interpreted cells to use them)"}
	}
}

func typeName(t types.Type) string { return types.TypeString(t, qualifyMain) }

// walk checks the assertions and records the boxings under n.
func (id *identity) walk(n ast.Node) {
	var stack []ast.Node // for the function a return statement returns from
	ast.Inspect(n, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		if id.err != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.TypeAssertExpr:
			if n.Type != nil {
				id.assert(n.Type, "the type assertion to "+types.ExprString(n.Type), inFunc(stack))
			}
		case *ast.TypeSwitchStmt:
			for _, c := range n.Body.List {
				for _, e := range c.(*ast.CaseClause).List {
					id.assert(e, "case "+types.ExprString(e)+" of the type switch", inFunc(stack))
				}
			}
		case *ast.AssignStmt:
			if n.Tok == token.ASSIGN && len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					id.box(id.info.TypeOf(l), n.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			if n.Type != nil {
				for _, v := range n.Values {
					id.box(id.info.TypeOf(n.Type), v)
				}
			}
		case *ast.CompositeLit:
			id.compositeBoxes(n)
		case *ast.CallExpr:
			id.callBoxes(n)
		case *ast.SendStmt:
			if ch, ok := underlying(id.info.TypeOf(n.Chan)).(*types.Chan); ok {
				id.box(ch.Elem(), n.Value)
			}
		case *ast.ReturnStmt:
			id.returnBoxes(n, stack)
		}
		return true
	})
}

func underlying(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return t.Underlying()
}

// inFunc reports whether the innermost node of stack is in a function: code that may
// run again, later, when the cell's top-level statements have run once.
func inFunc(stack []ast.Node) bool {
	for _, n := range stack {
		switch n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return true
		}
	}
	return false
}

// assert checks an assertion (or type switch case) to the type e names; one that
// may run again later (in a function) is remembered for later boxings.
func (id *identity) assert(e ast.Expr, what string, again bool) {
	tv, ok := id.info.Types[e]
	if !ok || tv.Type == nil || types.IsInterface(tv.Type) {
		return
	}
	conf := id.types()
	if len(conf) == 0 {
		return
	}
	if named, ok := tv.Type.(*types.Named); ok {
		if other := conf[named]; other != nil {
			id.fail(e.Pos(), named, "%s: inside an interface the interpreter cannot tell %s from %s "+
				"(a value of one is the same as a value of the other when the cell runs), so the answer could be wrong",
				what, typeName(named), typeName(other))
		}
		return // a real Go type: another package's, or a compiled cell's
	}
	key := typeName(tv.Type)
	for _, named := range id.order {
		if !types.Identical(named.Underlying(), tv.Type) {
			continue
		}
		if where := id.boxedAt(named); where != "" {
			id.fail(e.Pos(), named, "%s: inside an interface the interpreter cannot tell %s from %s, and %s puts a %s into an interface, "+
				"which this assertion would take for a %s", what, key, typeName(named), where, typeName(named), key)
			return
		}
	}
	if !again {
		return
	}
	if id.asserted == nil {
		id.asserted = map[string]string{}
	}
	if _, ok := id.asserted[key]; !ok {
		id.asserted[key] = id.pos(e.Pos())
	}
}

// boxedAt says where this cell or an earlier one put a value of named into an
// interface, or "".
func (id *identity) boxedAt(named *types.Named) string {
	if where := id.boxed[named.Obj().Name()]; where != "" {
		return where
	}
	id.s.mu.Lock()
	defer id.s.mu.Unlock()
	return id.s.boxed[named.Obj().Name()]
}

// assertedAt says where code that may run again asserts to the type written t, or "".
func (id *identity) assertedAt(t string) string {
	if where := id.asserted[t]; where != "" {
		return where
	}
	id.s.mu.Lock()
	defer id.s.mu.Unlock()
	return id.s.assertedTo[t]
}

// box notes e, converted to dst, when dst is an interface and e a confusable cell type.
func (id *identity) box(dst types.Type, e ast.Expr) {
	if dst == nil || !types.IsInterface(dst) || isTypeParam(dst) {
		return
	}
	named, ok := id.info.TypeOf(e).(*types.Named)
	if !ok {
		return
	}
	conf := id.types()
	if conf[named] == nil {
		return
	}
	under := typeName(named.Underlying())
	if where := id.assertedAt(under); where != "" {
		id.fail(e.Pos(), named, "this puts a %s into an interface, and %s asserts to %s: inside an interface the interpreter cannot tell "+
			"%s from %s, so that assertion would take the %s for a %s", typeName(named), where, under, under, typeName(named), typeName(named), under)
		return
	}
	if id.boxed == nil {
		id.boxed = map[string]string{}
	}
	if _, ok := id.boxed[named.Obj().Name()]; !ok {
		id.boxed[named.Obj().Name()] = id.pos(e.Pos())
	}
}

func (id *identity) compositeBoxes(lit *ast.CompositeLit) {
	switch t := underlying(id.info.TypeOf(lit)).(type) {
	case *types.Slice:
		id.elementBoxes(lit, nil, t.Elem())
	case *types.Array:
		id.elementBoxes(lit, nil, t.Elem())
	case *types.Map:
		id.elementBoxes(lit, t.Key(), t.Elem())
	case *types.Struct:
		for i, e := range lit.Elts {
			if kv, ok := e.(*ast.KeyValueExpr); ok {
				if k, ok := kv.Key.(*ast.Ident); ok {
					for j := 0; j < t.NumFields(); j++ {
						if t.Field(j).Name() == k.Name {
							id.box(t.Field(j).Type(), kv.Value)
						}
					}
				}
			} else if i < t.NumFields() {
				id.box(t.Field(i).Type(), e)
			}
		}
	}
}

func (id *identity) elementBoxes(lit *ast.CompositeLit, key, elem types.Type) {
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			if key != nil {
				id.box(key, kv.Key)
			}
			e = kv.Value
		}
		id.box(elem, e)
	}
}

// printing are the functions that only print what they are given.
func printing(pkg, name string) bool {
	switch pkg {
	case "fmt":
		return strings.Contains(name, "print") || strings.Contains(name, "Print") || name == "Errorf"
	case "log":
		return strings.Contains(name, "Print") || strings.Contains(name, "Fatal") || strings.Contains(name, "Panic")
	}
	return false
}

func (id *identity) callBoxes(call *ast.CallExpr) {
	if tv, ok := id.info.Types[call.Fun]; ok && tv.IsType() {
		if len(call.Args) == 1 {
			id.box(tv.Type, call.Args[0]) // any(c)
		}
		return
	}
	if fun, ok := call.Fun.(*ast.Ident); ok {
		if b, ok := id.info.Uses[fun].(*types.Builtin); ok {
			if b.Name() == "append" && len(call.Args) > 1 && !call.Ellipsis.IsValid() {
				if sl, ok := underlying(id.info.TypeOf(call.Args[0])).(*types.Slice); ok {
					for _, a := range call.Args[1:] {
						id.box(sl.Elem(), a)
					}
				}
			}
			return
		}
	}
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
		if x, ok := sel.X.(*ast.Ident); ok {
			if pn, ok := id.info.Uses[x].(*types.PkgName); ok && printing(pn.Imported().Path(), sel.Sel.Name) {
				id.typeVerbs(call)
				return
			}
		}
	}
	sig, ok := underlying(id.info.TypeOf(call.Fun)).(*types.Signature)
	if !ok {
		return
	}
	params := sig.Params()
	for i, a := range call.Args {
		if params.Len() == 0 {
			break
		}
		var pt types.Type
		switch {
		case sig.Variadic() && i >= params.Len()-1:
			pt = params.At(params.Len() - 1).Type()
			if sl, ok := pt.(*types.Slice); ok && !call.Ellipsis.IsValid() {
				pt = sl.Elem()
			}
		case i < params.Len():
			pt = params.At(i).Type()
		}
		id.box(pt, a)
	}
}

// typeVerbs fails a printing call whose format shows the type (%T) of an
// interface-typed argument while cells put confusable cell types into interfaces:
// the interpreter would print float64 for a Celsius.
func (id *identity) typeVerbs(call *ast.CallExpr) {
	for i, a := range call.Args {
		tv, ok := id.info.Types[a]
		if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
			continue
		}
		format := constant.StringVal(tv.Value)
		if !strings.Contains(format, "%T") {
			return
		}
		args := call.Args[i+1:]
		for n, verb := range formatVerbs(format) {
			if verb != 'T' || n >= len(args) {
				continue
			}
			t := id.info.TypeOf(args[n])
			if t == nil || !types.IsInterface(t) {
				continue
			}
			id.types()
			for _, named := range id.order {
				if where := id.boxedAt(named); where != "" {
					id.fail(args[n].Pos(), named, "%%T of an interface value: %s puts a %s into an interface, and the interpreter "+
						"would print its type as %s", where, typeName(named), typeName(id.confusable[named]))
					return
				}
			}
		}
		return
	}
}

// formatVerbs lists the verbs of a printf format, one per argument it consumes
// ('*' for a width or precision taken from the arguments); a format with explicit
// argument indexes gives nil.
func formatVerbs(format string) []rune {
	var verbs []rune
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		for i++; i < len(format); i++ {
			c := format[i]
			if c == '[' {
				return nil
			}
			if c == '*' {
				verbs = append(verbs, '*')
				continue
			}
			if strings.IndexByte("+-# 0123456789.", c) >= 0 {
				continue
			}
			if c != '%' {
				verbs = append(verbs, rune(c))
			}
			break
		}
	}
	return verbs
}

func (id *identity) returnBoxes(ret *ast.ReturnStmt, stack []ast.Node) {
	for i := len(stack) - 1; i >= 0; i-- {
		var t types.Type
		switch f := stack[i].(type) {
		case *ast.FuncLit:
			t = id.info.TypeOf(f)
		case *ast.FuncDecl:
			if obj := id.info.Defs[f.Name]; obj != nil {
				t = obj.Type()
			}
		default:
			continue
		}
		sig, ok := t.(*types.Signature)
		if !ok || sig.Results().Len() != len(ret.Results) {
			return
		}
		for j, r := range ret.Results {
			id.box(sig.Results().At(j).Type(), r)
		}
		return
	}
}

// interpretedTypes are the cells' named types that run interpreted: neither
// interfaces (the interpreter matches those by their methods) nor generic, nor
// compiled.
func (s *Session) interpretedTypes(cellTypes []*types.TypeName) []*types.Named {
	c := s.compiledState()
	var out []*types.Named
	for _, tn := range cellTypes {
		named, ok := tn.Type().(*types.Named)
		if !ok || named.TypeParams().Len() > 0 || types.IsInterface(named) {
			continue
		}
		if c.names[tn.Name()].isType {
			continue
		}
		if u := c.plan; u != nil {
			if _, ok := u.types[tn.Name()]; ok {
				continue
			}
		}
		out = append(out, named)
	}
	return out
}

// confusables maps each of cellTypes the interpreter cannot tell from another type
// inside an interface to that type: a type that is not a struct to its underlying
// type; a struct to another of cellTypes with the same fields.
func confusables(cellTypes []*types.Named) map[*types.Named]types.Type {
	out := map[*types.Named]types.Type{}
	for _, t := range cellTypes {
		if _, isStruct := t.Underlying().(*types.Struct); !isStruct {
			out[t] = t.Underlying()
			continue
		}
		for _, o := range cellTypes {
			if o != t && types.Identical(o.Underlying(), t.Underlying()) {
				out[t] = o
				break
			}
		}
	}
	return out
}

// qualifyMain writes the cells' types unqualified, others by package name.
func qualifyMain(p *types.Package) string {
	if p.Path() == "main" {
		return ""
	}
	return p.Name()
}
