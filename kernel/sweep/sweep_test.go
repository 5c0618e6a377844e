package sweep

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/petri-mea/petri/kernel/notebook"
)

// writeNotebook puts a notebook with a parameters cell into dir.
func writeNotebook(t testing.TB, dir string) string {
	t.Helper()
	defaults := &notebook.Cell{CellType: "code", Source: "seed := 1\ngain := 1.5\ntopology := \"lattice\"",
		Metadata: map[string]any{"tags": []any{"parameters"}}}
	nb := &notebook.Notebook{NBFormat: 4, NBFormatMinor: 5, Metadata: map[string]any{}, Cells: []*notebook.Cell{defaults}}
	path := filepath.Join(dir, "nb.ipynb")
	if err := nb.Write(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func parseSpec(t *testing.T, dir, src string) (*Spec, error) {
	t.Helper()
	return Parse(filepath.Join(dir, "s.json"), []byte(src))
}

// The points of a spec: explicit points × grid (alphabetical, last fastest) × seeds.
func TestExpandOrder(t *testing.T) {
	dir := t.TempDir()
	writeNotebook(t, dir)
	s, err := parseSpec(t, dir, `{"notebook": "nb.ipynb", "points": [{"topology": "lattice"}, {"topology": "hier archical"}],
		"grid": {"gain": [1, 2.5]}, "seeds": {"count": 2, "first": 10}}`)
	if err != nil {
		t.Fatal(err)
	}
	pts, err := s.Expand()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range pts {
		ids = append(ids, p.ID)
	}
	want := []string{
		"gain=1_seed=10_topology=lattice", "gain=1_seed=11_topology=lattice",
		"gain=2.5_seed=10_topology=lattice", "gain=2.5_seed=11_topology=lattice",
	}
	if strings.Join(ids[:4], " ") != strings.Join(want, " ") {
		t.Errorf("ids %v, want %v first", ids, want)
	}
	// A value with a space is not safe in a file name: the id is altered and hashed.
	if id := ids[4]; !strings.HasPrefix(id, "gain=1_seed=10_topology=hier~archical-") || len(id) != len("gain=1_seed=10_topology=hier~archical-")+8 {
		t.Errorf("unsafe id %q", id)
	}
	if len(pts) != 8 || pts[5].Params["seed"] != "11" || pts[5].Params["topology"] != "hier archical" {
		t.Errorf("points %v", pts)
	}
	if err := s.Check(pts); err != nil {
		t.Errorf("Check: %v", err)
	}
}

func TestSpecErrors(t *testing.T) {
	dir := t.TempDir()
	writeNotebook(t, dir)
	for src, want := range map[string]string{
		`{"notebook": "nb.ipynb", "grid": {"gain": []}}`:                              `grid "gain" is empty`,
		`{"notebook": "nb.ipynb"}`:                                                    "no points",
		`{"notebook": "nope.ipynb", "grid": {"gain": [1]}}`:                           "nope.ipynb",
		`{"notebook": "nb.ipynb", "grid": {"gain": [1]}, "workers": "2"}`:             "line 1",
		`{"notebook": "nb.ipynb", "grid": {"gain": [1]}, "slurm": {"partiton": "x"}}`: `unknown field "partiton"`,
		`{"notebook": "nb.ipynb", "grid": {"gain": [1]}, "timeout": "soon"}`:          `timeout "soon"`,
		`{"notebook": "nb.ipynb", "seeds": {"count": 0}}`:                             "seeds count 0",
		`{"notebook": "nb.ipynb", "grid": {"gain": [1]}, "executor": "kubernetes"}`:   `executor "kubernetes"`,
		`{"notebook": "nb.ipynb", "grid": {"gain": [1]}, "slurm": {"poll": "often"}}`: `poll "often"`,
	} {
		if _, err := parseSpec(t, dir, src); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", src, err, want)
		}
	}
	for src, want := range map[string]string{
		`{"notebook": "nb.ipynb", "grid": {"gian": [1]}}`:                          `parameter "gian", which nb.ipynb does not declare`,
		`{"notebook": "nb.ipynb", "grid": {"gain": [1, "fast"]}}`:                  `point 1 (gain=fast): parameter gain=fast: gain is a float64`,
		`{"notebook": "nb.ipynb", "grid": {"gain": [1, 1]}}`:                       "points 0 and 1 have the same parameters",
		`{"notebook": "nb.ipynb", "points": [{"seed": 1}], "grid": {"seed": [2]}}`: `"seed" is both in a point and in the grid`,
	} {
		s, err := parseSpec(t, dir, src)
		if err != nil {
			t.Fatal(err)
		}
		pts, err := s.Expand()
		if err == nil {
			err = s.Check(pts)
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", src, err, want)
		}
	}
}

// A table made from records: columns in order, kinds inferred, and the Parquet file
// read back by parquet-go's own reader with the same values, order and nulls.
func TestTableParquet(t *testing.T) {
	dir := t.TempDir()
	writeNotebook(t, dir)
	s, err := parseSpec(t, dir, `{"notebook": "nb.ipynb", "grid": {"gain": [0.5, 2], "topology": ["a", "b"]}}`)
	if err != nil {
		t.Fatal(err)
	}
	pts, _ := s.Expand()
	for i, p := range pts[:3] { // the fourth point has not run
		rec := Record{Point: p.Index, ID: p.ID, Parameters: p.Params, Status: StatusOK, Duration: 1.5,
			Started: time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC), Host: "h", Petri: "0.1.0", Output: "points/" + p.ID + "/notebook.ipynb",
			Results: map[string]any{"r": json.Number([]string{"0.25", "NaN", "3"}[i]), "list": []any{1.0, 2.0}}, Order: []string{"r", "list"}}
		if i == 1 {
			rec.Results["r"] = "NaN" // as display.Result records a NaN
			rec.Status, rec.Error = StatusFailed, "panic: boom"
			delete(rec.Results, "list")
		}
		os.MkdirAll(s.pointDir(p), 0o755)
		b, _ := json.Marshal(rec)
		os.WriteFile(s.recordPath(p), b, 0o644)
	}
	tab := Collect(s, pts)
	var names, kinds []string
	for _, c := range tab.Columns {
		names = append(names, c.Name)
		kinds = append(kinds, c.Kind)
	}
	if got := strings.Join(names[:7], ","); got != "point,id,gain,topology,r,list,status" || tab.Rows != 3 {
		t.Fatalf("columns %v, %d rows", names, tab.Rows)
	}
	if got := strings.Join(kinds[:6], ","); got != "int64,string,double,string,double,string" {
		t.Errorf("kinds %v", kinds)
	}
	b, err := tab.Parquet()
	if err != nil {
		t.Fatal(err)
	}
	f, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var fields []string
	for _, fl := range f.Schema().Fields() {
		fields = append(fields, fl.Name())
	}
	if strings.Join(fields, ",") != strings.Join(names, ",") {
		t.Errorf("parquet columns %v, want %v", fields, names)
	}
	r := parquet.NewReader(bytes.NewReader(b))
	rows := make([]parquet.Row, 10)
	n, _ := r.ReadRows(rows)
	if n != 3 {
		t.Fatalf("%d parquet rows", n)
	}
	col := func(row int, name string) parquet.Value {
		for i, nm := range names {
			if nm == name {
				return rows[row][i]
			}
		}
		t.Fatalf("no column %s", name)
		return parquet.Value{}
	}
	if col(0, "r").Double() != 0.25 || !math.IsNaN(col(1, "r").Double()) || col(2, "gain").Double() != 2 ||
		!col(1, "list").IsNull() || col(0, "list").String() != "[1,2]" || col(1, "error").String() != "panic: boom" ||
		col(0, "point").Int64() != 0 || col(2, "point").Int64() != 2 || !col(0, "error").IsNull() {
		t.Errorf("rows %v", rows[:3])
	}
	page, err := WriteSummary(s, pts)
	if err != nil {
		t.Fatal(err)
	}
	html, _ := os.ReadFile(page)
	if strings.Count(string(html), "<img") != 1 || !strings.Contains(string(html), "1 not run yet") {
		t.Errorf("summary: %d plots", strings.Count(string(html), "<img"))
	}
}
