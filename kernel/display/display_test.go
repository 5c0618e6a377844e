package display

import (
	"bytes"
	"encoding/base64"
	"errors"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// call is one Publisher call recorded by fakePublisher.
type call struct {
	data, meta Bundle
	id         string
	update     bool
	clear      bool
	wait       bool
}

type fakePublisher struct {
	mu    sync.Mutex
	calls []call
}

func (f *fakePublisher) Display(data, metadata Bundle, id string, update bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call{data: data, meta: metadata, id: id, update: update})
}

func (f *fakePublisher) Clear(wait bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call{clear: true, wait: wait})
}

func (f *fakePublisher) last(t *testing.T) call {
	t.Helper()
	if len(f.calls) == 0 {
		t.Fatal("nothing published")
	}
	return f.calls[len(f.calls)-1]
}

// publishing installs a fake publisher for the test.
func publishing(t *testing.T) *fakePublisher {
	f := &fakePublisher{}
	prev := SetPublisher(f)
	t.Cleanup(func() { SetPublisher(prev) })
	return f
}

// fakeClock is a clock whose time and timers move only when the test says so.
type fakeClock struct {
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	at      time.Time
	f       func()
	stopped bool
}

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) AfterFunc(d time.Duration, f func()) func() bool {
	t := &fakeTimer{at: c.now.Add(d), f: f}
	c.timers = append(c.timers, t)
	return func() bool { was := !t.stopped; t.stopped = true; return was }
}

// advance moves time on by d and fires the timers that are due.
func (c *fakeClock) advance(d time.Duration) {
	c.now = c.now.Add(d)
	for _, t := range c.timers {
		if !t.stopped && !t.at.After(c.now) {
			t.stopped = true
			t.f()
		}
	}
}

func withClock(t *testing.T) *fakeClock {
	c := &fakeClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	prev := clk
	clk = c
	t.Cleanup(func() { clk = prev })
	return c
}

func TestShowFunctions(t *testing.T) {
	f := publishing(t)
	HTML("<b>x</b>")
	Markdown("# x")
	Text("x")
	JSON(map[string]int{"a": 1})
	SVG(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`)
	var buf bytes.Buffer
	_ = png.Encode(&buf, image.NewGray(image.Rect(0, 0, 3, 2)))
	PNG(buf.Bytes())
	Image(image.NewRGBA(image.Rect(0, 0, 4, 5)))
	Clear()
	ClearWait()
	want := []string{MIMEHTML, MIMEMarkdown, MIMEPlain, MIMEJSON, MIMESVG, MIMEPNG, MIMEPNG}
	if len(f.calls) != len(want)+2 {
		t.Fatalf("got %d calls, want %d", len(f.calls), len(want)+2)
	}
	for i, m := range want {
		c := f.calls[i]
		if _, ok := c.data[m]; !ok || c.id != "" || c.update {
			t.Errorf("call %d: got %v (id %q, update %v), want a new %s output", i, c.data, c.id, c.update, m)
		}
		if _, ok := c.data[MIMEPlain]; !ok {
			t.Errorf("call %d: no text/plain twin", i)
		}
	}
	if j := f.calls[3].data[MIMEJSON].(map[string]any); j["a"] != 1.0 {
		t.Errorf("JSON stored %v, want plain JSON values", j)
	}
	if got := f.calls[5].data[MIMEPlain]; got != "<PNG image 3×2>" {
		t.Errorf("PNG text twin %q", got)
	}
	if c := f.calls[7]; !c.clear || c.wait {
		t.Errorf("Clear: %+v", c)
	}
	if c := f.calls[8]; !c.clear || !c.wait {
		t.Errorf("ClearWait: %+v", c)
	}
}

func TestBadMediaShowMessages(t *testing.T) {
	f := publishing(t)
	PNG([]byte("GIF89a..."))
	PNG(nil)
	SVG("hello")
	JSON(math.NaN())
	JSON(make(chan int))
	Image(nil)
	Image(image.NewRGBA(image.Rect(0, 0, 0, 0)))
	for i, c := range f.calls {
		if len(c.data) != 1 {
			t.Errorf("call %d: got %v, want only a text/plain message", i, c.data)
			continue
		}
		msg, _ := c.data[MIMEPlain].(string)
		if !strings.HasPrefix(msg, "display.") {
			t.Errorf("call %d: message %q does not name the call", i, msg)
		}
	}
}

func TestNoPublisherDropsOutput(t *testing.T) {
	prev := SetPublisher(nil)
	defer SetPublisher(prev)
	HTML("x")
	NewHandle().Text("x")
	NewProgress(3, "x").Done()
}

func TestHandleDisplaysThenUpdates(t *testing.T) {
	f := publishing(t)
	h := NewHandle()
	other := NewHandle()
	if h.ID() == "" || h.ID() == other.ID() {
		t.Fatalf("ids %q and %q should be distinct and non-empty", h.ID(), other.ID())
	}
	h.HTML("<i>1</i>")
	h.Markdown("2")
	other.Text("other")
	h.Update(Bundle{MIMEPlain: "3"})
	h.Clear()
	if len(f.calls) != 5 {
		t.Fatalf("got %d calls", len(f.calls))
	}
	for i, c := range []call{f.calls[0], f.calls[1], f.calls[3], f.calls[4]} {
		if c.id != h.ID() {
			t.Errorf("call %d: id %q, want %q", i, c.id, h.ID())
		}
		if c.update != (i > 0) {
			t.Errorf("call %d: update = %v; want display first, updates after", i, c.update)
		}
	}
	if c := f.calls[2]; c.id != other.ID() || c.update {
		t.Errorf("other handle: %+v", c)
	}
}

func TestHandlePlotCarriesSize(t *testing.T) {
	f := publishing(t)
	h := NewHandle()
	h.Plot(linePlot())
	c := f.last(t)
	size, ok := c.meta[MIMEPNG].(map[string]any)
	if !ok || size["width"] != cssPixels(PlotWidth) || size["height"] != cssPixels(PlotHeight) {
		t.Errorf("metadata %v, want the CSS size of PlotWidth × PlotHeight", c.meta)
	}
}

func linePlot() *plot.Plot {
	p := plot.New()
	p.Title.Text = "line"
	l, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	p.Add(l)
	return p
}

func decodePNG(t *testing.T, b Bundle) image.Image {
	t.Helper()
	s, ok := b[MIMEPNG].(string)
	if !ok {
		t.Fatalf("no image/png in %v", b)
	}
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func TestRenderPlotAt2x(t *testing.T) {
	data, meta, ok := RenderMeta(linePlot())
	if !ok {
		t.Fatal("a plot has no rich form")
	}
	img := decodePNG(t, data)
	w, h := cssPixels(PlotWidth), cssPixels(PlotHeight)
	if got := img.Bounds().Size(); got.X < 2*w-1 || got.X > 2*w+1 || got.Y < 2*h-1 || got.Y > 2*h+1 {
		t.Errorf("PNG is %v, want about %d×%d (2× of %d×%d)", got, 2*w, 2*h, w, h)
	}
	if size := meta[MIMEPNG].(map[string]any); size["width"] != w || size["height"] != h {
		t.Errorf("metadata %v, want width %d height %d", meta, w, h)
	}
	if b, ok := Render(linePlot()); !ok || b[MIMEPNG] == nil {
		t.Error("Render drops the plot")
	}
}

func TestRenderPlotSVG(t *testing.T) {
	PlotFormat = "svg"
	defer func() { PlotFormat = "png" }()
	data, _, ok := RenderMeta(linePlot())
	svg, _ := data[MIMESVG].(string)
	if !ok || !strings.Contains(svg, "<svg") {
		t.Fatalf("got %v, want SVG", data)
	}
	if strings.Contains(svg, `font-family:"Liberation`) {
		t.Error("SVG font has no fallback")
	}
}

