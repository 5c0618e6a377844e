package modern

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"go/types"
	"reflect"
	"strings"
	"testing"
)

// rewrite type-checks src (a file of package main whose func main holds the cell's
// statements) and rewrites it, returning the printed result and the file.
func rewrite(t *testing.T, src string) (string, *ast.File, *token.FileSet) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "cell.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	c := NewChecker(NewImporter(map[string]map[string]reflect.Value{
		"fmt/fmt":               {"Println": reflect.ValueOf(fmt.Println), "Stringer": reflect.ValueOf((*fmt.Stringer)(nil))},
		"example.com/plot/plot": {"Add": reflect.ValueOf(func(...fmt.Stringer) {})},
	}))
	imports := map[string]string{"iter": "iter", "slices": "slices", "maps": "maps", "cmp": "cmp", "errors": "errors",
		"fmt": "fmt", "plot": "example.com/plot"}
	info := c.Check(fset, f, nil, imports)
	qualify := func(p *types.Package) (string, bool) { return p.Name(), true }
	// As the session does: the declarations, then main's body (the cell's top level).
	var main *ast.FuncDecl
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "main" {
			main = fd
		}
	}
	body := main.Body
	main.Body = &ast.BlockStmt{}
	Rewrite(f, info, qualify)
	Rewrite(body, info, qualify)
	main.Body = body
	var b bytes.Buffer
	if err := printer.Fprint(&b, token.NewFileSet(), f); err != nil {
		t.Fatal(err)
	}
	return b.String(), f, fset
}

func TestRewrites(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string // substrings of the rewritten code
		not       []string // substrings it must not have
	}{
		{"range over int", `func main() { for i := range 3 { println(i) } }`,
			[]string{"__pn", "for i := __pn", "i < __pn", "i++"}, []string{"range 3"}},
		{"range over int, copy when captured", `func main() { for i := range 3 { defer func() { println(i) }() } }`,
			[]string{"i := __pi"}, nil},
		{"range over func", `func seq(yield func(int) bool) {}
func main() { for v := range seq { if v > 2 { break }; println(v) } }`,
			[]string{"seq(func(v int) bool", "return false", "return true"}, []string{"range seq"}},
		{"range over func, return and labels", `func seq(yield func(int) bool) {}
func f() int {
outer:
	for i := 0; i < 2; i++ {
		for v := range seq {
			if v == 1 { continue outer }
			if v == 2 { return v }
		}
	}
	return 0
}
func main() {}`,
			[]string{"__pb", "continue outer", "return __pr"}, []string{"range seq"}},
		{"range over iter.Seq2", `func main() { for i, v := range slices.All([]string{"a"}) { println(i, v) } }`,
			[]string{"slices.All[[]string, string]", "(func(i int, v string) bool"}, nil},
		{"per-iteration loop variable", `func main() { var fs []func(); for i := 0; i < 3; i++ { fs = append(fs, func() { println(i) }) } }`,
			[]string{"for __pl", "i := __pl", "__pl", "= i"}, nil},
		{"range loop variable", `func main() { var fs []func(); for _, s := range []string{"a"} { fs = append(fs, func() { println(s) }) } }`,
			[]string{"s := __pr"}, nil},
		{"min and max", `func main() { x, y := 1.5, 2.0; println(min(x, y), max(x, y, 3)) }`,
			[]string{"__petri_m.Min[float64](x, y)", "__petri_m.Max[float64](x, y, 3)"}, []string{"min(x"}},
		{"constant min", `const c = min(3, 1, 2)
func main() { println(c, max(2.5, 1)) }`,
			[]string{"const c = 1", "2.5"}, []string{"min("}},
		{"clear", `func main() { m := map[string]int{}; s := []int{1}; clear(m); clear(s) }`,
			[]string{"__petri_pm.ClearMap(m)", "__petri_m.ClearSlice[int](s)"}, nil},
		{"explicit instantiation", `func Map[S ~[]E, E, R any](s S, f func(E) R) []R { return nil }
func main() { _ = Map([]int{1}, func(i int) string { return "" }) }`,
			[]string{"Map[[]int, int, string]("}, nil},
		{"recover", `func main() { defer func() { r := recover(); println(r) }() }`,
			[]string{"if __petri_pm.IsReflectPanic(r)", "r = __petri_pm.Translate(r)"}, nil},
		{"errors.AsType", `type E struct{}
func (E) Error() string { return "" }
func main() { var err error; _, _ = errors.AsType[E](err) }`,
			[]string{"any(__petri_pm.Self(e)).((E))"}, []string{"errors.AsType"}},
		{"variadic interface argument", `type S int
func (S) String() string { return "" }
func main() { plot.Add(S(1), S(2)) }`,
			[]string{"plot.Add([]fmt.Stringer{S(1), S(2)}...)"}, nil},
		{"call result to a compiled function", `type N struct{}
func (*N) String() string { return "" }
func mk() *N { return nil }
func main() { fmt.Println(mk()) }`,
			[]string{"fmt.Println((*N)(mk()))"}, nil},
		{"slice of Stringers to fmt", `type S int
func (S) String() string { return "" }
func main() { fmt.Println([]S{1}) }`,
			[]string{"[]fmt.Stringer", "return x"}, nil},
		{"comma-ok at top level", `func main() { m := map[string]int{}; v, ok := m["a"]; println(v, ok) }`,
			[]string{"var v int", "var ok bool", "v, ok = m[\"a\"]"}, nil},
		{"switch init in a block", `func main() { switch x := 1; x { case 1: fallthrough; default: println(x) } }`,
			[]string{"{\n\t\tx := 1\n\t\tswitch x {"}, nil},
		{"parallel assignment with append", `func main() { var s []int; n := 0; n, s = 1, append(s, 10); println(n, len(s)) }`,
			[]string{"__pt1 := append(s, 10)", "n = 1", "s = __pt1"}, nil},
		{"comma-ok assignment of a map", `func main() { m := map[string]int{}; v, ok := 1, true; v, ok = m["a"]; println(v, ok) }`,
			[]string{"__pt1\tint", "__pt2\tbool", "__pt1, __pt2 = m[\"a\"]", "v = __pt1", "ok = __pt2"}, nil},
		{"defer evaluates its arguments", `func main() { x := 1; defer println(x); x = 2 }`,
			[]string{"__pt1 := x", "defer println(__pt1)"}, nil},
		{"method value copies its receiver", `type P struct{ x int }; func (p P) Get() int { return p.x }; func main() { p := P{1}; f := p.Get; p.x = 2; println(f()) }`,
			[]string{"__pt1 := p", "return __pt1.Get"}, nil},
		{"print without spaces", `func main() { x := 1; print(x, "\n") }`,
			[]string{"__pt1 := x", "print(__pt1)", "print(\"\\n\")"}, nil},
		{"type switch with an interface case", `func main() { var x any; switch v := x.(type) { case error: println(v.Error()); default: println(1) } }`,
			[]string{"__pt1 := x", "_, __pok2 := __pt1.(error)", "v := __pt1.(error)"}, nil},
		{"method expression", `type P struct{ x int }; func (p P) Add(q int) int { return p.x + q }; func main() { f := P.Add; println(f(P{1}, 2)) }`,
			[]string{"return __pa1.Add(__pa2)"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "package main\n" + tc.src
			out, _, _ := rewrite(t, src)
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("missing %q in\n%s", w, out)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(out, n) {
					t.Errorf("still has %q in\n%s", n, out)
				}
			}
			if _, err := parser.ParseFile(token.NewFileSet(), "out.go", out, 0); err != nil {
				t.Errorf("rewritten code does not parse: %v\n%s", err, out)
			}
		})
	}
}

