package session

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/constant"
	"go/printer"
	"go/token"
	"go/types"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/petri-mea/petri/kernel/cell"
	"github.com/petri-mea/petri/kernel/compile"
	"github.com/petri-mea/petri/kernel/modern"
)

// planner decides what of one cell compiles and writes the package.
type planner struct {
	s      *Session
	c      *compiledState
	pc     *cell.Parsed
	info   *types.Info
	fset   *token.FileSet
	forced bool
	whole  bool // the cell is a whole program, built whole or not at all (compiled_program.go)

	varOwner map[string]string // in a whole program: variable -> the candidate declaring it

	cands     map[string]*candidate
	recursive map[*ast.FuncDecl]bool // chosen functions and methods on a call cycle
	order     []string               // candidate names in the cell's order
	here      map[types.Object]bool  // objects this cell declares
	skipped   []string
	err       error
}

// candidate is a function, or a type with its methods, that might compile.
type candidate struct {
	name      string
	fn        *ast.FuncDecl
	spec      *ast.TypeSpec
	vspec     *ast.ValueSpec // a whole program's variables
	constDecl *ast.GenDecl   // a whole program's constant declarations, as written (iota and all)
	methods   []*ast.FuncDecl
	redo      bool // a type declared unchanged again (its methods change)
	hidden    bool // compiled but not handed to the interpreter (a whole program's inner parts)

	blocked   string
	needs     map[string]bool // in-cell candidates it uses
	deps      map[string]bool // earlier compiled names it uses
	consts    map[string]*types.Const
	imports   map[string]string // name -> path
	renames   map[*ast.Ident]string
	gos       map[*ast.GoStmt]bool   // go statements, started through rt so a panic fails the cell
	recovers  map[*ast.CallExpr]bool // recover() calls, whose values rt translates
	ifaceArgs []argRef               // interface-typed arguments of print and println
	guards    map[*ast.Ident]bool    // type switch symbols (switch x := v.(type))
	rt        bool
}

// argRef is argument i of call.
type argRef struct {
	call *ast.CallExpr
	i    int
}

// declared notes id as a type switch's symbol.
func (cd *candidate) declared(id *ast.Ident) {
	if cd.guards == nil {
		cd.guards = map[*ast.Ident]bool{}
	}
	cd.guards[id] = true
}

func (cd *candidate) block(format string, args ...any) {
	if cd.blocked == "" {
		cd.blocked = fmt.Sprintf(format, args...)
	}
}

const rtName = "__petri_rt"

