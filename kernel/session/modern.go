package session

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"go/types"
	"io"
	"reflect"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"weak"

	"github.com/traefik/yaegi/interp"

	"github.com/petri-mea/petri/kernel/cell"
	"github.com/petri-mea/petri/kernel/modern"
	"github.com/petri-mea/petri/kernel/modern/generic"
	"github.com/petri-mea/petri/stdlib"
)

// modernState is what a session's rewrites of modern Go keep from cell to cell: the
// types of everything earlier cells declared.
type modernState struct {
	checker *modern.Checker
	aliases map[string]string // import path -> the alias rewritten code imports it by
	// last is the cell's last statement, when it is an expression, and whether it
	// has exactly one value, from its types.
	last       *ast.ExprStmt
	lastSingle single
	// hoisted is whether the running cell's top-level variables were declared at
	// package level, so its statements run in a function (see hoist.go).
	hoisted bool
}

// For debugging (set by tests): modernOff turns the rewrites off, modernTrace
// receives every rewritten cell.
var (
	modernOff   bool
	hoistOff    bool
	modernTrace io.Writer
)

var (
	modernMu     sync.Mutex
	modernStates = map[weak.Pointer[Session]]*modernState{}
)

func (s *Session) modern() *modernState {
	key := weak.Make(s)
	modernMu.Lock()
	defer modernMu.Unlock()
	if st, ok := modernStates[key]; ok {
		return st
	}
	imp := modern.SharedImporter(stdlib.Symbols)
	st := &modernState{checker: modern.NewChecker(imp), aliases: map[string]string{}}
	if p, err := imp.Import("context"); err == nil {
		if obj := p.Scope().Lookup("Context"); obj != nil {
			st.checker.Declare(types.NewVar(token.NoPos, nil, "ctx", obj.Type()))
		}
	}
	modernStates[key] = st
	runtime.AddCleanup(s, func(k weak.Pointer[Session]) {
		modernMu.Lock()
		delete(modernStates, k)
		modernMu.Unlock()
	}, key)
	return st
}

