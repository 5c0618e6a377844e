package modern

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The interpreter represents a cell's types by their underlying reflect types, so
// the standard library sees neither their names nor, inside another value, their
// methods. fmtCall fixes what it can at a call of fmt's (and log's) printing
// functions and fails the cell, naming the construct, where it cannot:
//
//   - %T of a value whose type involves a cell's type prints Go's name for it
//     (main.Celsius, []main.Point): the directive becomes %s of the name;
//   - %v and %s of a slice, array or map of a cell type with String or Error get
//     the values wrapped (see stringerSlices), as Print and Println do;
//   - a String, Error, Format or GoString method of a cell type nested in the value
//     (a struct field, an element of a slice of structs...) that fmt would call
//     fails the cell;
//   - %#v of a composite value of a cell type (whose Go syntax names the type), and
//     %+v or %#v of a cell struct with an unexported field (printed as Xname),
//     fail the cell.
func (r *rewriter) fmtCall(call *ast.CallExpr) {
	fn := r.compiledFunc(call)
	if fn == nil || call.Ellipsis.IsValid() {
		return
	}
	path, name := fn.Pkg().Path(), fn.Name()
	if path != "fmt" && path != "log" {
		return
	}
	formatAt, first := -1, 0
	switch name {
	case "Printf", "Sprintf", "Errorf", "Fatalf", "Panicf":
		formatAt, first = 0, 1
	case "Fprintf", "Appendf":
		formatAt, first = 1, 2
	case "Print", "Println", "Sprint", "Sprintln", "Fatal", "Fatalln", "Panic", "Panicln":
	case "Fprint", "Fprintln", "Append", "Appendln":
		first = 1
	default:
		return
	}
	if path == "log" && formatAt < 0 && name != "Print" && name != "Println" && name != "Fatal" && name != "Fatalln" && name != "Panic" && name != "Panicln" {
		return
	}
	if len(call.Args) <= first && formatAt < 0 {
		return
	}
	// The verb each argument is printed with.
	verbs := map[int]directive{}
	var format string
	if formatAt >= 0 {
		if formatAt >= len(call.Args) {
			return
		}
		tv := r.info.Types[call.Args[formatAt]]
		if tv.Value == nil || tv.Value.Kind() != constant.String {
			return // a format not known before the call: nothing to say
		}
		format = constant.StringVal(tv.Value)
		ds, ok := parseFormat(format)
		if !ok {
			return
		}
		for _, d := range ds {
			verbs[first+d.arg] = d
		}
	} else {
		for i := first; i < len(call.Args); i++ {
			verbs[i] = directive{verb: 'v', at: -1}
		}
	}
	var typeNames []directive
	for i := first; i < len(call.Args); i++ {
		d, ok := verbs[i]
		if !ok {
			continue
		}
		t := r.info.Types[call.Args[i]].Type
		if t == nil {
			continue
		}
		if _, isIface := t.Underlying().(*types.Interface); isIface {
			if d.verb != 'T' && d.verb != 'p' {
				r.showDynamic(call, i, fn.Pkg())
			}
			continue
		}
		if strings.ContainsRune("vs", d.verb) && !d.sharp() && !hasOwnMethod(t) &&
			(nestedMethod(t, true, map[types.Type]bool{}) != "" || (nestedIface(t, true, map[types.Type]bool{}) && r.dynamicView(r.fmtMode(nil)) != nil)) {
			// Nested String/Error/Format: a view that holds them in fmt's interfaces.
			if fmtPkg := fmtPackage(fn.Pkg()); fmtPkg != nil && r.viewArg(call, i, t, r.fmtMode(fmtPkg)) {
				continue
			}
		}
		if msg := r.fmtProblem(fn, t, d); msg != "" {
			pos := call.Args[i].Pos()
			call.Args[i] = &ast.CallExpr{Fun: &ast.SelectorExpr{X: ident(RuntimeName, pos), Sel: ident("Fail", pos)}, Lparen: pos,
				Args: []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(msg)}}, Rparen: call.Args[i].End()}
			return
		}
		if formatAt >= 0 && (d.verb == 'v' || d.verb == 's') && !d.sharp() && elemHasStringer(t) {
			if stringer := fmtStringer(fn.Pkg()); stringer != nil {
				r.wrapElems(call, i, stringer)
			}
			continue
		}
		if d.verb == 'T' && mentionsCellType(t) {
			pos := call.Args[i].Pos()
			goName := reflectString(t)
			call.Args[i] = &ast.CallExpr{Fun: &ast.SelectorExpr{X: ident(RuntimeName, pos), Sel: ident("TypeName", pos)}, Lparen: pos,
				Args: []ast.Expr{call.Args[i], &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(goName)}}, Rparen: call.Args[i].End()}
			typeNames = append(typeNames, d)
		}
	}
	if len(typeNames) > 0 {
		b := []byte(format)
		for _, d := range typeNames {
			b[d.at] = 's'
		}
		pos := call.Args[formatAt].Pos()
		call.Args[formatAt] = &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(string(b))}
	}
}

