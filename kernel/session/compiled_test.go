package session

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/petri-mea/petri/kernel/compile"
	"github.com/petri-mea/petri/kernel/display"
)

// compiledAvailable skips t when this test binary cannot build plugins, saying why.
func compiledAvailable(t testing.TB) {
	t.Helper()
	if _, err := compile.New(); err != nil {
		t.Skip(err)
	}
}

// TestCompiledCells runs testdata/compiled/*.cells in auto mode, as TestCells runs
// testdata/cells, with what became of each cell's declarations in the transcript
// before its output: "compiled: NAMES", "compiled (cached): NAMES" and
// "interpreted: WHY".
func TestCompiledCells(t *testing.T) {
	compiledAvailable(t)
	files, err := filepath.Glob("testdata/compiled/*.cells")
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
			s := newSessionMode(t, CompileAuto)
			var got strings.Builder
			for _, c := range cells {
				var out strings.Builder
				res, err := s.Execute(context.Background(), c, &transcript{b: &out})
				got.WriteString(compileLines(res.Compiled))
				got.WriteString(out.String())
				if err != nil {
					msg := err.Error()
					if pe, ok := err.(*PanicError); ok {
						msg = strings.SplitN(msg, "\n", 2)[0]
						_ = pe
					}
					fmt.Fprintf(&got, "error: %s\n", msg)
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

func compileLines(n *CompileNote) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	if len(n.Names) > 0 {
		if n.Cached {
			fmt.Fprintf(&b, "compiled (cached): %s\n", strings.Join(n.Names, ", "))
		} else {
			fmt.Fprintf(&b, "compiled: %s\n", strings.Join(n.Names, ", "))
		}
	}
	for _, why := range n.Interpreted {
		fmt.Fprintf(&b, "interpreted: %s\n", why)
	}
	return b.String()
}

func newSessionMode(t testing.TB, mode string) *Session {
	t.Helper()
	s, err := New(Options{Grace: 300 * 1e6, Compile: mode})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