// modernize rewrites the parts of a parsed cell that use Go features the interpreter
// lacks into Go it runs correctly, keeping every position on the user's code. It runs
// after the cell is parsed and before anything is compiled. See package modern.
func (s *Session) modernize(pc *cell.Parsed) error {
	if modernOff {
		return nil
	}
	if pc.Decls == nil && pc.Body == nil {
		return nil
	}
	st := s.modern()
	st.hoisted = false
	varsInOrder(s.in.FileSet(), pc)
	topVars, hoistable := topNames(pc.Body)
	plain := plainDefines(pc)
	prev := map[string]types.Object{}
	for _, id := range topVars {
		if obj := st.checker.Global(id.Name); obj != nil {
			prev[id.Name] = obj
		}
	}
	imports := map[string]string{}
	s.mu.Lock()
	for name, path := range s.imported {
		imports[name] = path
	}
	s.mu.Unlock()
	if pc.Imports != nil {
		for _, is := range pc.Imports.Imports {
			path, _ := strconv.Unquote(is.Path.Value)
			if name := importName(is, path); name != "_" && name != "." {
				imports[name] = path
			}
		}
	}
	// The packages autoImport will import, and the generic ones.
	for _, f := range []*ast.File{pc.Decls, pc.BodyFile} {
		if f == nil {
			continue
		}
		for _, id := range f.Unresolved {
			if _, ok := imports[id.Name]; ok {
				continue
			}
			if path, ok := stdIndex[id.Name]; ok {
				imports[id.Name] = path
			} else if _, ok := generic.Source(id.Name); ok {
				imports[id.Name] = id.Name
			}
		}
	}
	fset := s.in.FileSet()
	info := st.checker.Check(fset, pc.Decls, pc.BodyFile, imports)
	s.planCompiled(pc, info) // compiled.go: before the rewrites change the cell
	var listed []*types.TypeName
	cellTypes := func() []*types.TypeName {
		if listed == nil {
			listed = st.checker.CellTypes(info)
		}
		return listed
	}
	if err := s.checkIdentity(pc, info, cellTypes); err != nil { // identity.go
		st.checker.Uncommit()
		s.compiledState().plan = nil
		return err
	}
	st.last, st.lastSingle = nil, unknown
	if pc.Body != nil && len(pc.Body.List) > 0 {
		if es, ok := pc.Body.List[len(pc.Body.List)-1].(*ast.ExprStmt); ok {
			if tv, ok := info.Types[es.X]; ok && tv.Type != nil {
				st.last = es
				switch t := tv.Type.(type) {
				case *types.Tuple:
					st.lastSingle = oneIf(t.Len() == 1)
					if t.Len() == 2 && types.Identical(t.At(1).Type(), types.Universe.Lookup("error").Type()) {
						st.lastSingle = withErr
					}
				default:
					if b, isBasic := t.(*types.Basic); isBasic && b.Kind() == types.Invalid {
						st.last = nil
					} else {
						st.lastSingle = oneIf(!tv.IsVoid())
					}
				}
			}
		}
	}

	byPath := map[string]string{}
	for name, path := range imports {
		if old, ok := byPath[path]; !ok || name < old {
			byPath[path] = name
		}
	}
	var added []*ast.ImportSpec
	qualify := func(p *types.Package) (string, bool) {
		if _, ok := generic.Source(p.Path()); ok {
			return p.Name(), true
		}
		if name, ok := byPath[p.Path()]; ok {
			return name, true
		}
		if name, ok := st.aliases[p.Path()]; ok {
			return name, true
		}
		if _, ok := stdlib.Symbols[p.Path()+"/"+p.Name()]; !ok {
			return "", false
		}
		name := "__pk_" + strings.NewReplacer("/", "_", ".", "_", "-", "_").Replace(p.Path())
		byPath[p.Path()] = name
		added = append(added, &ast.ImportSpec{Name: ast.NewIdent(name), Path: &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(p.Path())}})
		return name, true
	}
	if hoistable && !hoistOff {
		if plan := hoistPlan(pc, topVars, prev, info, qualify); plan != nil {
			hoist(pc, plan)
			// Plain definitions of variables that exist with the same types are
			// plain assignments now, which the global scope runs as Go does.
			st.hoisted = !(plain && len(plan) == 0)
		}
	}
	addSelfMethods(pc.Decls)
	if pc.Decls != nil {
		modern.RewriteCell(pc.Decls, info, qualify, cellTypes, false)
	}
	if pc.Body != nil {
		modern.RewriteCell(pc.Body, info, qualify, cellTypes, st.hoisted)
	}
	if modernTrace != nil {
		for _, n := range []ast.Node{pc.Decls, pc.Body} {
			if !reflect.ValueOf(n).IsNil() {
				printer.Fprint(modernTrace, token.NewFileSet(), n)
				fmt.Fprintln(modernTrace)
			}
		}
	}
	if len(added) > 0 {
		pos := token.NoPos
		for _, f := range []*ast.File{pc.Imports, pc.Decls, pc.BodyFile} {
			if f != nil {
				pos = f.Name.Pos()
				break
			}
		}
		if pc.Imports == nil {
			pc.Imports = &ast.File{Package: pos, Name: &ast.Ident{NamePos: pos, Name: "main"}}
		}
		g := &ast.GenDecl{TokPos: pos, Tok: token.IMPORT}
		for _, is := range added {
			is.Name.NamePos, is.Path.ValuePos = pos, pos
			g.Specs = append(g.Specs, is)
			pc.Imports.Imports = append(pc.Imports.Imports, is)
			path, _ := strconv.Unquote(is.Path.Value)
			st.aliases[path] = is.Name.Name
		}
		pc.Imports.Decls = append(pc.Imports.Decls, g)
	}
	return nil
}

// modernPath is the import path of package modern's compiled helpers in cells.
const modernPath = "petri.internal/modern"

