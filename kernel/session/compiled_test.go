package session

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

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

// TestCompiledCells runs testdata/compiled/*.cells in auto mode (force if the file
// begins with "// mode: force"), as TestCells runs
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
			mode := CompileAuto
			if rest, ok := strings.CutPrefix(string(b), "// mode: force\n"); ok {
				mode, b = CompileForce, []byte(rest) // not part of the first cell
			}
			cells, want := splitCells(t, string(b))
			s := newSessionMode(t, mode)
			var got strings.Builder
			for _, c := range cells {
				var out strings.Builder
				res, err := s.Execute(context.Background(), c, &transcript{b: &out})
				got.WriteString(compileLines(res.Compiled))
				got.WriteString(out.String())
				if err != nil {
					// The first line, without what depends on timing: how far the
					// stack grew, and whether compiled code unwound within the grace.
					msg := strings.SplitN(err.Error(), "\n", 2)[0]
					msg, _, _ = strings.Cut(msg, "; compiled code (")
					msg = grewBy.ReplaceAllString(msg, "grew by N MB")
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

var grewBy = regexp.MustCompile(`grew by \d+ MB`)

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
	s, err := New(Options{Grace: 300 * time.Millisecond, Compile: mode})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
