package display

import (
	"sync"
	"time"

	"gonum.org/v1/plot"
)

// LiveInterval is the shortest time between two redraws of a LivePlot. A plot that
// takes long to draw waits longer: at least 10 × its drawing time, so redrawing never
// takes more than about a tenth of the loop's time.
const LiveInterval = 150 * time.Millisecond

// LivePlot redraws a plot in place while a loop runs. The loop calls Tick every step;
// Tick costs one atomic load except when a redraw is due, and redraws run in the
// caller's goroutine, so the plot function may read the loop's data without locks.
//
//	var ts, errs []float64
//	live := display.NewLivePlot(func() (*plot.Plot, error) {
//		return display.ErrorOverTime(ts, errs)
//	})
//	for i := range steps {
//		ts, errs = append(ts, t), append(errs, e)
//		live.Tick()
//	}
//	live.Done()
//
// If the plot function returns an error (e.g. no data yet) or panics, the output
// shows the message until a later redraw succeeds.
type LivePlot struct {
	draw func() (*plot.Plot, error)
	h    *Handle
	g    gate

	mu   sync.Mutex
	done bool
}

// NewLivePlot draws the plot made by draw and returns a LivePlot that redraws it.
func NewLivePlot(draw func() (*plot.Plot, error)) *LivePlot {
	l := &LivePlot{draw: draw, h: NewHandle(), g: gate{clock: clk}}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.redraw()
	return l
}

// Tick redraws the plot if LiveInterval (or 10 × the last drawing time) has passed
// since the last redraw.
func (l *LivePlot) Tick() {
	if !l.g.open.Load() || !l.g.take() {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.done {
		l.redraw()
	}
}

// Draw redraws the plot now.
func (l *LivePlot) Draw() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.done {
		l.g.halt()
		l.redraw()
	}
}

// Done draws the plot a last time and stops redrawing.
func (l *LivePlot) Done() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.done {
		return
	}
	l.g.halt()
	l.redraw()
	l.g.halt()
	l.done = true
}

// Handle returns the handle the plot is drawn through.
func (l *LivePlot) Handle() *Handle { return l.h }

// redraw draws and publishes the plot and arms the gate; l.mu is held.
func (l *LivePlot) redraw() {
	start := l.g.clock.Now()
	data, meta := l.render()
	l.h.UpdateMeta(data, meta)
	cost := l.g.clock.Now().Sub(start)
	l.g.arm(max(LiveInterval, 10*cost))
}

func (l *LivePlot) render() (data, meta Bundle) {
	defer func() {
		if r := recover(); r != nil {
			data, meta = errorBundle("display.LivePlot: the plot function panicked: %v", r)
		}
	}()
	if l.draw == nil {
		return errorBundle("display.LivePlot: no plot function; pass a func() (*plot.Plot, error)")
	}
	p, err := l.draw()
	if err != nil {
		return errorBundle("display.LivePlot: %v", err)
	}
	if p == nil {
		return errorBundle("display.LivePlot: the plot function returned no plot and no error")
	}
	d, m := plotBundle(p, 0, 0)
	return d, m
}
