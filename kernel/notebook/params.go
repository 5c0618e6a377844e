package notebook

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Cell tags of papermill's convention: the cell tagged TagParameters holds the
// defaults; the cell tagged TagInjected, right after it, overrides them.
const (
	TagParameters = "parameters"
	TagInjected   = "injected-parameters"
)

// Parameter is one default declared in a notebook's parameters cell.
type Parameter struct {
	Name    string
	Type    string // Go type: "int", "float64", "string", "bool", "time.Duration", "[]float64", …; "" if not known
	Default string // the default's source text
}

// Parameters returns the parameters nb declares in its cell tagged "parameters", in
// source order, or an error if it has no such cell or the cell does not parse.
//
// Each `name := value`, `var name [T] = value` and `const name [T] = value` at the top
// of the cell is a parameter; its type is T when written, else that of the literal
// (int, float64, string, bool, rune, a conversion T(x), a composite literal []T{…}, or
// time.Duration for an expression using time's units).
func Parameters(nb *Notebook) ([]Parameter, error) {
	cell := taggedCell(nb, TagParameters)
	if cell < 0 {
		return nil, fmt.Errorf("the notebook has no cell tagged %q; tag the cell that holds the defaults "+
			"(JupyterLab: the property inspector's Cell Tags; classic Notebook: View → Cell Toolbar → Tags)", TagParameters)
	}
	return parseParameters(string(nb.Cells[cell].Source))
}

func parseParameters(src string) ([]Parameter, error) {
	// The cell is statements; as the body of a function it parses as Go.
	const head = "package p\nfunc _() {\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "parameters", head+src+"\n}\n", 0)
	if err != nil {
		return nil, fmt.Errorf("the parameters cell does not parse as Go statements (%v); keep it to declarations like `seed := 1`", shiftLines(err.Error(), 2))
	}
	text := func(n ast.Node) string {
		return src[fset.Position(n.Pos()).Offset-len(head) : fset.Position(n.End()).Offset-len(head)]
	}
	var params []Parameter
	body := f.Decls[0].(*ast.FuncDecl).Body
	for _, stmt := range body.List {
		switch s := stmt.(type) {
		case *ast.AssignStmt:
			if s.Tok != token.DEFINE || len(s.Lhs) != len(s.Rhs) {
				continue
			}
			for i, l := range s.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
					params = append(params, Parameter{Name: id.Name, Type: literalType(s.Rhs[i]), Default: text(s.Rhs[i])})
				}
			}
		case *ast.DeclStmt:
			g, ok := s.Decl.(*ast.GenDecl)
			if !ok || (g.Tok != token.VAR && g.Tok != token.CONST) {
				continue
			}
			for _, spec := range g.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, id := range vs.Names {
					if id.Name == "_" {
						continue
					}
					p := Parameter{Name: id.Name}
					if i < len(vs.Values) {
						p.Default = text(vs.Values[i])
						p.Type = literalType(vs.Values[i])
					}
					if vs.Type != nil {
						p.Type = text(vs.Type)
					}
					params = append(params, p)
				}
			}
		}
	}
	return params, nil
}

// shiftLines makes "parameters:3:5" positions count from the cell's first line.
func shiftLines(msg string, by int) string {
	const prefix = "parameters:"
	if !strings.HasPrefix(msg, prefix) {
		return msg
	}
	rest := msg[len(prefix):]
	i := strings.IndexByte(rest, ':')
	if i < 0 {
		return msg
	}
	n, err := strconv.Atoi(rest[:i])
	if err != nil {
		return msg
	}
	return fmt.Sprintf("line %d%s", n-by, rest[i:])
}

