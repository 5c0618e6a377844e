package session

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/petri-mea/petri/kernel/display"
)

// recorder is a Sink that keeps everything in order.
type recorder struct {
	mu     sync.Mutex
	out    strings.Builder
	events []string
	inputs []string
}

func (r *recorder) Stream(name, text string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if name == "stdout" {
		r.out.WriteString(text)
	} else {
		r.out.WriteString(text)
	}
	r.events = append(r.events, name+":"+text)
}

func (r *recorder) Display(data, metadata display.Bundle, id string, update bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, fmt.Sprintf("display:%v", data))
}

func (r *recorder) Clear(wait bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, "clear")
}

func (r *recorder) Input(prompt string, password bool) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.inputs) == 0 {
		return "", ErrNoStdin
	}
	line := r.inputs[0]
	r.inputs = r.inputs[1:]
	return line, nil
}

func newSession(t testing.TB) *Session {
	t.Helper()
	// Tests pin the interpreter's behaviour; compiled cells have tests of their own
	// (compiled_test.go, and the corpus in both modes).
	s, err := New(Options{Grace: 300 * time.Millisecond, Compile: CompileOff})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// run executes cells in order and returns the output, the text result and error of the last.
func runCells(t testing.TB, s *Session, cells ...string) (out, result string, err error) {
	t.Helper()
	for _, c := range cells {
		rec := &recorder{}
		var res Result
		res, err = s.Execute(context.Background(), c, rec)
		out = rec.out.String()
		result = ""
		if res.Data != nil {
			result = fmt.Sprint(res.Data[display.MIMEPlain])
		}
	}
	return out, result, err
}

func TestMixedCell(t *testing.T) {
	s := newSession(t)
	out, _, err := runCells(t, s, "import \"fmt\"\nfunc f() int { return 41 }\nfmt.Println(f()+1)\ntype P struct{X int}\nfmt.Println(P{3})")
	if err != nil {
		t.Fatal(err)
	}
	if out != "42\n{3}\n" {
		t.Fatalf("output %q", out)
	}
}

func TestLastValue(t *testing.T) {
	s := newSession(t)
	for _, tc := range []struct{ cell, want string }{
		{"1+2", "3"},
		{"x := 5\nx*2", "10"},
		{"fmt.Println(\"hi\")", ""},
		{"func g() (int, error) { return 1, nil }\ng()", "1"},
		{"func h() int { return 7 }\nh()", "7"},
		{"strings.ToUpper(\"go\")", "GO"},
		{"type S struct{}\nfunc (S) String() string { return \"I am S\" }\nS{}", "I am S"},
		{"[]int{1, 2}", "[1 2]"},
	} {
		_, res, err := runCells(t, s, tc.cell)
		if err != nil {
			t.Fatalf("%q: %v", tc.cell, err)
		}
		if res != tc.want {
			t.Errorf("%q: result %q, want %q", tc.cell, res, tc.want)
		}
	}
}

func TestRedefinition(t *testing.T) {
	s := newSession(t)
	out, res, err := runCells(t, s, "func f() int { return 1 }", "func f() int { return 2 }", "x := 1", "x := \"s\"", "fmt.Println(f(), x)")
	if err != nil || out != "2 s\n" {
		t.Fatalf("got %q %q %v", out, res, err)
	}
	// The same type again is fine; a different one fails clearly.
	if _, _, err := runCells(t, s, "type T struct{A int}", "type T struct{A int}"); err != nil {
		t.Fatal(err)
	}
	_, _, err = runCells(t, s, "type T struct{B string}")
	var ce *CompileError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "cell[8]:1:6: type T is already declared") {
		t.Fatalf("redeclared type: %v", err)
	}
}

func TestCompileErrorPosition(t *testing.T) {
	s := newSession(t)
	_, _, err := runCells(t, s, "x := 1\n\ny := undefinedThing + x")
	if err == nil || !strings.HasPrefix(err.Error(), "cell[1]:3:6: undefined: undefinedThing") {
		t.Fatalf("got %v", err)
	}
	_, _, err = runCells(t, s, "func f() {\n\treturn 1\n}")
	if err == nil || !strings.HasPrefix(err.Error(), "cell[2]:2:") {
		t.Fatalf("got %v", err)
	}
}

func TestPanics(t *testing.T) {
	s := newSession(t)
	_, _, err := runCells(t, s, "var a []int\n_ = a[3]")
	var pe *PanicError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "index out of range") {
		t.Fatalf("index panic: %v", err)
	}
	_, _, err = runCells(t, s, "go func() { panic(\"boom\") }()\ntime.Sleep(2*time.Second)")
	if !errors.As(err, &pe) || !pe.Goroutine || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("goroutine panic: %v", err)
	}
	_, _, err = runCells(t, s, "func worker(m map[string]int) { m[\"x\"] = 1 }\nvar m map[string]int\ngo worker(m)\ntime.Sleep(2*time.Second)")
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "nil map") {
		t.Fatalf("goroutine panic in named func: %v", err)
	}
	// The session survives.
	_, res, err := runCells(t, s, "1")
	if err != nil || res != "1" {
		t.Fatal(res, err)
	}
}