// fmtProblem says why fmt would print a value of static type t with directive d
// otherwise than Go does, or "".
func (r *rewriter) fmtProblem(fn *types.Func, t types.Type, d directive) string {
	verb := fn.Pkg().Name() + "." + fn.Name()
	if d.at >= 0 {
		verb = "%" + d.flags + string(d.verb)
	}
	if d.verb == 'T' {
		return ""
	}
	if d.verb == 'v' && (d.sharp() || d.plus()) {
		if where := unexportedField(t, map[types.Type]bool{}); where != "" {
			return fmt.Sprintf("fmt: %s of %s: the unexported field %s would print as X%s (the interpreter exports the fields "+
				"of a type declared in a cell); print it with %%v, or export the field", verb, typeName(t), where, fieldName(where))
		}
	}
	if d.verb == 'v' && d.sharp() && !hasMethod(t, "GoString") {
		if named := cellComposite(t, map[types.Type]bool{}); named != "" {
			return fmt.Sprintf("fmt: %s of %s: the interpreter has no Go name for %s, a type declared in a cell, and would print "+
				"its underlying type; print it with %%+v, or give %s a GoString method", verb, typeName(t), named, named)
		}
	}
	if !strings.ContainsRune("vsqxX", d.verb) || d.sharp() && d.verb == 'v' {
		return ""
	}
	for _, m := range []string{"Format", "Error", "String"} {
		if hasMethod(t, m) {
			return "" // the interpreter wraps the value itself
		}
	}
	if elemHasStringer(t) {
		return "" // stringerSlices wraps the elements
	}
	if where := nestedMethod(t, true, map[types.Type]bool{}); where != "" {
		return fmt.Sprintf("fmt: %s of %s: fmt would not call %s on the value nested in it (the interpreter shows fmt the "+
			"methods of the value passed only, for a type declared in a cell); print that value itself%s",
			verb, typeName(t), where, giveMethod(t, "String"))
	}
	return ""
}

// A directive is a verb of a format and the argument it prints.
type directive struct {
	arg   int    // index among the arguments after the format
	verb  rune   // 'v', 'T'...
	flags string // "+", "#"...
	at    int    // byte offset of the verb in the format, or -1
}

func (d directive) sharp() bool { return strings.Contains(d.flags, "#") }
func (d directive) plus() bool  { return strings.Contains(d.flags, "+") }

// parseFormat returns the directives of a Printf format in order; ok is false for
// formats with explicit argument indexes ([n]), which it does not follow.
func parseFormat(format string) (ds []directive, ok bool) {
	arg := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		var flags strings.Builder
		for i < len(format) && strings.IndexByte("+-# 0", format[i]) >= 0 {
			flags.WriteByte(format[i])
			i++
		}
		num := func() {
			if i < len(format) && format[i] == '*' {
				arg++
				i++
				return
			}
			for i < len(format) && format[i] >= '0' && format[i] <= '9' {
				i++
			}
		}
		num()
		if i < len(format) && format[i] == '.' {
			i++
			num()
		}
		if i >= len(format) {
			return ds, true
		}
		if format[i] == '[' {
			return nil, false
		}
		verb, size := utf8.DecodeRuneInString(format[i:])
		if verb == '%' {
			continue
		}
		ds = append(ds, directive{arg: arg, verb: verb, flags: flags.String(), at: i})
		arg++
		i += size - 1
	}
	return ds, true
}

// isCellNamed reports whether t is a named type declared in the cells.
func isCellNamed(t types.Type) (*types.Named, bool) {
	n, ok := t.(*types.Named)
	return n, ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "main"
}

func typeName(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string {
		if p.Path() == "main" {
			return ""
		}
		return p.Name()
	})
}

