package sweep

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/petri-mea/petri/kernel/notebook"
)

// Column kinds of the results table, inferred from the values.
const (
	kindInt    = "int64"
	kindFloat  = "double"
	kindBool   = "bool"
	kindString = "string"
)

// Table is the results table: one row per point that has a record, in sweep order.
type Table struct {
	Columns []Column
	Rows    int
}

// Column is one column: its name, kind and a value per row ("" and !Valid for none).
type Column struct {
	Name   string
	Kind   string
	Text   []string // the value as CSV shows it
	Valid  []bool
	Result bool // a named result (else a parameter or a bookkeeping column)
}

// Collect builds the table from the records of points: the point's index and id, its
// parameters, its named results (in the order the notebook first recorded them),
// status, error, duration and provenance.
func Collect(spec *Spec, points []Point) Table {
	var recs []Record
	for _, p := range points {
		if r, ok := spec.ReadRecord(p); ok {
			recs = append(recs, r)
		}
	}
	var results []string
	seen := map[string]bool{}
	for _, r := range recs {
		for _, n := range r.Order {
			if !seen[n] {
				seen[n] = true
				results = append(results, n)
			}
		}
	}
	cols := []Column{{Name: "point"}, {Name: "id"}}
	get := []func(Record) (string, bool){
		func(r Record) (string, bool) { return strconv.Itoa(r.Point), true },
		func(r Record) (string, bool) { return r.ID, true },
	}
	for _, name := range Names(points) {
		cols = append(cols, Column{Name: name})
		get = append(get, func(r Record) (string, bool) { v, ok := r.Parameters[name]; return v, ok })
	}
	for _, name := range results {
		col := name
		if name == "point" || name == "id" || contains(Names(points), name) || isBookkeeping(name) {
			col = "result." + name // never two columns of one name
		}
		cols = append(cols, Column{Name: col, Result: true})
		get = append(get, func(r Record) (string, bool) {
			v, ok := r.Results[name]
			if !ok {
				return "", false
			}
			return cellText(v), true
		})
	}
	for _, b := range bookkeeping {
		cols = append(cols, Column{Name: b.name})
		get = append(get, b.get)
	}
	for i := range cols {
		for _, r := range recs {
			v, ok := get[i](r)
			cols[i].Text = append(cols[i].Text, v)
			cols[i].Valid = append(cols[i].Valid, ok)
		}
		cols[i].Kind = inferKind(cols[i])
	}
	return Table{Columns: cols, Rows: len(recs)}
}

var bookkeeping = []struct {
	name string
	get  func(Record) (string, bool)
}{
	{"status", func(r Record) (string, bool) { return r.Status, true }},
	{"error", func(r Record) (string, bool) { return r.Error, r.Error != "" }},
	{"duration_s", func(r Record) (string, bool) { return strconv.FormatFloat(r.Duration, 'f', 3, 64), true }},
	{"started", func(r Record) (string, bool) { return r.Started.Format(time.RFC3339), true }},
	{"host", func(r Record) (string, bool) { return r.Host, true }},
	{"executor", func(r Record) (string, bool) { return r.Executor, true }},
	{"slurm_job", func(r Record) (string, bool) { return r.SlurmJob, r.SlurmJob != "" }},
	{"petri_version", func(r Record) (string, bool) { return r.Petri, true }},
	{"git_commit", func(r Record) (string, bool) { return r.GitCommit, r.GitCommit != "" }},
	{"output", func(r Record) (string, bool) { return r.Output, true }},
}