func (p *planner) plan() *compileUnit {
	if p.whole {
		return p.planWhole()
	}
	p.cands, p.here = map[string]*candidate{}, map[types.Object]bool{}
	add := p.add
	var methods []*ast.FuncDecl
	for _, d := range p.pc.Decls.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if obj := p.info.Defs[d.Name]; obj != nil && d.Recv == nil {
				p.here[obj] = true
			}
			switch {
			case d.Recv != nil:
				methods = append(methods, d)
			case d.Body == nil || d.Name.Name == "init" || d.Name.Name == "_":
			case d.Type.TypeParams != nil:
				p.skipped = append(p.skipped, d.Name.Name+": generic functions stay interpreted (interpreted code instantiates them)")
			default:
				add(&candidate{name: d.Name.Name, fn: d})
			}
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				switch sp := sp.(type) {
				case *ast.TypeSpec:
					if obj := p.info.Defs[sp.Name]; obj != nil {
						p.here[obj] = true
					}
					switch {
					case sp.TypeParams != nil:
						p.skipped = append(p.skipped, sp.Name.Name+": generic types stay interpreted")
					case sp.Assign.IsValid():
					default:
						add(&candidate{name: sp.Name.Name, spec: sp})
					}
				case *ast.ValueSpec:
					for _, n := range sp.Names {
						if obj := p.info.Defs[n]; obj != nil {
							p.here[obj] = true
						}
					}
				}
			}
		}
	}
	for _, m := range methods {
		base := recvName(m.Recv.List[0].Type)
		cd := p.cands[base]
		if cd == nil && p.c.names[base].isType {
			if spec := p.s.modern().checker.Spec(base); spec != nil && p.c.dropped[base] != nil {
				// The declaration as first checked (and built): this check typed it
				// again for the methods, and a cell run again unchanged prints the same.
				cd = &candidate{name: base, spec: spec, redo: true}
				add(cd)
			} else {
				p.err = &CompileError{Msg: fmt.Sprintf("%s: method %s of %s: %s was compiled in cell[%d], and Go cannot add methods to a type "+
					"from elsewhere; declare %s in that cell, beside %s, or put //petri:interpret in that cell and run it again",
					cleanPositions(p.fset.Position(m.Pos()).String()), m.Name.Name, base, base, p.c.names[base].cell, m.Name.Name, base)}
				return nil
			}
		}
		if cd != nil && cd.spec != nil {
			cd.methods = append(cd.methods, m)
		}
	}
	if len(p.cands) == 0 {
		return nil
	}
	for _, name := range p.order {
		cd := p.cands[name]
		if cd.spec != nil {
			p.typePolicy(cd)
			p.scan(cd, cd.spec.Type)
			for _, m := range cd.methods {
				if m.Type.TypeParams != nil || m.Body == nil {
					cd.block("method %s cannot be compiled", m.Name.Name)
				}
				p.scan(cd, m)
			}
		} else {
			p.scan(cd, cd.fn)
		}
	}
	for {
		p.propagate()
		if p.dropIdleTypes() {
			continue
		}
		if !p.forced || !p.exposeTypes() {
			break
		}
	}
	u := &compileUnit{types: map[string][]string{}, deps: map[string]string{}}
	var chosen []*candidate
	for _, name := range p.order {
		cd := p.cands[name]
		if cd.blocked != "" {
			if cd.redo {
				p.err = &CompileError{Msg: fmt.Sprintf("the methods of %s (compiled in cell[%d]) cannot be compiled again: %s; "+
					"put //petri:interpret in the cell that declares %s and run it again", name, p.c.names[name].cell, cd.blocked, name)}
				return nil
			}
			p.skipped = append(p.skipped, name+": "+cd.blocked)
			continue
		}
		chosen = append(chosen, cd)
		if cd.spec != nil {
			var ms []string
			for _, m := range cd.methods {
				ms = append(ms, m.Name.Name)
			}
			u.types[name] = ms
		} else {
			u.funcs = append(u.funcs, name)
		}
	}
	if len(chosen) == 0 {
		return nil
	}
	p.findRecursion(chosen)
	if !p.forced && !p.hot(chosen) {
		// A build costs half a second; code without a loop or recursion runs in
		// microseconds interpreted. Auto mode compiles where it pays.
		return nil
	}
	u.files = map[string]string{"cell.go": p.source(chosen, u)}
	for _, cd := range chosen {
		if cd.fn != nil {
			u.decls = append(u.decls, cd.fn)
			continue
		}
		u.decls = append(u.decls, &ast.GenDecl{Tok: token.TYPE, Specs: []ast.Spec{cd.spec}})
		for _, m := range cd.methods {
			u.decls = append(u.decls, m)
		}
	}
	return u
}

// add makes cd a candidate.
func (p *planner) add(cd *candidate) {
	cd.needs, cd.deps, cd.consts = map[string]bool{}, map[string]bool{}, map[string]*types.Const{}
	cd.imports, cd.renames, cd.gos = map[string]string{}, map[*ast.Ident]string{}, map[*ast.GoStmt]bool{}
	cd.recovers = map[*ast.CallExpr]bool{}
	p.cands[cd.name] = cd
	p.order = append(p.order, cd.name)
}

// propagate blocks what uses a candidate that stays interpreted.
func (p *planner) propagate() {
	for changed := true; changed; {
		changed = false
		for _, name := range p.order {
			cd := p.cands[name]
			if cd.blocked != "" {
				continue
			}
			for n := range cd.needs {
				if o := p.cands[n]; o == nil || o.blocked != "" {
					cd.block("uses %s, which stays interpreted", n)
					changed = true
					break
				}
			}
		}
	}
}

// dropIdleTypes keeps interpreted the types without methods that no compiled code
// uses: compiling them gains little, and interpreted code handles its own types
// better than compiled ones (generics instantiated with them, min and max of them).
// A cell that asks to be compiled keeps them compiled (they are then real Go types,
// which identity.go needs), unless it instantiates a generic with them. It reports
// whether it dropped any.
func (p *planner) dropIdleTypes() bool {
	needed := map[string]bool{}
	for _, name := range p.order {
		if cd := p.cands[name]; cd.blocked == "" {
			for n := range cd.needs {
				needed[n] = true
			}
		}
	}
	dropped := false
	for _, name := range p.order {
		cd := p.cands[name]
		if cd.blocked == "" && cd.spec != nil && len(cd.methods) == 0 && !needed[name] && !cd.redo && (!p.forced || p.instantiates(name)) {
			cd.block("no compiled code uses it and it has no methods to compile")
			dropped = true
		}
	}
	return dropped
}

