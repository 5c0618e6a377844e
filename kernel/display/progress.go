package display

import (
	"fmt"
	"html"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// ProgressInterval is the shortest time between two redraws of a progress bar: at
// most 10 updates a second reach the front end however often Add is called.
const ProgressInterval = 100 * time.Millisecond

// Progress is a progress bar that updates in place (see Handle). Add and Set cost a
// few nanoseconds (two atomic operations), so call them every step of a loop; the
// bar redraws at most every ProgressInterval, and only when the loop calls in after
// the interval has passed — nothing runs in the background between calls.
//
//	bar := display.NewProgress(len(steps), "training")
//	for range steps {
//		// ... one step ...
//		bar.Add(1)
//	}
//	bar.Done()
//
// The bar shows the label, the fraction done, the count, the rate per second and the
// time left, as HTML with a text/plain twin. A total ≤ 0 means unknown: the bar shows
// the count and rate only. Progress is safe for concurrent use.
type Progress struct {
	n     atomic.Int64
	g     gate
	note  atomic.Pointer[string]
	total int64
	label string
	h     *Handle

	mu    sync.Mutex // serialises publication
	start time.Time
	done  bool
}

// NewProgress shows a progress bar at 0 of total, labelled with label.
func NewProgress(total int, label string) *Progress {
	p := &Progress{total: int64(total), label: label, h: NewHandle(), g: gate{clock: clk}}
	p.start = p.g.clock.Now()
	p.mu.Lock()
	p.publish(p.start)
	p.g.arm(ProgressInterval)
	p.mu.Unlock()
	return p
}

// Add advances the bar by k steps.
func (p *Progress) Add(k int) {
	p.n.Add(int64(k))
	if p.g.open.Load() {
		p.flush()
	}
}

// Set moves the bar to i steps done.
func (p *Progress) Set(i int) {
	p.n.Store(int64(i))
	if p.g.open.Load() {
		p.flush()
	}
}

// Note sets a short text shown after the numbers (e.g. the current error); it
// appears with the next redraw.
func (p *Progress) Note(s string) { p.note.Store(&s) }

// Value returns the steps done so far.
func (p *Progress) Value() int { return int(p.n.Load()) }

// Handle returns the handle the bar is drawn through.
func (p *Progress) Handle() *Handle { return p.h }

func (p *Progress) flush() {
	if !p.g.take() {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done {
		return
	}
	p.publish(p.g.clock.Now())
	p.g.arm(ProgressInterval)
}

// Done draws the bar a last time, with the total time taken. Later calls of Add, Set
// and Done change nothing on screen.
func (p *Progress) Done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done {
		return
	}
	p.done = true
	p.g.halt()
	p.publish(p.g.clock.Now())
}

// publish draws the bar; p.mu is held.
func (p *Progress) publish(now time.Time) {
	s := progressState{
		label: p.label, n: p.n.Load(), total: p.total,
		elapsed: now.Sub(p.start), done: p.done,
	}
	if n := p.note.Load(); n != nil {
		s.note = *n
	}
	p.h.Update(Bundle{MIMEHTML: s.html(), MIMEPlain: s.text()})
}

type progressState struct {
	label, note string
	n, total    int64
	elapsed     time.Duration
	done        bool
}

func (s progressState) fraction() float64 {
	if s.total <= 0 {
		return 0
	}
	return min(max(float64(s.n)/float64(s.total), 0), 1)
}

// numbers is the text after the bar: percent, count, rate, time left or taken.
func (s progressState) numbers() string {
	var parts []string
	if s.total > 0 {
		parts = append(parts, fmt.Sprintf("%3.0f%%", 100*s.fraction()), fmt.Sprintf("%d/%d", s.n, s.total))
	} else {
		parts = append(parts, fmt.Sprintf("%d", s.n))
	}
	secs := s.elapsed.Seconds()
	if secs > 0 && s.n > 0 {
		rate := float64(s.n) / secs
		parts = append(parts, rateText(rate))
		if !s.done && s.total > 0 && s.n < s.total {
			left := time.Duration(float64(s.total-s.n) / rate * float64(time.Second))
			parts = append(parts, durationText(left)+" left")
		}
	}
	switch {
	case s.done && s.total > 0 && s.n < s.total:
		parts = append(parts, "stopped after "+durationText(s.elapsed))
	case s.done:
		parts = append(parts, "done in "+durationText(s.elapsed))
	}
	if s.note != "" {
		parts = append(parts, s.note)
	}
	return strings.Join(parts, "  ")
}

func rateText(r float64) string {
	switch {
	case r >= 100:
		return fmt.Sprintf("%.0f/s", r)
	case r >= 10:
		return fmt.Sprintf("%.1f/s", r)
	}
	return fmt.Sprintf("%.2f/s", r)
}

func durationText(d time.Duration) string {
	if d < 10*time.Second {
		return d.Round(100 * time.Millisecond).String()
	}
	return d.Round(time.Second).String()
}

const barCells = 30

func (s progressState) text() string {
	var b strings.Builder
	if s.label != "" {
		b.WriteString(s.label + " ")
	}
	if s.total > 0 {
		full := int(s.fraction()*barCells + 0.5)
		b.WriteString("[" + strings.Repeat("#", full) + strings.Repeat(".", barCells-full) + "] ")
	}
	b.WriteString(s.numbers())
	return b.String()
}

func (s progressState) html() string {
	colour := "#4c78a8" // running: blue
	switch {
	case s.done && s.total > 0 && s.n < s.total:
		colour = "#e45756" // stopped early: red
	case s.done:
		colour = "#54a24b" // finished: green
	}
	var b strings.Builder
	b.WriteString(`<div style="font-family:monospace;line-height:1.6">`)
	if s.label != "" {
		b.WriteString(`<span style="margin-right:0.6em">` + html.EscapeString(s.label) + `</span>`)
	}
	if s.total > 0 {
		fmt.Fprintf(&b, `<span style="display:inline-block;width:16em;height:0.9em;background:#e6e6e6;border-radius:3px;vertical-align:middle;overflow:hidden">`+
			`<span style="display:block;width:%.1f%%;height:100%%;background:%s"></span></span> `, 100*s.fraction(), colour)
	}
	b.WriteString(`<span style="white-space:pre">` + html.EscapeString(s.numbers()) + `</span></div>`)
	return b.String()
}
