package session

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/traefik/yaegi/interp"

	"github.com/petri-mea/petri/kernel/cell"
	"github.com/petri-mea/petri/kernel/display"
	"github.com/petri-mea/petri/kernel/modern"
)

func (s *Session) parse(name, src string) (*cell.Parsed, error) {
	pc, err := cell.Parse(s.in.FileSet(), name, src)
	if err != nil {
		return nil, compileError(err)
	}
	return pc, nil
}

// checkRedeclarations fails a cell that changes a type declared by an earlier cell, and
// drops declarations identical to earlier ones, so a cell can be run again.
func (s *Session) checkRedeclarations(pc *cell.Parsed) error {
	s.compiledState().dropped = map[string]*ast.TypeSpec{}
	if pc.Decls == nil {
		return nil
	}
	if err := s.checkMethods(pc.Decls); err != nil {
		return err
	}
	decls := pc.Decls.Decls[:0]
	for _, d := range pc.Decls.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE {
			decls = append(decls, d)
			continue
		}
		specs := g.Specs[:0]
		for _, sp := range g.Specs {
			ts := sp.(*ast.TypeSpec)
			def := typeDef(ts)
			old, seen := s.types[ts.Name.Name]
			switch {
			case !seen:
				specs = append(specs, sp)
			case old == def:
				s.comp.dropped[ts.Name.Name] = ts
			case old != def:
				pos := cleanPositions(s.in.FileSet().Position(ts.Name.Pos()).String())
				return &CompileError{Msg: fmt.Sprintf("%s: type %s is already declared by an earlier cell as %s; "+
					"the interpreter cannot change a type in place: give the new type another name (e.g. %s2), "+
					"or restart the kernel to redefine %s", pos, ts.Name.Name, old, ts.Name.Name, ts.Name.Name)}
			}
		}
		if len(specs) > 0 {
			g.Specs = specs
			decls = append(decls, g)
		}
	}
	pc.Decls.Decls = decls
	if len(decls) == 0 {
		pc.Decls = nil
	}
	return nil
}

// checkMethods fails a cell that declares again, with another text, a method of an
// interpreted type declared by an earlier cell. The interpreter keeps a type's first
// method of a name: the new one would be ignored, and the cell would go on with the
// old code, printing what the old code computes. (A compiled type's methods are
// built again with it: compiled.go.)
func (s *Session) checkMethods(f *ast.File) error {
	texts := map[string]string{}
	defer func() {
		s.mu.Lock()
		s.cellBody = texts
		s.mu.Unlock()
	}()
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 {
			continue
		}
		base := recvName(fd.Recv.List[0].Type)
		if s.comp != nil && s.comp.names[base].isType {
			continue
		}
		text := methodText(fd)
		texts[base+"."+fd.Name.Name] = text
		s.mu.Lock()
		old, seen := s.bodies[base+"."+fd.Name.Name]
		s.mu.Unlock()
		if seen && old != text {
			pos := cleanPositions(s.in.FileSet().Position(fd.Name.Pos()).String())
			return &CompileError{Msg: fmt.Sprintf("%s: method %s.%s is already declared by an earlier cell, with other code; "+
				"the interpreter cannot replace a method of a type it holds, and would go on running the old one: "+
				"restart the kernel to redefine it, or give the new method another name", pos, base, fd.Name.Name)}
		}
	}
	return nil
}

// methodText is fd as the interpreter sees it: receiver, signature and body,
// without comments, in one layout (printed without positions, as typeDef is).
func methodText(fd *ast.FuncDecl) string {
	var b bytes.Buffer
	doc := fd.Doc
	fd.Doc = nil
	printer.Fprint(&b, token.NewFileSet(), fd)
	fd.Doc = doc
	return b.String()
}

func typeDef(ts *ast.TypeSpec) string {
	var b bytes.Buffer
	fset := token.NewFileSet()
	if ts.TypeParams != nil {
		b.WriteString("[")
		for i, f := range ts.TypeParams.List {
			if i > 0 {
				b.WriteString(", ")
			}
			for j, n := range f.Names {
				if j > 0 {
					b.WriteString(", ")
				}
				b.WriteString(n.Name)
			}
			b.WriteString(" ")
			printer.Fprint(&b, fset, f.Type)
		}
		b.WriteString("] ")
	}
	if ts.Assign.IsValid() {
		b.WriteString("= ")
	}
	printer.Fprint(&b, fset, ts.Type)
	return strings.Join(strings.Fields(b.String()), " ")
}