// literalType is the type Go gives a default written as e.
func literalType(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.BasicLit:
		switch x.Kind {
		case token.INT:
			return "int"
		case token.FLOAT:
			return "float64"
		case token.STRING:
			return "string"
		case token.CHAR:
			return "rune"
		}
	case *ast.Ident:
		if x.Name == "true" || x.Name == "false" {
			return "bool"
		}
	case *ast.ParenExpr:
		return literalType(x.X)
	case *ast.UnaryExpr:
		if x.Op == token.SUB || x.Op == token.ADD {
			return literalType(x.X)
		}
	case *ast.CompositeLit:
		if x.Type != nil {
			return types(x.Type)
		}
	case *ast.CallExpr:
		if t := types(x.Fun); basicKind(t) != "" || t == "time.Duration" {
			return t
		}
	case *ast.BinaryExpr:
		if usesTimeUnit(x) {
			return "time.Duration"
		}
		l, r := literalType(x.X), literalType(x.Y)
		if l == r {
			return l
		}
		if (l == "int" && r == "float64") || (l == "float64" && r == "int") {
			return "float64"
		}
	case *ast.SelectorExpr:
		if usesTimeUnit(x) {
			return "time.Duration"
		}
	}
	return ""
}

// types prints a type expression of the simple forms parameters use.
func types(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		if p, ok := x.X.(*ast.Ident); ok {
			return p.Name + "." + x.Sel.Name
		}
	case *ast.ArrayType:
		if x.Len == nil {
			if el := types(x.Elt); el != "" {
				return "[]" + el
			}
		}
	}
	return ""
}

