package notebook

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"sort"
	"strconv"
	"strings"
)

// A script's parameters are its command-line flags, as for any Go program: each
// flag.Int("seed", 1, "…"), flag.Float64Var(&gain, "gain", 1.5, "…") and so on that the
// script declares with a literal name. `petri script FILE.go -p seed=3` checks the
// value against the flag's type, as `petri run -p` does against a notebook's
// defaults, and passes it as -seed=3; the script reads it with flag.Parse.

// flagTypes maps the flag package's constructors to the type of their value.
var flagTypes = map[string]string{
	"Int": "int", "Int64": "int64", "Uint": "uint", "Uint64": "uint64", "Float64": "float64",
	"String": "string", "Bool": "bool", "Duration": "time.Duration",
}

// ScriptParameters lists the flags the Go file at path declares through package
// flag, in source order.
func ScriptParameters(path string) ([]Parameter, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	body, _, _, err := scriptBody(path, src)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	text := "package main\n" + body
	f, err := parser.ParseFile(fset, path, text, 0)
	if err != nil {
		// A script of bare statements: look inside a function made of them.
		text = "package main\nfunc _() {\n" + body + "\n}\n"
		fset = token.NewFileSet()
		f, err = parser.ParseFile(fset, path, text, 0)
		if err != nil {
			return nil, fmt.Errorf("%s does not parse: %v", path, err)
		}
	}
	var params []Parameter
	seen := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "flag" {
			return true
		}
		name, args := strings.TrimSuffix(sel.Sel.Name, "Var"), call.Args
		if name != sel.Sel.Name {
			if len(args) == 0 {
				return true
			}
			args = args[1:] // the pointer
		}
		typ, ok := flagTypes[name]
		if !ok || len(args) < 2 {
			return true
		}
		lit, ok := args[0].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		flagName, err := strconv.Unquote(lit.Value)
		if err != nil || seen[flagName] {
			return true
		}
		seen[flagName] = true
		def := text[fset.Position(args[1].Pos()).Offset:fset.Position(args[1].End()).Offset]
		params = append(params, Parameter{Name: flagName, Type: typ, Default: def})
		return true
	})
	return params, nil
}

// ScriptFlags checks values against a script's flags and returns them as arguments,
// -name=value, sorted by name. The error names a parameter the script does not
// declare, or a value that is not of its flag's type, and the fix.
func ScriptFlags(path string, values map[string]string) ([]string, error) {
	if len(values) == 0 {
		return nil, nil
	}
	params, err := ScriptParameters(path)
	if err != nil {
		return nil, err
	}
	byName := map[string]Parameter{}
	var declared []string
	for _, p := range params {
		byName[p.Name] = p
		declared = append(declared, fmt.Sprintf("%s (%s)", p.Name, p.Type))
	}
	names := make([]string, 0, len(values))
	for n := range values {
		names = append(names, n)
	}
	sort.Strings(names)
	var args []string
	for _, n := range names {
		p, ok := byName[n]
		if !ok {
			have := "no flags"
			if len(declared) > 0 {
				have = "the flags " + strings.Join(declared, ", ")
			}
			return nil, fmt.Errorf("parameter %q is not a flag of %s, which declares %s; fix the name or declare it, e.g. %s := flag.Int(%q, 1, \"…\") before flag.Parse()",
				n, path, have, n, n)
		}
		if _, err := p.GoLiteral(values[n]); err != nil {
			return nil, err
		}
		v := strings.TrimSpace(values[n])
		if p.Type == "string" {
			if s, err := strconv.Unquote(v); err == nil && len(v) >= 2 && (v[0] == '"' || v[0] == '`') {
				v = s
			} else {
				v = values[n]
			}
		}
		args = append(args, "-"+n+"="+v)
	}
	return args, nil
}
