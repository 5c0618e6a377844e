package kernel

import (
	"bytes"
	"fmt"
	"sync"
	"unicode/utf8"
)

// A cell's stream output is capped, as Jupyter servers cap IOPub data with their data
// rate limit, so that a cell printing a gigabyte neither floods every front end nor
// queues the gigabyte in the kernel: the first OutputHead bytes go out as they are
// printed; past that, only the last OutputTail bytes of each stream are kept, and when
// the cell ends they are sent after a line saying how much was dropped.
const (
	OutputHead = 4 << 20
	OutputTail = 64 << 10
)

type outputCap struct {
	mu    sync.Mutex
	head  int               // bytes that may still go out as printed
	tails map[string][]byte // per stream, the last bytes past the head
	over  map[string]int64  // per stream, bytes past the head
	lines map[string]int64  // per stream, newlines past the head
	order []string
}

func newOutputCap() *outputCap {
	return &outputCap{head: OutputHead, tails: map[string][]byte{}, over: map[string]int64{}, lines: map[string]int64{}}
}

// take returns the part of text that may be published now and keeps the rest.
func (c *outputCap) take(name, text string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(text) <= c.head {
		c.head -= len(text)
		return text
	}
	cut := c.head
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	pass, rest := text[:cut], text[cut:]
	c.head = 0
	if _, ok := c.tails[name]; !ok {
		c.order = append(c.order, name)
	}
	c.over[name] += int64(len(rest))
	c.lines[name] += int64(bytes.Count([]byte(rest), []byte("\n")))
	t := append(c.tails[name], rest...)
	if len(t) > 2*OutputTail {
		t = append(t[:0:0], t[len(t)-OutputTail:]...)
	}
	c.tails[name] = t
	return pass
}

// finish returns, per stream that went over the head, the notice and the tail to send.
func (c *outputCap) finish() (names, texts []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, name := range c.order {
		t := c.tails[name]
		if len(t) > OutputTail {
			t = t[len(t)-OutputTail:]
		}
		// Start the tail at a whole line (and so a whole character) when there is one.
		if i := bytes.IndexByte(t, '\n'); i >= 0 && i < len(t)-1 {
			t = t[i+1:]
		}
		for len(t) > 0 && !utf8.RuneStart(t[0]) {
			t = t[1:]
		}
		dropped := c.over[name] - int64(len(t))
		notice := fmt.Sprintf("\n[petri: output over the %d MB limit of a cell: %d bytes of %s (about %d lines) were dropped; the last %d bytes follow]\n",
			OutputHead>>20, dropped, name, c.lines[name]-int64(bytes.Count(t, []byte("\n"))), len(t))
		names = append(names, name)
		texts = append(texts, notice+string(t))
	}
	return names, texts
}
