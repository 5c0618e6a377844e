package session

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/build"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"strings"
	"sync"
)

// Inspection is what Shift-Tab shows: a symbol's signature and doc comment.
type Inspection struct {
	Found bool
	// Text is plain text; Markdown the same with the signature as a Go code block.
	Text, Markdown string
}

// Inspect describes the identifier at or before cursor (in runes): a package member
// such as fmt.Println, a package, or a name declared by a cell.
func (s *Session) Inspect(code string, cursor int) Inspection {
	runes := []rune(code)
	if cursor < 0 || cursor > len(runes) {
		cursor = len(runes)
	}
	end := cursor
	for end < len(runes) && isIdent(runes[end]) {
		end++
	}
	start := cursor
	for start > 0 && (isIdent(runes[start-1]) || runes[start-1] == '.') {
		start--
	}
	expr := strings.Trim(string(runes[start:end]), ".")
	if expr == "" {
		return Inspection{}
	}
	parts := strings.Split(expr, ".")
	s.mu.Lock()
	path := s.imported[parts[0]]
	src, declared := s.sources[parts[0]]
	s.mu.Unlock()
	if path == "" {
		path = stdIndex[parts[0]]
	}
	switch {
	case declared && len(parts) == 1:
		return inspection(src, "declared in this notebook")
	case path != "" && len(parts) == 1:
		sig, docText := packageDoc(path, "")
		return inspection(sig, docText)
	case path != "":
		sig, docText := packageDoc(path, parts[1])
		if sig == "" {
			sig = s.binarySignature(path, parts[1])
		}
		if sig == "" {
			return Inspection{}
		}
		return inspection(sig, docText)
	}
	s.mu.Lock()
	global := s.globals[parts[0]]
	s.mu.Unlock()
	if v, ok := s.global(parts[0]); global && ok {
		return inspection(fmt.Sprintf("%s %s = %s", parts[0], v.Type(), truncate(fmt.Sprint(v), 200)), "")
	}
	return Inspection{}
}

func inspection(sig, docText string) Inspection {
	docText = strings.TrimSpace(docText)
	text := sig
	md := "```go\n" + sig + "\n```"
	if docText != "" {
		text += "\n\n" + docText
		md += "\n\n" + docText
	}
	return Inspection{Found: true, Text: text, Markdown: md}
}

// binarySignature describes a compiled symbol from its reflect type, for packages
// whose source is not on this machine.
func (s *Session) binarySignature(path, name string) string {
	for _, syms := range s.in.Symbols(path) {
		v, ok := syms[name]
		if !ok {
			continue
		}
		pkg := lastElem(path)
		switch {
		case v.Kind() == reflect.Func:
			return fmt.Sprintf("func %s.%s%s", pkg, name, strings.TrimPrefix(v.Type().String(), "func"))
		case v.Kind() == reflect.Ptr && v.IsNil():
			return fmt.Sprintf("type %s.%s %s", pkg, name, v.Type().Elem().Kind())
		default:
			return fmt.Sprintf("%s.%s %s", pkg, name, v.Type())
		}
	}
	return ""
}

// packageDoc returns the declaration and doc comment of name in the package at path
// (the package's own doc if name is empty), read from its source: the Go root for the
// standard library, the module cache for modules petri was built with.
func packageDoc(path, name string) (decl, text string) {
	p := loadDoc(path)
	if p == nil {
		return "", ""
	}
	if name == "" {
		return "package " + p.pkg.Name + " // import \"" + path + "\"", p.pkg.Doc
	}
	show := func(n ast.Node) string {
		var b bytes.Buffer
		printer.Fprint(&b, p.fset, n)
		return b.String()
	}
	for _, f := range p.pkg.Funcs {
		if f.Name == name {
			return show(stripBody(f.Decl)), f.Doc
		}
	}
	for _, t := range p.pkg.Types {
		if t.Name == name {
			return show(t.Decl), t.Doc
		}
		for _, f := range t.Funcs {
			if f.Name == name {
				return show(stripBody(f.Decl)), f.Doc
			}
		}
	}
	for _, vs := range [][]*doc.Value{p.pkg.Consts, p.pkg.Vars} {
		for _, v := range vs {
			for _, n := range v.Names {
				if n == name {
					return show(v.Decl), v.Doc
				}
			}
		}
	}
	return "", ""
}

func stripBody(f *ast.FuncDecl) *ast.FuncDecl {
	c := *f
	c.Body, c.Doc = nil, nil
	return &c
}

type docPkg struct {
	fset *token.FileSet
	pkg  *doc.Package
}

var docCache sync.Map // import path -> *docPkg (nil if not found)

func loadDoc(path string) *docPkg {
	if p, ok := docCache.Load(path); ok {
		return p.(*docPkg)
	}
	var p *docPkg
	if dir := sourceDir(path); dir != "" {
		fset := token.NewFileSet()
		pkgs, err := parser.ParseDir(fset, dir, func(fi fs.FileInfo) bool {
			return !strings.HasSuffix(fi.Name(), "_test.go")
		}, parser.ParseComments)
		if err == nil {
			for name, ap := range pkgs {
				if name == lastElem(path) || len(pkgs) == 1 || (name != "main" && !strings.HasSuffix(name, "_test")) {
					p = &docPkg{fset, doc.New(ap, path, 0)}
					break
				}
			}
		}
	}
	docCache.Store(path, p)
	return p
}

// sourceDir finds the source of an import path on this machine.
func sourceDir(path string) string {
	if !strings.Contains(strings.SplitN(path, "/", 2)[0], ".") {
		root := goroot()
		if root == "" {
			return ""
		}
		return filepath.Join(root, "src", path)
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return goList(path)
	}
	if strings.HasPrefix(path, info.Main.Path+"/") {
		if dir := mainModuleDir(); dir != "" {
			return filepath.Join(dir, strings.TrimPrefix(path, info.Main.Path+"/"))
		}
		return goList(path)
	}
	for _, m := range info.Deps {
		if path == m.Path || strings.HasPrefix(path, m.Path+"/") {
			cache := os.Getenv("GOMODCACHE")
			if cache == "" {
				gopath := os.Getenv("GOPATH")
				if gopath == "" {
					gopath = build.Default.GOPATH
				}
				cache = filepath.Join(gopath, "pkg", "mod")
			}
			return filepath.Join(cache, m.Path+"@"+m.Version, strings.TrimPrefix(path, m.Path))
		}
	}
	return goList(path)
}

// goList asks the go command where a package's source is (it knows when run inside
// petri's module, as tests and `go run` are).
func goList(path string) string {
	cmd := exec.Command("go", "list", "-find", "-f", "{{.Dir}}", path)
	cmd.Dir = SourceRoot
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

var goroot = sync.OnceValue(func() string {
	if out, err := exec.Command("go", "env", "GOROOT").Output(); err == nil {
		return strings.TrimSpace(string(out))
	}
	return build.Default.GOROOT
})

// SourceRoot is the directory of petri's own source, when known (set by the build of
// the petri command from its module root), for the doc comments of petri's packages.
var SourceRoot string

func mainModuleDir() string { return SourceRoot }
