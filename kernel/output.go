package kernel

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// A cell's stream output is limited twice, as Jupyter servers limit IOPub data, so
// that a cell printing a gigabyte neither floods every front end nor queues the
// gigabyte in the kernel:
//
//   - by rate: when what a cell printed over the last OutputRateWindow exceeds
//     OutputRateLimit bytes a second (Jupyter's iopub_data_rate_limit and
//     rate_limit_window, with their defaults), output is dropped until the rate falls
//     below 80% of the limit (Jupyter's headroom); then a line says how much was
//     dropped, the last bytes dropped follow, and output flows again;
//   - by size: the first OutputHead bytes go out; past that, only the last OutputTail
//     bytes of each stream are kept, sent when the cell ends after a line saying how
//     much was dropped.
//
// Dropping never blocks the cell: printing costs the same whether it is sent or not.
const (
	OutputHead = 4 << 20
	OutputTail = 64 << 10
)

// OutputRateLimit (bytes a second, 0: no limit) and OutputRateWindow are read from
// $PETRI_OUTPUT_RATE_LIMIT (a number, 1e6 or 2000000) and $PETRI_OUTPUT_RATE_WINDOW
// (seconds, or a Go duration such as 500ms) when the kernel starts.
var OutputRateLimit, OutputRateWindow = outputRateFromEnv(os.Getenv, os.Stderr)

// outputRateFromEnv reads the rate limit's settings, saying on stderr which it could
// not read (and using the default for it).
func outputRateFromEnv(getenv func(string) string, stderr io.Writer) (limit float64, window time.Duration) {
	limit, window = 1e6, 3*time.Second
	if v := getenv("PETRI_OUTPUT_RATE_LIMIT"); v != "" {
		if n, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && n >= 0 && !math.IsInf(n, 0) {
			limit = n
		} else {
			fmt.Fprintf(stderr, "petri: PETRI_OUTPUT_RATE_LIMIT=%q is not a number of bytes a second (say 2e6, or 0 for no limit); using %.0f\n", v, limit)
		}
	}
	if v := getenv("PETRI_OUTPUT_RATE_WINDOW"); v != "" {
		d, err := time.ParseDuration(strings.TrimSpace(v))
		if err != nil {
			var secs float64
			if secs, err = strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				d = time.Duration(secs * float64(time.Second))
			}
		}
		if err == nil && d > 0 {
			window = d
		} else {
			fmt.Fprintf(stderr, "petri: PETRI_OUTPUT_RATE_WINDOW=%q is not a positive number of seconds (say 3, or 500ms); using %v\n", v, window)
		}
	}
	return limit, window
}

// rateResume is the fraction of the limit the rate must fall under for output to flow
// again (Jupyter's 0.8), so that output printed near the limit does not flap.
const rateResume = 0.8

// outputLimits are the limits one cell's output is held to.
type outputLimits struct {
	head, tail int
	rate       float64 // bytes a second; 0: none
	window     time.Duration
}

func defaultOutputLimits() outputLimits {
	return outputLimits{head: OutputHead, tail: OutputTail, rate: OutputRateLimit, window: OutputRateWindow}
}

// outputCap applies outputLimits to one cell's stream output.
type outputCap struct {
	mu     sync.Mutex
	lim    outputLimits
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

// A chunk is text for one stream.
type chunk struct{ name, text string }

func newOutputCap(lim outputLimits, now func() time.Time) *outputCap {
	c := &outputCap{lim: lim, now: now, head: lim.head}
	if lim.rate > 0 && lim.window > 0 {
		c.window = newRateWindow(lim.window, now())
	}
	c.reset()
	return c
}

func (c *outputCap) reset() {
	c.tails, c.over, c.lines, c.order = map[string][]byte{}, map[string]int64{}, map[string]int64{}, nil
	c.dropped = false
}

// take returns what to publish now for text printed on stream name: all of it, part
// of it, nothing, or, when output flows again after a stretch dropped for its rate,
// a notice and the stretch's tail first.
func (c *outputCap) take(name, text string) []chunk {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []chunk
	if c.lim.rate > 0 && c.lim.window > 0 {
		now := c.now()
		c.window.add(now, len(text))
		rate := c.window.rate(now)
		switch {
		case c.throttled && rate < rateResume*c.lim.rate:
			c.throttled = false
			out = c.flushDropped()
		case !c.throttled && c.head > 0 && rate > c.lim.rate:
			c.throttled = true
		}
	}
	if c.throttled || c.head == 0 {
		c.drop(name, text)
		return out
	}
	if len(text) <= c.head {
		c.head -= len(text)
		return append(out, chunk{name, text})
	}
	cut := c.head
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	c.head = 0
	if cut > 0 {
		out = append(out, chunk{name, text[:cut]})
	}
	c.drop(name, text[cut:])
	return out
}

func (c *outputCap) drop(name, text string) {
	c.dropped = true
	if _, ok := c.tails[name]; !ok {
		c.order = append(c.order, name)
	}
	c.over[name] += int64(len(text))
	c.lines[name] += int64(strings.Count(text, "\n"))
	t := append(c.tails[name], text...)
	if len(t) > 2*c.lim.tail {
		t = append(t[:0:0], t[len(t)-c.lim.tail:]...)
	}
	c.tails[name] = t
}

// finish returns, per stream with a dropped stretch at the cell's end, the notice and
// the tail to send.
func (c *outputCap) finish() []chunk {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.flushDropped()
}

// flushDropped renders the dropped stretch, per stream a notice and its tail, and
// starts a new one. The tails count against the head.
func (c *outputCap) flushDropped() []chunk {
	if !c.dropped {
		return nil
	}
	why := fmt.Sprintf("over the %d MB limit of a cell's output", c.lim.head>>20)
	if c.head > 0 {
		why = fmt.Sprintf("printed faster than the output rate limit of %.0f bytes/s (averaged over %v); "+
			"set PETRI_OUTPUT_RATE_LIMIT (bytes/s, 0 for none) or PETRI_OUTPUT_RATE_WINDOW in the kernel's environment to change it",
			c.lim.rate, c.lim.window)
	}
	var out []chunk
	for _, name := range c.order {
		t := c.tails[name]
		if len(t) > c.lim.tail {
			t = t[len(t)-c.lim.tail:]
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
		out = append(out, chunk{name, notice + string(t)})
		c.head = max(0, c.head-len(t))
	}
	c.reset()
	return out
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
