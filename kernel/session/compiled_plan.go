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
)

// planner decides what of one cell compiles and writes the package.
type planner struct {
	s      *Session
	c      *compiledState
	pc     *cell.Parsed
	info   *types.Info
	fset   *token.FileSet
	forced bool

	cands   map[string]*candidate
	order   []string              // candidate names in the cell's order
	here    map[types.Object]bool // objects this cell declares
	skipped []string
	err     error
}

// candidate is a function, or a type with its methods, that might compile.
type candidate struct {
	name    string
	fn      *ast.FuncDecl
	spec    *ast.TypeSpec
	methods []*ast.FuncDecl
	redo    bool // a type declared unchanged again (its methods change)

	blocked string
	needs   map[string]bool // in-cell candidates it uses
	deps    map[string]bool // earlier compiled names it uses
	consts  map[string]*types.Const
	imports map[string]string // name -> path
	renames map[*ast.Ident]string
	rt      bool
}

func (cd *candidate) block(format string, args ...any) {
	if cd.blocked == "" {
		cd.blocked = fmt.Sprintf(format, args...)
	}
}

const rtName = "__petri_rt"

func (p *planner) plan() *compileUnit {
	p.cands, p.here = map[string]*candidate{}, map[types.Object]bool{}
	add := func(cd *candidate) {
		cd.needs, cd.deps, cd.consts = map[string]bool{}, map[string]bool{}, map[string]*types.Const{}
		cd.imports, cd.renames = map[string]string{}, map[*ast.Ident]string{}
		p.cands[cd.name] = cd
		p.order = append(p.order, cd.name)
	}
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
	// What uses a candidate that stays interpreted stays interpreted too.
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

// typePolicy keeps, in auto mode, types interpreted code could not use fully once
// compiled: interfaces (interpreted values cannot implement a compiled interface)
// and types with unexported fields or methods (reflection cannot reach them).
func (p *planner) typePolicy(cd *candidate) {
	if p.forced {
		return
	}
	if _, ok := cd.spec.Type.(*ast.InterfaceType); ok {
		cd.block("an interface type stays interpreted (interpreted types could not implement it compiled)")
		return
	}
	if st, ok := cd.spec.Type.(*ast.StructType); ok {
		for _, f := range st.Fields.List {
			if len(f.Names) == 0 {
				if name := recvName(f.Type); name != "" && !token.IsExported(name) {
					cd.block("embeds unexported %s, which interpreted code could not reach compiled (//petri:compile compiles it anyway)", name)
					return
				}
			}
			for _, n := range f.Names {
				if !token.IsExported(n.Name) {
					cd.block("field %s is unexported, which interpreted code could not reach compiled (//petri:compile compiles it anyway)", n.Name)
					return
				}
			}
		}
	}
	for _, m := range cd.methods {
		if !token.IsExported(m.Name.Name) {
			cd.block("method %s is unexported, which interpreted code could not call compiled (//petri:compile compiles it anyway)", m.Name.Name)
			return
		}
	}
}

// escapes are standard functions compiled code must not call: they would end the
// kernel, not the cell.
var escapes = map[string]bool{
	"log.Fatal": true, "log.Fatalf": true, "log.Fatalln": true,
	"syscall.Exit": true, "runtime.Goexit": true, "os.FindProcess": true,
}

// scan classifies everything n uses.
func (p *planner) scan(cd *candidate, n ast.Node) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			cd.block("starts a goroutine: a panic in a compiled goroutine would end the kernel, so it stays interpreted")
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
			case escapes[sel]:
				cd.block("calls %s, which would end the kernel", sel)
			}
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); ok {
				if b, ok := p.info.Uses[id].(*types.Builtin); ok && (b.Name() == "print" || b.Name() == "println") {
					cd.renames[id] = rtName + ".GoP" + b.Name()[1:]
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
		if p.info.Defs[id] == nil && id.Name != "_" {
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
		if !importable(path) {
			cd.block("uses package %s, which compiled code cannot import", path)
			return
		}
		cd.imports[id.Name] = path
		return
	case *types.Builtin, *types.Nil, *types.Label:
		return
	}
	if obj.Pkg() == nil || obj.Pkg().Path() != "main" || obj.Parent() != obj.Pkg().Scope() {
		return // predeclared, another package's, or local
	}
	name := obj.Name()
	switch o := obj.(type) {
	case *types.Const:
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
				for _, n := range declaredNames(g) {
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
	imports := map[string]string{"__petri_reflect": "reflect"}
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
	cfg := printer.Config{Mode: printer.SourcePos | printer.UseSpaces | printer.TabIndent, Tabwidth: 8}
	emit := func(cd *candidate, n ast.Node) {
		// Doc comments stay out: the cell's first declaration has the cell's own
		// //line directive as its doc comment, which would misplace everything.
		switch d := n.(type) {
		case *ast.FuncDecl:
			doc := d.Doc
			d.Doc = nil
			defer func() { d.Doc = doc }()
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				if ts, ok := sp.(*ast.TypeSpec); ok {
					doc, com := ts.Doc, ts.Comment
					ts.Doc, ts.Comment = nil, nil
					defer func() { ts.Doc, ts.Comment = doc, com }()
				}
			}
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
	table.WriteString("\n// Petri_symbols is what the session loads.\nvar Petri_symbols = map[string]__petri_reflect.Value{\n")
	var forward bytes.Buffer
	for _, cd := range chosen {
		if cd.fn != nil {
			emit(cd, cd.fn)
			fmt.Fprintf(&table, "\t%q: __petri_reflect.ValueOf(%s),\n", cd.name, cd.name)
			fmt.Fprintf(&forward, "var Petri_f_%s = %s\n", cd.name, cd.name)
			continue
		}
		emit(cd, &ast.GenDecl{Tok: token.TYPE, TokPos: cd.spec.Pos(), Specs: []ast.Spec{cd.spec}})
		for _, m := range cd.methods {
			emit(cd, m)
		}
		fmt.Fprintf(&table, "\t%q: __petri_reflect.ValueOf((*%s)(nil)),\n", cd.name, cd.name)
		fmt.Fprintf(&forward, "type Petri_t_%s = %s\n", cd.name, cd.name)
	}
	table.WriteString("}\n")
	var out bytes.Buffer
	out.WriteString("// Code generated by petri from a notebook cell. DO NOT EDIT.\n\npackage cell\n\nimport (\n")
	for _, n := range sortedKeys(imports) {
		fmt.Fprintf(&out, "\t%s %q\n", n, imports[n])
	}
	out.WriteString(")\n\n")
	// go/printer writes the parsed file's own lines; the cell's lines are those its
	// //line directive gives, a header's lines fewer.
	var first token.Pos
	if chosen[0].fn != nil {
		first = chosen[0].fn.Pos()
	} else {
		first = chosen[0].spec.Pos()
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
	return out.String()
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
