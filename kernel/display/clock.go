package display

import (
	"sync/atomic"
	"time"
)

// clock is the time source of rate-limited outputs (Progress, LivePlot); tests
// replace it with a fake that fires timers by hand.
type clock interface {
	Now() time.Time
	// AfterFunc calls f once, d from now, in its own goroutine, unless stop is
	// called first.
	AfterFunc(d time.Duration, f func()) (stop func() bool)
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) AfterFunc(d time.Duration, f func()) func() bool {
	return time.AfterFunc(d, f).Stop
}

var clk clock = realClock{}

// gate opens once per interval so that a hot loop can ask "is it time to publish?"
// with one atomic load: after each publication a one-shot timer is armed that opens
// the gate when the interval has passed. No goroutine runs between publications and
// none is left behind when the caller stops calling.
type gate struct {
	open  atomic.Bool
	clock clock
	stop  func() bool
}

func (g *gate) arm(d time.Duration) {
	g.stop = g.clock.AfterFunc(d, func() { g.open.Store(true) })
}

// take reports whether the gate was open and closes it; only one caller wins.
func (g *gate) take() bool { return g.open.CompareAndSwap(true, false) }

func (g *gate) halt() {
	if g.stop != nil {
		g.stop()
	}
	g.open.Store(false)
}
