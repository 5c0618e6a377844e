package session

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/petri-mea/petri/kernel/display"
)

// TestCells runs the programs of testdata/cells, in the manner of yaegi's _test/
// directory: each file is a sequence of cells separated by "// cell" lines, and its
// trailing "// Output:" comment is the expected transcript — what the cells printed,
// their results, "display: MIME DATA" for rich output and "error: MESSAGE" for
// errors, in order.
func TestCells(t *testing.T) {
	files, err := filepath.Glob("testdata/cells/*.cells")
	if err != nil || len(files) == 0 {
		t.Fatalf("no cell programs: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".cells"), func(t *testing.T) {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			cells, want := splitCells(t, string(b))
			s := newSession(t)
			var got strings.Builder
			for _, c := range cells {
				tr := &transcript{b: &got}
				res, err := s.Execute(context.Background(), c, tr)
				if err != nil {
					fmt.Fprintf(&got, "error: %v\n", err)
					continue
				}
				if res.Data != nil {
					fmt.Fprintf(&got, "%v\n", res.Data[display.MIMEPlain])
				}
			}
			if got.String() != want {
				t.Errorf("got:\n%s\nwant:\n%s", got.String(), want)
			}
		})
	}
}

func splitCells(t *testing.T, src string) (cells []string, want string) {
	i := strings.Index(src, "\n// Output:\n")
	if i < 0 {
		t.Fatal("no // Output: comment")
	}
	for _, line := range strings.Split(strings.TrimRight(src[i+len("\n// Output:\n"):], "\n"), "\n") {
		want += strings.TrimPrefix(strings.TrimPrefix(line, "//"), " ") + "\n"
	}
	for _, c := range strings.Split(src[:i], "\n// cell\n") {
		cells = append(cells, c)
	}
	return cells, want
}

// transcript records a cell's output as text.
type transcript struct{ b *strings.Builder }

func (tr *transcript) Stream(name, text string) { tr.b.WriteString(text) }

func (tr *transcript) Display(data, metadata display.Bundle, id string, update bool) {
	keys := make([]string, 0, len(data))
	for k := range data {
		if k != display.MIMEPlain {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(tr.b, "display: %s %v\n", k, data[k])
	}
}

func (tr *transcript) Clear(wait bool) { tr.b.WriteString("clear\n") }

func (tr *transcript) Input(prompt string, password bool) (string, error) { return "", ErrNoStdin }
