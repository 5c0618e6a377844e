package notebook

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// wholeProgram uses what the interpreter alone gets wrong or cannot run: named types
// inside interfaces (a Celsius is a float64 to the interpreter), %T of them, two
// struct types of the same fields, package variables initialised in dependency
// order across init functions, a generic type with methods, and a type switch on
// both.
const wholeProgram = `package main

import (
	"fmt"
	"sort"
)

type Celsius float64
type A struct{ X int }
type B struct{ X int }

type Stack[T any] struct{ items []T }

func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }
func (s *Stack[T]) Len() int  { return len(s.items) }

var total = sum(values) // declared before values: Go initialises values first
var values = []int{3, 1, 2}
var order []string

func init() { order = append(order, "init 1") }
func init() { order = append(order, "init 2") }

func sum(xs []int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

func kind(v any) string {
	switch v.(type) {
	case float64:
		return "float64"
	case Celsius:
		return "Celsius"
	case A:
		return "A"
	case B:
		return "B"
	}
	return "?"
}

func main() {
	for _, v := range []any{Celsius(21), 21.0, A{1}, B{1}} {
		fmt.Printf("%T %s\n", v, kind(v))
	}
	var s Stack[Celsius]
	s.Push(1)
	s.Push(2)
	sort.Ints(values)
	fmt.Println(total, values, order, s.Len())
}
`

// TestScriptBuildsWholePrograms: a script with a package clause means what `go
// build` makes of it; the expected output is go run's.
func TestScriptBuildsWholePrograms(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go tool is not on PATH: the expected output is what `go run` prints")
	}
	dir := t.TempDir()
	script := filepath.Join(dir, "prog.go")
	if err := os.WriteFile(script, []byte(wholeProgram), 0o644); err != nil {
		t.Fatal(err)
	}
	run := exec.Command(goTool, "run", script)
	run.Dir = dir
	run.Env = append(os.Environ(), "GOFLAGS=", "GO111MODULE=off")
	want, err := run.CombinedOutput()
	if err != nil {
		t.Fatalf("go run: %v\n%s", err, want)
	}
	var out, errw bytes.Buffer
	if err := RunScript(context.Background(), script, nil, dir, &out, &errw); err != nil {
		t.Fatalf("petri script: %v\n%s", err, errw.String())
	}
	if out.String() != string(want) {
		t.Errorf("petri script printed\n%s\ngo run printed\n%s(stderr: %s)", out.String(), want, errw.String())
	}

	// Interpreted, the same program fails, naming what it cannot tell apart,
	// rather than printing another answer.
	t.Setenv("PETRI_COMPILE", "off")
	out.Reset()
	errw.Reset()
	err = RunScript(context.Background(), script, nil, dir, &out, &errw)
	if err == nil || !strings.Contains(errw.String(), "cannot tell Celsius from float64") {
		t.Errorf("interpreted: %v, stdout %q, stderr %q; want the cell to fail naming float64 and Celsius", err, out.String(), errw.String())
	}
}

// TestScriptThatCannotBeBuiltWholeRunsAsCells: a program that uses the session's
// ctx (no Go program has one) runs as cells do.
func TestScriptThatCannotBeBuiltWholeRunsAsCells(t *testing.T) {
	out, err := runScriptSource(t, `package main

import "fmt"

var n = 2

func main() {
	fmt.Println(n*21, ctx.Err())
}
`)
	if err != nil || out != "42 <nil>\n" {
		t.Fatalf("got %q, %v; want \"42 <nil>\"", out, err)
	}
}

// TestProgramInitialisation: a built program initialises as Go does, printing to
// the script's output; a panic there fails the script with the program's frames,
// and os.Exit there exits with its code.
func TestProgramInitialisation(t *testing.T) {
	src := `package main

import (
	"fmt"
	"os"
)

var x = f()

func f() int { fmt.Println("var"); return 1 }

func init() {
	fmt.Println("init", x)
	switch os.Getenv("PETRI_TEST_INIT") {
	case "exit":
		os.Exit(3)
	case "panic":
		panic("boom in init")
	}
}

func main() { fmt.Println("main") }
`
	out, err := runScriptSource(t, src)
	if err != nil || out != "var\ninit 1\nmain\n" {
		t.Fatalf("got %q, %v", out, err)
	}
	// Each case is another program: a process loads a built program once.
	t.Setenv("PETRI_TEST_INIT", "exit")
	_, err = runScriptSource(t, src+"const testCase = \"exit\"\n")
	var exit *ExitError
	if !errors.As(err, &exit) || exit.Code != 3 {
		t.Errorf("os.Exit(3) in init: %v, want exit status 3", err)
	}
	t.Setenv("PETRI_TEST_INIT", "panic")
	out, err = runScriptSource(t, src+"const testCase = \"panic\"\n")
	if !errors.Is(err, ErrCellFailed) || !strings.Contains(out, "panic: boom in init") || !strings.Contains(out, "init.0 [compiled]") {
		t.Errorf("panic in init: %v, output %q", err, out)
	}
}