// hasMethod reports whether t's method set has a method name.
func hasMethod(t types.Type, name string) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, false, nil, name)
	_, isFunc := obj.(*types.Func)
	return isFunc
}

// mentionsCellType reports whether t's spelling involves a cell's named type.
func mentionsCellType(t types.Type) bool {
	found := false
	var walk func(t types.Type, depth int)
	walk = func(t types.Type, depth int) {
		if found || depth > 8 {
			return
		}
		switch u := t.(type) {
		case *types.Named:
			if _, ok := isCellNamed(u); ok {
				found = true
			}
		case *types.Pointer:
			walk(u.Elem(), depth+1)
		case *types.Slice:
			walk(u.Elem(), depth+1)
		case *types.Array:
			walk(u.Elem(), depth+1)
		case *types.Map:
			walk(u.Key(), depth+1)
			walk(u.Elem(), depth+1)
		case *types.Chan:
			walk(u.Elem(), depth+1)
		case *types.Struct:
			for i := 0; i < u.NumFields(); i++ {
				walk(u.Field(i).Type(), depth+1)
			}
		case *types.Signature:
			for _, tup := range []*types.Tuple{u.Params(), u.Results()} {
				for i := 0; i < tup.Len(); i++ {
					walk(tup.At(i).Type(), depth+1)
				}
			}
		}
	}
	walk(t, 0)
	return found
}

// elemHasStringer reports whether t is a slice, array or map whose elements are of
// a cell type with String or Error (stringerSlices wraps them).
func elemHasStringer(t types.Type) bool {
	var elem types.Type
	switch u := t.Underlying().(type) {
	case *types.Slice:
		elem = u.Elem()
	case *types.Array:
		elem = u.Elem()
	case *types.Map:
		elem = u.Elem()
		if nestedMethod(u.Key(), false, map[types.Type]bool{}) != "" {
			return false
		}
	default:
		return false
	}
	if _, ok := isCellNamed(elem); !ok {
		return false
	}
	return hasMethod(elem, "String") || hasMethod(elem, "Error")
}

// nestedMethod names the first cell type's method fmt would call on a value inside
// a value of type t (Type.Method), or "". top is whether t is the argument itself,
// whose methods the interpreter does show fmt.
func nestedMethod(t types.Type, top bool, seen map[types.Type]bool) string {
	if seen[t] {
		return ""
	}
	seen[t] = true
	if !top {
		base := t
		if p, ok := t.(*types.Pointer); ok {
			base = p.Elem()
		}
		if _, ok := isCellNamed(base); ok {
			for _, m := range []string{"Format", "Error", "String"} {
				if hasMethod(t, m) {
					return typeName(t) + "." + m
				}
			}
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		if top {
			// fmt prints &{...} of a pointer to a struct at the top only.
			if _, isStruct := u.Elem().Underlying().(*types.Struct); isStruct {
				return nestedMethod(u.Elem(), false, seen)
			}
		}
		return ""
	case *types.Slice:
		return nestedMethod(u.Elem(), false, seen)
	case *types.Array:
		return nestedMethod(u.Elem(), false, seen)
	case *types.Map:
		if w := nestedMethod(u.Key(), false, seen); w != "" {
			return w
		}
		return nestedMethod(u.Elem(), false, seen)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if !u.Field(i).Exported() {
				continue // fmt calls no method inside an unexported field
			}
			if w := nestedMethod(u.Field(i).Type(), false, seen); w != "" {
				return w
			}
		}
	}
	return ""
}

// unexportedField names the first unexported field (Type.field) of a cell's struct
// type that fmt would print a name for inside a value of type t, or "".
func unexportedField(t types.Type, seen map[types.Type]bool) string {
	if seen[t] {
		return ""
	}
	seen[t] = true
	if n, ok := isCellNamed(t); ok {
		if s, isStruct := n.Underlying().(*types.Struct); isStruct {
			for i := 0; i < s.NumFields(); i++ {
				if f := s.Field(i); !f.Exported() {
					return n.Obj().Name() + "." + f.Name()
				}
			}
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		return unexportedField(u.Elem(), seen)
	case *types.Slice:
		return unexportedField(u.Elem(), seen)
	case *types.Array:
		return unexportedField(u.Elem(), seen)
	case *types.Map:
		if w := unexportedField(u.Key(), seen); w != "" {
			return w
		}
		return unexportedField(u.Elem(), seen)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if w := unexportedField(u.Field(i).Type(), seen); w != "" {
				return w
			}
		}
	}
	return ""
}

