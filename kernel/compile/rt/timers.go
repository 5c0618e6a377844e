package rt

import (
	"context"
	"sync/atomic"
	"time"
)

// TimerHooks hear of the timers compiled cells make, as `petri script`'s deadlock
// watch hears of the interpreter's: a program blocked on a timer that is still due is
// not deadlocked.
type TimerHooks struct {
	Timer    func(d time.Duration) // a timer firing d from now
	Deadline func(t time.Time)     // a deadline at t
	Ticker   func()                // a ticker: it may wake anything at any time
}

var timerHooks atomic.Pointer[TimerHooks]

// SetTimerHooks installs h (nil removes them).
func SetTimerHooks(h *TimerHooks) { timerHooks.Store(h) }

func noteTimer(d time.Duration) {
	if h := timerHooks.Load(); h != nil && h.Timer != nil {
		h.Timer(d)
	}
}

// The functions below are the time and context functions of the same names, which
// compiled cells call through here.

func TimeAfter(d time.Duration) <-chan time.Time { noteTimer(d); return time.After(d) }

func TimeNewTimer(d time.Duration) *time.Timer { noteTimer(d); return time.NewTimer(d) }

func TimeAfterFunc(d time.Duration, f func()) *time.Timer { noteTimer(d); return time.AfterFunc(d, f) }

func TimeTick(d time.Duration) <-chan time.Time { noteTicker(); return time.Tick(d) }

func TimeNewTicker(d time.Duration) *time.Ticker { noteTicker(); return time.NewTicker(d) }

func ContextWithTimeout(p context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	noteTimer(d)
	return context.WithTimeout(p, d)
}

func ContextWithDeadline(p context.Context, t time.Time) (context.Context, context.CancelFunc) {
	if h := timerHooks.Load(); h != nil && h.Deadline != nil {
		h.Deadline(t)
	}
	return context.WithDeadline(p, t)
}

func noteTicker() {
	if h := timerHooks.Load(); h != nil && h.Ticker != nil {
		h.Ticker()
	}
}
