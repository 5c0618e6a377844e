package session

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"sort"
	"strings"
	"unicode"

	"github.com/traefik/yaegi/interp"
)

// Completion is the answer to a completion request: the candidates for the text
// between Start and End (offsets in runes, as Jupyter counts them).
type Completion struct {
	Matches    []string
	Start, End int
}

// Complete returns completions for the identifier before cursor (in runes): members of
// a package (`fmt.Pri`), fields and methods of a value in scope (`p.Ad`), or names in
// scope, packages and keywords.
func (s *Session) Complete(code string, cursor int) Completion {
	runes := []rune(code)
	if cursor < 0 || cursor > len(runes) {
		cursor = len(runes)
	}
	start := cursor
	for start > 0 && isIdent(runes[start-1]) {
		start--
	}
	prefix := string(runes[start:cursor])
	c := Completion{Start: start, End: cursor}
	if start > 0 && runes[start-1] == '.' {
		// A selector: find its receiver, e.g. "fmt" in "fmt.Pri" or "p" in "p.Ad".
		rs := start - 1
		for rs > 0 && isIdent(runes[rs-1]) {
			rs--
		}
		recv := string(runes[rs : start-1])
		c.Matches = filter(s.members(recv), prefix)
		return c
	}
	c.Matches = filter(s.names(), prefix)
	return c
}

func isIdent(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

func filter(cands []string, prefix string) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range cands {
		if strings.HasPrefix(c, prefix) && !seen[c] && !strings.HasPrefix(c, "_") {
			seen[c] = true
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

// members lists what may follow "recv.".
func (s *Session) members(recv string) []string {
	s.mu.Lock()
	path := s.imported[recv]
	isGlobal := s.globals[recv]
	s.mu.Unlock()
	if path == "" && !isGlobal {
		path = stdIndex[recv] // imported on first use
	}
	if path != "" && !isGlobal {
		var out []string
		for _, syms := range s.in.Symbols(path) {
			for name := range syms {
				if token.IsExported(name) {
					out = append(out, name)
				}
			}
		}
		return out
	}
	if !isGlobal {
		return nil
	}
	v, ok := s.global(recv)
	if !ok {
		return nil
	}
	return s.valueMembers(v)
}

// global returns the value of a name declared by a cell. The interpreter's Symbols
// lists exported names only, so the name is evaluated (a bare identifier has no side
// effects). Not while a cell runs: the kernel serves completion between cells.
func (s *Session) global(name string) (v reflect.Value, ok bool) {
	if s.current() != nil {
		return v, false
	}
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	f, err := parser.ParseFile(s.in.FileSet(), "petri/"+interp.DefaultSourceName, "package main; func _() {\n"+name+"\n}", 0)
	if err != nil {
		return v, false
	}
	prog, err := s.in.CompileAST(f.Decls[0].(*ast.FuncDecl).Body)
	if err != nil {
		return v, false
	}
	v, err = s.in.Execute(prog)
	return v, err == nil && v.IsValid()
}

// valueMembers lists the fields and methods of a value: compiled methods through
// reflection, methods of cell-declared types from the cells that declared them.
func (s *Session) valueMembers(v reflect.Value) []string {
	var out []string
	t := v.Type()
	if t.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
		t = v.Type()
	}
	for i := 0; i < t.NumMethod(); i++ {
		out = append(out, t.Method(i).Name)
	}
	st := t
	if st.Kind() == reflect.Ptr {
		st = st.Elem()
		pt := t
		for i := 0; i < pt.NumMethod(); i++ {
			out = append(out, pt.Method(i).Name)
		}
	}
	if st.Kind() == reflect.Struct {
		for i := 0; i < st.NumField(); i++ {
			out = append(out, fieldName(st.Field(i).Name))
		}
	}
	out = append(out, s.cellMethods(st)...)
	return out
}

// cellMethods returns the methods declared by cells on the cell type whose runtime
// representation is t.
func (s *Session) cellMethods(t reflect.Type) []string {
	s.mu.Lock()
	names := make(map[string][]string, len(s.methods))
	for name, methods := range s.methods {
		names[name] = methods
	}
	s.mu.Unlock()
	var out []string
	for name, methods := range names {
		if v, ok := s.global("*new(" + name + ")"); ok && v.Type() == t {
			out = append(out, methods...)
		}
	}
	return out
}

var keywords = strings.Fields(`break case chan const continue default defer else fallthrough for func go
	goto if import interface map package range return select struct switch type var`)

// names lists the identifiers usable at top level.
func (s *Session) names() []string {
	s.mu.Lock()
	var out []string
	for name := range s.globals {
		out = append(out, name)
	}
	for name := range s.imported {
		out = append(out, name)
	}
	s.mu.Unlock()
	for name := range stdIndex {
		out = append(out, name)
	}
	for name := range universe {
		out = append(out, name)
	}
	return append(out, keywords...)
}

// fieldName undoes the interpreter's renaming of unexported fields of cell-declared
// structs ("Xcount" for count), which reflection requires.
func fieldName(name string) string {
	if len(name) > 1 && name[0] == 'X' && unicode.IsLower(rune(name[1])) {
		return name[1:]
	}
	return name
}
