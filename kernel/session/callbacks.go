package session

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"regexp"
	"runtime"
	"strings"

	"github.com/traefik/yaegi/interp"

	"github.com/petri-mea/petri/kernel/modern/generic"
)

// rewriteCallbacks extends rewriteGo to the interpreted functions a cell hands to
// compiled code, which may call them on a goroutine of its own (time.AfterFunc's
// timer, sync.WaitGroup.Go, os/exec's context watcher calling Cmd.Cancel), where a
// panic would end the kernel. Each such value is wrapped as it is handed over,
//
//	time.AfterFunc(d, f)   becomes   time.AfterFunc(d, __petri.Callback(f, where, cell).(func()))
//
// by a compiled wrapper that recovers a panic only when no interpreted code called
// it: on a goroutine compiled code started, the panic fails the cell that is running
// (or, once it has ended, is printed) and the callback returns zero values; called
// on a goroutine the cell runs (sort.Slice's less, sync.Once.Do), the panic goes on
// unwinding exactly as before, to the cell or to the cell's own recover.
//
// Handed over means: an argument of a call of a package function or of a method
// (x.M(f) — whether x is compiled or not is unknown before the interpreter compiles
// the cell, so every method is treated as compiled unless x is a global of a type the
// cell declared), a value in a composite literal (http.Server{Handler: ...}) or a
// value assigned to a field or element (cmd.Cancel = f). The values wrapped are
// function literals (their type is written in them) and names whose type the
// session's type checker knows: functions and function variables of earlier cells
// and of this cell's top level, and their method values (t.tick); and locals whose
// declaration writes a function type: parameters (func every(d time.Duration, f
// func()) { time.AfterFunc(d, f) }) and variables set to a function literal where
// they are declared. A local whose type the rewrite cannot see (g := pick(), then
// time.AfterFunc(d, g)) is not wrapped.
func (s *Session) rewriteCallbacks(n ast.Node, count int) {
	rw := s.newCallbackRewriter(n, count)
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if rw.handsOver(n) {
				for i, a := range n.Args {
					n.Args[i] = rw.wrap(a)
				}
			}
		case *ast.CompositeLit:
			for i, e := range n.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					kv.Value = rw.wrap(kv.Value)
				} else {
					n.Elts[i] = rw.wrap(e)
				}
			}
		case *ast.AssignStmt:
			if n.Tok == token.ASSIGN && len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					switch l.(type) {
					case *ast.SelectorExpr, *ast.IndexExpr:
						n.Rhs[i] = rw.wrap(n.Rhs[i])
					}
				}
			}
		}
		return true
	})
}

type callbackRewriter struct {
	s     *Session
	count int
	names map[string]string // import path -> a name it is imported by; made when needed
	// top holds the objects of the cell's top-level variables, which are globals.
	top     map[*ast.Object]bool
	checker interface{ Global(string) types.Object }
}

func (s *Session) newCallbackRewriter(n ast.Node, count int) *callbackRewriter {
	rw := &callbackRewriter{s: s, count: count, top: map[*ast.Object]bool{}}
	if !modernOff {
		rw.checker = s.modern().checker
	}
	if b, ok := n.(*ast.BlockStmt); ok {
		for _, st := range b.List {
			switch st := st.(type) {
			case *ast.AssignStmt:
				// := (or =, once hoist.go made the variable a package-level one).
				for _, l := range st.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Obj != nil && id.Obj.Decl == st {
						rw.top[id.Obj] = true
					}
				}
			case *ast.DeclStmt:
				if g, ok := st.Decl.(*ast.GenDecl); ok {
					for _, sp := range g.Specs {
						if vs, ok := sp.(*ast.ValueSpec); ok {
							for _, id := range vs.Names {
								if id.Obj != nil {
									rw.top[id.Obj] = true
								}
							}
						}
					}
				}
			}
		}
	}
	return rw
}

// interpretedPackage holds the paths of packages the interpreter runs from source
// (slices, maps, ...: see package generic), which call back synchronously.
var interpretedPackage = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range generic.Packages {
		m[p.Path] = !p.Extends
	}
	return m
}()

// importPath is the path of the package id names, if it names one (and not a local
// of that name). (A lookup, not a copy of the imports: this runs for every cell.)
func (rw *callbackRewriter) importPath(id *ast.Ident) (string, bool) {
	if id.Obj != nil {
		return "", false
	}
	rw.s.mu.Lock()
	path, ok := rw.s.imported[id.Name]
	rw.s.mu.Unlock()
	return path, ok
}

func (rw *callbackRewriter) isPackage(id *ast.Ident) bool {
	_, ok := rw.importPath(id)
	return ok
}

// global returns the type checker's object for id when id refers to a global.
func (rw *callbackRewriter) global(id *ast.Ident) types.Object {
	if rw.checker == nil || id.Name == "_" {
		return nil
	}
	if id.Obj != nil && !rw.top[id.Obj] && id.Obj.Kind != ast.Fun {
		return nil // a local
	}
	return rw.checker.Global(id.Name)
}

