package session

import (
	"strings"
	"testing"
)

// Issue 12 item 10: closing os.Stdout in one cell silently lost all later output.
func TestClosingStdoutInACellKeepsLaterCellsOutput(t *testing.T) {
	s := newSession(t)
	if _, _, err := runCells(t, s, "os.Stdout.Close()\nos.Stderr.Close()"); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCells(t, s, `fmt.Println("a")
os.Stdout.WriteString("b\n")
fmt.Fprintln(os.Stderr, "c")`)
	if err != nil {
		t.Fatal(err)
	}
	// stdout and stderr are separate pipes, so only each stream's order is fixed.
	if len(out) != 6 || !strings.Contains(out, "a\nb\n") || !strings.Contains(out, "c\n") {
		t.Fatalf("output after a cell closed the streams: %q, want a, b (stdout) and c (stderr)", out)
	}
}
