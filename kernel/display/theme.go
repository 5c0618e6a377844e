package display

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Labels overrides the default title and axis labels of a domain plot. Empty fields
// keep the defaults. Z is used only by Trajectory3D.
type Labels struct {
	Title, X, Y, Z string
}

func (l Labels) or(title, x, y string) Labels {
	if l.Title == "" {
		l.Title = title
	}
	if l.X == "" {
		l.X = x
	}
	if l.Y == "" {
		l.Y = y
	}
	return l
}

func firstLabels(ls []Labels) Labels {
	if len(ls) > 0 {
		return ls[0]
	}
	return Labels{}
}

// Colours: the Tableau 10 palette, readable on white and distinguishable by most
// colour-blind readers in its first few entries.
var (
	colBlue   = rgb(0x4c78a8)
	colOrange = rgb(0xf58518)
	colRed    = rgb(0xe45756)
	colTeal   = rgb(0x72b7b2)
	colGreen  = rgb(0x54a24b)
	colYellow = rgb(0xeeca3b)
	colPurple = rgb(0xb279a2)
	colPink   = rgb(0xff9da6)
	colBrown  = rgb(0x9d755d)
	colGrey   = rgb(0xbab0ac)
	colDark   = rgb(0x333333)
	colFaint  = rgb(0xe8e8e8)
	series    = []color.RGBA{colBlue, colOrange, colRed, colTeal, colGreen, colYellow, colPurple, colPink, colBrown, colGrey}
)

func rgb(x uint32) color.RGBA {
	return color.RGBA{R: uint8(x >> 16), G: uint8(x >> 8), B: uint8(x), A: 0xff}
}

var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

func textStyle(size vg.Length) text.Style {
	return text.Style{
		Color:   colDark,
		Font:    font.From(sans, size),
		XAlign:  draw.XLeft,
		YAlign:  draw.YCenter,
		Handler: plot.DefaultTextHandler,
	}
}

// newPlot returns a plot in the package's style: sans-serif text, light grid lines,
// a title and axis labels.
func newPlot(l Labels) *plot.Plot {
	p := plot.New()
	p.Title.Text = l.Title
	p.Title.TextStyle.Font = font.From(sans, 11)
	p.Title.TextStyle.Color = colDark
	p.Title.Padding = vg.Points(6)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sans, 10)
		a.Label.TextStyle.Color = colDark
		a.Tick.Label.Font = font.From(sans, 9)
		a.Tick.Label.Color = colDark
		a.LineStyle.Color = colDark
		a.Tick.LineStyle.Color = colDark
		a.Padding = vg.Points(2)
		a.Tick.Marker = niceTicks{}
	}
	p.X.Label.Text, p.Y.Label.Text = l.X, l.Y
	p.Legend.TextStyle.Font = font.From(sans, 9)
	return p
}

func grid() *plotter.Grid {
	g := plotter.NewGrid()
	g.Vertical.Color = colFaint
	g.Horizontal.Color = colFaint
	return g
}

func lineStyle(c color.Color, width float64) draw.LineStyle {
	return draw.LineStyle{Color: c, Width: vg.Points(width)}
}

// Input checks. Every error names the function, the value and the fix.

func checkFinite(fn, name string, v []float64) error {
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("display.%s: %s[%d] is %v; every value must be finite: drop that point or replace it (NaN usually means 0/0, e.g. a silent channel or an unset value)", fn, name, i, x)
		}
	}
	return nil
}

func checkNonEmpty(fn, name string, v []float64) error {
	if len(v) == 0 {
		return fmt.Errorf("display.%s: %s is empty, so there is nothing to plot; pass the data to draw", fn, name)
	}
	return nil
}

func checkSameLen(fn, a string, na int, b string, nb int) error {
	if na != nb {
		return fmt.Errorf("display.%s: %s has %d values but %s has %d; give one %s per %s", fn, a, na, b, nb, b, a)
	}
	return nil
}

// checkTimes checks that t is finite and does not decrease.
func checkTimes(fn, name string, t []float64) error {
	if err := checkFinite(fn, name, t); err != nil {
		return err
	}
	for i := 1; i < len(t); i++ {
		if t[i] < t[i-1] {
			return fmt.Errorf("display.%s: %s[%d] = %v comes before %s[%d] = %v; times must not decrease (sort the samples by time)", fn, name, i, t[i], name, i-1, t[i-1])
		}
	}
	return nil
}

// checkSeries checks a time series (t, named values) and returns an error naming the
// problem.
func checkSeries(fn, tname string, t []float64, names []string, vs ...[]float64) error {
	if err := checkNonEmpty(fn, tname, t); err != nil {
		return err
	}
	for i, v := range vs {
		if err := checkSameLen(fn, tname, len(t), names[i], len(v)); err != nil {
			return err
		}
	}
	if err := checkTimes(fn, tname, t); err != nil {
		return err
	}
	for i, v := range vs {
		if err := checkFinite(fn, names[i], v); err != nil {
			return err
		}
	}
	return nil
}