func TestRenderPreferredSize(t *testing.T) {
	p, err := CorrelationMatrix([][]float64{{1, 0.5}, {0.5, 1}})
	if err != nil {
		t.Fatal(err)
	}
	_, meta, _ := RenderMeta(p)
	size := meta[MIMEPNG].(map[string]any)
	if size["width"] == cssPixels(PlotWidth) && size["height"] == cssPixels(PlotHeight) {
		t.Errorf("correlation matrix shown at the default size %v; want its own, squarer size", size)
	}
	PlotSize(p, 5*vg.Centimeter, 5*vg.Centimeter) // an explicit size wins
}

func TestRenderBrokenPlots(t *testing.T) {
	var nilPlot *plot.Plot
	for name, p := range map[string]*plot.Plot{"nil": nilPlot, "empty": plot.New()} {
		data, _, ok := RenderMeta(p)
		msg, _ := data[MIMEPlain].(string)
		if !ok || data[MIMEPNG] != nil || !strings.Contains(msg, "display.Plot") {
			t.Errorf("%s plot: got %v, want a message and no image", name, data)
		}
	}
	p := linePlot()
	p.Add(panicky{})
	data, _, _ := RenderMeta(p)
	if msg, _ := data[MIMEPlain].(string); !strings.Contains(msg, "could not be drawn") || !strings.Contains(msg, "boom") {
		t.Errorf("panicking plotter: got %v", data)
	}
}

type panicky struct{}

func (panicky) Plot(_ draw.Canvas, _ *plot.Plot) { panic("boom") }

func TestRenderImageAndInterfaces(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 7, 3))
	img.Set(1, 1, color.White)
	data, _, ok := RenderMeta(img)
	if !ok || decodePNG(t, data).Bounds().Dx() != 7 {
		t.Errorf("image: %v", data)
	}
	cases := []struct {
		v    any
		mime string
	}{
		{htmler{}, MIMEHTML},
		{markdowner{}, MIMEMarkdown},
		{renderer{}, MIMEJSON},
		{&TableValue{Header: []string{"a"}}, MIMEHTML},
	}
	for _, c := range cases {
		if b, ok := Render(c.v); !ok || b[c.mime] == nil {
			t.Errorf("%T: got %v, want %s", c.v, b, c.mime)
		}
	}
	for _, v := range []any{nil, 3, "text", errors.New("e")} {
		if _, ok := Render(v); ok {
			t.Errorf("%v: has a rich form, want none", v)
		}
	}
}

type htmler struct{}

func (htmler) HTML() string { return "<b>h</b>" }

type markdowner struct{}

func (markdowner) Markdown() string { return "*m*" }

type renderer struct{}

func (renderer) Render() Bundle { return Bundle{MIMEJSON: 1} }

func TestHandleValue(t *testing.T) {
	f := publishing(t)
	h := NewHandle()
	h.Value(htmler{})
	h.Value(42)
	if c := f.calls[0]; c.data[MIMEHTML] != "<b>h</b>" || c.data[MIMEPlain] == nil {
		t.Errorf("rich value: %v", c.data)
	}
	if c := f.calls[1]; c.data[MIMEPlain] != "42" {
		t.Errorf("plain value: %v", c.data)
	}
}
