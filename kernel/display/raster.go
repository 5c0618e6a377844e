package display

import (
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// RasterOptions changes a spike raster.
type RasterOptions struct {
	// Modules[ch] is the module (well, cluster) of channel ch; spikes are coloured
	// by module, with a key when there are at most 10 modules. Nil: one colour.
	// A negative module means "none" (an unpatterned culture marks its
	// neurons −1): those spikes are drawn in grey.
	Modules []int
	Labels  Labels
}

// Raster plots spikes as ticks, time × channel: spike i happened at times[i] on
// channel channels[i]. Spikes need not be sorted.
//
//	display.Raster(times, chans, display.RasterOptions{Modules: moduleOfChannel})
func Raster(times []float64, channels []int, opts ...RasterOptions) (*plot.Plot, error) {
	const fn = "Raster"
	var o RasterOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	if len(times) == 0 {
		return nil, fmt.Errorf("display.%s: no spikes (times is empty), so there is nothing to plot; check the recording window, or that the culture fired at all", fn)
	}
	if err := checkSameLen(fn, "times", len(times), "channels", len(channels)); err != nil {
		return nil, err
	}
	if err := checkFinite(fn, "times", times); err != nil {
		return nil, err
	}
	chans := map[int]bool{}
	mods := map[int]bool{}
	for i, ch := range channels {
		if ch < 0 {
			return nil, fmt.Errorf("display.%s: channels[%d] = %d is negative; channels are numbered from 0", fn, i, ch)
		}
		if o.Modules != nil {
			if ch >= len(o.Modules) {
				return nil, fmt.Errorf("display.%s: channels[%d] = %d but Modules has only %d entries; give Modules one module per channel (Modules[ch])", fn, i, ch, len(o.Modules))
			}
			if o.Modules[ch] >= 0 {
				mods[o.Modules[ch]] = true
			}
		}
		chans[ch] = true
	}
	title := fmt.Sprintf("Spike raster: %d spikes on %d channels", len(times), len(chans))
	if len(mods) > 0 {
		title += fmt.Sprintf(" in %d modules", len(mods))
	}
	ylabel := "channel"
	if len(mods) > 10 {
		ylabel = "channel (colour: module)"
	}
	p := newPlot(o.Labels.or(title, "time (s)", ylabel))
	r := &raster{times: times, channels: channels, modules: o.Modules}
	p.Add(r)
	p.Y.Tick.Marker = niceTicks{integer: true}
	if p.X.Min >= 0 && p.X.Min < 0.1*(p.X.Max-p.X.Min) {
		p.X.Min = 0 // start the time axis at 0 when the first spike is near it
	}
	widen(&p.X)
	if len(mods) > 1 && len(mods) <= 10 {
		ids := make([]int, 0, len(mods))
		for m := range mods {
			ids = append(ids, m)
		}
		sort.Ints(ids)
		k := &key{}
		for _, m := range ids {
			ls := lineStyle(moduleColour(m), 2)
			k.entries = append(k.entries, keyEntry{label: fmt.Sprintf("module %d", m), line: &ls})
		}
		p.Add(k)
	}
	return p, nil
}

func moduleColour(m int) color.RGBA {
	if m < 0 {
		return colGrey
	}
	return series[m%len(series)]
}

type raster struct {
	times    []float64
	channels []int
	modules  []int
}

func (r *raster) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = minMax(r.times)
	lo, hi := math.MaxInt, math.MinInt
	for _, ch := range r.channels {
		lo, hi = min(lo, ch), max(hi, ch)
	}
	return xmin, xmax, float64(lo) - 0.5, float64(hi) + 0.5
}

// Plot strokes one path per colour, so a raster of 10⁵ spikes draws quickly.
func (r *raster) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	half := min(max((trY(1)-trY(0))*0.4, vg.Points(0.3)), vg.Points(6))
	width := vg.Points(0.7)
	if len(r.times) > 20000 {
		width = vg.Points(0.5)
	}
	// One path per colour, stroked every lineChunk ticks (long paths are slow to
	// rasterise).
	paths := map[int]*vg.Path{}
	counts := map[int]int{}
	stroke := func(m int) {
		col := color.Color(colDark)
		if r.modules != nil {
			col = moduleColour(m)
		}
		c.SetLineStyle(draw.LineStyle{Color: col, Width: width})
		c.Stroke(*paths[m])
		paths[m], counts[m] = &vg.Path{}, 0
	}
	for i, t := range r.times {
		ch := r.channels[i]
		m := 0
		if r.modules != nil {
			m = r.modules[ch]
		}
		path := paths[m]
		if path == nil {
			path = &vg.Path{}
			paths[m] = path
		}
		x, y := trX(t), trY(float64(ch))
		path.Move(vg.Point{X: x, Y: y - half})
		path.Line(vg.Point{X: x, Y: y + half})
		if counts[m]++; counts[m] == lineChunk {
			stroke(m)
		}
	}
	ms := make([]int, 0, len(paths))
	for m := range paths {
		ms = append(ms, m)
	}
	sort.Ints(ms)
	for _, m := range ms {
		if counts[m] > 0 {
			stroke(m)
		}
	}
}