// varsInOrder moves back among the statements a var declaration of the cell's top
// level that uses a variable an earlier statement of the cell defines:
//
//	primes := [6]int{2, 3, 5, 7, 11, 13}
//	var s []int = primes[1:4]
//
// The cell splitter runs declarations before statements, where primes does not exist
// yet; as a statement in its place it runs as in func main.
func varsInOrder(fset *token.FileSet, pc *cell.Parsed) {
	if pc.Decls == nil || pc.Body == nil {
		return
	}
	// The parts of a cell are separate files: compare positions by line and column.
	at := func(p token.Pos) [2]int {
		q := fset.Position(p)
		return [2]int{q.Line, q.Column}
	}
	before := func(a, b [2]int) bool { return a[0] < b[0] || (a[0] == b[0] && a[1] < b[1]) }
	defined := map[string][2]int{} // name -> where a top-level statement defines it
	for _, st := range pc.Body.List {
		if a, ok := st.(*ast.AssignStmt); ok && a.Tok == token.DEFINE {
			for _, l := range a.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					if _, seen := defined[id.Name]; !seen {
						defined[id.Name] = at(id.Pos())
					}
				}
			}
		}
	}
	if len(defined) == 0 {
		return
	}
	keep := pc.Decls.Decls[:0]
	for _, d := range pc.Decls.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR || !usesEarlier(g, at(g.Pos()), defined, before) {
			keep = append(keep, d)
			continue
		}
		stmt := &ast.DeclStmt{Decl: g}
		i := 0
		for i < len(pc.Body.List) && before(at(pc.Body.List[i].Pos()), at(g.Pos())) {
			i++
		}
		pc.Body.List = append(pc.Body.List[:i], append([]ast.Stmt{stmt}, pc.Body.List[i:]...)...)
	}
	pc.Decls.Decls = keep
	if len(keep) == 0 {
		pc.Decls = nil
	}
}

func usesEarlier(g *ast.GenDecl, pos [2]int, defined map[string][2]int, before func(a, b [2]int) bool) bool {
	found := false
	for _, sp := range g.Specs {
		vs, ok := sp.(*ast.ValueSpec)
		if !ok {
			continue
		}
		for _, v := range vs.Values {
			ast.Inspect(v, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					if def, ok := defined[id.Name]; ok && before(def, pos) {
						found = true
					}
				}
				return !found
			})
		}
	}
	return found
}

// modernSingle tells, from the types go/types found for the running cell, whether
// es (the cell's last statement) has exactly one value; known is false when the
// types do not say (an unknown name, or a statement the rewrites replaced).
func (s *Session) modernSingle(es *ast.ExprStmt) (v single, known bool) {
	st := s.modern()
	if st.last == nil || st.last != es {
		return unknown, false
	}
	return st.lastSingle, true
}

