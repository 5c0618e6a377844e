package modern

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
)

// A Checker type-checks cells one after another, remembering what earlier cells
// declared so a later cell's uses of them have types. It tolerates errors: whatever
// it cannot type (an unknown name, say) is left without a type, and the rewrites
// that need one leave that code alone.
type Checker struct {
	imp     types.Importer
	globals map[string]types.Object
	// specs holds the declaration of every type an earlier cell declared: a cell run
	// again declares methods of a type whose declaration the session dropped as
	// unchanged, and go/types needs it in the same check.
	specs map[string]*ast.TypeSpec
	// undo restores what the last Check's commit replaced (Uncommit).
	undo []func()
}

// NewChecker returns a Checker importing packages with imp.
func NewChecker(imp types.Importer) *Checker {
	return &Checker{imp: imp, globals: map[string]types.Object{}, specs: map[string]*ast.TypeSpec{}}
}

// Declare adds a global the session declared itself (ctx, say).
func (c *Checker) Declare(obj types.Object) { c.globals[obj.Name()] = obj }

// Check type-checks decls (package-level declarations, may be nil) and body (a file
// whose single func holds the cell's statements, may be nil) as package main, with
// the packages of imports (name -> path) in scope, and returns what it learned.
func (c *Checker) Check(fset *token.FileSet, decls, body *ast.File, imports map[string]string) *types.Info {
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Instances:  map[*ast.Ident]types.Instance{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	pkg := types.NewPackage("main", "main")
	declared := map[string]bool{}
	var files []*ast.File
	if decls != nil {
		files = append(files, decls)
		for _, d := range decls.Decls {
			for _, n := range DeclNames(d) {
				declared[n] = true
			}
		}
	}
	if decls != nil {
		// Methods of a type declared by an earlier cell: check them with the type's
		// declaration (go/types fails on a receiver whose type is not in the package's
		// files).
		var extra []ast.Spec
		for _, d := range decls.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 {
				continue
			}
			base := recvBase(fd.Recv.List[0].Type)
			if spec := c.specs[base]; spec != nil && !declared[base] {
				extra = append(extra, spec)
				declared[base] = true
			}
		}
		if len(extra) > 0 {
			n := len(decls.Decls)
			decls.Decls = append(decls.Decls, &ast.GenDecl{Tok: token.TYPE, TokPos: extra[0].Pos(), Specs: extra})
			defer func() { decls.Decls = decls.Decls[:n] }()
		}
	}
	if body != nil {
		files = append(files, body)
		// The cell's body function must not clash with a main the cell declares.
		if fd, ok := body.Decls[len(body.Decls)-1].(*ast.FuncDecl); ok {
			old := fd.Name.Name
			fd.Name.Name = "__petri_body"
			defer func() { fd.Name.Name = old }()
		}
	}
	scope := pkg.Scope()
	used := usedNames(files...) // retention.go
	for name := range used {
		if obj, ok := c.globals[name]; ok && !declared[name] {
			scope.Insert(detached(obj, pkg)) // retention.go
		}
	}
	for name, path := range imports {
		if declared[name] || !used[name] || scope.Lookup(name) != nil {
			continue
		}
		if p, err := c.imp.Import(path); err == nil {
			scope.Insert(types.NewPkgName(token.NoPos, pkg, name, p))
		}
	}
	conf := types.Config{Importer: c.imp, Error: func(error) {}, FakeImportC: true}
	if !checkFiles(&conf, fset, pkg, info, files) {
		// go/types itself failed: no types, so no rewrites that need them.
		return &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{},
			Uses: map[*ast.Ident]types.Object{}, Instances: map[*ast.Ident]types.Instance{},
			Selections: map[*ast.SelectorExpr]*types.Selection{}}
	}
	c.undo = c.undo[:0]
	c.commit(decls, body, info)
	return info
}

// checkFiles runs go/types, reporting false if it panicked (it has, on code that
// is not a valid package): a cell must never kill the kernel.
func checkFiles(conf *types.Config, fset *token.FileSet, pkg *types.Package, info *types.Info, files []*ast.File) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	_ = types.NewChecker(conf, fset, pkg, info).Files(files)
	return true
}

