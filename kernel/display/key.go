package display

import (
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// key is a legend and/or colour bar drawn outside the data area — on the right, or
// along the top for time series — so it never hides data. It reserves its space
// through GlyphBoxes, which the plot honours when it lays out the data area.
type key struct {
	entries []keyEntry
	bar     *scale
	top     bool // along the top edge instead of the right
}

type keyEntry struct {
	label string
	line  *draw.LineStyle
	glyph *draw.GlyphStyle
	fill  color.Color
}

const (
	keyGap    = 8  // points between the data area and the key
	keySwatch = 16 // width of a swatch
	keyBarW   = 10 // width of the colour bar
)

func keyText() text.Style { return textStyle(9) }

func (k *key) lineHeight() vg.Length { return vg.Points(13) }

func (k *key) entryWidth(e keyEntry) vg.Length {
	return vg.Points(keySwatch+4) + keyText().Width(e.label)
}

func (k *key) width() vg.Length {
	if k.top {
		var w vg.Length
		for _, e := range k.entries {
			w += k.entryWidth(e) + vg.Points(12)
		}
		return w
	}
	var w vg.Length
	for _, e := range k.entries {
		w = max(w, k.entryWidth(e))
	}
	if k.bar != nil {
		sty := keyText()
		lw := sty.Width(k.bar.label)
		for _, t := range k.barTicks() {
			lw = max(lw, vg.Points(keyBarW+4)+sty.Width(t.Label))
		}
		w = max(w, lw)
	}
	return vg.Points(keyGap) + w + vg.Points(2)
}

func (k *key) barTicks() []plot.Tick {
	var out []plot.Tick
	for _, t := range (niceTicks{n: 5}).Ticks(k.bar.lo, k.bar.hi) {
		if t.Label != "" {
			out = append(out, t)
		}
	}
	return out
}

// GlyphBoxes reserves room for the key beside (or above) the data area.
func (k *key) GlyphBoxes(*plot.Plot) []plot.GlyphBox {
	if k.top {
		h := k.lineHeight() + vg.Points(4)
		return []plot.GlyphBox{{X: 0.5, Y: 1, Rectangle: vg.Rectangle{Max: vg.Point{Y: h}}}}
	}
	return []plot.GlyphBox{{X: 1, Y: 0.5, Rectangle: vg.Rectangle{Max: vg.Point{X: k.width()}}}}
}

func (k *key) Plot(c draw.Canvas, _ *plot.Plot) {
	sty := keyText()
	lh := k.lineHeight()
	swatch := func(e keyEntry, x, y vg.Length) {
		switch {
		case e.fill != nil:
			s := vg.Points(4.5)
			c.FillPolygon(e.fill, []vg.Point{{X: x + vg.Points(keySwatch/2) - s, Y: y - s}, {X: x + vg.Points(keySwatch/2) + s, Y: y - s},
				{X: x + vg.Points(keySwatch/2) + s, Y: y + s}, {X: x + vg.Points(keySwatch/2) - s, Y: y + s}})
		case e.line != nil:
			c.StrokeLine2(*e.line, x, y, x+vg.Points(keySwatch), y)
		}
		if e.glyph != nil {
			c.DrawGlyphNoClip(*e.glyph, vg.Point{X: x + vg.Points(keySwatch/2), Y: y})
		}
		c.FillText(sty, vg.Point{X: x + vg.Points(keySwatch+4), Y: y}, e.label)
	}
	if k.top {
		x := c.Max.X - k.width() + vg.Points(12)
		y := c.Max.Y + vg.Points(4) + lh/2
		for _, e := range k.entries {
			swatch(e, x, y)
			x += k.entryWidth(e) + vg.Points(12)
		}
		return
	}
	x := c.Max.X + vg.Points(keyGap)
	y := c.Max.Y - lh/2
	for _, e := range k.entries {
		swatch(e, x, y)
		y -= lh
	}
	if k.bar == nil {
		return
	}
	// The colour bar: label on top, then the bar down to the bottom of the data area.
	if k.bar.label != "" {
		c.FillText(sty, vg.Point{X: x, Y: y}, k.bar.label)
		y -= lh
	}
	top, bottom := y, c.Min.Y
	if top-bottom < vg.Points(30) {
		return // no room; the plot is too small for a colour bar
	}
	const steps = 256
	img := image.NewRGBA(image.Rect(0, 0, 1, steps))
	for i := range steps {
		img.Set(0, steps-1-i, k.bar.cmap.at((float64(i)+0.5)/steps))
	}
	rect := vg.Rectangle{Min: vg.Point{X: x, Y: bottom}, Max: vg.Point{X: x + vg.Points(keyBarW), Y: top}}
	drawCells(c, rect, img)
	outline := lineStyle(colDark, 0.5)
	c.StrokeLines(outline, []vg.Point{rect.Min, {X: rect.Max.X, Y: rect.Min.Y}, rect.Max, {X: rect.Min.X, Y: rect.Max.Y}, rect.Min})
	for _, t := range k.barTicks() {
		f := (t.Value - k.bar.lo) / (k.bar.hi - k.bar.lo)
		ty := bottom + vg.Length(f)*(top-bottom)
		c.StrokeLine2(outline, rect.Max.X, ty, rect.Max.X+vg.Points(2), ty)
		c.FillText(sty, vg.Point{X: rect.Max.X + vg.Points(4), Y: ty}, t.Label)
	}
}

// drawCells draws img into rect with every image pixel a sharp-edged cell. Raster
// canvases smooth scaled images, so the image is first enlarged by whole pixels to
// at least the canvas resolution.
func drawCells(c draw.Canvas, rect vg.Rectangle, img image.Image) {
	b := img.Bounds()
	if dpi, ok := dpiOf(c.Canvas); ok && b.Dx() > 0 && b.Dy() > 0 {
		sx := int(math.Ceil(rect.Size().X.Dots(dpi) / float64(b.Dx())))
		sy := int(math.Ceil(rect.Size().Y.Dots(dpi) / float64(b.Dy())))
		if sx > 1 || sy > 1 {
			sx, sy = max(sx, 1), max(sy, 1)
			big := image.NewRGBA(image.Rect(0, 0, b.Dx()*sx, b.Dy()*sy))
			for y := range big.Bounds().Dy() {
				for x := range big.Bounds().Dx() {
					big.Set(x, y, img.At(b.Min.X+x/sx, b.Min.Y+y/sy))
				}
			}
			img = big
		}
	}
	c.DrawImage(rect, img)
}

// dpiOf returns the resolution of a raster canvas, looking through draw.Canvas
// wrappers; vector canvases have none.
func dpiOf(c vg.Canvas) (float64, bool) {
	for {
		switch x := c.(type) {
		case draw.Canvas:
			c = x.Canvas
		case *draw.Canvas:
			c = x.Canvas
		case interface{ DPI() float64 }:
			return x.DPI(), true
		default:
			return 0, false
		}
	}
}

// cells is a plotter drawing a grid of coloured cells: cell (col, row) covers
// [x0+col·dx, x0+(col+1)·dx] × [y0+row·dy, …]. Colours come from colour(col, row).
type cells struct {
	cols, rows int
	x0, y0     float64
	dx, dy     float64
	colour     func(col, row int) color.Color
}

func (g *cells) DataRange() (xmin, xmax, ymin, ymax float64) {
	return g.x0, g.x0 + float64(g.cols)*g.dx, g.y0, g.y0 + float64(g.rows)*g.dy
}

func (g *cells) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	xa, xb := trX(g.x0), trX(g.x0+float64(g.cols)*g.dx)
	ya, yb := trY(g.y0), trY(g.y0+float64(g.rows)*g.dy)
	img := image.NewRGBA(image.Rect(0, 0, g.cols, g.rows))
	for r := range g.rows {
		// Image row 0 is the top of the drawn rectangle.
		iy := g.rows - 1 - r
		if ya > yb { // inverted y axis: data row 0 at the top
			iy = r
		}
		for col := range g.cols {
			ix := col
			if xa > xb {
				ix = g.cols - 1 - col
			}
			img.Set(ix, iy, g.colour(col, r))
		}
	}
	rect := vg.Rectangle{
		Min: vg.Point{X: min(xa, xb), Y: min(ya, yb)},
		Max: vg.Point{X: max(xa, xb), Y: max(ya, yb)},
	}
	drawCells(c, rect, img)
}

