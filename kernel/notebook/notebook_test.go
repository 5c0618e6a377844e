package notebook

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func code(src string) *Cell {
	return &Cell{CellType: "code", Source: Source(src), Metadata: map[string]any{}}
}

func TestRunRecordsOutputs(t *testing.T) {
	nb := &Notebook{NBFormat: 4, NBFormatMinor: 5, Metadata: map[string]any{}, Cells: []*Cell{
		{CellType: "markdown", Source: "# title", Metadata: map[string]any{}},
		code("fmt.Print(\"a\")\nfmt.Print(\"b\\n\")\n40 + 2"),
		code("h := display.NewHandle()\nh.Text(\"first\")"),
		code("h.Text(\"second\")"),
		code("display.HTML(\"gone\")\ndisplay.Clear()\ndisplay.HTML(\"<i>kept</i>\")"),
		code("panic(\"stop here\")"),
		code("fmt.Println(\"not run\")"),
	}}
	err := Run(context.Background(), nb, RunOptions{})
	if err != ErrCellFailed {
		t.Fatalf("Run: %v", err)
	}
	c := nb.Cells
	if got := c[1].Outputs; len(got) != 2 || got[0]["text"] != "ab\n" || got[1]["output_type"] != "execute_result" {
		t.Errorf("streams are merged and the result follows: %v", got)
	}
	// An update replaces the output of an earlier cell, as Jupyter front ends do.
	if got := c[2].Outputs[0]["data"].(map[string]any)["text/plain"]; got != "second" {
		t.Errorf("updated display: %v", got)
	}
	if got := c[4].Outputs; len(got) != 1 || !strings.Contains(got[0]["data"].(map[string]any)["text/html"].(string), "kept") {
		t.Errorf("clear_output: %v", got)
	}
	if got := c[5].Outputs; len(got) != 1 || got[0]["output_type"] != "error" || got[0]["evalue"] != "stop here" {
		t.Errorf("error output: %v", got)
	}
	if c[6].ExecutionCount != nil || len(c[6].Outputs) != 0 {
		t.Errorf("a cell after the failure ran: %v", c[6].Outputs)
	}
}

func TestParseRejects(t *testing.T) {
	for name, src := range map[string]string{
		"not JSON":   "{",
		"nbformat 3": `{"nbformat": 3, "worksheets": []}`,
		"no version": `{"cells": []}`,
		"bad cell":   `{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "python", "source": ""}]}`,
	} {
		if _, err := Parse("x.ipynb", []byte(src)); err == nil || !strings.Contains(err.Error(), "x.ipynb") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestRoundTripSourceForms(t *testing.T) {
	src := `{"nbformat": 4, "nbformat_minor": 5, "metadata": {"custom": 1},
		"cells": [{"cell_type": "code", "metadata": {}, "source": ["a := 1\n", "a"], "outputs": [], "execution_count": null}]}`
	nb, err := Parse("x", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if nb.Cells[0].Source != "a := 1\na" {
		t.Fatalf("source %q", nb.Cells[0].Source)
	}
	path := filepath.Join(t.TempDir(), "x.ipynb")
	if err := nb.Write(path); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	var back map[string]any
	json.Unmarshal(b, &back)
	if back["metadata"].(map[string]any)["custom"] != 1.0 {
		t.Errorf("metadata lost: %s", b)
	}
}

func TestScriptWritesPlots(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "sine.go")
	os.WriteFile(script, []byte(`package main

import "fmt"

func main() {
	p := plot.New()
	pts := plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}}
	l, err := plotter.NewLine(pts)
	if err != nil {
		panic(err)
	}
	p.Add(l)
	display.Plot(p)
	fmt.Println("args:", os.Args[1:])
}
`), 0o644)
	var out, errs strings.Builder
	if err := RunScript(context.Background(), script, []string{"x"}, "", &out, &errs); err != nil {
		t.Fatalf("%v: %s", err, errs.String())
	}
	if out.String() != "args: [x]\n" {
		t.Errorf("stdout %q", out.String())
	}
	png := filepath.Join(dir, "sine-1.png")
	if b, err := os.ReadFile(png); err != nil || len(b) < 100 || string(b[1:4]) != "PNG" {
		t.Errorf("plot file: %v", err)
	}
	if !strings.Contains(errs.String(), png) {
		t.Errorf("stderr does not report the plot: %q", errs.String())
	}
}