// instantiates reports whether the cell instantiates a generic function or type
// with the cell type name: the interpreter's generics do not take compiled types.
func (p *planner) instantiates(name string) bool {
	for _, inst := range p.info.Instances {
		for i := 0; i < inst.TypeArgs.Len(); i++ {
			if n, ok := inst.TypeArgs.At(i).(*types.Named); ok && n.Obj().Name() == name && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "main" {
				return true
			}
		}
	}
	return false
}

// exposeTypes keeps interpreted, in force mode, the types with unexported members
// that code staying interpreted uses: it could not reach those members in a
// compiled type. It reports whether it blocked any.
func (p *planner) exposeTypes() bool {
	var users []ast.Node
	for _, name := range p.order {
		if cd := p.cands[name]; cd.blocked != "" {
			if cd.spec != nil {
				users = append(users, cd.spec)
			} else {
				users = append(users, cd.fn)
			}
			for _, m := range cd.methods {
				users = append(users, m)
			}
		}
	}
	for _, d := range p.pc.Decls.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && p.cands[d.Name.Name] != nil {
				continue
			}
			if d.Recv != nil && p.cands[recvName(d.Recv.List[0].Type)] != nil {
				continue
			}
			users = append(users, d)
		case *ast.GenDecl:
			if d.Tok != token.TYPE {
				users = append(users, d)
			}
		}
	}
	if p.pc.Body != nil {
		users = append(users, p.pc.Body)
	}
	blocked := false
	for _, u := range users {
		ast.Inspect(u, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			obj := p.info.Uses[id]
			if obj == nil || !p.here[obj] || !isTypeName(obj) {
				return true
			}
			cd := p.cands[obj.Name()]
			if cd == nil || cd.blocked != "" {
				return true
			}
			if why := exposure(cd); why != "" {
				cd.block("%s, and interpreted code of the cell uses it", why)
				blocked = true
			}
			return true
		})
	}
	return blocked
}

// exposure says why interpreted code could not use cd's type fully compiled, or "".
func exposure(cd *candidate) string {
	if st, ok := cd.spec.Type.(*ast.StructType); ok {
		for _, f := range st.Fields.List {
			if len(f.Names) == 0 {
				if name := recvName(f.Type); name != "" && !token.IsExported(name) {
					return fmt.Sprintf("embeds unexported %s", name)
				}
			}
			for _, n := range f.Names {
				if !token.IsExported(n.Name) {
					return fmt.Sprintf("field %s is unexported", n.Name)
				}
			}
		}
	}
	for _, m := range cd.methods {
		if !token.IsExported(m.Name.Name) {
			return fmt.Sprintf("method %s is unexported", m.Name.Name)
		}
	}
	return ""
}

// findRecursion marks the chosen functions and methods that can call themselves
// through the cell's own declarations: they count their active calls (rt.Enter), so
// unbounded recursion ends the cell before the stack overflows (which no Go program
// survives), and stop when the cell is interrupted.
func (p *planner) findRecursion(chosen []*candidate) {
	p.recursive = map[*ast.FuncDecl]bool{}
	nodes := map[types.Object]*ast.FuncDecl{}
	owner := map[*ast.FuncDecl]*candidate{}
	for _, cd := range chosen {
		fns := cd.methods
		if cd.fn != nil {
			fns = []*ast.FuncDecl{cd.fn}
		}
		for _, fd := range fns {
			if obj := p.info.Defs[fd.Name]; obj != nil {
				nodes[obj] = fd
				owner[fd] = cd
			}
		}
	}
	edges := map[types.Object][]types.Object{}
	for obj, fd := range nodes {
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			var to types.Object
			switch n := n.(type) {
			case *ast.Ident:
				to = p.info.Uses[n]
			case *ast.SelectorExpr:
				if sel := p.info.Selections[n]; sel != nil {
					to = sel.Obj()
				}
			}
			if to != nil && nodes[to] != nil {
				edges[obj] = append(edges[obj], to)
			}
			return true
		})
	}
	for obj, fd := range nodes {
		seen := map[types.Object]bool{}
		stack := append([]types.Object{}, edges[obj]...)
		for len(stack) > 0 {
			o := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if o == obj {
				p.recursive[fd] = true
				owner[fd].rt = true
				break
			}
			if !seen[o] {
				seen[o] = true
				stack = append(stack, edges[o]...)
			}
		}
	}
}

