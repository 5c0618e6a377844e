package modern

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"strings"
	"sync"

	"github.com/petri-mea/petri/kernel/modern/generic"
)

// Importer gives go/types the packages a cell can import: compiled ones described by
// the interpreter's symbol tables (reflect values), and the generic packages whose
// source petri provides (package generic). It is safe for concurrent use, and its
// packages are shared by every session built on the same tables.
type Importer struct {
	symbols map[string]map[string]reflect.Value // "path/name" -> symbols

	mu    sync.Mutex
	pkgs  map[string]*types.Package
	named map[reflect.Type]types.Type
	fset  *token.FileSet
}

// NewImporter describes the packages of symbols ("import/path/name" -> exported
// symbols, as yaegi's Exports).
func NewImporter(symbols map[string]map[string]reflect.Value) *Importer {
	return &Importer{symbols: symbols, pkgs: map[string]*types.Package{}, named: map[reflect.Type]types.Type{}, fset: token.NewFileSet()}
}

var (
	sharedMu  sync.Mutex
	sharedImp = map[reflect.Value]*Importer{}
)

// SharedImporter returns one Importer per symbol table (keyed by the map's identity),
// so sessions built on the same tables convert every package once.
func SharedImporter(symbols map[string]map[string]reflect.Value) *Importer {
	key := reflect.ValueOf(symbols)
	sharedMu.Lock()
	defer sharedMu.Unlock()
	if imp, ok := sharedImp[key]; ok {
		return imp
	}
	imp := NewImporter(symbols)
	sharedImp[key] = imp
	return imp
}

// Import implements types.Importer.
func (imp *Importer) Import(path string) (*types.Package, error) {
	imp.mu.Lock()
	defer imp.mu.Unlock()
	return imp.load(path)
}

func (imp *Importer) load(path string) (*types.Package, error) {
	if p, ok := imp.pkgs[path]; ok {
		if p == nil {
			return nil, fmt.Errorf("import cycle through %s", path)
		}
		return p, nil
	}
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	src, hasSrc := generic.Source(path)
	syms, name := imp.lookup(path)
	if !hasSrc && syms == nil {
		return nil, fmt.Errorf("package %s is not available", path)
	}
	var pkg *types.Package
	if hasSrc {
		imp.pkgs[path] = nil // cycle guard
		f, err := parser.ParseFile(imp.fset, path+".go", src, 0)
		if err != nil {
			delete(imp.pkgs, path)
			return nil, err
		}
		self := path
		conf := types.Config{Importer: importerFunc(func(p string) (*types.Package, error) {
			if p == self {
				// The source extends the compiled package of its own path.
				return imp.compiledOnly(p)
			}
			return imp.load(p)
		}), Error: func(error) {}}
		pkg, _ = conf.Check(path, imp.fset, []*ast.File{f}, nil)
		name = pkg.Name()
	} else {
		pkg = types.NewPackage(path, name)
	}
	imp.pkgs[path] = pkg
	for sym, v := range syms {
		if strings.HasPrefix(sym, "_") || pkg.Scope().Lookup(sym) != nil {
			continue
		}
		if hasSrc {
			// The compiled package's own objects (named types keep their identity).
			if cp, err := imp.compiledOnly(path); err == nil {
				if obj := cp.Scope().Lookup(sym); obj != nil {
					pkg.Scope().Insert(obj)
					continue
				}
			}
		}
		if obj := imp.object(pkg, sym, v); obj != nil {
			pkg.Scope().Insert(obj)
		}
	}
	pkg.MarkComplete()
	return pkg, nil
}

// compiledOnly describes the compiled part of a package that source extends.
func (imp *Importer) compiledOnly(path string) (*types.Package, error) {
	key := path + " (compiled)"
	if p, ok := imp.pkgs[key]; ok {
		return p, nil
	}
	syms, name := imp.lookup(path)
	pkg := types.NewPackage(path, name)
	imp.pkgs[key] = pkg
	for sym, v := range syms {
		if strings.HasPrefix(sym, "_") {
			continue
		}
		if obj := imp.object(pkg, sym, v); obj != nil {
			pkg.Scope().Insert(obj)
		}
	}
	pkg.MarkComplete()
	return pkg, nil
}

