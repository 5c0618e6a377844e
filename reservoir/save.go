package reservoir

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
)

// Format tags of saved reservoirs.
const (
	RateFormat = "petri.rate/v1"
	ESNFormat  = "petri.esn/v1"
)

// csrFile is the JSON form of a CSR matrix.
type csrFile struct {
	Rows   int       `json:"rows"`
	Cols   int       `json:"cols"`
	RowPtr []int     `json:"rowptr"`
	Col    []int32   `json:"col"`
	Val    []float64 `json:"val"`
}

func (a *CSR) file() csrFile {
	return csrFile{a.rows, a.cols, a.rowPtr, a.col, a.val}
}

func (f *csrFile) csr(name string) (*CSR, error) {
	bad := func(what string) error {
		return fmt.Errorf("reservoir: load: matrix %s: %s: the file is damaged", name, what)
	}
	if f.Rows < 1 || f.Cols < 1 || len(f.RowPtr) != f.Rows+1 || f.RowPtr[0] != 0 {
		return nil, bad("bad shape or row pointers")
	}
	if len(f.Col) != len(f.Val) || f.RowPtr[f.Rows] != len(f.Val) {
		return nil, bad("lengths of col, val and rowptr disagree")
	}
	for i := 0; i < f.Rows; i++ {
		if f.RowPtr[i+1] < f.RowPtr[i] {
			return nil, bad("row pointers decrease")
		}
	}
	for _, c := range f.Col {
		if c < 0 || int(c) >= f.Cols {
			return nil, bad(fmt.Sprintf("column index %d out of range", c))
		}
	}
	if err := CheckFinite(name, f.Val); err != nil {
		return nil, err
	}
	return &CSR{rows: f.Rows, cols: f.Cols, rowPtr: f.RowPtr, col: f.Col, val: f.Val}, nil
}

// rateFile is the on-disk form of a RateNetwork: JSON
//
//	{"format": "petri.rate/v1", "config": {RateConfig fields},
//	 "m": {"rows", "cols", "rowptr", "col", "val"}, "wf": [...], "win": [...],
//	 "x": [...]}
//
// Loading restores the network exactly, current state included.
type rateFile struct {
	Format string     `json:"format"`
	Config RateConfig `json:"config"`
	M      csrFile    `json:"m"`
	Wf     []float64  `json:"wf"`
	Win    []float64  `json:"win"`
	X      []float64  `json:"x"`
}

// Save writes the network (weights and current state) as JSON in the
// petri.rate/v1 format.
func (net *RateNetwork) Save(w io.Writer) error {
	return json.NewEncoder(w).Encode(&rateFile{RateFormat, net.Config, net.M.file(), net.Wf, net.Win, net.X})
}

// LoadRateNetwork reads a network written by RateNetwork.Save.
func LoadRateNetwork(r io.Reader) (*RateNetwork, error) {
	var f rateFile
	if err := json.NewDecoder(r).Decode(&f); err != nil {
		return nil, fmt.Errorf("reservoir: LoadRateNetwork: %v", err)
	}
	if f.Format != RateFormat {
		return nil, fmt.Errorf("reservoir: LoadRateNetwork: format %q, want %q: the file was not written by RateNetwork.Save or by a version this petri cannot read", f.Format, RateFormat)
	}
	c := f.Config
	m, err := f.M.csr("m")
	if err != nil {
		return nil, err
	}
	if c.N < 1 || m.rows != c.N || m.cols != c.N || len(f.Wf) != c.N*c.Feedback || len(f.Win) != c.N*c.Inputs || len(f.X) != c.N {
		return nil, fmt.Errorf("reservoir: LoadRateNetwork: array sizes disagree with N=%d: the file is damaged", c.N)
	}
	for _, s := range []struct {
		name string
		v    []float64
	}{{"wf", f.Wf}, {"win", f.Win}, {"x", f.X}} {
		if err := CheckFinite(s.name, s.v); err != nil {
			return nil, err
		}
	}
	net := &RateNetwork{Config: c, M: m, Wf: f.Wf, Win: f.Win, X: f.X, R: make([]float64, c.N), tmp: make([]float64, c.N)}
	for i, x := range net.X {
		net.R[i] = math.Tanh(x)
	}
	return net, nil
}

// esnFile is the on-disk form of an ESN (petri.esn/v1), like rateFile with
// "w", "win", "wfb", "b" and "x".
type esnFile struct {
	Format string    `json:"format"`
	Config ESNConfig `json:"config"`
	W      csrFile   `json:"w"`
	Win    []float64 `json:"win"`
	Wfb    []float64 `json:"wfb"`
	B      []float64 `json:"b"`
	X      []float64 `json:"x"`
}

// Save writes the network (weights and current state) as JSON in the
// petri.esn/v1 format.
func (e *ESN) Save(w io.Writer) error {
	return json.NewEncoder(w).Encode(&esnFile{ESNFormat, e.Config, e.W.file(), e.Win, e.Wfb, e.B, e.X})
}

// LoadESN reads a network written by ESN.Save.
func LoadESN(r io.Reader) (*ESN, error) {
	var f esnFile
	if err := json.NewDecoder(r).Decode(&f); err != nil {
		return nil, fmt.Errorf("reservoir: LoadESN: %v", err)
	}
	if f.Format != ESNFormat {
		return nil, fmt.Errorf("reservoir: LoadESN: format %q, want %q: the file was not written by ESN.Save or by a version this petri cannot read", f.Format, ESNFormat)
	}
	c := f.Config
	w, err := f.W.csr("w")
	if err != nil {
		return nil, err
	}
	if c.N < 1 || w.rows != c.N || w.cols != c.N || len(f.Win) != c.N*c.Inputs || len(f.Wfb) != c.N*c.Feedback || len(f.B) != c.N || len(f.X) != c.N {
		return nil, fmt.Errorf("reservoir: LoadESN: array sizes disagree with N=%d: the file is damaged", c.N)
	}
	return &ESN{Config: c, W: w, Win: f.Win, Wfb: f.Wfb, B: f.B, X: f.X, tmp: make([]float64, c.N)}, nil
}
