package session

import (
	"errors"
	"strings"
	"testing"
)

// Each cell hands an interpreted function that panics to compiled code that calls it
// on a goroutine of its own; before the wrapping of callbacks.go each ended the
// process (reproduced with petri script, issue 12 item 8). Each must fail the cell
// with the panic instead, and the session must go on.
func TestPanicInACallbackOnACompiledGoroutineFailsTheCell(t *testing.T) {
	for _, tc := range []struct{ name, cells string }{
		{"a method of a compiled value: sync.WaitGroup.Go",
			"var wg sync.WaitGroup\nwg.Go(func() { panic(\"boom\") })\nwg.Wait()\ntime.Sleep(100 * time.Millisecond)"},
		{"a field of a compiled struct: exec.Cmd.Cancel",
			"ctx, cancel := context.WithCancel(context.Background())\ncmd := exec.CommandContext(ctx, \"sleep\", \"5\")\n" +
				"cmd.Cancel = func() error { panic(\"boom\") }\ncmd.Start()\ncancel()\ntime.Sleep(300 * time.Millisecond)"},
		{"a composite literal's field",
			"ctx, cancel := context.WithCancel(context.Background())\ncmd := exec.CommandContext(ctx, \"sleep\", \"5\")\n" +
				"cmd.Cancel = (&exec.Cmd{Cancel: func() error { panic(\"boom\") }}).Cancel // wrapped in the literal only\n" +
				"cmd.Start()\ncancel()\ntime.Sleep(300 * time.Millisecond)"},
		{"a function the cell declared",
			"func boom() { panic(\"boom\") }\ntime.AfterFunc(time.Millisecond, boom)\ntime.Sleep(300 * time.Millisecond)"},
		{"a function variable of the cell",
			"f := func() { panic(\"boom\") }\ntime.AfterFunc(time.Millisecond, f)\ntime.Sleep(300 * time.Millisecond)"},
		{"a method value",
			"type ticker struct{ n int }\nfunc (t *ticker) tick() { panic(\"boom\") }\ntk := &ticker{}\n" +
				"time.AfterFunc(time.Millisecond, tk.tick)\ntime.Sleep(300 * time.Millisecond)"},
		{"a parameter of a function of the cell",
			"func every(d time.Duration, f func()) { time.AfterFunc(d, f) }\nevery(time.Millisecond, func() { panic(\"boom\") })\n" +
				"time.Sleep(300 * time.Millisecond)"},
		{"a local function variable inside a function",
			"func start() {\n\tf := func() { panic(\"boom\") }\n\tvar g = f\n\t_ = g\n\ttime.AfterFunc(time.Millisecond, f)\n}\nstart()\n" +
				"time.Sleep(300 * time.Millisecond)"},
		{"a panic let through by a callback called inside the callback",
			"time.AfterFunc(time.Millisecond, func() { sort.Slice([]int{2, 1}, func(i, j int) bool { panic(\"boom\") }) })\n" +
				"time.Sleep(300 * time.Millisecond)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSession(t)
			_, _, err := runCells(t, s, tc.cells)
			var pe *PanicError
			if !errors.As(err, &pe) || !pe.Goroutine || !strings.Contains(err.Error(), "boom") {
				t.Fatalf("got %v, want the cell to fail with the callback's panic", err)
			}
			if out, _, err := runCells(t, s, "fmt.Println(\"alive\")"); err != nil || out != "alive\n" {
				t.Fatalf("after it: %q %v", out, err)
			}
		})
	}
}

// Called synchronously by compiled code on the cell's own goroutine, a callback's
// panic unwinds as it did before the wrapping: to the cell's own recover, or to the
// cell, whose error is an ordinary panic.
func TestPanicInACallbackCalledSynchronouslyUnwindsAsBefore(t *testing.T) {
	s := newSession(t)
	out, _, err := runCells(t, s, "func try() (r any) {\n"+
		"\tdefer func() { r = recover() }()\n"+
		"\tsort.Slice([]int{2, 1}, func(i, j int) bool { panic(\"caught\") })\n"+
		"\treturn nil\n}\nfmt.Println(try())")
	if err != nil || out != "caught\n" {
		t.Fatalf("the cell's recover did not get the panic: %q %v", out, err)
	}
	out, _, err = runCells(t, s, "done := make(chan any)\n"+
		"time.AfterFunc(time.Millisecond, func() { defer func() { done <- recover() }(); sort.Slice([]int{2, 1}, func(i, j int) bool { panic(\"inner\") }) })\n"+
		"fmt.Println(<-done)")
	if err != nil || out != "inner\n" {
		t.Fatalf("a callback's recover did not get the panic of the callback it called: %q %v", out, err)
	}
	_, _, err = runCells(t, s, "sort.Slice([]int{2, 1}, func(i, j int) bool { panic(\"uncaught\") })")
	var pe *PanicError
	if !errors.As(err, &pe) || pe.Goroutine || !strings.Contains(err.Error(), "uncaught") {
		t.Fatalf("got %v, want the cell's own panic", err)
	}
	out, _, err = runCells(t, s, "var once sync.Once\ndone := make(chan any)\n"+
		"go func() { defer func() { done <- recover() }(); once.Do(func() { panic(\"in once\") }) }()\nfmt.Println(<-done)")
	if err != nil || out != "in once\n" {
		t.Fatalf("a goroutine's recover did not get the panic of once.Do's function: %q %v", out, err)
	}
}