// hot reports whether any of chosen has a loop or recursion: where compiling pays.
func (p *planner) hot(chosen []*candidate) bool {
	if len(p.recursive) > 0 {
		return true
	}
	found := false
	for _, cd := range chosen {
		nodes := []ast.Node{}
		if cd.fn != nil {
			nodes = append(nodes, cd.fn)
		}
		for _, m := range cd.methods {
			nodes = append(nodes, m)
		}
		for _, n := range nodes {
			ast.Inspect(n, func(n ast.Node) bool {
				switch n.(type) {
				case *ast.ForStmt, *ast.RangeStmt:
					found = true
				}
				return !found
			})
		}
	}
	return found
}

// goStart is what a go statement of a compiled cell becomes: its function and
// arguments evaluated where it stands, as Go does, then run in a goroutine whose
// panic fails the cell instead of ending the process.
//
//	{
//		__petri_g := __petri_rt.Started()
//		__petri_f, __petri_a0 := f, x
//		go func() {
//			defer __petri_g.Recover()
//			__petri_f(__petri_a0, 1)
//		}()
//	}
func (p *planner) goStart(g *ast.GoStmt) ast.Stmt {
	id := func(name string) *ast.Ident { return &ast.Ident{Name: name} }
	var lhs, rhs []ast.Expr
	call := &ast.CallExpr{Fun: g.Call.Fun, Ellipsis: g.Call.Ellipsis}
	if fid, ok := g.Call.Fun.(*ast.Ident); !ok || !isBuiltin(p.info.Uses[fid]) {
		lhs, rhs = append(lhs, id("__petri_f")), append(rhs, g.Call.Fun)
		call.Fun = id("__petri_f")
	}
	for i, a := range g.Call.Args {
		if tv, ok := p.info.Types[a]; ok && (tv.Value != nil || tv.IsNil() || tv.IsType()) {
			call.Args = append(call.Args, a) // a constant (or nil, or a type for make/new): the same later
			continue
		}
		name := fmt.Sprintf("__petri_a%d", i)
		lhs, rhs = append(lhs, id(name)), append(rhs, a)
		call.Args = append(call.Args, id(name))
	}
	if !call.Ellipsis.IsValid() {
		call.Ellipsis = token.NoPos
	}
	body := []ast.Stmt{&ast.AssignStmt{Lhs: []ast.Expr{id("__petri_g")}, Tok: token.DEFINE,
		Rhs: []ast.Expr{&ast.CallExpr{Fun: id(rtName + ".Started")}}}}
	if len(lhs) > 0 {
		body = append(body, &ast.AssignStmt{Lhs: lhs, Tok: token.DEFINE, Rhs: rhs})
	}
	lit := &ast.FuncLit{Type: &ast.FuncType{Params: &ast.FieldList{}}, Body: &ast.BlockStmt{List: []ast.Stmt{
		&ast.DeferStmt{Call: &ast.CallExpr{Fun: id("__petri_g.Recover")}},
		&ast.ExprStmt{X: call},
	}}}
	body = append(body, &ast.GoStmt{Go: g.Go, Call: &ast.CallExpr{Fun: lit}})
	return &ast.BlockStmt{Lbrace: g.Go, List: body, Rbrace: g.Go}
}

func isBuiltin(obj types.Object) bool { _, ok := obj.(*types.Builtin); return ok }

// replaceGos swaps the go statements of cd under n for their goStart forms, and
// returns how to swap them back.
func (p *planner) replaceGos(cd *candidate, n ast.Node) (restore func()) {
	var undo []func()
	swap := func(list []ast.Stmt) {
		for i, st := range list {
			if g, ok := st.(*ast.GoStmt); ok && cd.gos[g] {
				list[i] = p.goStart(g)
				undo = append(undo, func() { list[i] = g })
			}
		}
	}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			swap(n.List)
		case *ast.CaseClause:
			swap(n.Body)
		case *ast.CommClause:
			swap(n.Body)
		case *ast.LabeledStmt:
			if g, ok := n.Stmt.(*ast.GoStmt); ok && cd.gos[g] {
				n.Stmt = p.goStart(g)
				undo = append(undo, func() { n.Stmt = g })
			}
		}
		return true
	})
	return func() {
		for i := len(undo) - 1; i >= 0; i-- {
			undo[i]()
		}
	}
}

// calleeIdent is the identifier a call's function names, if any.
func calleeIdent(e ast.Expr) *ast.Ident {
	switch e := e.(type) {
	case *ast.Ident:
		return e
	case *ast.SelectorExpr:
		return e.Sel
	case *ast.ParenExpr:
		return calleeIdent(e.X)
	}
	return nil
}

