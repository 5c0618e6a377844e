package streamcap

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// clock is a settable time for the rate window: no test here waits or times anything.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newClock() *clock { return &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }

func joined(cs []Chunk) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(c.Text)
	}
	return b.String()
}

func TestOutputCapKeepsHeadAndTailAndCountsTheRest(t *testing.T) {
	lim := Limits{Head: DefaultHead, Tail: DefaultTail} // the size cap alone
	c := New(lim, newClock().now)
	line := strings.Repeat("x", 99) + "\n" // 100 bytes
	var passed strings.Builder
	const lines = 100_000 // 10 MB
	for i := range lines {
		l := line
		if i == lines-1 {
			l = "last line\n"
		}
		passed.WriteString(joined(c.Take("stdout", l)))
	}
	if passed.Len() != DefaultHead {
		t.Fatalf("%d bytes passed as printed, want the head of %d", passed.Len(), DefaultHead)
	}
	fin := c.Finish()
	if len(fin) != 1 || fin[0].Name != "stdout" {
		t.Fatalf("tails for %v", fin)
	}
	tail := fin[0].Text
	if !strings.HasSuffix(tail, "last line\n") || !strings.Contains(tail, "were dropped, over the 4 MB limit") {
		t.Fatalf("tail does not end with the last line or lacks the notice: %q", tail[:200])
	}
	if len(tail) > DefaultTail+300 {
		t.Errorf("tail is %d bytes, want about %d", len(tail), DefaultTail)
	}
	total := (lines-1)*100 + len("last line\n")
	shown := DefaultHead + len(tail[strings.Index(tail, "follow]\n")+len("follow]\n"):])
	if !strings.Contains(tail, "\n[petri: "+strconv.Itoa(total-shown)+" bytes of stdout") {
		t.Errorf("notice %q does not count %d dropped bytes", tail[:160], total-shown)
	}
}

func TestOutputCapPassesSmallOutputUntouched(t *testing.T) {
	c := New(Limits{Head: DefaultHead, Tail: DefaultTail, Rate: 1e6, Window: 3 * time.Second}, newClock().now)
	if got := joined(c.Take("stdout", "hello\n")); got != "hello\n" {
		t.Fatal(got)
	}
	if fin := c.Finish(); len(fin) != 0 {
		t.Fatalf("a notice for small output: %v", fin)
	}
}

// rateLimits: 1,000 bytes/s over 3 s, so a burst of 3,000 bytes passes (Jupyter
// counts a window's bytes over the whole window from the start, as here) and the
// next byte is over; a tail of 250 bytes.
func rateLimits() Limits {
	return Limits{Head: DefaultHead, Tail: 250, Rate: 1000, Window: 3 * time.Second, RateHint: "set LIMIT to change it"}
}

var line100 = strings.Repeat("r", 99) + "\n"

func TestOutputRateDropsABurstAndSaysSoWhenOutputResumes(t *testing.T) {
	clk := newClock()
	c := New(rateLimits(), clk.now)
	var sent strings.Builder
	for range 100 { // 10,000 bytes at one instant
		sent.WriteString(joined(c.Take("stdout", line100)))
	}
	if sent.Len() != 3000 {
		t.Fatalf("%d bytes of the burst went out, want the 3,000 the window allows", sent.Len())
	}
	clk.advance(10 * time.Second) // the window is empty again
	got := c.Take("stdout", "after\n")
	if len(got) != 2 || got[1].Text != "after\n" {
		t.Fatalf("after the pause got %q, want the notice and then the new line", got)
	}
	notice := got[0].Text
	// 7,000 bytes dropped; the tail of 250 bytes starts at a whole line: the last 200.
	for _, want := range []string{"[petri: 6800 bytes of stdout (about 68 lines) were dropped",
		"output rate limit of 1000 bytes/s (averaged over 3s); set LIMIT to change it", "the last 200 bytes follow]\n"} {
		if !strings.Contains(notice, want) {
			t.Errorf("notice lacks %q:\n%s", want, notice)
		}
	}
	if !strings.HasSuffix(notice, "follow]\n"+line100+line100) {
		t.Errorf("the notice is not followed by the last two dropped lines:\n%s", notice)
	}
	if fin := c.Finish(); len(fin) != 0 {
		t.Errorf("a second notice at the end for a stretch already reported: %q", fin)
	}
}

func TestOutputRateKeepsTheTailWhenTheCellEndsThrottled(t *testing.T) {
	clk := newClock()
	c := New(rateLimits(), clk.now)
	for i := range 1000 { // 10 s at 10 kB/s: ten times the limit, throughout
		l := line100
		if i == 999 {
			l = "THE END\n"
		}
		c.Take("stdout", l)
		clk.advance(10 * time.Millisecond)
	}
	fin := c.Finish()
	if len(fin) != 1 || !strings.HasSuffix(fin[0].Text, "THE END\n") {
		t.Fatalf("the cell's last line is not at the end of its output: %q", fin)
	}
	if !strings.Contains(fin[0].Text, "output rate limit") {
		t.Errorf("the final notice does not name the rate limit: %q", fin[0].Text)
	}
}

func TestOutputRateNeedsHeadroomToResume(t *testing.T) {
	clk := newClock()
	c := New(rateLimits(), clk.now)
	for range 40 { // over the limit at once
		c.Take("stdout", line100)
	}
	// 900 bytes/s for 10 s: under the limit, over the 80% at which output resumes.
	for range 100 {
		clk.advance(100 * time.Millisecond)
		if got := c.Take("stdout", strings.Repeat("s", 89)+"\n"); len(got) != 0 {
			t.Fatalf("output resumed at 900 bytes/s against a limit of 1000 (resume under 800): %q", got)
		}
	}
	// 500 bytes/s: once the window holds only that, output flows.
	resumed := false
	for range 40 {
		clk.advance(200 * time.Millisecond)
		if got := c.Take("stdout", strings.Repeat("h", 99)+"\n"); len(got) > 0 {
			resumed = true
			break
		}
	}
	if !resumed {
		t.Fatal("output never resumed at half the limit")
	}
}

func TestOutputRateWindowSlides(t *testing.T) {
	for _, tc := range []struct {
		after time.Duration
		pass  bool
	}{
		{2900 * time.Millisecond, false}, // the 2,900 bytes are still in the window
		{3200 * time.Millisecond, true},  // they have left it
	} {
		clk := newClock()
		c := New(rateLimits(), clk.now)
		if got := joined(c.Take("stdout", strings.Repeat("a", 2899)+"\n")); len(got) != 2900 {
			t.Fatalf("2,900 bytes at once, under the window's 3,000: %d went out", len(got))
		}
		clk.advance(tc.after)
		got := joined(c.Take("stdout", strings.Repeat("b", 199)+"\n"))
		if (got != "") != tc.pass {
			t.Errorf("200 more bytes %v later: sent %d bytes, want sent=%v", tc.after, len(got), tc.pass)
		}
	}
}

func TestOutputRateZeroIsNoLimit(t *testing.T) {
	lim := rateLimits()
	lim.Rate = 0
	c := New(lim, newClock().now)
	for range 1000 {
		if got := joined(c.Take("stderr", line100)); got != line100 {
			t.Fatalf("with no rate limit a line was held: %q", got)
		}
	}
}
