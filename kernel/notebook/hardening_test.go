package notebook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 12 item 11, with a notebook as Jupyter writes one plus keys petri does not know.
const keyedNotebook = `{
 "cells": [
  {"cell_type": "code", "id": "a", "metadata": {}, "source": ["panic(\"stop\")"], "execution_count": null, "outputs": [], "x-cell-key": {"keep": 1}},
  {"cell_type": "code", "id": "b", "metadata": {}, "source": ["fmt.Println(\"new\")"], "execution_count": 7,
   "outputs": [{"output_type": "stream", "name": "stdout", "text": "old output\n"}]}
 ],
 "metadata": {},
 "nbformat": 4,
 "nbformat_minor": 5,
 "x-notebook-key": "kept"
}`

func TestRunInPlaceKeepsUnknownKeysAndOutputsOfCellsNotRun(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nb.ipynb")
	os.WriteFile(path, []byte(keyedNotebook), 0o600)
	if err := RunFile(context.Background(), path, RunOptions{}); !errors.Is(err, ErrCellFailed) {
		t.Fatalf("RunFile: %v, want the first cell to fail", err)
	}
	b, _ := os.ReadFile(path)
	var nb map[string]any
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatalf("written notebook is not JSON: %v", err)
	}
	if nb["x-notebook-key"] != "kept" {
		t.Errorf("notebook key dropped: %v", nb["x-notebook-key"])
	}
	cells := nb["cells"].([]any)
	if k := cells[0].(map[string]any)["x-cell-key"]; k == nil {
		t.Error("cell key dropped")
	}
	second := cells[1].(map[string]any)
	outs := second["outputs"].([]any)
	if len(outs) != 1 || outs[0].(map[string]any)["text"] != "old output\n" || second["execution_count"] != 7.0 {
		t.Errorf("a cell that did not run lost its outputs: %v", second)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %o after writing in place, want the input's 0600", st.Mode().Perm())
	}
}

func TestRunChecksTheOutputBeforeRunningAnyCell(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "nb.ipynb")
	marker := filepath.Join(dir, "ran")
	nb := `{"cells":[{"cell_type":"code","metadata":{},"source":"os.WriteFile(` + "`" + marker + "`" + `, nil, 0o644)","outputs":[],"execution_count":null}],
	 "metadata":{},"nbformat":4,"nbformat_minor":5}`
	os.WriteFile(path, []byte(nb), 0o644)
	err := RunFile(context.Background(), path, RunOptions{Out: filepath.Join(dir, "no", "such", "dir", "out.ipynb")})
	if err == nil || !strings.Contains(err.Error(), "-o") {
		t.Fatalf("RunFile to an unwritable -o: %v", err)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("a cell ran before the unwritable -o was found")
	}
}

func TestWriteFailureLeavesTheOldFile(t *testing.T) {
	// A failed write (here: the directory is read-only, as a full disk fails the
	// temporary file) must leave the input untouched. Root ignores permissions, so
	// the failure is made by a name too long for the file system instead.
	dir := t.TempDir()
	path := filepath.Join(dir, strings.Repeat("n", 240)+".ipynb")
	orig := []byte(keyedNotebook)
	if err := os.WriteFile(path, orig, 0o644); err != nil {
		t.Skip("file system takes no 246-byte names:", err)
	}
	nb, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	// The temporary name is longer than the file's, past NAME_MAX (255).
	if err := nb.Write(path); err == nil {
		t.Fatal("write with an impossible temporary name succeeded")
	}
	if b, _ := os.ReadFile(path); !bytes.Equal(b, orig) {
		t.Error("a failed write changed the file")
	}
}

func TestScriptExitStatus(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "exit.go")
	os.WriteFile(script, []byte("package main\n\nimport \"os\"\n\nfunc main() { os.Exit(3) }\n"), 0o644)
	var out, errw bytes.Buffer
	err := RunScript(context.Background(), script, nil, dir, &out, &errw)
	var exit *ExitError
	if !errors.As(err, &exit) || exit.Code != 3 {
		t.Fatalf("RunScript: %v, want ExitError 3", err)
	}
	if strings.Contains(errw.String(), "keeps running") {
		t.Errorf("stderr says the kernel keeps running: %q", errw.String())
	}
}

func runScriptSource(t *testing.T, src string) (string, error) {
	t.Helper()
	dir := t.TempDir()
	script := filepath.Join(dir, "s.go")
	os.WriteFile(script, []byte(src), 0o644)
	var out, errw bytes.Buffer
	err := RunScript(context.Background(), script, nil, dir, &out, &errw)
	return out.String() + errw.String(), err
}

// Issue 12 item 12: a deadlocked script hung forever.
func TestDeadlockedScriptStops(t *testing.T) {
	out, err := runScriptSource(t, "package main\n\nfunc main() {\n\tch := make(chan int)\n\t<-ch\n}\n")
	var exit *ExitError
	if !errors.As(err, &exit) || exit.Code != 2 || !strings.Contains(out, "deadlock") {
		t.Fatalf("deadlocked script: %v, output %q; want exit status 2 and a deadlock report", err, out)
	}
}

func TestScriptWaitingOnATimerIsNotADeadlock(t *testing.T) {
	out, err := runScriptSource(t, `package main

import (
	"fmt"
	"time"
)

func main() {
	<-time.After(3 * time.Second)
	fmt.Println("woke")
}
`)
	if err != nil || out != "woke\n" {
		t.Fatalf("timer wait: %v, output %q", err, out)
	}
}