// handsOver is whether call may hand its arguments to compiled code.
func (rw *callbackRewriter) handsOver(call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false // f(...): a function of the cell, a builtin, a literal called at once
	}
	x, ok := sel.X.(*ast.Ident)
	if !ok {
		return true // a method of a value reached some other way: treated as compiled
	}
	if x.Name == "__petri" {
		return false // the session's own calls, these wrappers among them
	}
	if path, ok := rw.importPath(x); ok {
		return !interpretedPackage[path]
	}
	if obj := rw.global(x); obj != nil {
		return !declaredByCell(obj.Type())
	}
	return true
}

// declaredByCell is whether t (or what it points to) is a named type a cell declared,
// whose methods are interpreted.
func declaredByCell(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "main"
}

// wrap returns e wrapped in __petri.Callback when it is a function value the
// rewriter can type, else e.
func (rw *callbackRewriter) wrap(e ast.Expr) ast.Expr {
	var typ ast.Expr
	switch v := e.(type) {
	case *ast.FuncLit:
		typ = v.Type
	case *ast.Ident:
		if obj := rw.global(v); obj != nil {
			typ = rw.typeExpr(obj.Type())
		} else {
			typ = declaredFuncType(v)
		}
	case *ast.SelectorExpr:
		x, ok := v.X.(*ast.Ident)
		if !ok || rw.isPackage(x) {
			break
		}
		if obj := rw.global(x); obj != nil {
			if m, _, _ := types.LookupFieldOrMethod(obj.Type(), true, obj.Pkg(), v.Sel.Name); m != nil {
				typ = rw.typeExpr(m.Type())
			}
		}
	}
	if typ == nil {
		return e
	}
	pos := e.Pos()
	where := cleanPositions(rw.s.in.FileSet().Position(pos).String())
	id := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	call := &ast.CallExpr{
		Fun:    &ast.SelectorExpr{X: id("__petri"), Sel: id("Callback")},
		Lparen: pos,
		Args: []ast.Expr{e,
			&ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: fmt.Sprintf("%q", where)},
			&ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: fmt.Sprint(rw.count)}},
		Rparen: pos,
	}
	return &ast.TypeAssertExpr{X: call, Lparen: pos, Type: typ, Rparen: pos}
}

// declaredFuncType is the function type a local id was declared with, where the
// declaration writes it: a parameter (f func()), var f func() or var f = func() {...},
// and f := func() {...}; else nil.
func declaredFuncType(id *ast.Ident) ast.Expr {
	if id.Obj == nil || id.Obj.Kind != ast.Var {
		return nil
	}
	funcType := func(e ast.Expr) ast.Expr {
		switch e := e.(type) {
		case *ast.FuncType:
			return e
		case *ast.FuncLit:
			return e.Type
		}
		return nil
	}
	switch d := id.Obj.Decl.(type) {
	case *ast.Field:
		return funcType(d.Type)
	case *ast.ValueSpec:
		if d.Type != nil {
			return funcType(d.Type)
		}
		for i, n := range d.Names {
			if n.Obj == id.Obj && len(d.Values) == len(d.Names) {
				return funcType(d.Values[i])
			}
		}
	case *ast.AssignStmt:
		for i, l := range d.Lhs {
			if n, ok := l.(*ast.Ident); ok && n.Obj == id.Obj && len(d.Rhs) == len(d.Lhs) {
				return funcType(d.Rhs[i])
			}
		}
	}
	return nil
}

// typeExpr writes t, a function type (else nil), as an expression in the cell's
// scope: nil when it names a package the session has not imported.
func (rw *callbackRewriter) typeExpr(t types.Type) ast.Expr {
	t = types.Unalias(t)
	sig, ok := t.Underlying().(*types.Signature)
	if !ok || sig.TypeParams().Len() > 0 {
		return nil // not a function, or a generic one (instantiated where it is passed)
	}
	// A named function type keeps its name (http.HandlerFunc is an http.Handler);
	// one a cell declared is left alone (the interpreter gives compiled code its
	// values as the unnamed type, so they cannot be asserted back).
	written := types.Type(types.NewSignatureType(nil, nil, nil, sig.Params(), sig.Results(), sig.Variadic()))
	if n, isNamed := t.(*types.Named); isNamed {
		if n.Obj().Pkg() == nil || n.Obj().Pkg().Path() == "main" || n.TypeArgs().Len() > 0 {
			return nil
		}
		written = n
	}
	if rw.names == nil {
		rw.names = map[string]string{}
		rw.s.mu.Lock()
		for name, path := range rw.s.imported {
			if old, ok := rw.names[path]; !ok || name < old {
				rw.names[path] = name
			}
		}
		rw.s.mu.Unlock()
	}
	missing := false
	src := types.TypeString(written, func(p *types.Package) string {
		if p.Path() == "main" {
			return ""
		}
		name, ok := rw.names[p.Path()]
		if !ok {
			missing = true
		}
		return name
	})
	if missing || unexportedName.MatchString(src) {
		return nil // a type the cell cannot write
	}
	x, err := parser.ParseExprFrom(rw.s.in.FileSet(), "petri/"+interp.DefaultSourceName, src, 0)
	if err != nil {
		return nil
	}
	return x
}

