package display

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// View angles of Trajectory3D: the box is turned 30° about the vertical axis and
// seen from 25° above.
const (
	viewAzimuth   = 30 * math.Pi / 180
	viewElevation = 25 * math.Pi / 180
	zAspect       = 0.75 // height of the box relative to its width and depth
)

// Trajectory3D draws the path (x[i], y[i], z[i]) — e.g. the Lorenz attractor — in
// an orthographic projection inside a box whose three axes carry ticks in data units
// and their labels (default "x", "y", "z"; Labels.Z names the vertical axis). Each
// axis is scaled to its own range, so the box is a cube.
func Trajectory3D(x, y, z []float64, labels ...Labels) (*plot.Plot, error) {
	const fn = "Trajectory3D"
	if err := checkPoints(fn, []string{"x", "y", "z"}, x, y, z); err != nil {
		return nil, err
	}
	l := firstLabels(labels)
	if l.Z == "" {
		l.Z = "z"
	}
	l = l.or("Trajectory", "x", "y")
	pr := newProjection([3][]float64{x, y, z}, [3]string{l.X, l.Y, l.Z})
	p := newPlot(Labels{Title: l.Title})
	p.HideAxes()
	p.Add(pr)
	line := newLine(pr.path, lineStyle(colBlue, 0.7))
	p.Add(line)
	n := len(pr.path) - 1
	p.Add(endpoints(pr.path[0].X, pr.path[0].Y, pr.path[n].X, pr.path[n].Y))
	p.Add(&projLabels{pr})
	// Prefer a size that keeps the cube's proportions: about 3 cm of the width and
	// 3.4 cm of the height go to the title and labels.
	xmin, xmax, ymin, ymax := pr.DataRange()
	w := 15 * vg.Centimeter
	h := (w-3*vg.Centimeter)*vg.Length((ymax-ymin)/(xmax-xmin)) + 3.4*vg.Centimeter
	prefer(p, w, h)
	return p, nil
}

// projection maps data points into the plane of the screen.
type projection struct {
	lo, hi [3]float64 // data range of each axis
	names  [3]string
	path   plotter.XYs
}

func newProjection(v [3][]float64, names [3]string) *projection {
	pr := &projection{names: names}
	for a := range 3 {
		pr.lo[a], pr.hi[a] = minMax(v[a])
		if pr.lo[a] == pr.hi[a] {
			d := math.Max(math.Abs(pr.lo[a])*0.1, 0.5)
			pr.lo[a], pr.hi[a] = pr.lo[a]-d, pr.hi[a]+d
		}
	}
	pr.path = make(plotter.XYs, len(v[0]))
	for i := range v[0] {
		pr.path[i].X, pr.path[i].Y = pr.screen(pr.unit([3]float64{v[0][i], v[1][i], v[2][i]}))
	}
	return pr
}

// unit maps a data point into the cube [−1, 1]³.
func (pr *projection) unit(p [3]float64) [3]float64 {
	var u [3]float64
	for a := range 3 {
		u[a] = 2*(p[a]-pr.lo[a])/(pr.hi[a]-pr.lo[a]) - 1
	}
	return u
}

// screen projects a point of the cube onto the screen plane.
func (pr *projection) screen(u [3]float64) (sx, sy float64) {
	sa, ca := math.Sin(viewAzimuth), math.Cos(viewAzimuth)
	se, ce := math.Sin(viewElevation), math.Cos(viewElevation)
	xr := u[0]*ca - u[1]*sa
	depth := u[0]*sa + u[1]*ca // larger is farther from the viewer
	return xr, zAspect*u[2]*ce + depth*se
}

func (pr *projection) depth(u [3]float64) float64 {
	sa, ca := math.Sin(viewAzimuth), math.Cos(viewAzimuth)
	return u[0]*sa + u[1]*ca
}

func (pr *projection) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, c := range cubeCorners() {
		sx, sy := pr.screen(c)
		xmin, xmax = math.Min(xmin, sx), math.Max(xmax, sx)
		ymin, ymax = math.Min(ymin, sy), math.Max(ymax, sy)
	}
	return
}

func cubeCorners() [][3]float64 {
	var cs [][3]float64
	for _, z := range []float64{-1, 1} {
		for _, y := range []float64{-1, 1} {
			for _, x := range []float64{-1, 1} {
				cs = append(cs, [3]float64{x, y, z})
			}
		}
	}
	return cs
}

// axes returns, for x, y and z, the cube edge that carries its ticks: x and y along
// the floor through the corner nearest the viewer, z up the right-most corner.
func (pr *projection) axes() [3][2][3]float64 {
	front := pr.front()
	right := front
	bestX := math.Inf(-1)
	for _, c := range cubeCorners() {
		if c[2] != -1 {
			continue
		}
		if sx, _ := pr.screen(c); sx > bestX {
			bestX, right = sx, c
		}
	}
	var e [3][2][3]float64
	for a := range 2 {
		from, to := front, front
		from[a], to[a] = -1, 1
		e[a] = [2][3]float64{from, to}
	}
	top := right
	top[2] = 1
	e[2] = [2][3]float64{right, top}
	return e
}

