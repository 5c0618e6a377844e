package notebook

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const defaultsCell = "seed := 1\ngain := 1.5\ntopology := \"lattice\"\nfeedback := true\n" +
	"const steps = 10\nvar wait time.Duration = 10 * time.Millisecond\nvar rates = []float64{1, 2}"

func paramNotebook() *Notebook {
	defaults := code(defaultsCell)
	defaults.Metadata["tags"] = []any{TagParameters}
	return &Notebook{NBFormat: 4, NBFormatMinor: 5, Metadata: map[string]any{}, Cells: []*Cell{
		defaults,
		code("display.Result(\"sum\", float64(seed)*gain + float64(steps) + rates[1])\n" +
			"display.Result(\"label\", fmt.Sprintf(\"%s %v %v\", topology, feedback, wait))"),
	}}
}

// The types are those the Go spec gives the defaults' literals.
func TestParametersTypes(t *testing.T) {
	ps, err := Parameters(paramNotebook())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.Name+":"+p.Type)
	}
	want := "seed:int gain:float64 topology:string feedback:bool steps:int wait:time.Duration rates:[]float64"
	if strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", got, want)
	}
}

func TestInjectedParametersOverride(t *testing.T) {
	nb := paramNotebook()
	vals := map[string]string{"seed": "3", "gain": "2", "topology": "hierarchical", "feedback": "false",
		"steps": "5", "wait": "1ms", "rates": "[0.5, 4]"}
	if err := Run(context.Background(), nb, RunOptions{Parameters: vals}); err != nil {
		t.Fatal(err)
	}
	if !hasTag(nb.Cells[1], TagInjected) || len(nb.Cells) != 3 {
		t.Fatalf("no injected cell after the defaults: %v", nb.Cells[1].Metadata)
	}
	r := CollectResults(nb)
	// 3*2 + 5 + 4 = 15 with the overrides (1*1.5 + 10 + 2 = 13.5 without).
	if got := r.Results["sum"]; got == nil || got.(interface{ String() string }).String() != "15" {
		t.Errorf("sum = %v, want 15", got)
	}
	if got := r.Results["label"]; got != "hierarchical false 1ms" {
		t.Errorf("label = %v", got)
	}
	// Running again replaces the injected cell rather than adding a second.
	if err := InjectParameters(nb, map[string]string{"seed": "4"}); err != nil || len(nb.Cells) != 3 {
		t.Errorf("re-inject: %v, %d cells", err, len(nb.Cells))
	}
}

func TestParameterErrorsNameValueAndFix(t *testing.T) {
	for value, want := range map[string]string{
		"sed=3":          `"sed" is not declared`,
		"seed=3.5":       `seed is an int (default 1) and "3.5" is not one; give a whole number`,
		"gain=fast":      `gain is a float64`,
		"feedback=maybe": "give true or false",
		"wait=7":         "give a duration such as 500ms",
		"rates=[1, x]":   "give a list such as [1, 2]",
		"gain=NaN":       "a finite number",
	} {
		name, v, _ := strings.Cut(value, "=")
		nb := paramNotebook()
		err := InjectParameters(nb, map[string]string{name: v})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", value, err, want)
		}
		if len(nb.Cells) != 2 {
			t.Errorf("%s: the notebook changed on error", value)
		}
	}
	nb := paramNotebook()
	nb.Cells[0].Metadata = map[string]any{}
	if err := InjectParameters(nb, map[string]string{"seed": "2"}); err == nil || !strings.Contains(err.Error(), `no cell tagged "parameters"`) {
		t.Errorf("no parameters cell: %v", err)
	}
}

func TestResultsSideFile(t *testing.T) {
	dir := t.TempDir()
	in, side := filepath.Join(dir, "nb.ipynb"), filepath.Join(dir, "r.json")
	if err := paramNotebook().Write(in); err != nil {
		t.Fatal(err)
	}
	if err := RunFile(context.Background(), in, RunOptions{Parameters: map[string]string{"seed": "2"}, Results: side}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(side)
	if err != nil || !strings.Contains(string(b), `"sum": 15`) || !strings.Contains(string(b), `"seed": "2"`) {
		t.Errorf("side file: %v %s", err, b)
	}
	nb, _ := Read(in)
	if md := nb.Metadata["petri"].(map[string]any); md["results"].(map[string]any)["sum"] != 15.0 {
		t.Errorf("metadata: %v", md)
	}
}

// A script's parameters are its flags, in source order, with the flag's type.
func TestScriptParameters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.go")
	os.WriteFile(path, []byte(`package main

import ("flag"; "time")

var gain = flag.Float64("gain", 1.5, "")

func main() {
	var topology string
	flag.StringVar(&topology, "topology", "lattice", "")
	wait := flag.Duration("wait", 2*time.Second, "")
	flag.Parse()
	_, _ = wait, gain
}
`), 0o644)
	ps, err := ScriptParameters(path)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.Name+":"+p.Type+":"+p.Default)
	}
	if strings.Join(got, " ") != `gain:float64:1.5 topology:string:"lattice" wait:time.Duration:2*time.Second` {
		t.Errorf("got %v", got)
	}
	args, err := ScriptFlags(path, map[string]string{"topology": `"hier archical"`, "wait": "1m"})
	if err != nil || strings.Join(args, "|") != "-topology=hier archical|-wait=1m" {
		t.Errorf("flags %q, %v", args, err)
	}
	if _, err := ScriptFlags(path, map[string]string{"wait": "5"}); err == nil || !strings.Contains(err.Error(), "give a duration") {
		t.Errorf("bad duration: %v", err)
	}
}

// A notebook that neither takes parameters nor records results is left without
// petri metadata.
func TestNoResultsNoMetadata(t *testing.T) {
	nb := &Notebook{NBFormat: 4, NBFormatMinor: 5, Metadata: map[string]any{}, Cells: []*Cell{code("1 + 1")}}
	if err := Run(context.Background(), nb, RunOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, ok := nb.Metadata["petri"]; ok {
		t.Errorf("metadata.petri = %v", nb.Metadata["petri"])
	}
}