// typePolicy keeps, in auto mode, types interpreted code could not use fully once
// compiled: interfaces (interpreted values cannot implement a compiled interface)
// and types with unexported fields or methods (reflection cannot reach them).
func (p *planner) typePolicy(cd *candidate) {
	if obj := p.info.Defs[cd.spec.Name]; obj != nil {
		if it, ok := obj.Type().Underlying().(*types.Interface); ok && !it.IsMethodSet() {
			cd.block("a type constraint is only for generic code, which stays interpreted")
			return
		}
	}
	if p.forced {
		return
	}
	if _, ok := cd.spec.Type.(*ast.InterfaceType); ok {
		cd.block("an interface type stays interpreted (interpreted types could not implement it compiled)")
		return
	}
	if why := exposure(cd); why != "" {
		cd.block("%s, which interpreted code could not reach in a compiled type (//petri:compile compiles it anyway)", why)
	}
}

// timers are the functions that make timers, which compiled cells call through rt so
// `petri script`'s deadlock watch sees them (rt.TimerHooks).
var timers = map[string]string{
	"time.After": "TimeAfter", "time.NewTimer": "TimeNewTimer", "time.AfterFunc": "TimeAfterFunc",
	"time.Tick": "TimeTick", "time.NewTicker": "TimeNewTicker",
	"context.WithTimeout": "ContextWithTimeout", "context.WithDeadline": "ContextWithDeadline",
}

// escapes are standard functions compiled code must not call: they would end the
// kernel, not the cell.
var escapes = map[string]bool{
	"log.Fatal": true, "log.Fatalf": true, "log.Fatalln": true,
	"syscall.Exit": true, "runtime.Goexit": true, "os.FindProcess": true,
}

// scan classifies everything n uses.
func (p *planner) scan(cd *candidate, n ast.Node) {
	direct := map[*ast.CallExpr]bool{} // deferred or started calls: recover() there is Go's own
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.DeferStmt:
			direct[n.Call] = true
		case *ast.TypeSwitchStmt:
			// The symbol of `switch x := v.(type)` is declared per clause (go/types'
			// Implicits), not at x.
			if as, ok := n.Assign.(*ast.AssignStmt); ok {
				for _, l := range as.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						cd.declared(id)
					}
				}
			}
		case *ast.GoStmt:
			if id := calleeIdent(n.Call.Fun); id != nil {
				if _, generic := p.info.Instances[id]; generic {
					cd.block("starts a generic function as a goroutine")
				}
			}
			cd.gos[n] = true
			cd.rt = true
		case *ast.SelectorExpr:
			id, ok := n.X.(*ast.Ident)
			if !ok {
				break
			}
			pn, ok := p.info.Uses[id].(*types.PkgName)
			if !ok {
				break
			}
			sel := pn.Imported().Path() + "." + n.Sel.Name
			switch {
			case sel == "os.Exit" || sel == "fmt.Print" || sel == "fmt.Println" || sel == "fmt.Printf":
				cd.renames[id] = rtName
				cd.rt = true
				return false
			case sel == "os.Stdout" || sel == "os.Stderr":
				cd.renames[id] = rtName
				cd.renames[n.Sel] = n.Sel.Name + "()"
				cd.rt = true
				return false
			case timers[sel] != "":
				cd.renames[id] = rtName
				cd.renames[n.Sel] = timers[sel]
				cd.rt = true
				return false
			case escapes[sel]:
				cd.block("calls %s, which would end the kernel", sel)
			}
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); ok {
				if b, ok := p.info.Uses[id].(*types.Builtin); ok && (b.Name() == "print" || b.Name() == "println") {
					cd.renames[id] = rtName + ".GoP" + b.Name()[1:]
					cd.rt = true
					for i, a := range n.Args {
						// The runtime prints an interface as its two words, not its value.
						if t := p.info.TypeOf(a); t != nil && types.IsInterface(t) && !isTypeParam(t) {
							cd.ifaceArgs = append(cd.ifaceArgs, argRef{n, i})
						}
					}
				}
				if b, ok := p.info.Uses[id].(*types.Builtin); ok && b.Name() == "recover" && !direct[n] {
					cd.recovers[n] = true
					cd.rt = true
				}
			}
		case *ast.Ident:
			p.classify(cd, n)
		}
		return true
	})
}