// loadGenerics compiles, once per session, the source of generic standard packages
// the interpreter cannot take from compiled symbol tables (package generic), over
// the interpreter's own older copies.
func (s *Session) loadGenerics() error {
	if err := s.in.Use(interp.Exports{modernPath + "/modern": {
		"IsReflectPanic": reflect.ValueOf(modern.IsReflectPanic),
		"Translate":      reflect.ValueOf(modern.Translate),
		"Lock":           reflect.ValueOf(modern.Lock),
		"Unlock":         reflect.ValueOf(modern.Unlock),
		"UnwrapError":    reflect.ValueOf(modern.UnwrapError),
		"IsError":        reflect.ValueOf(modern.IsError),
		"SameError":      reflect.ValueOf(modern.SameError),
		"AsInner":        reflect.ValueOf(modern.AsInner),
		"Inner":          reflect.ValueOf(modern.Inner),
		"PrintForm":      reflect.ValueOf(modern.PrintForm),
		"AssertPanic":    reflect.ValueOf(modern.AssertPanic),
		"Plain":          reflect.ValueOf(modern.Plain),
		"Held":           reflect.ValueOf(modern.Held),
		"ClearMap":       reflect.ValueOf(modern.ClearMap),
		"Self":           reflect.ValueOf(modern.Self),
		"CaptureError":   reflect.ValueOf(captureError),
		"Fail":           reflect.ValueOf(modern.Fail),
		"TypeName":       reflect.ValueOf(modern.TypeName),
		"Runes":          reflect.ValueOf(modern.Runes),
		"RuneAt":         reflect.ValueOf((*modern.RuneAt)(nil)),
	}}); err != nil {
		return err
	}
	for _, p := range generic.Packages {
		if p.TypesOnly {
			continue
		}
		src := p.Source
		if p.Extends {
			// The source imports the compiled package as __compiled.
			src += reexports(p.Path)
		}
		f, err := parser.ParseFile(s.in.FileSet(), "generic/"+p.Path+"/"+interp.DefaultSourceName, src, 0)
		if err != nil {
			return err
		}
		// The generic packages are visible to the interpreter by name without an
		// import (and the interpreter's own copies import cmp already); an import under
		// another name is of the compiled package.
		var imports []*ast.ImportSpec
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.IMPORT {
				continue
			}
			specs := g.Specs[:0]
			for _, sp := range g.Specs {
				is := sp.(*ast.ImportSpec)
				path, _ := strconv.Unquote(is.Path.Value)
				if _, ok := generic.Source(path); !ok || is.Name != nil {
					specs = append(specs, sp)
					imports = append(imports, is)
				}
			}
			g.Specs = specs
		}
		f.Imports = imports
		prog, err := s.in.CompileAST(f)
		if err != nil {
			return fmt.Errorf("%s: %w", p.Path, err)
		}
		if _, err := s.in.Execute(prog); err != nil {
			return fmt.Errorf("%s: %w", p.Path, err)
		}
	}
	// A cell must see these packages by name, as the interpreter compiled them:
	// importing the compiled package of the same path (its symbol table has no
	// generics) would hide the generic types (atomic.Pointer, ...) in type
	// positions. Recording them as imported makes autoImport skip explicit and
	// implicit imports of them.
	s.mu.Lock()
	for _, p := range generic.Packages {
		if p.Path != generic.HelpersPath && !p.TypesOnly {
			s.imported[p.Path[strings.LastIndex(p.Path, "/")+1:]] = p.Path
		}
	}
	s.mu.Unlock()
	if _, err := s.in.Eval(fmt.Sprintf("import %s %q", modern.RuntimeName, modernPath)); err != nil {
		return err
	}
	return s.useSelfWrappers()
}

type wrapper struct{ decl, args string }

// wrapperSig writes the parameters and results of a compiled function of basic and
// pointer types (the interpreter passes interface values between its packages as
// nil, so functions with those are left out).
func wrapperSig(t reflect.Type) (wrapper, bool) {
	name := func(t reflect.Type) (string, bool) {
		s := t.String()
		if strings.Contains(s, "unsafe") || strings.Contains(s, "interface") || t.Kind() == reflect.Interface {
			return "", false
		}
		if t.Kind() == reflect.Ptr && t.Elem().PkgPath() != "" {
			return "*__compiled." + t.Elem().Name(), true
		}
		if t.PkgPath() != "" {
			return "__compiled." + t.Name(), true
		}
		return s, true
	}
	var params, args, results []string
	for i := 0; i < t.NumIn(); i++ {
		n, ok := name(t.In(i))
		if !ok || t.IsVariadic() {
			return wrapper{}, false
		}
		params = append(params, fmt.Sprintf("a%d %s", i, n))
		args = append(args, fmt.Sprintf("a%d", i))
	}
	for i := 0; i < t.NumOut(); i++ {
		n, ok := name(t.Out(i))
		if !ok {
			return wrapper{}, false
		}
		results = append(results, n)
	}
	return wrapper{decl: "(" + strings.Join(params, ", ") + ") (" + strings.Join(results, ", ") + ")", args: strings.Join(args, ", ")}, true
}