// span shades the x range [x0, x1] over the full height of the data area, with an
// optional label at its top.
type span struct {
	x0, x1 float64
	fill   color.Color
	label  string
}

func (s *span) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	a, b := max(trX(s.x0), c.Min.X), min(trX(s.x1), c.Max.X)
	if b > a && s.fill != nil {
		c.FillPolygon(s.fill, []vg.Point{{X: a, Y: c.Min.Y}, {X: b, Y: c.Min.Y}, {X: b, Y: c.Max.Y}, {X: a, Y: c.Max.Y}})
	}
	if s.label != "" && b-a > vg.Points(30) {
		sty := keyText()
		sty.Color = rgb(0x777777)
		sty.XAlign = draw.XCenter
		sty.YAlign = draw.YTop
		c.FillText(sty, vg.Point{X: (a + b) / 2, Y: c.Max.Y - vg.Points(3)}, s.label)
	}
}

// vline is a vertical line at x over the full height of the data area.
type vline struct {
	x     float64
	style draw.LineStyle
}

func (v *vline) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(v.x)
	if x >= c.Min.X && x <= c.Max.X {
		c.StrokeLine2(v.style, x, c.Min.Y, x, c.Max.Y)
	}
}

// hline is a horizontal line at y over the full width of the data area.
type hline struct {
	y     float64
	style draw.LineStyle
}

func (h *hline) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	y := trY(h.y)
	if y >= c.Min.Y && y <= c.Max.Y {
		c.StrokeLine2(h.style, c.Min.X, y, c.Max.X, y)
	}
}

// line is a polyline plotter like plotter.Line, stroked in pieces of lineChunk
// points: the raster canvas takes time superlinear in the length of one path, and
// pieces make a 10⁵-point trajectory draw about 10× faster.
type line struct {
	pts       plotter.XYs
	LineStyle draw.LineStyle
}

const lineChunk = 500

func newLine(pts plotter.XYs, style draw.LineStyle) *line {
	return &line{pts: pts, LineStyle: style}
}

func (l *line) DataRange() (xmin, xmax, ymin, ymax float64) { return plotter.XYRange(l.pts) }

func (l *line) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	pts := make([]vg.Point, len(l.pts))
	for i, q := range l.pts {
		pts[i] = vg.Point{X: trX(q.X), Y: trY(q.Y)}
	}
	for _, ln := range c.ClipLinesXY(pts) {
		for i := 0; i < len(ln)-1; i += lineChunk {
			c.StrokeLines(l.LineStyle, ln[i:min(len(ln), i+lineChunk+1)])
		}
	}
}