// Wrapped callbacks still compute: results pass through, for the fast shapes and
// for those wrapped by reflection, and interpreted methods taking functions work.
func TestWrappedCallbacksReturnTheirResults(t *testing.T) {
	s := newSession(t)
	out, _, err := runCells(t, s,
		"xs := []int{3, 1, 2}\nsort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })\n"+
			"ys := []string{\"b\", \"a\"}\nslices.SortFunc(ys, func(a, b string) int { return strings.Compare(a, b) })\n"+
			"up := strings.Map(func(r rune) rune { return r - 32 }, \"go\")\n"+
			"n := len(strings.FieldsFunc(\"a,b;c\", func(r rune) bool { return r == ',' || r == ';' }))\n"+
			"type acc struct{ n int }\nfunc (a *acc) each(xs []int, f func(int) int) { for _, x := range xs { a.n += f(x) } }\n"+
			"a := &acc{}\na.each(xs, func(x int) int { return 2 * x })\n"+
			"sum := func(xs ...int) (t int) { for _, x := range xs { t += x }; return t }\n"+
			"var wg sync.WaitGroup\nvar got int\nwg.Go(func() { got = sum(xs...) })\nwg.Wait()\n"+
			"fmt.Println(xs, ys, up, n, a.n, got)")
	if err != nil || out != "[1 2 3] [a b] GO 3 12 6\n" {
		t.Fatalf("%q %v", out, err)
	}
}

// A function value of a named type keeps it through the wrapping (an
// http.HandlerFunc is an http.Handler), and the cell's own types pass through
// wrapped literals (a method taking a func(Point) on a local value, treated as
// compiled).
func TestWrappedCallbacksKeepTheirTypes(t *testing.T) {
	s := newSession(t)
	for _, tc := range []struct{ cell, want string }{
		{"var h http.HandlerFunc = func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, \"served\") }\n" +
			"mux := http.NewServeMux()\nmux.Handle(\"/\", h)\nrec := httptest.NewRecorder()\n" +
			"mux.ServeHTTP(rec, httptest.NewRequest(\"GET\", \"/\", nil))\nfmt.Println(rec.Body.String())", "served\n"},
		{"type handler func(int) int\nvar g handler = func(i int) int { return i + 1 }\nres := 0\n" +
			"var wg sync.WaitGroup\nwg.Go(func() { res = g(1) })\nwg.Wait()\nfmt.Println(res)", "2\n"},
		{"type Point struct{ X, Y float64 }\ntype Path struct{ pts []Point }\n" +
			"func (p *Path) Each(f func(Point) float64) (t float64) { for _, q := range p.pts { t += f(q) }; return }\n" +
			"func (p *Path) Map(f func(*Point)) { for i := range p.pts { f(&p.pts[i]) } }\n" +
			"func total() float64 {\n\tp := &Path{pts: []Point{{1, 2}, {3, 4}}}\n\tp.Map(func(q *Point) { q.X *= 10 })\n" +
			"\treturn p.Each(func(q Point) float64 { return q.X + q.Y })\n}\nfmt.Println(total())", "46\n"},
	} {
		if out, _, err := runCells(t, s, tc.cell); err != nil || out != tc.want {
			t.Errorf("%s\n: %q %v, want %q", tc.cell, out, err, tc.want)
		}
	}
}

// A function of a shape without a fast path is wrapped by reflection: its results
// pass through, and a panic on a goroutine of compiled code returns zero values.
func TestCallbackWrapsAnyFunctionType(t *testing.T) {
	s := newSession(t)
	type fn = func(string, ...int) (int, error)
	sum := s.callback(fn(func(a string, b ...int) (int, error) { return len(a) + len(b), nil }), "cell[1]:1:1", 1).(fn)
	if n, err := sum("abc", 1, 2); n != 5 || err != nil {
		t.Fatalf("sum: %d %v, want 5", n, err)
	}
	boom := s.callback(fn(func(string, ...int) (int, error) { panic("boom") }), "cell[1]:1:1", 1).(fn)
	type result struct {
		n   int
		err error
	}
	got := make(chan result)
	go func() { // a goroutine with no interpreter below: the panic stops at the wrapper
		n, err := boom("x", 1)
		got <- result{n, err}
	}()
	if r := <-got; r.n != 0 || r.err != nil {
		t.Fatalf("after a panic: %d %v, want zero values", r.n, r.err)
	}
}
