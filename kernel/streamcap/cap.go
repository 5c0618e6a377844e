package streamcap

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Default sizes: what a cell's output keeps at most, head and tail.
const (
	DefaultHead = 4 << 20
	DefaultTail = 64 << 10
)

// Limits are what one cell's output is held to.
type Limits struct {
	Head, Tail int     // bytes
	Rate       float64 // bytes a second over Window; 0: no rate limit
	Window     time.Duration
	// RateHint is how the user changes the rate limit, said in the line that reports
	// text dropped for its rate.
	RateHint string
}

// rateResume is the fraction of the limit the rate must fall under for output to
// flow again (Jupyter's 0.8), so that output printed near the limit does not flap.
const rateResume = 0.8

// A Chunk is text for one stream.
type Chunk struct{ Name, Text string }

// A Cap applies Limits to one cell's stream output.
type Cap struct {
	mu     sync.Mutex
	lim    Limits
	now    func() time.Time
	head   int // bytes that may still go out
	window rateWindow
	// throttled: output is being dropped for its rate; dropped says so for either
	// reason. What is dropped is kept as a stretch: per stream, its last bytes and
	// how much it held.
	throttled bool
	dropped   bool
	tails     map[string][]byte
	over      map[string]int64 // bytes dropped
	lines     map[string]int64 // newlines dropped
	order     []string
}

// New returns a Cap for one cell, measuring the rate on the clock now.
func New(lim Limits, now func() time.Time) *Cap {
	if lim.Head < 0 || lim.Tail < 0 || lim.Rate < 0 {
		panic(fmt.Sprintf("streamcap: negative limits %+v", lim))
	}
	c := &Cap{lim: lim, now: now, head: lim.Head}
	if c.rated() {
		c.window = newRateWindow(lim.Window, now())
	}
	c.reset()
	return c
}

func (c *Cap) rated() bool { return c.lim.Rate > 0 && c.lim.Window > 0 }

func (c *Cap) reset() {
	c.tails, c.over, c.lines, c.order = map[string][]byte{}, map[string]int64{}, map[string]int64{}, nil
	c.dropped = false
}

// Take returns what to pass on now of text printed on stream name: all of it, part
// of it, nothing, or, when output flows again after a stretch dropped for its rate,
// a notice and the stretch's tail first.
func (c *Cap) Take(name, text string) []Chunk {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []Chunk
	if c.rated() {
		now := c.now()
		c.window.add(now, len(text))
		rate := c.window.rate(now)
		switch {
		case c.throttled && rate < rateResume*c.lim.Rate:
			c.throttled = false
			out = c.flushDropped()
		case !c.throttled && c.head > 0 && rate > c.lim.Rate:
			c.throttled = true
		}
	}
	if c.throttled || c.head == 0 {
		c.drop(name, text)
		return out
	}
	if len(text) <= c.head {
		c.head -= len(text)
		return append(out, Chunk{name, text})
	}
	cut := c.head
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	c.head = 0
	if cut > 0 {
		out = append(out, Chunk{name, text[:cut]})
	}
	c.drop(name, text[cut:])
	return out
}

func (c *Cap) drop(name, text string) {
	c.dropped = true
	if _, ok := c.tails[name]; !ok {
		c.order = append(c.order, name)
	}
	c.over[name] += int64(len(text))
	c.lines[name] += int64(strings.Count(text, "\n"))
	t := append(c.tails[name], text...)
	if len(t) > 2*c.lim.Tail {
		t = append(t[:0:0], t[len(t)-c.lim.Tail:]...)
	}
	c.tails[name] = t
}

// Finish returns, per stream with a dropped stretch at the cell's end, the notice
// and the tail to pass on.
func (c *Cap) Finish() []Chunk {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.flushDropped()
}

// flushDropped renders the dropped stretch, per stream a notice and its tail, and
// starts a new one. The tails count against the head.
func (c *Cap) flushDropped() []Chunk {
	if !c.dropped {
		return nil
	}
	why := fmt.Sprintf("over the %s limit of a cell's output", size(c.lim.Head))
	if c.head > 0 {
		why = fmt.Sprintf("printed faster than the output rate limit of %.0f bytes/s (averaged over %v)", c.lim.Rate, c.lim.Window)
		if c.lim.RateHint != "" {
			why += "; " + c.lim.RateHint
		}
	}
	var out []Chunk
	for _, name := range c.order {
		t := c.tails[name]
		if len(t) > c.lim.Tail {
			t = t[len(t)-c.lim.Tail:]
		}
		// Start the tail at a whole line (and so a whole character) when there is one.
		if i := bytes.IndexByte(t, '\n'); i >= 0 && i < len(t)-1 {
			t = t[i+1:]
		}
		for len(t) > 0 && !utf8.RuneStart(t[0]) {
			t = t[1:]
		}
		dropped := c.over[name] - int64(len(t))
		notice := fmt.Sprintf("\n[petri: %d bytes of %s (about %d lines) were dropped, %s; the last %d bytes follow]\n",
			dropped, name, c.lines[name]-int64(bytes.Count(t, []byte("\n"))), why, len(t))
		out = append(out, Chunk{name, notice + string(t)})
		c.head = max(0, c.head-len(t))
	}
	c.reset()
	return out
}

// size writes n bytes as a person would: 4 MB, 100 B.
func size(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d B", n)
}

// rateWindow sums bytes over a sliding window in rateBuckets buckets, so its memory is
// fixed however many writes it counts; the rate it reports lags by at most a bucket.
type rateWindow struct {
	width   time.Duration // of a bucket
	origin  time.Time
	last    int64 // the bucket index of the latest write
	buckets [rateBuckets]int64
	sum     int64
}

const rateBuckets = 32

func newRateWindow(window time.Duration, origin time.Time) rateWindow {
	return rateWindow{width: max(window/rateBuckets, 1), origin: origin}
}

// advance moves the window to the bucket of now, emptying buckets that fell out.
func (w *rateWindow) advance(now time.Time) int64 {
	i := int64(now.Sub(w.origin) / w.width)
	if i <= w.last {
		return w.last // a clock that stepped back counts in the latest bucket
	}
	for j := w.last + 1; j <= i && j <= w.last+rateBuckets; j++ {
		b := &w.buckets[j%rateBuckets]
		w.sum -= *b
		*b = 0
	}
	w.last = i
	return i
}

func (w *rateWindow) add(now time.Time, n int) {
	i := w.advance(now)
	w.buckets[i%rateBuckets] += int64(n)
	w.sum += int64(n)
}

// rate is the bytes a second over the window ending now.
func (w *rateWindow) rate(now time.Time) float64 {
	w.advance(now)
	return float64(w.sum) / (w.width * rateBuckets).Seconds()
}