func recvBase(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return recvBase(e.X)
	case *ast.ParenExpr:
		return recvBase(e.X)
	case *ast.IndexExpr:
		return recvBase(e.X)
	case *ast.IndexListExpr:
		return recvBase(e.X)
	case *ast.Ident:
		return e.Name
	}
	return ""
}

// commit remembers the cell's package-level names and its top-level := variables.
func (c *Checker) commit(decls, body *ast.File, info *types.Info) {
	if decls != nil {
		for _, d := range decls.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.Name != "main" && d.Name.Name != "init" {
					c.keep(d.Name, info)
				}
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					switch sp := sp.(type) {
					case *ast.TypeSpec:
						c.keep(sp.Name, info)
						c.specs[sp.Name.Name] = sp
					case *ast.ValueSpec:
						for _, n := range sp.Names {
							c.keep(n, info)
						}
					}
				}
			}
		}
	}
	if body != nil {
		fd, ok := body.Decls[len(body.Decls)-1].(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			return
		}
		for _, st := range fd.Body.List {
			switch st := st.(type) {
			case *ast.AssignStmt:
				if st.Tok == token.DEFINE {
					for _, l := range st.Lhs {
						if id, ok := l.(*ast.Ident); ok {
							c.keep(id, info)
						}
					}
				}
			case *ast.DeclStmt:
				if g, ok := st.Decl.(*ast.GenDecl); ok {
					for _, sp := range g.Specs {
						switch sp := sp.(type) {
						case *ast.TypeSpec:
							c.keep(sp.Name, info)
						case *ast.ValueSpec:
							for _, n := range sp.Names {
								c.keep(n, info)
							}
						}
					}
				}
			}
		}
	}
}

func (c *Checker) keep(id *ast.Ident, info *types.Info) {
	if id.Name == "_" {
		return
	}
	if obj := info.Defs[id]; obj != nil {
		name := id.Name
		old, had := c.globals[name]
		oldSpec, hadSpec := c.specs[name]
		c.undo = append(c.undo, func() {
			if had {
				c.globals[name] = old
			} else {
				delete(c.globals, name)
			}
			if hadSpec {
				c.specs[name] = oldSpec
			} else {
				delete(c.specs, name)
			}
		})
		c.globals[name] = obj
	}
}

// Uncommit forgets what the last Check remembered of its cell, for a cell that
// fails before it runs: later cells are checked as if it had not been.
func (c *Checker) Uncommit() {
	for i := len(c.undo) - 1; i >= 0; i-- {
		c.undo[i]()
	}
	c.undo = c.undo[:0]
}

// DeclNames lists the package-level names d declares (not methods).
func DeclNames(d ast.Decl) []string {
	var names []string
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil {
			names = append(names, d.Name.Name)
		}
	case *ast.GenDecl:
		for _, sp := range d.Specs {
			switch sp := sp.(type) {
			case *ast.TypeSpec:
				names = append(names, sp.Name.Name)
			case *ast.ValueSpec:
				for _, n := range sp.Names {
					names = append(names, n.Name)
				}
			}
		}
	}
	return names
}

// Spec returns the declaration of a type an earlier cell declared, or nil.
func (c *Checker) Spec(name string) *ast.TypeSpec { return c.specs[name] }

// Global returns what earlier cells declared by name, or nil.
func (c *Checker) Global(name string) types.Object { return c.globals[name] }

// CellTypes returns the named types the cells declared, earlier ones and those of the
// cell info is about: a value of any of them may reach an interface the cell asserts.
func (c *Checker) CellTypes(info *types.Info) []*types.TypeName {
	var out []*types.TypeName
	seen := map[string]bool{}
	for _, obj := range info.Defs {
		if tn, ok := obj.(*types.TypeName); ok && tn.Pkg() != nil && tn.Parent() == tn.Pkg().Scope() && !tn.IsAlias() {
			out = append(out, tn)
			seen[tn.Name()] = true
		}
	}
	for name, obj := range c.globals {
		if tn, ok := obj.(*types.TypeName); ok && !seen[name] && !tn.IsAlias() {
			out = append(out, tn)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out
}
