package cell

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
)

// Parsed is a cell cut into the three parts the interpreter runs in order.
type Parsed struct {
	Name    string
	Imports *ast.File      // import declarations only; nil if none
	Decls   *ast.File      // package-level declarations; nil if none
	Body    *ast.BlockStmt // top-level statements, in order; nil if none
	// BodyFile is the file wrapping Body (in func main), for its unresolved names.
	BodyFile *ast.File
}

// Parse splits src and parses its parts with fset (which must be the interpreter's
// file set), naming positions after name, e.g. "cell[3]".
func Parse(fset *token.FileSet, name, src string) (*Parsed, error) {
	segs, err := Split(name, src)
	if err != nil {
		return nil, err
	}
	p := &Parsed{Name: name}
	var has [3]bool
	for _, s := range segs {
		has[s.Kind] = true
	}
	const mode = parser.ParseComments | parser.DeclarationErrors
	if has[Import] {
		if p.Imports, err = parser.ParseFile(fset, name, fileHeader(name)+keep(src, segs, Import), mode); err != nil {
			return nil, err
		}
	}
	if has[Decl] {
		if p.Decls, err = parser.ParseFile(fset, name, fileHeader(name)+keep(src, segs, Decl), mode); err != nil {
			return nil, err
		}
	}
	if has[Stmt] {
		f, err := parser.ParseFile(fset, name, "package main; func _() {"+directive(name)+keep(src, segs, Stmt)+"\n}", mode)
		if err != nil {
			return nil, err
		}
		p.Body, p.BodyFile = f.Decls[0].(*ast.FuncDecl).Body, f
	}
	return p, nil
}

func fileHeader(name string) string { return "package main" + directive(name) }

// directive makes the next line line 1, column 1 of the cell. The parser resolves a
// relative name against the file's directory, so it carries the base name only.
func directive(name string) string { return "\n//line " + filepath.Base(name) + ":1:1\n" }

// keep returns src with every byte outside segments of kind k blanked; newlines stay,
// so lines and columns are unchanged.
// directiveAt reports whether a line starting with //go: starts at offset i of src.
func directiveAt(src string, i int) bool {
	if (i > 0 && src[i-1] != '\n') || !strings.HasPrefix(src[i:], "//go:") {
		return false
	}
	return true
}

func keep(src string, segs []Segment, k Kind) string {
	b := []byte(src)
	pos := 0
	blank := func(from, to int) {
		for i := from; i < to; i++ {
			if directiveAt(src, i) {
				// A compiler directive (//go:noinline) stays with the declaration
				// after it: compiled cells hand it to the compiler.
				for i < to && b[i] != '\n' {
					i++
				}
				continue
			}
			if b[i] != '\n' {
				b[i] = ' '
			}
		}
	}
	for _, s := range segs {
		if s.Kind != k {
			continue
		}
		blank(pos, s.Start)
		pos = s.End
	}
	blank(pos, len(b))
	return strings.TrimRight(string(b), " ")
}