// front is the floor corner nearest the viewer.
func (pr *projection) front() [3]float64 {
	front := [3]float64{-1, -1, -1}
	best := math.Inf(1)
	for _, c := range cubeCorners() {
		if d := pr.depth(c); c[2] == -1 && d < best {
			best, front = d, c
		}
	}
	return front
}

// Plot draws the edges of the box's floor and back walls, light, behind the data;
// the three edges meeting at the top front corner are left out so that no edge
// crosses in front of the data.
func (pr *projection) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	at := func(u [3]float64) vg.Point {
		sx, sy := pr.screen(u)
		return vg.Point{X: trX(sx), Y: trY(sy)}
	}
	edge := lineStyle(rgb(0xcccccc), 0.6)
	cs := cubeCorners()
	frontTop := pr.front()
	frontTop[2] = 1
	for i, a := range cs {
		for _, b := range cs[i+1:] {
			if a == frontTop || b == frontTop {
				continue
			}
			diff := 0
			for k := range 3 {
				if a[k] != b[k] {
					diff++
				}
			}
			if diff == 1 {
				c.StrokeLine2(edge, at(a).X, at(a).Y, at(b).X, at(b).Y)
			}
		}
	}
}

// projLabels draws the ticks and names of the three axes, outside the cube; its glyph
// boxes make the plot leave room for them.
type projLabels struct{ pr *projection }

type projText struct {
	anchor [3]float64 // point on the cube
	off    vg.Point   // offset from it, in points
	sty    text.Style
	txt    string
	tick   bool
}

func (pl *projLabels) items() []projText {
	pr := pl.pr
	var out []projText
	for a, e := range pr.axes() {
		mid := [3]float64{(e[0][0] + e[1][0]) / 2, (e[0][1] + e[1][1]) / 2, (e[0][2] + e[1][2]) / 2}
		// Outward: from the cube's centre towards the edge, on screen.
		ox, oy := pr.screen(mid)
		if a == 2 {
			ox, oy = 1, 0 // z labels to the right of its edge
		}
		norm := math.Hypot(ox, oy)
		ox, oy = ox/norm, oy/norm
		sty := textStyle(8)
		sty.XAlign, sty.YAlign = align2(ox, oy)
		for _, tk := range (niceTicks{n: 5}).Ticks(pr.lo[a], pr.hi[a]) {
			if tk.Label == "" {
				continue
			}
			at := e[0]
			at[a] = 2*(tk.Value-pr.lo[a])/(pr.hi[a]-pr.lo[a]) - 1
			out = append(out, projText{anchor: at, off: vg.Point{X: vg.Points(7 * ox), Y: vg.Points(7 * oy)}, sty: sty, txt: tk.Label, tick: true})
		}
		name := textStyle(10)
		name.XAlign, name.YAlign = align2(ox, oy)
		out = append(out, projText{anchor: mid, off: vg.Point{X: vg.Points(28 * ox), Y: vg.Points(24 * oy)}, sty: name, txt: pr.names[a]})
	}
	return out
}

func align2(ox, oy float64) (text.XAlignment, text.YAlignment) {
	xa, ya := draw.XCenter, draw.YCenter
	switch {
	case ox > 0.35:
		xa = draw.XLeft
	case ox < -0.35:
		xa = draw.XRight
	}
	switch {
	case oy > 0.35:
		ya = draw.YBottom
	case oy < -0.35:
		ya = draw.YTop
	}
	return xa, ya
}

func (pl *projLabels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	tick := lineStyle(rgb(0x888888), 0.6)
	for _, it := range pl.items() {
		sx, sy := pl.pr.screen(it.anchor)
		at := vg.Point{X: trX(sx), Y: trY(sy)}
		if it.tick {
			d := vg.Length(0.4)
			c.StrokeLine2(tick, at.X, at.Y, at.X+it.off.X*d, at.Y+it.off.Y*d)
		}
		c.FillText(it.sty, at.Add(it.off), it.txt)
	}
}

func (pl *projLabels) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	var out []plot.GlyphBox
	for _, it := range pl.items() {
		sx, sy := pl.pr.screen(it.anchor)
		r := it.sty.Rectangle(it.txt)
		r.Min, r.Max = r.Min.Add(it.off), r.Max.Add(it.off)
		out = append(out, plot.GlyphBox{X: p.X.Norm(sx), Y: p.Y.Norm(sy), Rectangle: r})
	}
	return out
}