func isBookkeeping(name string) bool {
	for _, b := range bookkeeping {
		if b.name == name {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// cellText is a result as one table cell: numbers and strings as they are, anything
// else (lists, small tables) as JSON.
func cellText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// inferKind is the narrowest kind every value of c parses as: int64, double (also
// NaN and ±Inf, as display.Result writes them), bool, else string.
func inferKind(c Column) string {
	if c.Name == "error" || c.Name == "id" || c.Name == "output" || c.Name == "slurm_job" || c.Name == "git_commit" {
		return kindString
	}
	kinds := []string{kindInt, kindFloat, kindBool}
	for _, k := range kinds {
		fits, any := true, false
		for i, t := range c.Text {
			if !c.Valid[i] {
				continue
			}
			any = true
			if _, ok := parseAs(k, t); !ok {
				fits = false
				break
			}
		}
		if fits && any {
			return k
		}
	}
	return kindString
}

func parseAs(kind, t string) (any, bool) {
	switch kind {
	case kindInt:
		n, err := strconv.ParseInt(t, 10, 64)
		return n, err == nil
	case kindFloat:
		switch t {
		case "NaN":
			return math.NaN(), true
		case "+Inf":
			return math.Inf(1), true
		case "-Inf":
			return math.Inf(-1), true
		}
		if strings.ContainsAny(t, "nN") { // no "inf"/"nan" spellings beyond the above
			return nil, false
		}
		f, err := strconv.ParseFloat(t, 64)
		return f, err == nil
	case kindBool:
		if t == "true" || t == "false" {
			return t == "true", true
		}
		return nil, false
	}
	return t, true
}

// WriteTable writes the table as results.csv and results.parquet in the output
// directory, each atomically, and returns the CSV's path.
func WriteTable(spec *Spec, points []Point) (string, error) {
	t := Collect(spec, points)
	csvPath := filepath.Join(spec.Out, "results.csv")
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	head := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = c.Name
	}
	w.Write(head)
	for r := 0; r < t.Rows; r++ {
		row := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			row[i] = c.Text[r]
		}
		w.Write(row)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return "", err
	}
	if err := notebook.ReplaceFile(csvPath, buf.Bytes()); err != nil {
		return "", err
	}
	pq, err := t.Parquet()
	if err != nil {
		return "", fmt.Errorf("the Parquet table: %v", err)
	}
	if err := notebook.ReplaceFile(filepath.Join(spec.Out, "results.parquet"), pq); err != nil {
		return "", err
	}
	return csvPath, nil
}

// Parquet encodes the table as a Parquet file: one optional column per table column
// (int64, double, boolean or UTF-8 string), in the table's order, Snappy-compressed.
func (t Table) Parquet() ([]byte, error) {
	// A struct type made for these columns keeps their order in the schema (a
	// parquet.Group would sort them by name).
	fields := make([]reflect.StructField, len(t.Columns))
	for i, c := range t.Columns {
		var typ reflect.Type
		switch c.Kind {
		case kindInt:
			typ = reflect.TypeOf(int64(0))
		case kindFloat:
			typ = reflect.TypeOf(float64(0))
		case kindBool:
			typ = reflect.TypeOf(false)
		default:
			typ = reflect.TypeOf("")
		}
		if strings.ContainsAny(c.Name, ",\"`") {
			return nil, fmt.Errorf("column %q has a character Parquet tags cannot hold", c.Name)
		}
		fields[i] = reflect.StructField{
			Name: fmt.Sprintf("C%d", i),
			Type: reflect.PointerTo(typ),
			Tag:  reflect.StructTag(fmt.Sprintf(`parquet:"%s,optional"`, c.Name)),
		}
	}
	rowType := reflect.StructOf(fields)
	var buf bytes.Buffer
	schema := parquet.SchemaOf(reflect.New(rowType).Interface())
	w := parquet.NewWriter(&buf, schema, parquet.Compression(&parquet.Snappy))
	for r := 0; r < t.Rows; r++ {
		row := reflect.New(rowType)
		for i, c := range t.Columns {
			if !c.Valid[r] {
				continue
			}
			v, ok := parseAs(c.Kind, c.Text[r])
			if !ok {
				continue
			}
			p := reflect.New(fields[i].Type.Elem())
			p.Elem().Set(reflect.ValueOf(v))
			row.Elem().Field(i).Set(p)
		}
		if err := w.Write(row.Interface()); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