// callback is __petri.Callback: f, a function, wrapped so that a panic in it on a
// goroutine no interpreted code runs is reported to the session (as a go statement's
// is) instead of ending the process.
func (s *Session) callback(f any, where string, count int) any {
	v := reflect.ValueOf(f)
	if v.Kind() != reflect.Func || v.IsNil() {
		return f
	}
	// The shapes compiled code calls most often, without reflection.
	switch g := f.(type) {
	case func():
		return func() {
			defer s.recoverCallback(where, count)
			g()
		}
	case func() error:
		return func() (err error) {
			defer s.recoverCallback(where, count)
			return g()
		}
	case func(int, int) bool:
		return func(i, j int) (less bool) {
			defer s.recoverCallback(where, count)
			return g(i, j)
		}
	case func(int):
		return func(i int) {
			defer s.recoverCallback(where, count)
			g(i)
		}
	case func(int) int:
		return func(i int) (r int) {
			defer s.recoverCallback(where, count)
			return g(i)
		}
	case func(int) bool:
		return func(i int) (r bool) {
			defer s.recoverCallback(where, count)
			return g(i)
		}
	case func(float64) float64:
		return func(x float64) (r float64) {
			defer s.recoverCallback(where, count)
			return g(x)
		}
	case func(rune) bool:
		return func(r rune) (ok bool) {
			defer s.recoverCallback(where, count)
			return g(r)
		}
	case func(rune) rune:
		return func(r rune) (m rune) {
			defer s.recoverCallback(where, count)
			return g(r)
		}
	}
	t := v.Type()
	return reflect.MakeFunc(t, func(args []reflect.Value) (res []reflect.Value) {
		defer func() {
			if r := recover(); r != nil {
				s.callbackPanic(r, where, count)
				res = make([]reflect.Value, t.NumOut())
				for i := range res {
					res[i] = reflect.Zero(t.Out(i))
				}
			}
		}()
		if t.IsVariadic() {
			return v.CallSlice(args)
		}
		return v.Call(args)
	}).Interface()
}

// recoverCallback is deferred by callback's wrappers; their results stay zero when
// it recovers.
func (s *Session) recoverCallback(where string, count int) {
	if r := recover(); r != nil {
		s.callbackPanic(r, where, count)
	}
}

// callbackPanic handles a panic recovered by a callback's wrapper: it goes on
// unwinding if interpreted code called the callback (that code, or the cell, gets
// it as before), else it fails the cell as a goroutine's panic does.
func (s *Session) callbackPanic(r any, where string, count int) {
	if calledByInterpreter() {
		panic(r)
	}
	s.goPanic(r, where, count)
}

// calledByInterpreter is whether the interpreter is on the stack below the wrapper
// whose deferred recover calls it. Reading down from the top: past the first panic,
// the first wrapper frame is that wrapper's, except that each wrapper below it that
// let its panic go on (callbackPanic's frame, still on the stack) is skipped.
func calledByInterpreter() bool {
	pcs := make([]uintptr, 256)
	for {
		n := runtime.Callers(2, pcs)
		if n < len(pcs) {
			pcs = pcs[:n]
			break
		}
		pcs = make([]uintptr, 2*len(pcs))
	}
	frames := runtime.CallersFrames(pcs)
	panicking, found, skip := false, false, 0
	for {
		f, more := frames.Next()
		switch {
		case !panicking:
			panicking = f.Function == "runtime.gopanic"
		case found:
			if strings.HasPrefix(f.Function, "github.com/traefik/yaegi/interp.") {
				return true
			}
		case f.Function == callbackPanicFrame:
			skip++
		case wrapperFrame.MatchString(f.Function):
			if skip == 0 {
				found = true
			} else {
				skip--
			}
		}
		if !more {
			return false
		}
	}
}

// unexportedName matches a qualified unexported name, pkg.name, in a written type.
var unexportedName = regexp.MustCompile(`\b[A-Za-z_]\w*\.[a-z_]`)

// The frames of callback's wrappers (closures; their deferred recovers are .funcN.1)
// and of callbackPanic.
var (
	wrapperFrame       = regexp.MustCompile(`^github\.com/petri-mea/petri/kernel/session\.\(\*Session\)\.callback\.func\d+$`)
	callbackPanicFrame = "github.com/petri-mea/petri/kernel/session.(*Session).callbackPanic"
)