// reexports declares, for the source of a package that extends a compiled one, every
// symbol of the compiled package (imported as __compiled), so the package the
// interpreter sees by that name has both.
func reexports(path string) string {
	name := path[strings.LastIndex(path, "/")+1:]
	syms := stdlib.Symbols[path+"/"+name]
	names := make([]string, 0, len(syms))
	for n := range syms {
		if !strings.HasPrefix(n, "_") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("\n")
	for _, n := range names {
		v := syms[n]
		switch {
		case v.Kind() == reflect.Ptr && v.IsNil() && !v.CanAddr():
			fmt.Fprintf(&b, "type %s = __compiled.%s\n", n, n)
		case v.Kind() == reflect.Func && !v.CanAddr():
			// A wrapper, not a variable: a variable of a package compiled this
			// way lands in the interpreter's main frame.
			if sig, ok := wrapperSig(v.Type()); ok {
				ret := "return "
				if v.Type().NumOut() == 0 {
					ret = ""
				}
				fmt.Fprintf(&b, "func %s%s { %s__compiled.%s(%s) }\n", n, sig.decl, ret, n, sig.args)
			}
		}
	}
	return b.String()
}

// The interpreter's wrapper type of a cell's value as an error, learnt once by
// passing one to captureError (the type is the interpreter's own, unexported).
var (
	errorWrapperMu sync.Mutex
	errorWrapper   reflect.Type
)

func captureError(e error) {
	errorWrapperMu.Lock()
	errorWrapper = reflect.TypeOf(e)
	errorWrapperMu.Unlock()
}

// useSelfWrappers makes the interpreter wrap a cell's struct values as error and
// fmt.Stringer in wrappers that can give the value back (see modern.Self).
func (s *Session) useSelfWrappers() error {
	errorWrapperMu.Lock()
	t := errorWrapper
	errorWrapperMu.Unlock()
	if t == nil {
		if _, err := s.in.Eval("type __petriCapture struct{ a, b int }\nfunc (__petriCapture) Error() string { return \"\" }"); err != nil {
			return err
		}
		if _, err := s.in.Eval(modern.RuntimeName + ".CaptureError(__petriCapture{})"); err != nil {
			return err
		}
		errorWrapperMu.Lock()
		t = errorWrapper
		errorWrapperMu.Unlock()
	}
	types := map[reflect.Value][]reflect.Type{
		stdlib.Symbols["fmt/fmt"]["_Stringer"]: {reflect.TypeOf(modern.WrapStringer{})},
	}
	if t != nil && t.Kind() == reflect.Struct && t.NumField() > 0 && t.Field(0).Name == "IValue" {
		types[reflect.Zero(reflect.PointerTo(t))] = []reflect.Type{reflect.TypeOf(modern.WrapError{})}
	}
	return s.in.Use(interp.Exports{".": {"MapTypes": reflect.ValueOf(types)}})
}

// addSelfMethods gives each struct type decls declares with methods the method
// modern.Self calls:
//
//	func (__petri_self T) PetriValue__() any { return __petri_self }
func addSelfMethods(decls *ast.File) {
	if decls == nil {
		return
	}
	// Only types with methods of their own in this cell: a struct type's values
	// without methods are held differently by the interpreter (reflect.DeepEqual,
	// say, compares them), and only one with methods can be in error or Stringer.
	withMethods := map[string]bool{}
	for _, d := range decls.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil && len(fd.Recv.List) == 1 {
			t := fd.Recv.List[0].Type
			if st, ok := t.(*ast.StarExpr); ok {
				t = st.X
			}
			if id, ok := t.(*ast.Ident); ok {
				withMethods[id.Name] = true
			}
		}
	}
	var added []ast.Decl
	for _, d := range decls.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE {
			continue
		}
		for _, sp := range g.Specs {
			ts := sp.(*ast.TypeSpec)
			if _, isStruct := ts.Type.(*ast.StructType); !isStruct || !withMethods[ts.Name.Name] || ts.TypeParams != nil || ts.Assign.IsValid() {
				continue
			}
			pos := ts.Name.Pos()
			id := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
			added = append(added, &ast.FuncDecl{
				Recv: &ast.FieldList{Opening: pos, List: []*ast.Field{{Names: []*ast.Ident{id("__petri_self")}, Type: id(ts.Name.Name)}}, Closing: pos},
				Name: id(modern.SelfMethod),
				Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos},
					Results: &ast.FieldList{List: []*ast.Field{{Type: id("any")}}}},
				Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{id("__petri_self")}}}, Rbrace: pos},
			})
		}
	}
	decls.Decls = append(decls.Decls, added...)
}