func (s *Session) recordDecls(f *ast.File) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv != nil && d.Name.Name == modern.SelfMethod {
				continue // petri's own (addSelfMethods), not the cell's
			}
			s.sources[declName(d)] = funcHead(d)
			if d.Recv != nil && len(d.Recv.List) == 1 {
				name := recvName(d.Recv.List[0].Type)
				if name != "" && !slices.Contains(s.methods[name], d.Name.Name) {
					s.methods[name] = append(s.methods[name], d.Name.Name)
				}
				if text, ok := s.cellBody[name+"."+d.Name.Name]; ok {
					if _, seen := s.bodies[name+"."+d.Name.Name]; !seen {
						s.bodies[name+"."+d.Name.Name] = text
					}
				}
			}
			if d.Recv == nil {
				s.globals[d.Name.Name] = true
				s.results[d.Name.Name] = fieldCount(d.Type.Results)
				s.errLast[d.Name.Name] = lastIsError(d.Type.Results)
			}
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				switch sp := sp.(type) {
				case *ast.TypeSpec:
					s.sources[sp.Name.Name] = "type " + sp.Name.Name + " " + typeDef(sp)
					s.globals[sp.Name.Name] = true
					s.types[sp.Name.Name] = typeDef(sp)
					delete(s.results, sp.Name.Name)
				case *ast.ValueSpec:
					for _, n := range sp.Names {
						s.globals[n.Name] = true
						delete(s.results, n.Name)
					}
				}
			}
		}
	}
}

func recvName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return recvName(e.X)
	case *ast.IndexExpr:
		return recvName(e.X)
	case *ast.IndexListExpr:
		return recvName(e.X)
	case *ast.Ident:
		return e.Name
	}
	return ""
}

func (s *Session) recordStmts(body *ast.BlockStmt) {
	s.mu.Lock()
	defer s.mu.Unlock()
	declare := func(id *ast.Ident) {
		if id.Name != "_" {
			s.globals[id.Name] = true
			delete(s.results, id.Name)
		}
	}
	for _, st := range body.List {
		switch st := st.(type) {
		case *ast.AssignStmt:
			if st.Tok == token.DEFINE {
				for _, l := range st.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						declare(id)
					}
				}
			}
		case *ast.DeclStmt:
			if g, ok := st.Decl.(*ast.GenDecl); ok {
				for _, sp := range g.Specs {
					if vs, ok := sp.(*ast.ValueSpec); ok {
						for _, id := range vs.Names {
							declare(id)
						}
					}
				}
			}
		}
	}
}

func lastIsError(fl *ast.FieldList) bool {
	if fl == nil || len(fl.List) == 0 {
		return false
	}
	id, ok := fl.List[len(fl.List)-1].Type.(*ast.Ident)
	return ok && id.Name == "error"
}

func fieldCount(fl *ast.FieldList) int {
	if fl == nil {
		return 0
	}
	n := 0
	for _, f := range fl.List {
		if len(f.Names) == 0 {
			n++
		} else {
			n += len(f.Names)
		}
	}
	return n
}

// autoImport imports the standard packages a cell uses without importing them, and
// drops explicit imports of packages the session already has under the same name.
func (s *Session) autoImport(pc *cell.Parsed) error {
	declared := map[string]string{} // name -> path imported by this cell
	if pc.Imports != nil {
		var keepSpecs []*ast.ImportSpec
		for _, d := range pc.Imports.Decls {
			g := d.(*ast.GenDecl)
			specs := g.Specs[:0]
			for _, sp := range g.Specs {
				is := sp.(*ast.ImportSpec)
				path, _ := strconv.Unquote(is.Path.Value)
				name := importName(is, path)
				if name == "_" || name == "." {
					specs = append(specs, sp)
					continue
				}
				declared[name] = path
				if s.imported[name] == path {
					continue // already imported: importing twice is fine
				}
				specs = append(specs, sp)
				keepSpecs = append(keepSpecs, is)
			}
			g.Specs = specs
		}
		pc.Imports.Imports = keepSpecs
		var decls []ast.Decl
		for _, d := range pc.Imports.Decls {
			if len(d.(*ast.GenDecl).Specs) > 0 {
				decls = append(decls, d)
			}
		}
		pc.Imports.Decls = decls
		if len(decls) == 0 {
			pc.Imports = nil
		}
	}
	need := map[string]string{}
	for _, f := range []*ast.File{pc.Decls, pc.BodyFile} {
		if f == nil {
			continue
		}
		for _, id := range f.Unresolved {
			name := id.Name
			if s.globals[name] || s.imported[name] != "" || declared[name] != "" || need[name] != "" {
				continue
			}
			if path, ok := stdIndex[name]; ok && usedAsPackage(f, id) {
				need[name] = path
			}
		}
	}
	if len(need) > 0 {
		var b strings.Builder
		b.WriteString("package main\n")
		for name, path := range need {
			fmt.Fprintf(&b, "import %s %q\n", name, path)
		}
		f, err := parser.ParseFile(s.in.FileSet(), "petri/"+interp.DefaultSourceName, b.String(), 0)
		if err != nil {
			return err
		}
		if err := s.importFile(f); err != nil {
			return err
		}
		s.mu.Lock()
		for name, path := range need {
			s.imported[name] = path
		}
		s.mu.Unlock()
	}
	s.pendingImports = declared
	return nil
}

