package reservoir

import (
	"encoding/json"
	"fmt"
	"io"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Readout is a linear readout z = W r + B of a reservoir state r.
// W is Outputs×Size; B (may be nil) has length Outputs.
type Readout struct {
	W *mat.Dense
	B []float64
}

// Size returns the number of state units the readout reads.
func (r *Readout) Size() int { _, c := r.W.Dims(); return c }

// Outputs returns the number of outputs.
func (r *Readout) Outputs() int { m, _ := r.W.Dims(); return m }

// Output sets dst = W state + B and returns dst (allocated if nil).
// It panics if len(state) != Size().
func (r *Readout) Output(dst, state []float64) []float64 {
	m, n := r.W.Dims()
	if len(state) != n {
		panic(fmt.Sprintf("reservoir: Readout.Output: len(state)=%d, want %d", len(state), n))
	}
	if dst == nil {
		dst = make([]float64, m)
	}
	for o := 0; o < m; o++ {
		row := r.W.RawRowView(o)
		var s float64
		for j, v := range row {
			s += v * state[j]
		}
		if r.B != nil {
			s += r.B[o]
		}
		dst[o] = s
	}
	return dst
}

// Apply returns the outputs for every row of states (T×Size) as a
// T×Outputs matrix.
func (r *Readout) Apply(states mat.Matrix) *mat.Dense {
	t, n := states.Dims()
	m, _ := r.W.Dims()
	if n != r.Size() {
		panic(fmt.Sprintf("reservoir: Readout.Apply: states have %d columns, want %d", n, r.Size()))
	}
	out := mat.NewDense(t, m, nil)
	out.Mul(states, r.W.T())
	if r.B != nil {
		for i := 0; i < t; i++ {
			row := out.RawRowView(i)
			for o := range row {
				row[o] += r.B[o]
			}
		}
	}
	return out
}

// Ridge fits a readout by ridge regression: it minimises
// Σ_t ‖W r_t + B − y_t‖² + lambda ‖W‖² over the rows t ≥ washout of
// states (T×N) and targets (T×M). With bias true an unpenalised bias B is
// fitted (the states and targets are centred). lambda ≥ 0; a small value
// such as 1e-6 times the mean squared state is typical.
//
// It returns an error if the shapes disagree, washout leaves no rows, or any
// value is NaN or infinite.
func Ridge(states, targets mat.Matrix, washout int, lambda float64, bias bool) (*Readout, error) {
	t, n := states.Dims()
	t2, m := targets.Dims()
	if t != t2 {
		return nil, fmt.Errorf("reservoir: Ridge: states have %d rows but targets %d: give one target row per state row", t, t2)
	}
	if washout < 0 || washout >= t {
		return nil, fmt.Errorf("reservoir: Ridge: washout=%d with %d rows leaves nothing to fit: use 0 ≤ washout < %d", washout, t, t)
	}
	if !(lambda >= 0) || math.IsInf(lambda, 0) {
		return nil, fmt.Errorf("reservoir: Ridge: lambda=%v: must be finite and ≥ 0", lambda)
	}
	if err := finiteMatrix("states", states); err != nil {
		return nil, err
	}
	if err := finiteMatrix("targets", targets); err != nil {
		return nil, err
	}
	rows := t - washout
	x := mat.NewDense(rows, n, nil)
	y := mat.NewDense(rows, m, nil)
	for i := 0; i < rows; i++ {
		for j := 0; j < n; j++ {
			x.Set(i, j, states.At(i+washout, j))
		}
		for j := 0; j < m; j++ {
			y.Set(i, j, targets.At(i+washout, j))
		}
	}
	var mx, my []float64
	if bias {
		mx, my = centre(x), centre(y)
	}
	var a mat.SymDense
	a.SymOuterK(1, x.T())
	for i := 0; i < n; i++ {
		a.SetSym(i, i, a.At(i, i)+lambda)
	}
	var xty mat.Dense
	xty.Mul(x.T(), y)
	var chol mat.Cholesky
	var sol mat.Dense
	if chol.Factorize(&a) {
		if err := chol.SolveTo(&sol, &xty); err != nil {
			return nil, fmt.Errorf("reservoir: Ridge: %v: increase lambda", err)
		}
	} else if err := sol.Solve(&a, &xty); err != nil {
		return nil, fmt.Errorf("reservoir: Ridge: normal equations singular (%v): use lambda > 0", err)
	}
	w := mat.DenseCopyOf(sol.T())
	r := &Readout{W: w}
	if bias {
		r.B = make([]float64, m)
		for o := 0; o < m; o++ {
			s := my[o]
			for j := 0; j < n; j++ {
				s -= w.At(o, j) * mx[j]
			}
			r.B[o] = s
		}
	}
	if err := finiteMatrix("fitted W", w); err != nil {
		return nil, fmt.Errorf("%v (increase lambda)", err)
	}
	return r, nil
}

func centre(x *mat.Dense) []float64 {
	r, c := x.Dims()
	mean := make([]float64, c)
	for i := 0; i < r; i++ {
		for j, v := range x.RawRowView(i) {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(r)
	}
	for i := 0; i < r; i++ {
		row := x.RawRowView(i)
		for j := range row {
			row[j] -= mean[j]
		}
	}
	return mean
}

// ReadoutFormat is the format tag written by Readout.Save.
const ReadoutFormat = "petri.readout/v1"

// readoutFile is the on-disk form of a Readout: JSON
//
//	{"format": "petri.readout/v1", "outputs": M, "size": N,
//	 "w": [[...N values...], ...M rows...], "b": [...M values...] or null}
//
// Floats are written in Go's shortest round-trip form, so loading gives
// back the bits that were saved.
type readoutFile struct {
	Format  string      `json:"format"`
	Outputs int         `json:"outputs"`
	Size    int         `json:"size"`
	W       [][]float64 `json:"w"`
	B       []float64   `json:"b"`
}

// Save writes the readout as JSON in the petri.readout/v1 format.
func (r *Readout) Save(w io.Writer) error {
	m, n := r.W.Dims()
	f := readoutFile{Format: ReadoutFormat, Outputs: m, Size: n, B: r.B}
	for o := 0; o < m; o++ {
		f.W = append(f.W, append([]float64(nil), r.W.RawRowView(o)...))
	}
	enc := json.NewEncoder(w)
	return enc.Encode(&f)
}

// LoadReadout reads a readout written by Readout.Save.
func LoadReadout(rd io.Reader) (*Readout, error) {
	var f readoutFile
	if err := json.NewDecoder(rd).Decode(&f); err != nil {
		return nil, fmt.Errorf("reservoir: LoadReadout: %v", err)
	}
	if f.Format != ReadoutFormat {
		return nil, fmt.Errorf("reservoir: LoadReadout: format %q, want %q: the file was not written by Readout.Save or by a version this petri cannot read", f.Format, ReadoutFormat)
	}
	if f.Outputs <= 0 || f.Size <= 0 || len(f.W) != f.Outputs {
		return nil, fmt.Errorf("reservoir: LoadReadout: %d rows of w for outputs=%d size=%d: the file is damaged", len(f.W), f.Outputs, f.Size)
	}
	w := mat.NewDense(f.Outputs, f.Size, nil)
	for o, row := range f.W {
		if len(row) != f.Size {
			return nil, fmt.Errorf("reservoir: LoadReadout: row %d of w has %d values, want %d: the file is damaged", o, len(row), f.Size)
		}
		w.SetRow(o, row)
	}
	if f.B != nil && len(f.B) != f.Outputs {
		return nil, fmt.Errorf("reservoir: LoadReadout: b has %d values, want %d: the file is damaged", len(f.B), f.Outputs)
	}
	return &Readout{W: w, B: f.B}, nil
}