// cellComposite names a cell type whose name %#v would print for a value of type t:
// a cell struct type, or a cell type as the element of a composite, or "".
func cellComposite(t types.Type, seen map[types.Type]bool) string {
	if seen[t] {
		return ""
	}
	seen[t] = true
	if n, ok := isCellNamed(t); ok {
		switch n.Underlying().(type) {
		case *types.Struct, *types.Slice, *types.Array, *types.Map:
			return n.Obj().Name()
		}
	}
	elem := func(e types.Type) string {
		if n, ok := isCellNamed(e); ok {
			return n.Obj().Name()
		}
		return cellComposite(e, seen)
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		return cellComposite(u.Elem(), seen)
	case *types.Slice:
		return elem(u.Elem())
	case *types.Array:
		return elem(u.Elem())
	case *types.Map:
		if w := elem(u.Key()); w != "" {
			return w
		}
		return elem(u.Elem())
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if w := cellComposite(u.Field(i).Type(), seen); w != "" {
				return w
			}
		}
	}
	return ""
}

// fmtStringer finds fmt.Stringer from fmt or a package importing it (log).
func fmtStringer(p *types.Package) types.Object {
	if p.Path() == "fmt" {
		return p.Scope().Lookup("Stringer")
	}
	for _, q := range p.Imports() {
		if q.Path() == "fmt" {
			return q.Scope().Lookup("Stringer")
		}
	}
	return nil
}

// reflectString spells t as package reflect (and so %T) does: struct { X int },
// func(int) string, main.Celsius.
func reflectString(t types.Type) string {
	switch u := t.(type) {
	case *types.Named:
		if u.Obj().Pkg() == nil {
			return u.Obj().Name()
		}
		s := u.Obj().Pkg().Name() + "." + u.Obj().Name()
		if args := u.TypeArgs(); args != nil && args.Len() > 0 {
			var as []string
			for i := 0; i < args.Len(); i++ {
				as = append(as, reflectString(args.At(i)))
			}
			s += "[" + strings.Join(as, ",") + "]"
		}
		return s
	case *types.Pointer:
		return "*" + reflectString(u.Elem())
	case *types.Slice:
		return "[]" + reflectString(u.Elem())
	case *types.Array:
		return fmt.Sprintf("[%d]%s", u.Len(), reflectString(u.Elem()))
	case *types.Map:
		return "map[" + reflectString(u.Key()) + "]" + reflectString(u.Elem())
	case *types.Chan:
		switch u.Dir() {
		case types.SendOnly:
			return "chan<- " + reflectString(u.Elem())
		case types.RecvOnly:
			return "<-chan " + reflectString(u.Elem())
		}
		return "chan " + reflectString(u.Elem())
	case *types.Struct:
		if u.NumFields() == 0 {
			return "struct {}"
		}
		var fs []string
		for i := 0; i < u.NumFields(); i++ {
			f := u.Field(i)
			s := f.Name() + " " + reflectString(f.Type())
			if f.Embedded() {
				s = reflectString(f.Type())
			}
			if tag := u.Tag(i); tag != "" {
				s += " " + strconv.Quote(tag)
			}
			fs = append(fs, s)
		}
		return "struct { " + strings.Join(fs, "; ") + " }"
	case *types.Signature:
		var ps, rs []string
		for i := 0; i < u.Params().Len(); i++ {
			p := reflectString(u.Params().At(i).Type())
			if u.Variadic() && i == u.Params().Len()-1 {
				p = "..." + strings.TrimPrefix(p, "[]")
			}
			ps = append(ps, p)
		}
		for i := 0; i < u.Results().Len(); i++ {
			rs = append(rs, reflectString(u.Results().At(i).Type()))
		}
		s := "func(" + strings.Join(ps, ", ") + ")"
		switch len(rs) {
		case 0:
		case 1:
			s += " " + rs[0]
		default:
			s += " (" + strings.Join(rs, ", ") + ")"
		}
		return s
	}
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}

