package devices

import (
	"fmt"
	"math"
)

// Layout is a rectangular electrode grid. Electrode e sits at column
// e % Cols and row e / Cols, at (Pitch·col, Pitch·row) µm from electrode 0.
type Layout struct {
	Cols, Rows int
	Pitch      float64 // µm
}

// MaxOne returns the layout of a MaxOne-class HD-MEA: 220 × 120 electrodes
// (26,400) at 17.5 µm pitch, 3.85 × 2.1 mm.
func MaxOne() Layout { return Layout{Cols: 220, Rows: 120, Pitch: 17.5} }

// Len returns the number of electrodes.
func (l Layout) Len() int { return l.Cols * l.Rows }

// Width and Height return the extent of the grid in µm (electrode centres
// span 0..Width−Pitch; each electrode owns a Pitch × Pitch square).
func (l Layout) Width() float64  { return float64(l.Cols) * l.Pitch }
func (l Layout) Height() float64 { return float64(l.Rows) * l.Pitch }

// Pos returns the position of electrode e in µm. It panics if e is off the
// array; use Check for user input.
func (l Layout) Pos(e int) (x, y float64) {
	if e < 0 || e >= l.Len() {
		panic(ErrElectrode)
	}
	return l.Pitch * float64(e%l.Cols), l.Pitch * float64(e/l.Cols)
}

// Index returns the electrode at column col and row row, or −1 if off the
// array.
func (l Layout) Index(col, row int) int {
	if col < 0 || col >= l.Cols || row < 0 || row >= l.Rows {
		return -1
	}
	return row*l.Cols + col
}

// Nearest returns the electrode nearest to (x, y) µm, clamped to the array.
func (l Layout) Nearest(x, y float64) int {
	col := int(math.Round(x / l.Pitch))
	row := int(math.Round(y / l.Pitch))
	col = min(max(col, 0), l.Cols-1)
	row = min(max(row, 0), l.Rows-1)
	return row*l.Cols + col
}

// Within returns the electrodes whose centres lie within r µm of (x, y), in
// index order.
func (l Layout) Within(x, y, r float64) []int {
	var out []int
	c0 := max(int(math.Ceil((x-r)/l.Pitch)), 0)
	c1 := min(int(math.Floor((x+r)/l.Pitch)), l.Cols-1)
	r0 := max(int(math.Ceil((y-r)/l.Pitch)), 0)
	r1 := min(int(math.Floor((y+r)/l.Pitch)), l.Rows-1)
	for row := r0; row <= r1; row++ {
		for col := c0; col <= c1; col++ {
			dx, dy := float64(col)*l.Pitch-x, float64(row)*l.Pitch-y
			if dx*dx+dy*dy <= r*r {
				out = append(out, row*l.Cols+col)
			}
		}
	}
	return out
}

// Check returns an error naming the first electrode index that is off the
// array, or nil.
func (l Layout) Check(electrodes ...int) error {
	for k, e := range electrodes {
		if e < 0 || e >= l.Len() {
			return fmt.Errorf("devices: electrode %d (item %d) is off the %d × %d array; valid indices are 0..%d (row·%d + column)",
				e, k, l.Cols, l.Rows, l.Len()-1, l.Cols)
		}
	}
	return nil
}

// Grid is a map of one value per electrode (row-major, V[row·Cols + col]),
// for example firing rates from an activity scan; plot it as an image.
type Grid struct {
	Cols, Rows int
	V          []float64
}

// NewGrid returns a zero grid the shape of l.
func NewGrid(l Layout) *Grid { return &Grid{Cols: l.Cols, Rows: l.Rows, V: make([]float64, l.Len())} }

// At returns the value at column col, row row.
func (g *Grid) At(col, row int) float64 { return g.V[row*g.Cols+col] }

// Dims returns (Cols, Rows); with At and Z this is gonum/plot's GridXYZ.
func (g *Grid) Dims() (c, r int) { return g.Cols, g.Rows }

// Z returns the value at column c, row r (gonum/plot plotter.GridXYZ).
func (g *Grid) Z(c, r int) float64 { return g.V[r*g.Cols+c] }

// X returns column c's index as a float (gonum/plot plotter.GridXYZ).
func (g *Grid) X(c int) float64 { return float64(c) }

// Y returns row r's index as a float (gonum/plot plotter.GridXYZ).
func (g *Grid) Y(r int) float64 { return float64(r) }

// Top returns up to n electrodes with the highest values (at least minValue),
// highest first, keeping at least minDist electrodes (Chebyshev distance)
// between any two chosen; minDist 0 or 1 allows neighbours. Use it to route
// the most active electrodes after a scan.
func (g *Grid) Top(n int, minValue float64, minDist int) []int {
	idx := make([]int, 0, len(g.V))
	for i, v := range g.V {
		if v >= minValue && v > 0 {
			idx = append(idx, i)
		}
	}
	sortByValueDesc(idx, g.V)
	taken := make(map[int]bool)
	var out []int
	for _, e := range idx {
		if len(out) >= n {
			break
		}
		c, r := e%g.Cols, e/g.Cols
		ok := true
		for dr := -minDist + 1; dr < minDist && ok; dr++ {
			for dc := -minDist + 1; dc < minDist; dc++ {
				if taken[(r+dr)*g.Cols+(c+dc)] && c+dc >= 0 && c+dc < g.Cols {
					ok = false
					break
				}
			}
		}
		if ok {
			taken[e] = true
			out = append(out, e)
		}
	}
	return out
}