func importName(is *ast.ImportSpec, path string) string {
	if is.Name != nil {
		return is.Name.Name
	}
	if name, ok := pkgNames[path]; ok {
		return name
	}
	return lastElem(path)
}

// usedAsPackage reports whether id is the X of a selector expression in f.
func usedAsPackage(f *ast.File, id *ast.Ident) bool {
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		if found {
			return false
		}
		if sel, ok := n.(*ast.SelectorExpr); ok && sel.X == id {
			found = true
		}
		return true
	})
	return found
}

// single tells whether an expression has exactly one value.
type single int

const (
	unknown single = iota
	yes
	no
	// withErr is a call returning (value, error), like most of Go's constructors:
	// the cell shows the value, or fails with the error.
	withErr
)

var oneValueBuiltins = map[string]bool{"len": true, "cap": true, "append": true, "min": true, "max": true,
	"complex": true, "real": true, "imag": true, "new": true, "make": true, "copy": true, "recover": true}
var noValueBuiltins = map[string]bool{"print": true, "println": true, "panic": true, "close": true,
	"delete": true, "clear": true}

// lastValue returns the cell's last expression, if its last statement is one, and
// whether it has exactly one value.
func (s *Session) lastValue(body *ast.BlockStmt) (ast.Expr, single) {
	es, ok := body.List[len(body.List)-1].(*ast.ExprStmt)
	if !ok {
		return nil, no
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok {
		return es.X, yes
	}
	if name := calleeName(call); ioCall.MatchString(name) {
		return es.X, no // fmt.Println(x) shows what it prints, not its byte count
	}
	if kind, known := s.modernSingle(es); known {
		return es.X, kind // go/types knows
	}
	switch fun := call.Fun.(type) {
	case *ast.Ident:
		switch {
		case s.globals[fun.Name]:
			if n, ok := s.results[fun.Name]; ok {
				if n == 2 && s.errLast[fun.Name] {
					return es.X, withErr
				}
				return es.X, oneIf(n == 1)
			}
			if _, ok := s.types[fun.Name]; ok {
				return es.X, yes // a conversion
			}
			return es.X, no
		case oneValueBuiltins[fun.Name]:
			return es.X, yes
		case noValueBuiltins[fun.Name]:
			return es.X, no
		}
	case *ast.SelectorExpr:
		pkg, ok := fun.X.(*ast.Ident)
		if !ok || s.globals[pkg.Name] {
			break
		}
		path := s.imported[pkg.Name]
		if path == "" {
			break
		}
		for _, syms := range s.in.Symbols(path) {
			v, ok := syms[fun.Sel.Name]
			if !ok {
				break
			}
			if v.Kind() == reflect.Func {
				t := v.Type()
				if t.NumOut() == 2 && t.Out(1) == typeOf[error]() {
					return es.X, withErr
				}
				return es.X, oneIf(t.NumOut() == 1)
			}
			if v.Kind() == reflect.Ptr && v.IsNil() {
				return es.X, yes // a conversion to a package's type
			}
		}
	}
	// Not known: show nothing rather than guess. The interpreter accepts v := f()
	// for an f of no or two values and then corrupts its frame at run time.
	return es.X, no
}

// ioCall matches functions whose results report on I/O (bytes written, an error)
// rather than compute a value: a cell ending in one shows nothing.
var ioCall = regexp.MustCompile(`^(Print|Fprint|Write|Read|Scan|Sscan|Fscan|Copy|Seek|Flush|Close|Sync|Encode|Decode|Execute|Wait)`)

func calleeName(call *ast.CallExpr) string {
	switch f := call.Fun.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	}
	return ""
}