func (p *planner) classify(cd *candidate, id *ast.Ident) {
	obj := p.info.Uses[id]
	if obj == nil {
		if p.info.Defs[id] == nil && id.Name != "_" && !cd.guards[id] {
			if _, isRename := cd.renames[id]; !isRename {
				if p.cellVar(id.Name) {
					cd.block("uses variable %s, which lives in the interpreter", id.Name)
				} else {
					cd.block("the type checker could not tell what %s is", id.Name)
				}
			}
		}
		return
	}
	switch o := obj.(type) {
	case *types.PkgName:
		path := o.Imported().Path()
		if !importable(path) && !(p.whole && isStd(path)) {
			cd.block("uses package %s, which compiled code cannot import", path)
			return
		}
		cd.imports[id.Name] = path
		return
	case *types.Builtin, *types.Nil, *types.Label:
		return
	}
	if v, ok := obj.(*types.Var); ok && v.Pkg() == nil && !v.IsField() && v.Parent() != types.Universe {
		// Declared by the session for every cell (ctx): it lives in the interpreter.
		cd.block("uses %s, which lives in the interpreter", obj.Name())
		return
	}
	if obj.Pkg() == nil || obj.Pkg().Path() != "main" || obj.Parent() != obj.Pkg().Scope() {
		return // predeclared, another package's, or local
	}
	name := obj.Name()
	switch o := obj.(type) {
	case *types.Const:
		if p.whole && p.here[obj] {
			return // declared as written in the program's package
		}
		if !p.constType(cd, o.Type()) {
			cd.block("uses constant %s of a type that stays interpreted", name)
			return
		}
		cd.consts[name] = o
	case *types.TypeName, *types.Func:
		switch {
		case p.here[obj]:
			if name != cd.name {
				cd.needs[name] = true
			}
		case p.cands[name] != nil && p.cands[name].redo:
			if name != cd.name {
				cd.needs[name] = true
			}
		case p.c.names[name].path != "" && p.c.names[name].isType == isTypeName(obj):
			cd.deps[name] = true
		default:
			cd.block("uses %s %s, which is interpreted", kindOf(obj), name)
		}
	case *types.Var:
		if owner := p.varOwner[name]; owner != "" && p.here[obj] {
			if owner != cd.name {
				cd.needs[owner] = true
			}
			return
		}
		cd.block("uses variable %s, which lives in the interpreter", name)
	}
}

// cellVar reports whether name is a variable of the session or of the cell's top
// level (which the type check sees only inside the cell's statements).
func (p *planner) cellVar(name string) bool {
	p.s.mu.Lock()
	global := p.s.globals[name]
	p.s.mu.Unlock()
	if global {
		return true
	}
	if p.pc.Body == nil {
		return false
	}
	for _, st := range p.pc.Body.List {
		switch st := st.(type) {
		case *ast.AssignStmt:
			for _, l := range st.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name == name && st.Tok == token.DEFINE {
					return true
				}
			}
		case *ast.DeclStmt:
			if g, ok := st.Decl.(*ast.GenDecl); ok && g.Tok == token.VAR {
				for _, n := range modern.DeclNames(g) {
					if n == name {
						return true
					}
				}
			}
		}
	}
	return false
}

func isTypeName(obj types.Object) bool { _, ok := obj.(*types.TypeName); return ok }

func kindOf(obj types.Object) string {
	if isTypeName(obj) {
		return "type"
	}
	return "function"
}

// constType reports whether compiled code can name t, a constant's type.
func (p *planner) constType(cd *candidate, t types.Type) bool {
	named, ok := t.(*types.Named)
	if !ok {
		return true
	}
	obj := named.Obj()
	if obj.Pkg() == nil || obj.Pkg().Path() != "main" {
		if obj.Pkg() != nil && !importable(obj.Pkg().Path()) {
			return false
		}
		return true
	}
	name := obj.Name()
	switch {
	case p.cands[name] != nil && (p.cands[name].redo || p.here[obj]):
		if name != cd.name {
			cd.needs[name] = true
		}
		return true
	case p.c.names[name].isType:
		cd.deps[name] = true
		return true
	}
	return false
}

// lineDirective matches the //line directives go/printer writes.
var lineDirective = regexp.MustCompile(`(?m)^//line [^\n]*?:(\d+(?::\d+)?)$`)

