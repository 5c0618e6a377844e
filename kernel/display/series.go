package display

import (
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// TargetOutput plots a readout's output against its target over time t, with the
// training period (t ≤ trainEnd) shaded and the train/test boundary marked. The title
// gives the output–target correlation in each period. A trainEnd at or beyond the
// last time means all training, at or before the first all test; ±Inf are allowed
// for that, NaN is an error.
func TargetOutput(t, target, output []float64, trainEnd float64, labels ...Labels) (*plot.Plot, error) {
	const fn = "TargetOutput"
	if err := checkSeries(fn, "t", t, []string{"target", "output"}, target, output); err != nil {
		return nil, err
	}
	if math.IsNaN(trainEnd) {
		return nil, fmt.Errorf("display.%s: trainEnd is NaN; pass the time at which training ended (math.Inf(1) if all of t is training)", fn)
	}
	train := sort.Search(len(t), func(i int) bool { return t[i] > trainEnd }) // t[:train] is training
	var parts []string
	if train >= 2 {
		parts = append(parts, "train "+corrText(target[:train], output[:train]))
	}
	if len(t)-train >= 2 {
		parts = append(parts, "test "+corrText(target[train:], output[train:]))
	}
	title := "Target vs. output"
	if len(parts) > 0 {
		title += " (" + join(parts, ", ") + ")"
	}
	l := firstLabels(labels).or(title, "time (s)", "value")
	p := newPlot(l)
	p.Add(grid())
	t0, t1 := t[0], t[len(t)-1]
	if train > 0 && train < len(t) {
		p.Add(&span{x0: t0, x1: trainEnd, fill: rgb(0xf2f2f2), label: "training"})
		p.Add(&span{x0: trainEnd, x1: t1, label: "test"})
		p.Add(&vline{x: trainEnd, style: draw.LineStyle{Color: rgb(0x888888), Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}})
	}
	tl := newLine(xys(t, target), lineStyle(rgb(0x999999), 2.2))
	ol := newLine(xys(t, output), lineStyle(colBlue, 1.2))
	p.Add(tl, ol)
	p.Add(&key{top: true, entries: []keyEntry{
		{label: "target", line: &tl.LineStyle},
		{label: "output", line: &ol.LineStyle},
	}})
	widen(&p.Y)
	p.X.Min, p.X.Max = t0, t1
	widen(&p.X)
	return p, nil
}

func corrText(a, b []float64) string {
	r := pearson(a, b)
	if math.IsNaN(r) {
		return "r undefined: constant"
	}
	return fmt.Sprintf("r = %.3f", r)
}

func pearson(a, b []float64) float64 {
	n := float64(len(a))
	var ma, mb float64
	for i := range a {
		ma += a[i]
		mb += b[i]
	}
	ma, mb = ma/n, mb/n
	var sab, saa, sbb float64
	for i := range a {
		da, db := a[i]-ma, b[i]-mb
		sab += da * db
		saa += da * da
		sbb += db * db
	}
	if saa == 0 || sbb == 0 {
		return math.NaN()
	}
	return sab / math.Sqrt(saa*sbb)
}

func join(s []string, sep string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += sep
		}
		out += x
	}
	return out
}

// ErrorOverTime plots an error signal err against time t, with its RMS in the title
// and a zero line when the error changes sign.
func ErrorOverTime(t, err []float64, labels ...Labels) (*plot.Plot, error) {
	const fn = "ErrorOverTime"
	if e := checkSeries(fn, "t", t, []string{"err"}, err); e != nil {
		return nil, e
	}
	var ss float64
	for _, e := range err {
		ss += e * e
	}
	rms := math.Sqrt(ss / float64(len(err)))
	l := firstLabels(labels).or(fmt.Sprintf("Error over time (RMS %.3g)", rms), "time (s)", "error")
	p := newPlot(l)
	p.Add(grid())
	if lo, hi := minMax(err); lo < 0 && hi > 0 {
		p.Add(&hline{y: 0, style: lineStyle(rgb(0x999999), 0.8)})
	}
	line := newLine(xys(t, err), lineStyle(colRed, 1.2))
	p.Add(line)
	widen(&p.X)
	widen(&p.Y)
	return p, nil
}

// Trajectory2D plots the path (x[i], y[i]) — e.g. two variables of the Lorenz
// system — with its start and end marked.
func Trajectory2D(x, y []float64, labels ...Labels) (*plot.Plot, error) {
	const fn = "Trajectory2D"
	if err := checkPoints(fn, []string{"x", "y"}, x, y); err != nil {
		return nil, err
	}
	l := firstLabels(labels).or("Trajectory", "x", "y")
	p := newPlot(l)
	p.Add(grid())
	line := newLine(xys(x, y), lineStyle(colBlue, 0.8))
	p.Add(line)
	p.Add(endpoints(x[0], y[0], x[len(x)-1], y[len(y)-1]))
	widen(&p.X)
	widen(&p.Y)
	return p, nil
}

// endpoints marks a path's start (green dot) and end (red square), labelled.
func endpoints(x0, y0, x1, y1 float64) plot.Plotter {
	return &marks{pts: []mark{
		{x: x0, y: y0, label: "start", glyph: draw.GlyphStyle{Color: colGreen, Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}},
		{x: x1, y: y1, label: "end", glyph: draw.GlyphStyle{Color: colRed, Radius: vg.Points(3.5), Shape: draw.BoxGlyph{}}},
	}}
}

type mark struct {
	x, y  float64
	label string
	glyph draw.GlyphStyle
}

// marks draws labelled glyphs at data points.
type marks struct{ pts []mark }

