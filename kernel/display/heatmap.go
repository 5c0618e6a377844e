package display

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// HeatmapOptions changes a heat map.
type HeatmapOptions struct {
	Labels Labels
	// Unit labels the colour bar, e.g. "rate (Hz)".
	Unit string
	// Min and Max fix the colour range; both 0 means the data's range.
	Min, Max float64
	// Diverging uses blue–white–red centred on 0 (for signed data), instead of the
	// sequential viridis map.
	Diverging bool
}

// Heatmap draws a matrix as coloured cells, row 0 at the top, with a colour bar.
// m is a [][]float64 (rows of equal length) or a gonum mat.Matrix.
func Heatmap(m any, opts ...HeatmapOptions) (*plot.Plot, error) {
	const fn = "Heatmap"
	var o HeatmapOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	g, err := toGrid(fn, m)
	if err != nil {
		return nil, err
	}
	rows, cols := len(g), len(g[0])
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, row := range g {
		l, h := minMax(row)
		lo, hi = math.Min(lo, l), math.Max(hi, h)
	}
	if o.Diverging {
		a := math.Max(math.Abs(lo), math.Abs(hi))
		lo, hi = -a, a
	}
	if o.Min != 0 || o.Max != 0 {
		if !(o.Min < o.Max) || math.IsInf(o.Min, 0) || math.IsInf(o.Max, 0) {
			return nil, fmt.Errorf("display.%s: colour range Min %v, Max %v is empty; give finite Min < Max, or leave both 0 for the data's range", fn, o.Min, o.Max)
		}
		lo, hi = o.Min, o.Max
	}
	if lo == hi { // constant matrix: still a valid picture
		d := math.Max(math.Abs(lo)*0.1, 0.5)
		lo, hi = lo-d, hi+d
	}
	cmap := viridis
	if o.Diverging {
		cmap = diverging
	}
	sc := scale{cmap: cmap, lo: lo, hi: hi, label: o.Unit}
	l := o.Labels.or(fmt.Sprintf("Heat map (%d × %d)", rows, cols), "column", "row")
	return gridPlot(g, sc, l), nil
}

// CorrelationMatrix draws a square matrix of correlations in [−1, 1] — e.g. the
// pairwise correlations of channels — blue (−1) to white (0) to red (+1), and gives
// the mean off-diagonal correlation in the title. m is a [][]float64 or a mat.Matrix.
// A NaN (the correlation of a silent channel) is an error naming the entry.
func CorrelationMatrix(m any, labels ...Labels) (*plot.Plot, error) {
	const fn = "CorrelationMatrix"
	g, err := toGrid(fn, m)
	if err != nil {
		return nil, err
	}
	n := len(g)
	if len(g[0]) != n {
		return nil, fmt.Errorf("display.%s: the matrix is %d × %d; a correlation matrix is square (use Heatmap for other matrices)", fn, n, len(g[0]))
	}
	var sum float64
	for i, row := range g {
		for j, v := range row {
			if v < -1-1e-9 || v > 1+1e-9 {
				return nil, fmt.Errorf("display.%s: m[%d][%d] = %v is not a correlation (outside [−1, 1]); use Heatmap for other values", fn, i, j, v)
			}
			if i != j {
				sum += v
			}
		}
	}
	title := fmt.Sprintf("Correlation matrix (%d × %d)", n, n)
	if n > 1 {
		title = fmt.Sprintf("Correlation matrix (%d × %d, mean off-diagonal r = %.2f)", n, n, sum/float64(n*(n-1)))
	}
	l := firstLabels(labels).or(title, "channel", "channel")
	return gridPlot(g, scale{cmap: diverging, lo: -1, hi: 1, label: "r"}, l), nil
}

func gridPlot(g [][]float64, sc scale, l Labels) *plot.Plot {
	rows, cols := len(g), len(g[0])
	p := newPlot(l)
	p.Y.Scale = plot.InvertedScale{Normalizer: plot.LinearScale{}}
	p.Add(&cells{cols: cols, rows: rows, x0: -0.5, y0: -0.5, dx: 1, dy: 1,
		colour: func(c, r int) color.Color { return sc.colour(g[r][c]) }})
	p.Add(&key{bar: &sc})
	p.X.Tick.Marker = niceTicks{integer: true}
	p.Y.Tick.Marker = niceTicks{integer: true}
	p.X.Padding, p.Y.Padding = 0, 0
	// Prefer square cells: about 3.5 cm of the width and 2.2 cm of the height go to
	// axes, title and key.
	aspect := min(max(float64(cols)/float64(rows), 0.5), 2.5)
	h := 12 * vg.Centimeter
	w := (h-2.2*vg.Centimeter)*vg.Length(aspect) + 3.5*vg.Centimeter
	prefer(p, min(w, 24*vg.Centimeter), h)
	return p
}

// toGrid copies m into rows, checking that it is a non-empty rectangular matrix of
// finite values.
func toGrid(fn string, m any) ([][]float64, error) {
	var g [][]float64
	switch x := m.(type) {
	case [][]float64:
		g = x
	case mat.Matrix:
		if isNilMatrix(x) {
			return nil, fmt.Errorf("display.%s: the matrix is nil", fn)
		}
		r, c := x.Dims()
		g = make([][]float64, r)
		for i := range g {
			g[i] = make([]float64, c)
			for j := range g[i] {
				g[i][j] = x.At(i, j)
			}
		}
	case nil:
		return nil, fmt.Errorf("display.%s: the matrix is nil; pass a [][]float64 or a gonum mat.Matrix", fn)
	default:
		return nil, fmt.Errorf("display.%s: cannot draw a %T; pass a [][]float64 or a gonum mat.Matrix", fn, m)
	}
	if len(g) == 0 || len(g[0]) == 0 {
		return nil, fmt.Errorf("display.%s: the matrix is empty, so there is nothing to plot", fn)
	}
	for i, row := range g {
		if len(row) != len(g[0]) {
			return nil, fmt.Errorf("display.%s: row %d has %d values but row 0 has %d; every row must be as long", fn, i, len(row), len(g[0]))
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("display.%s: m[%d][%d] is %v; every value must be finite: replace it (NaN usually means 0/0, e.g. the correlation of a silent channel)", fn, i, j, v)
			}
		}
	}
	return g, nil
}

func isNilMatrix(m mat.Matrix) (isNil bool) {
	defer func() {
		if recover() != nil {
			isNil = true
		}
	}()
	m.Dims()
	return false
}
