package devices

import (
	"fmt"
	"math"
)

// Layout is an electrode array. Electrode e is column e % Cols and row
// e / Cols of a Cols × Rows grid; by default it sits at (Pitch·col,
// Pitch·row) µm from electrode 0.
//
// Arrays that are not one regular grid (multi-well plates, hexagonal
// arrays, sorted units) set the optional fields, each empty or of length
// Cols·Rows: X and Y give every electrode's centre in µm (overriding the
// grid positions; Pitch is then the nominal nearest-neighbour spacing),
// Names the maker's electrode names ("D3_31", "ch_12A"), Groups the
// compartment of each electrode ("D3", a well), for arrays whose
// electrodes do not share one culture. Positions that do not exist on the
// array (MCS corners) keep an empty name. A layout without them encodes to
// the same JSON as before.
type Layout struct {
	Cols, Rows int
	Pitch      float64   // µm
	X          []float64 `json:",omitempty"` // µm, explicit electrode centres
	Y          []float64 `json:",omitempty"`
	Names      []string  `json:",omitempty"` // maker's electrode names
	Groups     []string  `json:",omitempty"` // compartment (well) of each electrode
}

// MaxOne returns the layout of a MaxOne-class HD-MEA: 220 × 120 electrodes
// (26,400) at 17.5 µm pitch, 3.85 × 2.1 mm.
func MaxOne() Layout { return Layout{Cols: 220, Rows: 120, Pitch: 17.5} }

// Len returns the number of electrodes.
func (l Layout) Len() int { return l.Cols * l.Rows }

// Width and Height return the extent of the grid in µm (electrode centres
// span 0..Width−Pitch; each electrode owns a Pitch × Pitch square). With
// explicit positions they span the smallest to the largest centre plus one
// Pitch.
func (l Layout) Width() float64 {
	if l.X != nil {
		return span(l.X) + l.Pitch
	}
	return float64(l.Cols) * l.Pitch
}
func (l Layout) Height() float64 {
	if l.Y != nil {
		return span(l.Y) + l.Pitch
	}
	return float64(l.Rows) * l.Pitch
}

// Pos returns the position of electrode e in µm. It panics if e is off the
// array; use Check for user input.
func (l Layout) Pos(e int) (x, y float64) {
	if e < 0 || e >= l.Len() {
		panic(ErrElectrode)
	}
	if l.X != nil {
		return l.X[e], l.Y[e]
	}
	return l.Pitch * float64(e%l.Cols), l.Pitch * float64(e/l.Cols)
}

// Name returns the maker's name of electrode e, or "" if the layout has no
// names.
func (l Layout) Name(e int) string {
	if e < 0 || e >= len(l.Names) {
		return ""
	}
	return l.Names[e]
}

// Group returns the compartment (well) of electrode e, or "" if the array
// is one compartment.
func (l Layout) Group(e int) string {
	if e < 0 || e >= len(l.Groups) {
		return ""
	}
	return l.Groups[e]
}

// Lookup returns the electrode named name, or −1.
func (l Layout) Lookup(name string) int {
	for e, n := range l.Names {
		if n == name && name != "" {
			return e
		}
	}
	return -1
}

// Validate returns an error if the optional per-electrode fields do not
// have one entry per electrode.
func (l Layout) Validate() error {
	n := l.Len()
	switch {
	case l.Cols < 0 || l.Rows < 0:
		return fmt.Errorf("devices: layout of %d × %d electrodes; Cols and Rows must be ≥ 0", l.Cols, l.Rows)
	case l.X != nil && (len(l.X) != n || len(l.Y) != n):
		return fmt.Errorf("devices: layout has %d x and %d y positions for %d electrodes; give one each", len(l.X), len(l.Y), n)
	case l.X == nil && l.Y != nil:
		return fmt.Errorf("devices: layout has y positions but no x; give both")
	case l.Names != nil && len(l.Names) != n:
		return fmt.Errorf("devices: layout has %d names for %d electrodes; give one each (\"\" where there is none)", len(l.Names), n)
	case l.Groups != nil && len(l.Groups) != n:
		return fmt.Errorf("devices: layout has %d groups for %d electrodes; give one each", len(l.Groups), n)
	}
	return nil
}

func span(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	lo, hi := v[0], v[0]
	for _, x := range v {
		lo, hi = min(lo, x), max(hi, x)
	}
	return hi - lo
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
	if l.X != nil {
		best, bd := -1, math.Inf(1)
		for e := range l.X {
			dx, dy := l.X[e]-x, l.Y[e]-y
			if d := dx*dx + dy*dy; d < bd {
				best, bd = e, d
			}
		}
		return best
	}
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
	if l.X != nil {
		for e := range l.X {
			dx, dy := l.X[e]-x, l.Y[e]-y
			if dx*dx+dy*dy <= r*r {
				out = append(out, e)
			}
		}
		return out
	}
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

// InGroup returns the electrodes of compartment g (a well), in index order.
func (l Layout) InGroup(g string) []int {
	var out []int
	for e, x := range l.Groups {
		if x == g {
			out = append(out, e)
		}
	}
	return out
}