func oneIf(b bool) single {
	if b {
		return yes
	}
	return no
}

// goPanic is called, through the rewritten go statements, by a goroutine of cell
// number count that panicked.
func (s *Session) goPanic(v any, where string, count int) {
	pe := &PanicError{Value: v, Where: where, Goroutine: true}
	s.mu.Lock()
	r := s.running
	if r != nil && s.count == count && r.goPanic == nil {
		r.goPanic = pe
		s.mu.Unlock()
		r.cancel(pe)
		return
	}
	s.mu.Unlock()
	// The cell that started it has ended: report where its output would go now.
	fmt.Fprintf(s.stderr.w, "%v\n", pe)
}

// The last value of a cell is rendered inside the interpreter by calling textForm and
// richForm, so that interpreted types are wrapped in the interfaces they implement.
func (s *Session) textForm(v any) {
	if _, ok := s.lastRich[display.MIMEPlain]; ok {
		return // the rich form has its own text twin (a plot, a table)
	}
	s.lastText = truncate(fmt.Sprint(v), maxText)
}

// errForm takes any, not error: the interpreter fails to pass values to compiled
// functions with an error parameter here. Interpreted error types arrive wrapped (see
// MapTypes in runtimeSymbols).
func (s *Session) errForm(v any) {
	if err, ok := v.(error); ok && err != nil {
		s.lastErr = err
	}
}

func (s *Session) richForm(v any) { s.lastRich, s.lastMeta, _ = display.RenderMeta(v) }

// maxText bounds the text/plain form of a cell's value: printing a million-element
// slice into the notebook helps nobody.
const maxText = 20000

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("… (%d more bytes)", len(s)-cut)
}

func (s *Session) rendered() (display.Bundle, display.Bundle) {
	b := display.Bundle{}
	for k, v := range s.lastRich {
		b[k] = v
	}
	if _, ok := b[display.MIMEPlain]; !ok {
		b[display.MIMEPlain] = s.lastText
	}
	meta := s.lastMeta
	s.lastText, s.lastRich, s.lastMeta = "", nil, nil
	return b, meta
}

// universe holds the predeclared identifiers of Go.
var universe = map[string]bool{}

func init() {
	for _, name := range strings.Fields(`any bool byte comparable complex64 complex128 error float32 float64
		int int8 int16 int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr true false iota nil
		append cap clear close complex copy delete imag len make max min new panic print println real recover`) {
		universe[name] = true
	}
}

// explain replaces the interpreter's less helpful messages for a cell that uses a
// name nobody declared ("constant definition loop", say) with Go's own:
// "undefined: name", at the name's position.
func (s *Session) explain(pc *cell.Parsed, err error) error {
	for _, f := range []*ast.File{pc.Decls, pc.BodyFile} {
		if f == nil {
			continue
		}
		for _, id := range f.Unresolved {
			if universe[id.Name] || s.globals[id.Name] || s.imported[id.Name] != "" || strings.HasPrefix(id.Name, "__p") {
				continue
			}
			if _, ok := stdIndex[id.Name]; ok {
				continue
			}
			pos := cleanPositions(s.in.FileSet().Position(id.Pos()).String())
			return &CompileError{Msg: fmt.Sprintf("%s: undefined: %s", pos, id.Name)}
		}
	}
	return err
}

// declName is the name a func or method is found by in inspection: f or T.M.
func declName(d *ast.FuncDecl) string {
	if d.Recv != nil && len(d.Recv.List) == 1 {
		if r := recvName(d.Recv.List[0].Type); r != "" {
			return r + "." + d.Name.Name
		}
	}
	return d.Name.Name
}

// funcHead is a func declaration without its body, with its doc comment.
func funcHead(d *ast.FuncDecl) string {
	c := *d
	c.Body, c.Doc = nil, nil
	var b bytes.Buffer
	printer.Fprint(&b, token.NewFileSet(), &c)
	if d.Doc != nil {
		return b.String() + "\n\n" + d.Doc.Text()
	}
	return b.String()
}
