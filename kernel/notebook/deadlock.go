package notebook

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/petri-mea/petri/kernel/compile/rt"
	"github.com/petri-mea/petri/kernel/session"
)

// A compiled Go program whose goroutines all block dies with "all goroutines are
// asleep - deadlock!". A script never does: the session's own goroutines (the pumps
// reading its output pipes, signal handling) keep the runtime from noticing, so a
// deadlocked script used to hang forever. deadlockWatch notices instead: twice a
// second it reads every goroutine's state, and when for DeadlockAfter on end every
// goroutine of the script is blocked on a channel, select, mutex, wait group or
// condition, and no timer the script made (time.After, NewTimer, AfterFunc,
// context.WithTimeout/WithDeadline) is still due, it stops the script with a
// DeadlockError. Once the script makes a ticker the watch is off (a ticker can wake
// a blocked goroutine at any time).

// DeadlockAfter is how long every goroutine must stay blocked.
var DeadlockAfter = 2 * time.Second

// DeadlockError is returned by RunScript for a script whose goroutines all blocked.
type DeadlockError struct {
	Goroutines []string // the state of each of the script's goroutines
}

func (e *DeadlockError) Error() string {
	return fmt.Sprintf("deadlock: all %d goroutines of the script are blocked (%s) and no timer is due; "+
		"as `go run` would, petri stops it", len(e.Goroutines), strings.Join(e.Goroutines, "; "))
}

type deadlockWatch struct {
	mu      sync.Mutex
	due     time.Time // the latest time a timer the script made fires
	tickers bool
}

// watchDeadlock installs the timer wrappers in sess and returns a context for the
// script's cells that is cancelled with a *DeadlockError when the script deadlocks.
func watchDeadlock(ctx context.Context, sess *session.Session) (context.Context, func()) {
	w := &deadlockWatch{}
	w.install(sess)
	ctx, cancel := context.WithCancelCause(ctx)
	done := make(chan struct{})
	go w.run(done, cancel)
	return ctx, func() { close(done); cancel(nil) }
}

func (w *deadlockWatch) timer(d time.Duration) {
	w.mu.Lock()
	if t := time.Now().Add(d); t.After(w.due) {
		w.due = t
	}
	w.mu.Unlock()
}

func (w *deadlockWatch) deadline(t time.Time) {
	w.mu.Lock()
	if t.After(w.due) {
		w.due = t
	}
	w.mu.Unlock()
}

func (w *deadlockWatch) ticker() {
	w.mu.Lock()
	w.tickers = true
	w.mu.Unlock()
}

func (w *deadlockWatch) install(sess *session.Session) {
	set := func(path, name string, f any) { sess.SetSymbol(path, name, reflect.ValueOf(f)) }
	set("time", "After", func(d time.Duration) <-chan time.Time { w.timer(d); return time.After(d) })
	set("time", "NewTimer", func(d time.Duration) *time.Timer { w.timer(d); return time.NewTimer(d) })
	set("time", "AfterFunc", func(d time.Duration, f func()) *time.Timer { w.timer(d); return time.AfterFunc(d, f) })
	set("time", "Tick", func(d time.Duration) <-chan time.Time { w.ticker(); return time.Tick(d) })
	set("time", "NewTicker", func(d time.Duration) *time.Ticker { w.ticker(); return time.NewTicker(d) })
	set("context", "WithTimeout", func(p context.Context, d time.Duration) (context.Context, context.CancelFunc) {
		w.timer(d)
		return context.WithTimeout(p, d)
	})
	set("context", "WithDeadline", func(p context.Context, t time.Time) (context.Context, context.CancelFunc) {
		w.deadline(t)
		return context.WithDeadline(p, t)
	})
	// Compiled cells make their timers through rt.
	rt.SetTimerHooks(&rt.TimerHooks{Timer: w.timer, Deadline: w.deadline, Ticker: w.ticker})
}

func (w *deadlockWatch) run(done chan struct{}, cancel context.CancelCauseFunc) {
	t := time.NewTicker(500 * time.Millisecond)
	defer t.Stop()
	var since time.Time
	for {
		select {
		case <-done:
			return
		case <-t.C:
		}
		w.mu.Lock()
		quiet := !w.tickers && time.Now().After(w.due)
		w.mu.Unlock()
		states, blocked := scriptGoroutines()
		if !quiet || !blocked {
			since = time.Time{}
			continue
		}
		if since.IsZero() {
			since = time.Now()
		}
		if time.Since(since) >= DeadlockAfter {
			cancel(&DeadlockError{Goroutines: states})
			return
		}
	}
}

// Goroutines of petri itself, recognised by a function on their stack.
var infrastructure = []string{
	"kernel/session.(*stream).pump",
	"kernel/session.(*Session).watchResources",
	"kernel/notebook.(*deadlockWatch).run",
	"kernel/notebook.RunScript", // waiting for the cell's interpreter
	"os/signal.signal_recv",
	"os/signal.loop",
	"main.interruptible",
}

var blockedStates = []string{"chan receive", "chan send", "select", "sync.Mutex.Lock", "sync.RWMutex.Lock",
	"sync.RWMutex.RLock", "sync.WaitGroup.Wait", "sync.Cond.Wait", "semacquire"}

// scriptGoroutines returns the states of the script's goroutines and whether every
// one is blocked for good (none runs, sleeps, or waits for I/O or a system call).
func scriptGoroutines() (states []string, blocked bool) {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	blocked = true
	for _, g := range bytes.Split(buf, []byte("\n\n")) {
		header, _, _ := bytes.Cut(g, []byte("\n"))
		i, j := bytes.IndexByte(header, '['), bytes.LastIndexByte(header, ']')
		if i < 0 || j < i {
			continue
		}
		state, _, _ := strings.Cut(string(header[i+1:j]), ",")
		infra := false
		for _, f := range infrastructure {
			if bytes.Contains(g, []byte(f)) {
				infra = true
				break
			}
		}
		if infra {
			continue
		}
		states = append(states, state)
		isBlocked := false
		for _, b := range blockedStates {
			if strings.HasPrefix(state, b) {
				isBlocked = true
				break
			}
		}
		if !isBlocked {
			blocked = false
		}
	}
	return states, blocked && len(states) > 0
}