// checkPoints checks coordinates of points: non-empty, equally long, finite.
func checkPoints(fn string, names []string, vs ...[]float64) error {
	if err := checkNonEmpty(fn, names[0], vs[0]); err != nil {
		return err
	}
	for i := 1; i < len(vs); i++ {
		if err := checkSameLen(fn, names[0], len(vs[0]), names[i], len(vs[i])); err != nil {
			return err
		}
	}
	for i, v := range vs {
		if err := checkFinite(fn, names[i], v); err != nil {
			return err
		}
	}
	return nil
}

func xys(x, y []float64) plotter.XYs {
	pts := make(plotter.XYs, len(x))
	for i := range x {
		pts[i].X, pts[i].Y = x[i], y[i]
	}
	return pts
}

func minMax(v []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range v {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	return lo, hi
}

// widen makes a degenerate axis range [x, x] visible.
func widen(a *plot.Axis) {
	if a.Min == a.Max {
		d := math.Max(math.Abs(a.Min)*0.1, 0.5)
		a.Min, a.Max = a.Min-d, a.Max+d
	}
}

// niceTicks marks about n (default 6) round values — steps of 1, 2, 2.5 or 5 times a
// power of ten — labelled with just the digits the step needs, with unlabelled minor
// ticks halfway. With integer set, steps are whole numbers (channels, components,
// matrix indices).
type niceTicks struct {
	integer bool
	n       int
}

func (t niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return []plot.Tick{{Value: lo, Label: strconv.FormatFloat(lo, 'g', 4, 64)}}
	}
	n := t.n
	if n == 0 {
		n = 6
	}
	raw := (hi - lo) / float64(n-1)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step, mant := 10*mag, 10.0
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*mag >= raw {
			step, mant = m*mag, m
			break
		}
	}
	if t.integer && step < 1 {
		step, mant, mag = 1, 1, 1
	}
	if t.integer && mant == 2.5 {
		step = 2 * mag // no half-integers
		if step < raw {
			step = 5 * mag
		}
	}
	decimals := max(0, int(-math.Floor(math.Log10(step)+1e-9)))
	if mant == 2.5 && !t.integer {
		decimals++
	}
	format := func(v float64) string {
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		if a := math.Abs(v); a >= 1e6 || (a > 0 && step < 1e-4) {
			return strconv.FormatFloat(v, 'g', 4, 64)
		}
		return strconv.FormatFloat(v, 'f', decimals, 64)
	}
	var out []plot.Tick
	first := math.Ceil(lo/step-1e-9) * step
	for i := 0; ; i++ {
		v := first + float64(i)*step
		if v > hi+step*1e-9 {
			break
		}
		out = append(out, plot.Tick{Value: v, Label: format(v)})
		if m := v + step/2; m < hi && (!t.integer || step >= 2 && math.Mod(step, 2) == 0) {
			out = append(out, plot.Tick{Value: m})
		}
	}
	if m := first - step/2; m > lo && (!t.integer || step >= 2 && math.Mod(step, 2) == 0) {
		out = append(out, plot.Tick{Value: m})
	}
	return out
}

// Colour maps, from a value in [0, 1] to a colour.

// viridis anchors (matplotlib's viridis sampled at 9 points), interpolated linearly.
var viridisAnchors = []color.RGBA{
	rgb(0x440154), rgb(0x472d7b), rgb(0x3b528b), rgb(0x2c728e), rgb(0x21918c),
	rgb(0x28ae80), rgb(0x5ec962), rgb(0xaadc32), rgb(0xfde725),
}

// blue–white–red for signed values such as correlations.
var divergingAnchors = []color.RGBA{
	rgb(0x2166ac), rgb(0x4393c3), rgb(0x92c5de), rgb(0xd1e5f0), rgb(0xf7f7f7),
	rgb(0xfddbc7), rgb(0xf4a582), rgb(0xd6604d), rgb(0xb2182b),
}

type colourMap []color.RGBA

func (m colourMap) at(f float64) color.RGBA {
	if math.IsNaN(f) {
		return colGrey
	}
	f = min(max(f, 0), 1) * float64(len(m)-1)
	i := min(int(f), len(m)-2)
	u := f - float64(i)
	a, b := m[i], m[i+1]
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-u) + float64(y)*u)) }
	return color.RGBA{R: mix(a.R, b.R), G: mix(a.G, b.G), B: mix(a.B, b.B), A: 0xff}
}

var (
	viridis   = colourMap(viridisAnchors)
	diverging = colourMap(divergingAnchors)
)

// scale maps data values onto a colour map between lo and hi.
type scale struct {
	cmap   colourMap
	lo, hi float64
	label  string
}

func (s scale) colour(v float64) color.RGBA {
	return s.cmap.at((v - s.lo) / (s.hi - s.lo))
}