func TestInterrupt(t *testing.T) {
	s := newSession(t)
	runCells(t, s, "n := 0")
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(100 * time.Millisecond); cancel() }()
	_, err := s.Execute(ctx, "for { n++ }", &recorder{})
	var ie *InterruptError
	if !errors.As(err, &ie) || ie.Stuck != "" {
		t.Fatalf("loop: %v", err)
	}
	_, res, err := runCells(t, s, "n > 0")
	if err != nil || res != "true" {
		t.Fatalf("state after interrupt: %q %v", res, err)
	}
	// ctx reaches compiled code.
	ctx, cancel = context.WithCancel(context.Background())
	go func() { time.Sleep(100 * time.Millisecond); cancel() }()
	_, err = s.Execute(ctx, "<-ctx.Done()\nfmt.Println(\"after\")", &recorder{})
	if !errors.As(err, &ie) || ie.Stuck != "" {
		t.Fatalf("ctx: %v", err)
	}
	// Compiled code that ignores ctx is reported.
	ctx, cancel = context.WithCancel(context.Background())
	go func() { time.Sleep(100 * time.Millisecond); cancel() }()
	_, err = s.Execute(ctx, "time.Sleep(3*time.Second)\nfmt.Println(\"late\")", &recorder{})
	if !errors.As(err, &ie) || !strings.Contains(ie.Stuck, "time.Sleep") {
		t.Fatalf("stuck: %v", err)
	}
	out, _, err := runCells(t, s, "fmt.Println(\"next\")\ntime.Sleep(3500*time.Millisecond)")
	if err != nil || out != "next\n" {
		t.Fatalf("late output landed in another cell: %q %v", out, err)
	}
}

func TestStdin(t *testing.T) {
	s := newSession(t)
	rec := &recorder{inputs: []string{"petri"}}
	_, err := s.Execute(context.Background(), "var name string\nfmt.Scanln(&name)\nfmt.Println(\"hello\", name)", rec)
	if err != nil || rec.out.String() != "hello petri\n" {
		t.Fatalf("%q %v", rec.out.String(), err)
	}
	rec = &recorder{inputs: []string{"line one"}}
	_, err = s.Execute(context.Background(), "sc := bufio.NewScanner(os.Stdin)\nsc.Scan()\nfmt.Println(sc.Text())", rec)
	if err != nil || rec.out.String() != "line one\n" {
		t.Fatalf("%q %v", rec.out.String(), err)
	}
	rec = &recorder{}
	_, err = s.Execute(context.Background(), "_, err := fmt.Scanln(&name)\nfmt.Println(err)", rec)
	if err != nil || !strings.Contains(rec.out.String(), "does not accept input") {
		t.Fatalf("%q %v", rec.out.String(), err)
	}
}

func TestDisplayOrder(t *testing.T) {
	s := newSession(t)
	rec := &recorder{}
	_, err := s.Execute(context.Background(), "fmt.Println(\"a\")\ndisplay.HTML(\"<b>b</b>\")\nfmt.Fprintln(os.Stdout, \"c\")", rec)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(rec.events, "|")
	if !strings.HasPrefix(got, "stdout:a\n|display:") || !strings.HasSuffix(got, "|stdout:c\n") {
		t.Fatalf("order: %s", got)
	}
}

func TestPanicTrace(t *testing.T) {
	s := newSession(t)
	rec := &recorder{}
	_, err := s.Execute(context.Background(), "func f() {\n\tvar m map[string]int\n\tm[\"a\"] = 1\n}\nf()", rec)
	// The interpreter places the frame of f at a statement of f, not always the
	// failing one; the call site in the cell is exact.
	if err == nil || !strings.HasPrefix(err.Error(), "panic: runtime error: assignment to entry in nil map\n\tat f (cell[1]:") ||
		!strings.HasSuffix(err.Error(), ")\n\tat cell[1]:5:1") {
		t.Fatalf("got %q", err)
	}
	if len(rec.events) != 0 {
		t.Fatalf("the trace leaked to the output: %q", rec.events)
	}
}

func TestMainIsNotRunByLaterCells(t *testing.T) {
	s := newSession(t)
	out, _, err := runCells(t, s, "func main() { fmt.Println(\"main ran\") }", "x := 1", "main()")
	if err != nil || out != "main ran\n" {
		t.Fatalf("%q %v", out, err)
	}
}

// Cell-declared types that implement display's interfaces render in that form.
func TestCellTypesRenderRich(t *testing.T) {
	s := newSession(t)
	rec := &recorder{}
	res, err := s.Execute(context.Background(), "type badge struct{ n int }\nfunc (b badge) HTML() string { return fmt.Sprintf(\"<b>%d</b>\", b.n) }\nfunc (b badge) String() string { return \"badge\" }\nbadge{7}", rec)
	if err != nil {
		t.Fatal(err)
	}
	if res.Data[display.MIMEHTML] != "<b>7</b>" || res.Data[display.MIMEPlain] != "badge" {
		t.Fatalf("got %v", res.Data)
	}
	res, err = s.Execute(context.Background(), "p := plot.New()\nl, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})\np.Add(l)\np", rec)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := res.Data[display.MIMEPNG]; !ok || res.Metadata[display.MIMEPNG] == nil {
		t.Fatalf("plot: data %v metadata %v", keys(res.Data), res.Metadata)
	}
}

func keys(b display.Bundle) []string {
	var out []string
	for k := range b {
		out = append(out, k)
	}
	return out
}