// showDynamic passes call.Args[i], of an interface type, through a type switch over
// the cells' types that implement fmt.Formatter, error or fmt.Stringer, which puts
// such a value into that interface: the interpreter hands fmt a value held in an
// interface (var v any = T{}) without its methods.
//
//	func(v any) any { w := any(__petri_pm.Self(v)); if x, ok := w.(T); ok { return []error{x}[0] }; return v }(arg)
//
// (Self: a value already in a compiled interface is the interpreter's wrapper.)
func (r *rewriter) showDynamic(call *ast.CallExpr, i int, pkg *types.Package) {
	var fmtPkg *types.Package
	if pkg.Path() == "fmt" {
		fmtPkg = pkg
	}
	for _, q := range pkg.Imports() {
		if q.Path() == "fmt" {
			fmtPkg = q
		}
	}
	var ifaces []types.Type
	if fmtPkg != nil {
		for _, n := range []string{"Formatter", "Stringer"} {
			obj := fmtPkg.Scope().Lookup(n)
			if obj == nil {
				return
			}
			ifaces = append(ifaces, obj.Type())
		}
	} else {
		// (log's package does not list its imports here: fmt.Stringer by hand.)
		fake := types.NewPackage("fmt", "fmt")
		str := types.NewSignatureType(nil, nil, nil, nil, types.NewTuple(types.NewParam(token.NoPos, nil, "", types.Typ[types.String])), false)
		iface := types.NewInterfaceType([]*types.Func{types.NewFunc(token.NoPos, fake, "String", str)}, nil).Complete()
		ifaces = append(ifaces, types.NewNamed(types.NewTypeName(token.NoPos, fake, "Stringer", nil), iface, nil))
	}
	// fmt's order: Formatter, error, Stringer.
	ifaces = append(ifaces[:len(ifaces)-1], types.Universe.Lookup("error").Type(), ifaces[len(ifaces)-1])
	distinct := map[types.Type]bool{}
	for _, t := range r.distinctCellTypes() {
		distinct[t] = true
	}
	var b strings.Builder
	n := 0
	for _, it := range ifaces {
		is, ok := r.typeString(it)
		if !ok {
			return
		}
		for _, c := range r.implementers(it.Underlying().(*types.Interface)) {
			base := c
			if p, isPtr := c.(*types.Pointer); isPtr {
				base = p.Elem()
			}
			if !distinct[base] {
				continue // (see distinctCellTypes)
			}
			// Each type once, under the first interface of fmt's order it implements.
			first := true
			for _, earlier := range ifaces {
				if earlier == it {
					break
				}
				if types.Implements(c, earlier.Underlying().(*types.Interface)) {
					first = false
				}
			}
			if !first {
				continue
			}
			cs, ok := r.typeString(c)
			if !ok {
				return
			}
			fmt.Fprintf(&b, "if x, ok := w.(%s); ok { return []%s{x}[0] }\n", cs, is)
			n++
		}
	}
	if n == 0 {
		return
	}
	a := call.Args[i]
	// (Comma-ok assertions: the interpreter's type switch misses named basic types here.)
	lit, err := parser.ParseExpr("func(v any) any {\nif v == nil { return v }\nw := any(" + RuntimeName + ".Self(v))\n" + b.String() + "return v }")
	if err != nil {
		return
	}
	setPos(lit, a.Pos())
	call.Args[i] = &ast.CallExpr{Fun: lit, Lparen: a.Pos(), Args: []ast.Expr{a}, Rparen: a.End()}
}

// hasOwnMethod reports whether fmt would call a method of t itself.
func hasOwnMethod(t types.Type) bool {
	for _, m := range []string{"Format", "Error", "String", "GoString"} {
		if hasMethod(t, m) {
			return true
		}
	}
	return false
}

// fmtPackage finds package fmt from fmt or a package importing it, or nil.
func fmtPackage(p *types.Package) *types.Package {
	if p.Path() == "fmt" {
		return p
	}
	for _, q := range p.Imports() {
		if q.Path() == "fmt" {
			return q
		}
	}
	return nil
}

// nestedIface reports whether a value of type t holds, in an exported field, an
// element or a map value, a value of an interface type.
func nestedIface(t types.Type, top bool, seen map[types.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch u := t.Underlying().(type) {
	case *types.Interface:
		return !top
	case *types.Pointer:
		return top && nestedIface(u.Elem(), true, seen)
	case *types.Slice:
		return nestedIface(u.Elem(), false, seen)
	case *types.Array:
		return nestedIface(u.Elem(), false, seen)
	case *types.Map:
		return nestedIface(u.Elem(), false, seen)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if u.Field(i).Exported() && nestedIface(u.Field(i).Type(), false, seen) {
				return true
			}
		}
	}
	return false
}