// Every node a rewrite creates points into the user's statement it came from.
func TestRewritePositions(t *testing.T) {
	src := "package main\nfunc seq(yield func(int) bool) {}\nfunc main() {\n\tfor v := range seq {\n\t\tif v > min(v, 3) {\n\t\t\tbreak\n\t\t}\n\t}\n\tfor i := range 3 {\n\t\tprintln(i)\n\t}\n}\n"
	_, f, fset := rewrite(t, src)
	body := f.Decls[1].(*ast.FuncDecl).Body
	for _, st := range body.List {
		line := fset.Position(st.Pos()).Line
		endLine := fset.Position(st.End()).Line
		ast.Inspect(st, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			if !id.NamePos.IsValid() {
				t.Errorf("%s has no position", id.Name)
				return true
			}
			if l := fset.Position(id.NamePos).Line; l < line || l > endLine {
				t.Errorf("%s at line %d, outside its statement (lines %d-%d)", id.Name, l, line, endLine)
			}
			return true
		})
	}
}

func TestTranslate(t *testing.T) {
	for in, want := range map[string]string{
		"reflect: slice index out of range":                  "runtime error: index out of range",
		"reflect: call of reflect.Value.Field on zero Value": "runtime error: invalid memory address or nil pointer dereference",
	} {
		got, ok := Translate(in).(error)
		if !ok || got.Error() != want {
			t.Errorf("%q: got %v", in, got)
		}
	}
	if v := Translate("boom"); v != "boom" {
		t.Errorf("a user's panic changed: %v", v)
	}
}
