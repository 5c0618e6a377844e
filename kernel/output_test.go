package kernel

import (
	"strconv"
	"strings"
	"testing"
)

func TestOutputCapKeepsHeadAndTailAndCountsTheRest(t *testing.T) {
	c := newOutputCap()
	line := strings.Repeat("x", 99) + "\n" // 100 bytes
	var passed strings.Builder
	const lines = 100_000 // 10 MB
	for i := range lines {
		l := line
		if i == lines-1 {
			l = "last line\n"
		}
		passed.WriteString(c.take("stdout", l))
	}
	if passed.Len() != OutputHead {
		t.Fatalf("%d bytes passed as printed, want the head of %d", passed.Len(), OutputHead)
	}
	names, texts := c.finish()
	if len(names) != 1 || names[0] != "stdout" {
		t.Fatalf("tails for %v", names)
	}
	tail := texts[0]
	if !strings.HasSuffix(tail, "last line\n") || !strings.Contains(tail, "were dropped") {
		t.Fatalf("tail does not end with the last line or lacks the notice: %q", tail[:200])
	}
	if len(tail) > OutputTail+300 {
		t.Errorf("tail is %d bytes, want about %d", len(tail), OutputTail)
	}
	total := (lines-1)*100 + len("last line\n")
	shown := OutputHead + len(tail[strings.Index(tail, "follow]\n")+len("follow]\n"):])
	if !strings.Contains(tail, " "+strconv.Itoa(total-shown)+" bytes of stdout") {
		t.Errorf("notice %q does not count %d dropped bytes", tail[:160], total-shown)
	}
}

func TestOutputCapPassesSmallOutputUntouched(t *testing.T) {
	c := newOutputCap()
	if got := c.take("stdout", "hello\n"); got != "hello\n" {
		t.Fatal(got)
	}
	if names, _ := c.finish(); len(names) != 0 {
		t.Fatalf("a notice for small output: %v", names)
	}
}
