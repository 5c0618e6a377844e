package display

import (
	"errors"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot"
)

func TestProgressRateLimited(t *testing.T) {
	c := withClock(t)
	f := publishing(t)
	bar := NewProgress(1000, "training")
	if len(f.calls) != 1 || f.calls[0].update {
		t.Fatalf("NewProgress should show the bar once: %+v", f.calls)
	}
	id := f.calls[0].id
	// Many steps within one interval: no redraw.
	for range 500 {
		bar.Add(1)
	}
	c.advance(ProgressInterval / 2)
	bar.Add(1)
	if len(f.calls) != 1 {
		t.Fatalf("redrew before the interval passed: %d calls", len(f.calls))
	}
	// The interval passes: the next step redraws, once.
	c.advance(ProgressInterval / 2)
	bar.Add(1)
	bar.Add(1)
	if len(f.calls) != 2 {
		t.Fatalf("got %d calls after the interval, want 2", len(f.calls))
	}
	u := f.calls[1]
	if !u.update || u.id != id {
		t.Errorf("redraw is not an update of %q: %+v", id, u)
	}
	text := u.data[MIMEPlain].(string)
	for _, want := range []string{"training", "50%", "502/1000", "/s", "left"} {
		if !strings.Contains(text, want) {
			t.Errorf("text %q lacks %q", text, want)
		}
	}
	// Time passes with no steps: nothing is drawn (no background work).
	c.advance(10 * ProgressInterval)
	if len(f.calls) != 2 {
		t.Errorf("drew without a step: %d calls", len(f.calls))
	}
	bar.Set(1000)
	bar.Done()
	bar.Done()
	bar.Add(5)
	c.advance(time.Second)
	bar.Add(1)
	last := f.last(t)
	if len(f.calls) != 4 || !strings.Contains(last.data[MIMEPlain].(string), "done in") {
		t.Errorf("Done: %d calls, last %v", len(f.calls), last.data[MIMEPlain])
	}
	if html := last.data[MIMEHTML].(string); !strings.Contains(html, "width:100.0%") {
		t.Errorf("finished bar is not full: %s", html)
	}
}

// The number of redraws is bounded by elapsed time, not by the number of steps.
func TestProgressAtMostTenPerSecond(t *testing.T) {
	c := withClock(t)
	f := publishing(t)
	bar := NewProgress(0, "")
	for range 100 { // 10 simulated seconds, 1000 steps each ms
		for range 10 {
			c.advance(time.Millisecond)
			for range 100 {
				bar.Add(1)
			}
		}
	}
	bar.Done()
	if n := len(f.calls); n > 10*10+2 {
		t.Errorf("%d publications in 10 s, want at most 102", n)
	}
	if !strings.HasPrefix(f.last(t).data[MIMEPlain].(string), "100000") {
		t.Errorf("unknown total: text %q", f.last(t).data[MIMEPlain])
	}
}

func TestProgressStoppedEarlyAndNote(t *testing.T) {
	c := withClock(t)
	f := publishing(t)
	bar := NewProgress(10, "sim")
	bar.Set(4)
	bar.Note("r = 0.91")
	c.advance(20 * time.Second)
	bar.Done()
	text := f.last(t).data[MIMEPlain].(string)
	for _, want := range []string{"[############..................]", "4/10", "stopped after 20s", "r = 0.91", "0.20/s"} {
		if !strings.Contains(text, want) {
			t.Errorf("text %q lacks %q", text, want)
		}
	}
	if bar.Value() != 4 || bar.Handle() == nil {
		t.Errorf("Value %d", bar.Value())
	}
}

func TestLivePlotRedrawsThroughHandle(t *testing.T) {
	c := withClock(t)
	f := publishing(t)
	var xs, ys []float64
	draws := 0
	live := NewLivePlot(func() (*plot.Plot, error) {
		draws++
		return Trajectory2D(xs, ys)
	})
	// No data yet: the output says so instead of an image.
	if msg := f.last(t).data[MIMEPlain].(string); !strings.Contains(msg, "x is empty") {
		t.Errorf("first frame: %q", msg)
	}
	for i := range 100 {
		xs, ys = append(xs, float64(i)), append(ys, float64(i*i))
		live.Tick()
	}
	if draws != 1 {
		t.Errorf("redrew %d times before the interval passed", draws)
	}
	c.advance(LiveInterval)
	live.Tick()
	live.Tick()
	if draws != 2 || f.last(t).data[MIMEPNG] == nil || !f.last(t).update {
		t.Errorf("after the interval: %d draws, last %v", draws, f.last(t).data[MIMEPlain])
	}
	live.Done()
	live.Done()
	c.advance(time.Second)
	live.Tick()
	if draws != 3 {
		t.Errorf("Done: %d draws, want 3", draws)
	}
	for _, call := range f.calls {
		if call.id != live.Handle().ID() {
			t.Errorf("publication with id %q, want %q", call.id, live.Handle().ID())
		}
	}
}

func TestLivePlotErrorsAndPanics(t *testing.T) {
	withClock(t)
	f := publishing(t)
	NewLivePlot(func() (*plot.Plot, error) { return nil, errors.New("not yet") })
	NewLivePlot(func() (*plot.Plot, error) { panic("oops") })
	NewLivePlot(nil)
	for i, c := range f.calls {
		if msg, _ := c.data[MIMEPlain].(string); !strings.HasPrefix(msg, "display.LivePlot:") || c.data[MIMEPNG] != nil {
			t.Errorf("call %d: %v", i, c.data)
		}
	}
}

// The slowest live plot waits 10 × its drawing time between redraws.
func TestLivePlotBacksOffForSlowPlots(t *testing.T) {
	c := withClock(t)
	publishing(t)
	draws := 0
	live := NewLivePlot(func() (*plot.Plot, error) {
		draws++
		c.now = c.now.Add(time.Second) // drawing "takes" 1 s
		return linePlot(), nil
	})
	c.advance(5 * time.Second)
	live.Tick()
	if draws != 1 {
		t.Errorf("redrew after 5 s although the last draw took 1 s")
	}
	c.advance(5 * time.Second)
	live.Tick()
	if draws != 2 {
		t.Errorf("did not redraw after 10 s")
	}
}

func BenchmarkProgressAdd(b *testing.B) {
	prev := SetPublisher(&fakePublisher{})
	defer SetPublisher(prev)
	bar := NewProgress(b.N, "bench")
	b.ResetTimer()
	for range b.N {
		bar.Add(1)
	}
	b.StopTimer()
	bar.Done()
}

func BenchmarkLivePlotTick(b *testing.B) {
	prev := SetPublisher(&fakePublisher{})
	defer SetPublisher(prev)
	live := NewLivePlot(func() (*plot.Plot, error) { return linePlot(), nil })
	b.ResetTimer()
	for range b.N {
		live.Tick()
	}
	b.StopTimer()
	live.Done()
}