// source writes the package of the chosen candidates.
func (p *planner) source(chosen []*candidate, u *compileUnit) string {
	imports := map[string]string{"__petri_reflect": "reflect", rtName: "github.com/petri-mea/petri/kernel/compile/rt"}
	deps := map[string]bool{}
	consts := map[string]*types.Const{}
	for _, cd := range chosen {
		for n, path := range cd.imports {
			imports[n] = path
		}
		if cd.rt {
			imports[rtName] = "github.com/petri-mea/petri/kernel/compile/rt"
		}
		for n := range cd.deps {
			deps[n] = true
		}
		for n, c := range cd.consts {
			consts[n] = c
		}
	}
	depAlias := func(name string) string {
		path := p.c.names[name].path
		alias := "__pd_" + strings.TrimPrefix(path, compile.PathPrefix)
		imports[alias] = path
		u.deps[name] = path
		return alias
	}
	var body bytes.Buffer
	for _, name := range sortedKeys(deps) {
		alias := depAlias(name)
		if p.c.names[name].isType {
			fmt.Fprintf(&body, "type %s = %s.Petri_t_%s\n", name, alias, name)
		} else {
			fmt.Fprintf(&body, "var %s = %s.Petri_f_%s\n", name, alias, name)
		}
	}
	qualify := func(pkg *types.Package) string {
		if pkg.Path() == "main" {
			return ""
		}
		for n, path := range imports {
			if path == pkg.Path() {
				return n
			}
		}
		alias := "__pk_" + strings.NewReplacer("/", "_", ".", "_", "-", "_").Replace(pkg.Path())
		imports[alias] = pkg.Path()
		return alias
	}
	for _, name := range sortedKeys(consts) {
		c := consts[name]
		typ := ""
		if b, ok := c.Type().(*types.Basic); !ok || b.Info()&types.IsUntyped == 0 {
			typ = " " + types.TypeString(c.Type(), qualify)
		}
		fmt.Fprintf(&body, "const %s%s = %s\n", name, typ, constExpr(c.Val()))
	}
	var depths bytes.Buffer // the call counters of recursive functions
	cfg := printer.Config{Mode: printer.SourcePos | printer.UseSpaces | printer.TabIndent, Tabwidth: 8}
	emit := func(cd *candidate, n ast.Node) {
		// Doc comments stay out: the cell's first declaration has the cell's own
		// //line directive as its doc comment, which would misplace everything.
		switch d := n.(type) {
		case *ast.FuncDecl:
			doc := d.Doc
			d.Doc = compilerDirectives(doc)
			defer func() { d.Doc = doc }()
		case *ast.GenDecl:
			doc := d.Doc
			d.Doc = nil
			defer func() { d.Doc = doc }()
			for _, sp := range d.Specs {
				switch sp := sp.(type) {
				case *ast.TypeSpec:
					doc, com := sp.Doc, sp.Comment
					sp.Doc, sp.Comment = nil, nil
					defer func() { sp.Doc, sp.Comment = doc, com }()
				case *ast.ValueSpec:
					doc, com := sp.Doc, sp.Comment
					sp.Doc, sp.Comment = nil, nil
					defer func() { sp.Doc, sp.Comment = doc, com }()
				}
			}
		}
		if fd, ok := n.(*ast.FuncDecl); ok && p.recursive[fd] {
			name := fd.Name.Name
			if fd.Recv != nil {
				name = recvName(fd.Recv.List[0].Type) + "." + name
			}
			counter := "__petri_depth_" + strings.ReplaceAll(name, ".", "_")
			fmt.Fprintf(&depths, "var %s %s.Depth\n", counter, rtName)
			list := fd.Body.List
			fd.Body.List = append([]ast.Stmt{&ast.ExprStmt{X: &ast.Ident{
				Name: fmt.Sprintf("%s.Enter(&%s, %q); defer %s.Leave(&%s)", rtName, counter, name, rtName, counter)}}}, list...)
			defer func() { fd.Body.List = list }()
		}
		defer p.replaceGos(cd, n)()
		for _, a := range cd.ifaceArgs {
			arg := a.call.Args[a.i]
			a.call.Args[a.i] = &ast.CallExpr{Fun: &ast.Ident{Name: rtName + ".Eface"}, Args: []ast.Expr{arg}}
			defer func() { a.call.Args[a.i] = arg }()
		}
		for call := range cd.recovers {
			// recover() becomes __petri_rt.Translate(recover()): still called by the
			// deferred function itself, as recover must be.
			fun, args := call.Fun, call.Args
			call.Fun, call.Args = &ast.Ident{Name: rtName + ".Translate"}, []ast.Expr{&ast.CallExpr{Fun: fun}}
			defer func() { call.Fun, call.Args = fun, args }()
		}
		old := map[*ast.Ident]string{}
		for id, name := range cd.renames {
			old[id] = id.Name
			id.Name = name
		}
		body.WriteString("\n")
		cfg.Fprint(&body, p.fset, n)
		body.WriteString("\n")
		for id, name := range old {
			id.Name = name
		}
	}
	var table bytes.Buffer
	table.WriteString("\n// Petri_symbols is what the session loads.\nvar Petri_symbols = " + rtName + ".Symbols{\n")
	var forward bytes.Buffer
	for _, cd := range chosen {
		switch {
		case cd.constDecl != nil:
			emit(cd, cd.constDecl)
		case cd.vspec != nil:
			emit(cd, &ast.GenDecl{Tok: token.VAR, TokPos: cd.vspec.Pos(), Specs: []ast.Spec{cd.vspec}})
		case cd.fn != nil:
			emit(cd, cd.fn)
			if !cd.hidden {
				fmt.Fprintf(&table, "\t%q: __petri_reflect.ValueOf(%s),\n", cd.name, cd.name)
				fmt.Fprintf(&forward, "var Petri_f_%s = %s\n", cd.name, cd.name)
			}
		default:
			emit(cd, &ast.GenDecl{Tok: token.TYPE, TokPos: cd.spec.Pos(), Specs: []ast.Spec{cd.spec}})
			for _, m := range cd.methods {
				emit(cd, m)
			}
			if !cd.hidden {
				fmt.Fprintf(&table, "\t%q: __petri_reflect.ValueOf((*%s)(nil)),\n", cd.name, cd.name)
				fmt.Fprintf(&forward, "type Petri_t_%s = %s\n", cd.name, cd.name)
			}
		}
	}
	table.WriteString("}\n")
	var out bytes.Buffer
	pkgName := "cell"
	if u.whole {
		pkgName = "main" // built as the plugin itself (compile.BuildProgram)
	}
	fmt.Fprintf(&out, "// Code generated by petri from a notebook cell. DO NOT EDIT.\n\npackage %s\n\nimport (\n", pkgName)
	for _, n := range sortedKeys(imports) {
		fmt.Fprintf(&out, "\t%s %q\n", n, imports[n])
	}
	out.WriteString(")\n\n")
	// go/printer writes the parsed file's own lines; the cell's lines are those its
	// //line directive gives, a header's lines fewer.
	var first token.Pos
	switch cd := chosen[0]; {
	case cd.fn != nil:
		first = cd.fn.Pos()
	case cd.vspec != nil:
		first = cd.vspec.Pos()
	case cd.constDecl != nil:
		first = cd.constDecl.Pos()
	default:
		first = cd.spec.Pos()
	}
	shift := p.fset.PositionFor(first, false).Line - p.fset.Position(first).Line
	out.WriteString(lineDirective.ReplaceAllStringFunc(body.String(), func(d string) string {
		m := lineDirective.FindStringSubmatch(d)
		line, col, _ := strings.Cut(m[1], ":")
		n, _ := strconv.Atoi(line)
		if col != "" {
			col = ":" + col
		}
		if col == "" {
			col = ":1" // so the compiler reports columns, as the cell's own errors have
		}
		return fmt.Sprintf("//line cell:%d%s", n-shift, col)
	}))
	// The generated tail must not take the last declaration's positions.
	out.WriteString("\n//line petri-generated:1\n")
	out.Write(table.Bytes())
	out.Write(forward.Bytes())
	out.Write(depths.Bytes())
	return out.String()
}

// compilerDirectives keeps the //go: lines of a doc comment (go:noinline,
// go:uintptrescapes, ...): they change what the compiler makes of the function.
func compilerDirectives(doc *ast.CommentGroup) *ast.CommentGroup {
	if doc == nil {
		return nil
	}
	var keep []*ast.Comment
	for _, c := range doc.List {
		if strings.HasPrefix(c.Text, "//go:") {
			keep = append(keep, c)
		}
	}
	if keep == nil {
		return nil
	}
	return &ast.CommentGroup{List: keep}
}

// constExpr writes v as a Go constant expression with the same exact value.
func constExpr(v constant.Value) string {
	switch v.Kind() {
	case constant.Float:
		s := v.ExactString()
		if num, den, ok := strings.Cut(s, "/"); ok {
			return "(" + num + ".0 / " + den + ")"
		}
		return s
	case constant.Complex:
		return "complex(" + constExpr(constant.Real(v)) + ", " + constExpr(constant.Imag(v)) + ")"
	case constant.String:
		return strconv.Quote(constant.StringVal(v))
	}
	return v.ExactString()
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func isTypeParam(t types.Type) bool { _, ok := t.(*types.TypeParam); return ok }