func (m *marks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := keyText()
	for _, pt := range m.pts {
		at := vg.Point{X: trX(pt.x), Y: trY(pt.y)}
		c.DrawGlyphNoClip(pt.glyph, at)
		if pt.label == "" {
			continue
		}
		c.FillText(sty, vg.Point{X: at.X + pt.glyph.Radius + vg.Points(2), Y: at.Y}, pt.label)
	}
}

// VarianceOptions changes how VarianceExplained reads its input.
type VarianceOptions struct {
	// Cumulative says the values are cumulative explained fractions (non-decreasing,
	// ending at or below 1) rather than eigenvalues or per-component fractions.
	Cumulative bool
	// Components is how many leading components to show (default: all, at most 30).
	Components int
	Labels     Labels
}

// VarianceExplained plots the share of variance explained by each principal component
// (bars) and the cumulative share (line), marking how many components reach 90 %.
// v holds eigenvalues (or variances, or fractions) in any order — they are sorted
// from largest to smallest — or, with VarianceOptions{Cumulative: true}, cumulative
// fractions. Eigenvalues that are negative beyond rounding (< −1e-9 × the largest)
// are an error.
func VarianceExplained(v []float64, opts ...VarianceOptions) (*plot.Plot, error) {
	const fn = "VarianceExplained"
	var o VarianceOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	if err := checkNonEmpty(fn, "v", v); err != nil {
		return nil, err
	}
	if err := checkFinite(fn, "v", v); err != nil {
		return nil, err
	}
	frac := make([]float64, len(v))
	if o.Cumulative {
		prev := 0.0
		for i, c := range v {
			if c < prev-1e-9 || c > 1+1e-9 {
				return nil, fmt.Errorf("display.%s: v[%d] = %v is not a cumulative fraction (they rise from 0 to at most 1); pass eigenvalues without Cumulative", fn, i, c)
			}
			frac[i] = math.Max(c-prev, 0)
			prev = c
		}
	} else {
		sorted := append([]float64(nil), v...)
		sort.Sort(sort.Reverse(sort.Float64Slice(sorted)))
		var sum float64
		for i, x := range sorted {
			if x < 0 {
				if x < -1e-9*math.Abs(sorted[0]) {
					return nil, fmt.Errorf("display.%s: eigenvalue %v is negative; a covariance matrix has none, so check the matrix (or pass Cumulative fractions)", fn, x)
				}
				sorted[i] = 0
			}
			sum += sorted[i]
		}
		if sum <= 0 {
			return nil, fmt.Errorf("display.%s: all eigenvalues are zero, so no variance to explain; check the data is not constant", fn)
		}
		for i := range sorted {
			frac[i] = sorted[i] / sum
		}
	}
	n := len(frac)
	if o.Components > 0 {
		n = min(n, o.Components)
	} else {
		n = min(n, 30)
	}
	cum := make([]float64, len(frac))
	acc := 0.0
	for i, f := range frac {
		acc += f
		cum[i] = acc
	}
	k90 := sort.Search(len(cum), func(i int) bool { return cum[i] >= 0.9-1e-12 })
	title := fmt.Sprintf("Variance explained: %d of %d components reach 90%%", k90+1, len(frac))
	if k90 == len(cum) {
		title = fmt.Sprintf("Variance explained: %d components reach %.0f%%", len(frac), 100*acc)
	}
	xl := "principal component"
	if n < len(frac) {
		xl = fmt.Sprintf("principal component (first %d of %d)", n, len(frac))
	}
	l := o.Labels.or(title, xl, "variance explained (%)")
	p := newPlot(l)
	p.Add(grid())
	bars := make([]bar, n)
	for i := range n {
		bars[i] = bar{x: float64(i + 1), h: 100 * frac[i]}
	}
	p.Add(&barPlot{bars: bars, width: 0.7, fill: rgb(0x9ecae9)})
	pts := make(plotter.XYs, n)
	for i := range n {
		pts[i].X, pts[i].Y = float64(i+1), 100*cum[i]
	}
	line := newLine(pts, lineStyle(colBlue, 1.5))
	sc, _ := plotter.NewScatter(pts)
	sc.GlyphStyle = draw.GlyphStyle{Color: colBlue, Radius: vg.Points(2), Shape: draw.CircleGlyph{}}
	p.Add(&hline{y: 90, style: draw.LineStyle{Color: rgb(0x888888), Width: vg.Points(0.8), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}})
	p.Add(line, sc)
	fillStyle := rgb(0x9ecae9)
	p.Add(&key{top: true, entries: []keyEntry{
		{label: "each component", fill: fillStyle},
		{label: "cumulative", line: &line.LineStyle, glyph: &sc.GlyphStyle},
		{label: "90%", line: &draw.LineStyle{Color: rgb(0x888888), Width: vg.Points(0.8), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}},
	}})
	p.X.Min, p.X.Max = 0.4, float64(n)+0.6
	p.Y.Min, p.Y.Max = 0, 100
	p.X.Tick.Marker = niceTicks{integer: true}
	return p, nil
}

type bar struct{ x, h float64 }

// barPlot draws bars of height h centred on x, from y = 0.
type barPlot struct {
	bars  []bar
	width float64
	fill  color.Color
}

func (b *barPlot) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = math.Inf(1), math.Inf(-1), 0, 0
	for _, br := range b.bars {
		xmin, xmax = math.Min(xmin, br.x-b.width/2), math.Max(xmax, br.x+b.width/2)
		ymin, ymax = math.Min(ymin, br.h), math.Max(ymax, br.h)
	}
	return
}

func (b *barPlot) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, br := range b.bars {
		x0, x1 := trX(br.x-b.width/2), trX(br.x+b.width/2)
		y0, y1 := trY(0), trY(br.h)
		pts := c.ClipPolygonXY([]vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
		c.FillPolygon(b.fill, pts)
	}
}