func usesTimeUnit(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if s, ok := n.(*ast.SelectorExpr); ok {
			if p, ok := s.X.(*ast.Ident); ok && p.Name == "time" {
				switch s.Sel.Name {
				case "Nanosecond", "Microsecond", "Millisecond", "Second", "Minute", "Hour":
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// basicKind groups the basic types: "int", "uint", "float", "string", "bool", or "".
func basicKind(t string) string {
	switch t {
	case "int", "int8", "int16", "int32", "int64", "rune":
		return "int"
	case "uint", "uint8", "uint16", "uint32", "uint64", "byte", "uintptr":
		return "uint"
	case "float32", "float64":
		return "float"
	case "string":
		return "string"
	case "bool":
		return "bool"
	}
	return ""
}

func bitSize(t string) int {
	for _, n := range []string{"8", "16", "32", "64"} {
		if strings.HasSuffix(t, n) {
			v, _ := strconv.Atoi(n)
			return v
		}
	}
	switch t {
	case "rune":
		return 32
	case "byte":
		return 8
	}
	return 64
}

// GoLiteral turns value, as typed on a command line or taken from a parameters file,
// into Go source of type p.Type. Strings may be given bare (lattice) or quoted
// ("lattice"); durations as 2s or 1m30s; slices as [1, 2, 3] or []float64{1, 2, 3}.
// The error names the parameter, its type, the value and what to write instead.
func (p Parameter) GoLiteral(value string) (string, error) {
	bad := func(want string) error {
		return fmt.Errorf("parameter %s=%s: %s is %s (default %s) and %q is not one; give %s",
			p.Name, value, p.Name, article(p.Type), p.Default, value, want)
	}
	v := strings.TrimSpace(value)
	switch p.Type {
	case "":
		// A type petri cannot tell from the default: the value must be a Go expression,
		// and the interpreter checks its type when the injected cell runs.
		if _, err := parser.ParseExpr(v); err != nil {
			return "", fmt.Errorf("parameter %s=%s: the value is not a Go expression (%v); write it as Go source, as the default %s is", p.Name, value, err, p.Default)
		}
		return v, nil
	case "time.Duration":
		if d, err := time.ParseDuration(v); err == nil {
			return fmt.Sprintf("time.Duration(%d)", int64(d)), nil
		}
		return "", bad("a duration such as 500ms, 2s or 1m30s")
	}
	if strings.HasPrefix(p.Type, "[]") {
		return p.sliceLiteral(v, bad)
	}
	switch basicKind(p.Type) {
	case "string":
		if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '`' && v[len(v)-1] == '`') {
			if s, err := strconv.Unquote(v); err == nil {
				return strconv.Quote(s), nil
			}
		}
		return strconv.Quote(value), nil
	case "bool":
		b, err := strconv.ParseBool(v)
		if err != nil {
			return "", bad("true or false")
		}
		return strconv.FormatBool(b), nil
	case "int":
		if p.Type == "rune" && len([]rune(v)) == 1 && (v[0] < '0' || v[0] > '9') {
			return strconv.QuoteRune([]rune(v)[0]), nil
		}
		n, err := strconv.ParseInt(strings.ReplaceAll(v, "_", ""), 0, bitSize(p.Type))
		if err != nil {
			return "", bad(fmt.Sprintf("a whole number that fits %s, such as 3", p.Type))
		}
		return p.Type + "(" + strconv.FormatInt(n, 10) + ")", nil
	case "uint":
		n, err := strconv.ParseUint(strings.ReplaceAll(v, "_", ""), 0, bitSize(p.Type))
		if err != nil {
			return "", bad(fmt.Sprintf("a non-negative whole number that fits %s, such as 3", p.Type))
		}
		return p.Type + "(" + strconv.FormatUint(n, 10) + ")", nil
	case "float":
		f, err := strconv.ParseFloat(strings.ReplaceAll(v, "_", ""), bitSize(p.Type))
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return "", bad("a finite number such as 0.5 or 1e-3")
		}
		return p.Type + "(" + strconv.FormatFloat(f, 'g', -1, bitSize(p.Type)) + ")", nil
	}
	// A named type (a struct, a type of the notebook's own): Go source, checked when
	// the injected cell runs.
	if _, err := parser.ParseExpr(v); err != nil {
		return "", bad("Go source of that type")
	}
	return v, nil
}

func (p Parameter) sliceLiteral(v string, bad func(string) error) (string, error) {
	elem := Parameter{Name: p.Name, Type: p.Type[2:], Default: p.Default}
	want := fmt.Sprintf("a list such as [1, 2] or %s{1, 2}", p.Type)
	var items []string
	switch {
	case strings.HasPrefix(v, p.Type+"{") && strings.HasSuffix(v, "}"):
		e, err := parser.ParseExpr(v)
		if err != nil {
			return "", bad(want)
		}
		for _, el := range e.(*ast.CompositeLit).Elts {
			items = append(items, v[el.Pos()-1:el.End()-1])
		}
	case strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]"):
		var raw []json.RawMessage
		if err := json.Unmarshal([]byte(v), &raw); err != nil {
			return "", bad(want)
		}
		for _, r := range raw {
			s := string(r)
			var str string
			if json.Unmarshal(r, &str) == nil {
				s = str
			}
			items = append(items, s)
		}
	default:
		return "", bad(want)
	}
	out := make([]string, len(items))
	for i, it := range items {
		lit, err := elem.GoLiteral(it)
		if err != nil {
			return "", fmt.Errorf("parameter %s=%s: element %d: %v", p.Name, v, i, err)
		}
		out[i] = lit
	}
	return p.Type + "{" + strings.Join(out, ", ") + "}", nil
}

func article(t string) string {
	if t == "" {
		return "a value"
	}
	if strings.ContainsAny(t[:1], "aeiou") {
		return "an " + t
	}
	return "a " + t
}

// InjectParameters checks values against the notebook's parameters cell and puts a
// cell tagged "injected-parameters" right after it that sets them (replacing one a
// previous run injected). Values are keyed by name, as typed after -p name=. With no
// values it does nothing. The error names the first parameter the notebook does not
// declare or whose value does not parse as its default's type; nb is then unchanged.
func InjectParameters(nb *Notebook, values map[string]string) error {
	if len(values) == 0 {
		return nil
	}
	params, err := Parameters(nb)
	if err != nil {
		return fmt.Errorf("parameters %s given, but %v", joinNames(values), err)
	}
	byName := map[string]Parameter{}
	var declared []string
	for _, p := range params {
		byName[p.Name] = p
		declared = append(declared, fmt.Sprintf("%s (%s)", p.Name, orUnknown(p.Type)))
	}
	names := make([]string, 0, len(values))
	for n := range values {
		names = append(names, n)
	}
	sort.Strings(names)
	var src strings.Builder
	src.WriteString("// Parameters injected by petri\n")
	for _, n := range names {
		p, ok := byName[n]
		if !ok {
			return fmt.Errorf("parameter %q is not declared in the notebook's parameters cell, which declares %s; "+
				"fix the name or add a default for it there", n, strings.Join(declared, ", "))
		}
		lit, err := p.GoLiteral(values[n])
		if err != nil {
			return err
		}
		fmt.Fprintf(&src, "%s = %s\n", n, lit)
	}
	// The defaults cell may declare with const; a constant cannot be assigned, so
	// those parameters are declared again.
	text := src.String()
	for _, n := range names {
		if isConst(nb, n) {
			text = strings.Replace(text, "\n"+n+" = ", "\nconst "+n+" = ", 1)
		}
	}
	cell := &Cell{CellType: "code", ID: "injected-parameters", Source: Source(strings.TrimSuffix(text, "\n")),
		Metadata: map[string]any{"tags": []any{TagInjected}}}
	var cells []*Cell
	for _, c := range nb.Cells {
		if !hasTag(c, TagInjected) {
			cells = append(cells, c)
		}
	}
	for i, c := range cells {
		if hasTag(c, TagParameters) {
			cells = append(cells[:i+1], append([]*Cell{cell}, cells[i+1:]...)...)
			break
		}
	}
	nb.Cells = cells
	petriMetadata(nb)["parameters"] = copyStrings(values)
	return nil
}

func isConst(nb *Notebook, name string) bool {
	i := taggedCell(nb, TagParameters)
	if i < 0 {
		return false
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\nfunc _() {\n"+string(nb.Cells[i].Source)+"\n}\n", 0)
	if err != nil {
		return false
	}
	for _, s := range f.Decls[0].(*ast.FuncDecl).Body.List {
		if d, ok := s.(*ast.DeclStmt); ok {
			if g, ok := d.Decl.(*ast.GenDecl); ok && g.Tok == token.CONST {
				for _, spec := range g.Specs {
					for _, id := range spec.(*ast.ValueSpec).Names {
						if id.Name == name {
							return true
						}
					}
				}
			}
		}
	}
	return false
}

func orUnknown(t string) string {
	if t == "" {
		return "Go expression"
	}
	return t
}

func joinNames(values map[string]string) string {
	var names []string
	for n := range values {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func copyStrings(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func taggedCell(nb *Notebook, tag string) int {
	for i, c := range nb.Cells {
		if c.CellType == "code" && hasTag(c, tag) {
			return i
		}
	}
	return -1
}

func hasTag(c *Cell, tag string) bool {
	tags, _ := c.Metadata["tags"].([]any)
	for _, t := range tags {
		if t == tag {
			return true
		}
	}
	if ts, ok := c.Metadata["tags"].([]string); ok {
		for _, t := range ts {
			if t == tag {
				return true
			}
		}
	}
	return false
}

// petriMetadata is the notebook's metadata.petri object, created if missing.
func petriMetadata(nb *Notebook) map[string]any {
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	m, ok := nb.Metadata["petri"].(map[string]any)
	if !ok {
		m = map[string]any{}
		nb.Metadata["petri"] = m
	}
	return m
}

// ParseParameterArgs turns -p arguments "name=value" into a map; later ones win.
func ParseParameterArgs(args []string, into map[string]string) error {
	for _, a := range args {
		name, value, ok := strings.Cut(a, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return fmt.Errorf("-p %q: write a parameter as name=value, e.g. -p seed=3", a)
		}
		into[name] = value
	}
	return nil
}

// ReadParameterFile reads a JSON object of parameters, {"seed": 3, "topology":
// "lattice"}, as papermill's -f file holds them (in JSON, which is also YAML). Strings
// are taken as they are (bare), numbers and bools as written, lists and objects as
// their JSON text.
func ReadParameterFile(path string, into map[string]string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("parameters file %s: %v; write a JSON object such as {\"seed\": 3, \"topology\": \"lattice\"}", path, err)
	}
	for k, raw := range m {
		into[k] = JSONParameter(raw)
	}
	return nil
}

// JSONParameter is the -p text of a JSON value: a string's contents, or the JSON
// text of anything else.
func JSONParameter(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return strings.TrimSpace(string(raw))
}
