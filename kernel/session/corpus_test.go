package session

import (
	"bytes"
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The Go corpus: every testdata/gocorpus/*.go is a program (package main, func main).
// Its expected output is what `go run` prints (produced here, so it cannot drift);
// the test runs it through a Session twice — as two cells (the declarations, then
// main's body) and as one mixed cell — and compares stdout byte for byte, and
// whether it panicked.
//
// feature_*.go cover issue 3 (modern Go in cells), one gap each; the other programs
// are a representative set of ordinary Go (tour-style and standard library examples)
// whose pass rate is measured. Programs that still fail are listed in knownGaps with
// the reason, and skipped by name; testdata/gocorpus/README.md holds the same table.
var knownGaps = map[string]string{
	"std_stringer_slice.go": "fmt does not call String on cell-declared elements inside a slice (yaegi wraps only the top-level value)",
}

type corpusProgram struct {
	name, src      string
	decls, body    string
	want           []byte
	wantPanic      bool
	skip, buildErr string
}

func loadCorpus(t *testing.T) []*corpusProgram {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "gocorpus", "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	sort.Strings(files)
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go tool is not on PATH: the corpus's expected output is what `go run` prints")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module corpus\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var progs []*corpusProgram
	var pkgs []string
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p := &corpusProgram{name: filepath.Base(f), src: string(src)}
		p.decls, p.body = splitProgram(t, p.name, p.src)
		p.skip = knownGaps[p.name]
		progs = append(progs, p)
		pkg := strings.TrimSuffix(p.name, ".go")
		if err := os.MkdirAll(filepath.Join(dir, pkg), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, pkg, "main.go"), src, 0o644); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, "./"+pkg)
	}
	// One go build for all programs: the go command builds them in parallel.
	bin := filepath.Join(dir, "bin")
	cmd := exec.Command(goTool, append([]string{"build", "-o", bin + string(filepath.Separator)}, pkgs...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build of the corpus: %v\n%s", err, out)
	}
	for _, p := range progs {
		run := exec.Command(filepath.Join(bin, strings.TrimSuffix(p.name, ".go")))
		var stdout bytes.Buffer
		run.Stdout = &stdout
		err := run.Run()
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatal(err)
		}
		p.want = stdout.Bytes()
		p.wantPanic = err != nil
	}
	return progs
}

// splitProgram cuts a program into its declarations (imports included) and the
// statements of main's body.
func splitProgram(t *testing.T, name, src string) (decls, body string) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	b := []byte(src)
	blank := func(from, to token.Pos) {
		for i := fset.Position(from).Offset; i < fset.Position(to).Offset; i++ {
			if b[i] != '\n' {
				b[i] = ' '
			}
		}
	}
	blank(f.Package, f.Name.End())
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" {
			body = src[fset.Position(fd.Body.Lbrace).Offset+1 : fset.Position(fd.Body.Rbrace).Offset]
			from := fd.Pos()
			if fd.Doc != nil {
				from = fd.Doc.Pos()
			}
			blank(from, fd.End())
		}
	}
	return string(b), body
}

func runProgram(t *testing.T, cells ...string) (out string, panicked bool, err error) {
	s := newSession(t)
	var buf strings.Builder
	for _, c := range cells {
		rec := &corpusSink{}
		_, err = s.Execute(context.Background(), c, rec)
		buf.WriteString(rec.out.String())
		if err != nil {
			var pe *PanicError
			return buf.String(), errors.As(err, &pe), err
		}
	}
	return buf.String(), false, nil
}

// corpusSink keeps stdout only, as the comparison with `go run` does.
type corpusSink struct{ recorder }

func (c *corpusSink) Stream(name, text string) {
	if name == "stdout" {
		c.recorder.Stream(name, text)
	}
}

func TestGoCorpus(t *testing.T) {
	progs := loadCorpus(t)
	pass := map[string]int{}
	total := 0
	for _, p := range progs {
		if p.skip != "" {
			continue
		}
		total++
	}
	for _, mode := range []string{"two-cells", "one-cell"} {
		t.Run(mode, func(t *testing.T) {
			for _, p := range progs {
				t.Run(p.name, func(t *testing.T) {
					if p.skip != "" {
						t.Skipf("known gap: %s", p.skip)
					}
					cells := []string{p.decls, p.body}
					if mode == "one-cell" {
						cells = []string{p.decls + "\n" + p.body}
					}
					out, panicked, err := runProgram(t, cells...)
					if err != nil && !panicked {
						t.Fatalf("%v\ngot output:\n%s", err, out)
					}
					if panicked != p.wantPanic {
						t.Errorf("panicked %v (%v), go run: %v", panicked, err, p.wantPanic)
					}
					if out != string(p.want) {
						t.Fatalf("output differs from go run\n--- got\n%s\n--- want\n%s", out, p.want)
					}
					pass[mode]++
				})
			}
		})
	}
	t.Logf("corpus: %d programs, %d known gaps; passing: two cells %d/%d, one cell %d/%d",
		len(progs), len(progs)-total, pass["two-cells"], len(progs), pass["one-cell"], len(progs))
}