type importerFunc func(string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

func (imp *Importer) lookup(path string) (map[string]reflect.Value, string) {
	name := path[strings.LastIndex(path, "/")+1:]
	if syms, ok := imp.symbols[path+"/"+name]; ok {
		return syms, name
	}
	for key, syms := range imp.symbols {
		if i := strings.LastIndex(key, "/"); i > 0 && key[:i] == path {
			return syms, key[i+1:]
		}
	}
	return nil, name
}

// object turns one symbol into a types.Object: yaegi's tables hold a type as a nil
// pointer to it, an untyped constant as a constant.Value, a variable as an
// addressable value and a function as a func value.
func (imp *Importer) object(pkg *types.Package, name string, v reflect.Value) types.Object {
	if !v.IsValid() {
		return nil
	}
	if c, ok := v.Interface().(constant.Value); ok && v.Type().PkgPath() == "go/constant" {
		return types.NewConst(token.NoPos, pkg, name, untypedOf(c), c)
	}
	switch {
	case v.Kind() == reflect.Ptr && v.IsNil() && !v.CanAddr():
		t := imp.typ(v.Type().Elem())
		if n, ok := t.(*types.Named); ok && n.Obj().Name() == name {
			return n.Obj()
		}
		return types.NewTypeName(token.NoPos, pkg, name, t) // an alias
	case v.CanAddr():
		return types.NewVar(token.NoPos, pkg, name, imp.typ(v.Type()))
	case v.Kind() == reflect.Func:
		sig, _ := imp.typ(v.Type()).(*types.Signature)
		if sig == nil {
			return nil
		}
		return types.NewFunc(token.NoPos, pkg, name, sig)
	default:
		return types.NewVar(token.NoPos, pkg, name, imp.typ(v.Type()))
	}
}

func untypedOf(c constant.Value) types.Type {
	switch c.Kind() {
	case constant.Bool:
		return types.Typ[types.UntypedBool]
	case constant.String:
		return types.Typ[types.UntypedString]
	case constant.Int:
		return types.Typ[types.UntypedInt]
	case constant.Float:
		return types.Typ[types.UntypedFloat]
	case constant.Complex:
		return types.Typ[types.UntypedComplex]
	}
	return types.Typ[types.Invalid]
}

var basics = map[reflect.Kind]types.BasicKind{
	reflect.Bool: types.Bool, reflect.Int: types.Int, reflect.Int8: types.Int8, reflect.Int16: types.Int16,
	reflect.Int32: types.Int32, reflect.Int64: types.Int64, reflect.Uint: types.Uint, reflect.Uint8: types.Uint8,
	reflect.Uint16: types.Uint16, reflect.Uint32: types.Uint32, reflect.Uint64: types.Uint64,
	reflect.Uintptr: types.Uintptr, reflect.Float32: types.Float32, reflect.Float64: types.Float64,
	reflect.Complex64: types.Complex64, reflect.Complex128: types.Complex128, reflect.String: types.String,
	reflect.UnsafePointer: types.UnsafePointer,
}

var errorType = reflect.TypeOf((*error)(nil)).Elem()

// typ converts a reflect type; named types become types.Named of their package with
// their methods.
func (imp *Importer) typ(t reflect.Type) types.Type {
	if t == errorType {
		return types.Universe.Lookup("error").Type()
	}
	if t.Name() != "" && t.PkgPath() == "" {
		if k, ok := basics[t.Kind()]; ok {
			return types.Typ[k]
		}
	}
	if n, ok := imp.named[t]; ok {
		return n
	}
	if t.Name() != "" && t.PkgPath() != "" {
		pkg := imp.pkgs[t.PkgPath()]
		if pkg == nil {
			// A package known only through the types of another: describe it lazily
			// (or by name only, if it has no table).
			if p, err := imp.load(t.PkgPath()); err == nil {
				pkg = p
			} else {
				pkg = types.NewPackage(t.PkgPath(), t.PkgPath()[strings.LastIndex(t.PkgPath(), "/")+1:])
				imp.pkgs[t.PkgPath()] = pkg
			}
			if n, ok := imp.named[t]; ok {
				return n
			}
		}
		if obj, ok := pkg.Scope().Lookup(t.Name()).(*types.TypeName); ok {
			if n, ok := obj.Type().(*types.Named); ok && t.Kind() != reflect.Interface {
				imp.named[t] = n
				return n
			}
		}
		obj := types.NewTypeName(token.NoPos, pkg, t.Name(), nil)
		n := types.NewNamed(obj, nil, nil)
		imp.named[t] = n
		n.SetUnderlying(imp.under(t).Underlying())
		if t.Kind() != reflect.Interface {
			imp.methods(n, t)
		}
		return n
	}
	return imp.under(t)
}

func (imp *Importer) methods(n *types.Named, t reflect.Type) {
	seen := map[string]bool{}
	add := func(rt reflect.Type, ptr bool) {
		for i := 0; i < rt.NumMethod(); i++ {
			m := rt.Method(i)
			if seen[m.Name] || m.PkgPath != "" {
				continue
			}
			seen[m.Name] = true
			var recvT types.Type = n
			if ptr {
				recvT = types.NewPointer(n)
			}
			recv := types.NewVar(token.NoPos, n.Obj().Pkg(), "", recvT)
			params, results, variadic := imp.tuple(m.Type, 1)
			sig := types.NewSignatureType(recv, nil, nil, params, results, variadic)
			n.AddMethod(types.NewFunc(token.NoPos, n.Obj().Pkg(), m.Name, sig))
		}
	}
	add(t, false)
	add(reflect.PointerTo(t), true)
}

// tuple converts the parameters (from skip on) and results of a func type.
func (imp *Importer) tuple(ft reflect.Type, skip int) (params, results *types.Tuple, variadic bool) {
	var ps, rs []*types.Var
	for i := skip; i < ft.NumIn(); i++ {
		ps = append(ps, types.NewVar(token.NoPos, nil, "", imp.typ(ft.In(i))))
	}
	for i := 0; i < ft.NumOut(); i++ {
		rs = append(rs, types.NewVar(token.NoPos, nil, "", imp.typ(ft.Out(i))))
	}
	return types.NewTuple(ps...), types.NewTuple(rs...), ft.IsVariadic()
}

func (imp *Importer) under(t reflect.Type) types.Type {
	if k, ok := basics[t.Kind()]; ok {
		return types.Typ[k]
	}
	switch t.Kind() {
	case reflect.Ptr:
		return types.NewPointer(imp.typ(t.Elem()))
	case reflect.Slice:
		return types.NewSlice(imp.typ(t.Elem()))
	case reflect.Array:
		return types.NewArray(imp.typ(t.Elem()), int64(t.Len()))
	case reflect.Map:
		return types.NewMap(imp.typ(t.Key()), imp.typ(t.Elem()))
	case reflect.Chan:
		dir := types.SendRecv
		switch t.ChanDir() {
		case reflect.SendDir:
			dir = types.SendOnly
		case reflect.RecvDir:
			dir = types.RecvOnly
		}
		return types.NewChan(dir, imp.typ(t.Elem()))
	case reflect.Func:
		params, results, variadic := imp.tuple(t, 0)
		return types.NewSignatureType(nil, nil, nil, params, results, variadic)
	case reflect.Struct:
		var fields []*types.Var
		var tags []string
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			var pkg *types.Package
			if f.PkgPath != "" {
				pkg = imp.pkgs[f.PkgPath]
				if pkg == nil {
					pkg = types.NewPackage(f.PkgPath, f.PkgPath[strings.LastIndex(f.PkgPath, "/")+1:])
				}
			}
			fields = append(fields, types.NewField(token.NoPos, pkg, f.Name, imp.typ(f.Type), f.Anonymous))
			tags = append(tags, string(f.Tag))
		}
		return types.NewStruct(fields, tags)
	case reflect.Interface:
		var ms []*types.Func
		for i := 0; i < t.NumMethod(); i++ {
			m := t.Method(i)
			params, results, variadic := imp.tuple(m.Type, 0)
			sig := types.NewSignatureType(nil, nil, nil, params, results, variadic)
			ms = append(ms, types.NewFunc(token.NoPos, nil, m.Name, sig))
		}
		it := types.NewInterfaceType(ms, nil)
		it.Complete()
		return it
	}
	return types.Typ[types.Invalid]
}
