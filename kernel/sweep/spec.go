package sweep

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/petri-mea/petri/kernel/notebook"
)

// Spec is a sweep: which notebook, over which points, on which executor. It is read
// from a JSON file (see the package documentation for every field).
type Spec struct {
	// Notebook is the notebook to run, relative to the spec file.
	Notebook string `json:"notebook,omitempty"`
	// Script is a Go file to run instead (`petri script`); its parameters are its
	// flags (flag.Int("seed", 1, "…")).
	Script string `json:"script,omitempty"`
	// Out is the output directory, relative to the spec file; default: the spec's
	// name without extension, with ".out", beside it.
	Out string `json:"out,omitempty"`
	// Grid maps a parameter to the values it takes; every combination is a point.
	Grid map[string][]json.RawMessage `json:"grid,omitempty"`
	// Points are explicit points (each crossed with the grid and the seeds).
	Points []map[string]json.RawMessage `json:"points,omitempty"`
	// Seeds crosses every point with Count seeds First, First+1, … in parameter Name.
	Seeds *Seeds `json:"seeds,omitempty"`
	// Executor is "local" (default) or "slurm".
	Executor string `json:"executor,omitempty"`
	// Workers is how many points run at once locally; default: the number of CPUs.
	Workers int `json:"workers,omitempty"`
	// Timeout bounds one point ("30m"); default: none.
	Timeout string `json:"timeout,omitempty"`
	// Slurm configures the Slurm executor.
	Slurm *SlurmSpec `json:"slurm,omitempty"`

	path    string // the spec file, absolute
	timeout time.Duration
}

// Seeds crosses every point with a run of seeds.
type Seeds struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
	First int    `json:"first"`
}

// SlurmSpec is what the job array asks of Slurm. Empty fields are left to the
// cluster's defaults.
type SlurmSpec struct {
	Partition   string   `json:"partition,omitempty"`
	Account     string   `json:"account,omitempty"`
	Time        string   `json:"time,omitempty"`          // per task, Slurm's format: "30", "1:00:00", "1-0"
	CPUsPerTask int      `json:"cpus_per_task,omitempty"` // default 1
	Mem         string   `json:"mem,omitempty"`           // per node, e.g. "4G"
	Chunk       int      `json:"chunk,omitempty"`         // points per array task; default 1
	MaxRunning  int      `json:"max_running,omitempty"`   // the array's %limit; 0: no limit
	SbatchArgs  []string `json:"sbatch_args,omitempty"`   // more options, e.g. "--qos=short"
	Petri       string   `json:"petri,omitempty"`         // the petri binary as the nodes see it; default: this one
	Poll        string   `json:"poll,omitempty"`          // how often to ask squeue; default "2s"
}

// Point is one run of the notebook.
type Point struct {
	Index  int               // position in the sweep, from 0
	ID     string            // stable name, made from the parameters: the point's directory
	Params map[string]string // name to value, as -p takes it
}

// Load reads and checks a spec file: unknown fields, an empty grid, no points, a
// missing notebook, an executor petri does not have are errors naming the fix.
func Load(path string) (*Spec, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	return Parse(abs, b)
}

// Parse checks a spec read from path (used to resolve relative names).
func Parse(path string, b []byte) (*Spec, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var s Spec
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("sweep spec %s: %v; see `petri sweep --help` for its fields", path, describeJSONError(b, err))
	}
	s.path = path
	dir := filepath.Dir(path)
	if (s.Notebook == "") == (s.Script == "") {
		return nil, fmt.Errorf("sweep spec %s: give either \"notebook\" or \"script\", e.g. \"notebook\": \"sine.ipynb\"", path)
	}
	for _, f := range []*string{&s.Notebook, &s.Script} {
		if *f == "" {
			continue
		}
		if !filepath.IsAbs(*f) {
			*f = filepath.Join(dir, *f)
		}
		if _, err := os.Stat(*f); err != nil {
			return nil, fmt.Errorf("sweep spec %s: %s: %v", path, *f, errors.Unwrap(err))
		}
	}
	if s.Out == "" {
		s.Out = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)) + ".out"
	}
	if !filepath.IsAbs(s.Out) {
		s.Out = filepath.Join(dir, s.Out)
	}
	switch s.Executor {
	case "":
		s.Executor = "local"
	case "local", "slurm":
	default:
		return nil, fmt.Errorf("sweep spec %s: executor %q; use \"local\" or \"slurm\"", path, s.Executor)
	}
	if s.Workers < 0 {
		return nil, fmt.Errorf("sweep spec %s: workers %d; give a positive number, or leave it out for one per CPU", path, s.Workers)
	}
	if s.Workers == 0 {
		s.Workers = runtime.NumCPU()
	}
	if s.Timeout != "" {
		d, err := time.ParseDuration(s.Timeout)
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("sweep spec %s: timeout %q; give a duration such as \"30m\"", path, s.Timeout)
		}
		s.timeout = d
	}
	if s.Slurm == nil {
		s.Slurm = &SlurmSpec{}
	}
	if s.Slurm.Chunk < 0 || s.Slurm.MaxRunning < 0 || s.Slurm.CPUsPerTask < 0 {
		return nil, fmt.Errorf("sweep spec %s: slurm chunk, max_running and cpus_per_task cannot be negative", path)
	}
	if s.Slurm.Chunk == 0 {
		s.Slurm.Chunk = 1
	}
	if s.Slurm.CPUsPerTask == 0 {
		s.Slurm.CPUsPerTask = 1
	}
	if s.Slurm.Poll == "" {
		s.Slurm.Poll = "2s"
	}
	if d, err := time.ParseDuration(s.Slurm.Poll); err != nil || d <= 0 {
		return nil, fmt.Errorf("sweep spec %s: slurm poll %q; give a duration such as \"2s\"", path, s.Slurm.Poll)
	}
	if s.Seeds != nil {
		if s.Seeds.Name == "" {
			s.Seeds.Name = "seed"
		}
		if s.Seeds.Count <= 0 {
			return nil, fmt.Errorf("sweep spec %s: seeds count %d; give how many seeds to run, e.g. \"seeds\": {\"name\": \"seed\", \"count\": 5, \"first\": 1}", path, s.Seeds.Count)
		}
	}
	for name, values := range s.Grid {
		if len(values) == 0 {
			return nil, fmt.Errorf("sweep spec %s: grid %q is empty; list at least one value, e.g. \"%s\": [1, 2]", path, name, name)
		}
	}
	if len(s.Grid) == 0 && len(s.Points) == 0 && s.Seeds == nil {
		return nil, fmt.Errorf("sweep spec %s: no points; give a \"grid\" (e.g. {\"gain\": [1, 1.5]}), \"points\" or \"seeds\"", path)
	}
	return &s, nil
}

// describeJSONError adds the line to a JSON syntax or type error.
func describeJSONError(b []byte, err error) string {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 || off > int64(len(b)) {
		return err.Error()
	}
	line := 1 + bytes.Count(b[:off], []byte("\n"))
	return fmt.Sprintf("line %d: %v", line, err)
}

// Expand lists the sweep's points: each explicit point (or one empty point) crossed
// with the grid (names in alphabetical order, the last varying fastest) and the seeds.
func (s *Spec) Expand() ([]Point, error) {
	base := []map[string]string{{}}
	if len(s.Points) > 0 {
		base = nil
		for _, p := range s.Points {
			m := map[string]string{}
			for k, v := range p {
				m[k] = notebook.JSONParameter(v)
			}
			base = append(base, m)
		}
	}
	names := make([]string, 0, len(s.Grid))
	for n := range s.Grid {
		names = append(names, n)
	}
	sort.Strings(names)
	points := base
	for _, n := range names {
		var next []map[string]string
		for _, p := range points {
			if _, dup := p[n]; dup {
				return nil, fmt.Errorf("parameter %q is both in a point and in the grid; keep it in one of them", n)
			}
			for _, v := range s.Grid[n] {
				q := copyMap(p)
				q[n] = notebook.JSONParameter(v)
				next = append(next, q)
			}
		}
		points = next
	}
	if s.Seeds != nil {
		var next []map[string]string
		for _, p := range points {
			if _, dup := p[s.Seeds.Name]; dup {
				return nil, fmt.Errorf("parameter %q is both the seeds' name and in a point or the grid; keep it in one of them", s.Seeds.Name)
			}
			for i := 0; i < s.Seeds.Count; i++ {
				q := copyMap(p)
				q[s.Seeds.Name] = fmt.Sprint(s.Seeds.First + i)
				next = append(next, q)
			}
		}
		points = next
	}
	out := make([]Point, len(points))
	seen := map[string]int{}
	for i, p := range points {
		out[i] = Point{Index: i, ID: pointID(p), Params: p}
		if j, ok := seen[out[i].ID]; ok {
			return nil, fmt.Errorf("points %d and %d have the same parameters (%s); remove the duplicate", j, i, out[i].ID)
		}
		seen[out[i].ID] = i
	}
	return out, nil
}

// Names are the parameter names the points set, sorted.
func Names(points []Point) []string {
	set := map[string]bool{}
	for _, p := range points {
		for k := range p.Params {
			set[k] = true
		}
	}
	var names []string
	for k := range set {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

func copyMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// pointID names a point by its parameters, "gain=1.5_seed=2", keeping only characters
// safe in file names; a long or altered name gets a hash of the whole so two points
// never share a directory.
func pointID(p map[string]string) string {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var full, safe strings.Builder
	for i, k := range keys {
		if i > 0 {
			full.WriteByte('_')
			safe.WriteByte('_')
		}
		full.WriteString(k + "=" + p[k])
		for _, r := range k + "=" + p[k] {
			if r == '=' || r == '.' || r == '-' || r == '+' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
				safe.WriteRune(r)
			} else {
				safe.WriteByte('~')
			}
		}
	}
	id := safe.String()
	if id == "" {
		return "default"
	}
	if id != full.String() || len(id) > 80 {
		sum := sha256.Sum256([]byte(full.String()))
		if len(id) > 80 {
			id = id[:80]
		}
		id += "-" + hex.EncodeToString(sum[:4])
	}
	return id
}

// Check makes sure every point's values parse as the notebook's parameters, before
// anything runs.
func (s *Spec) Check(points []Point) error {
	var params []notebook.Parameter
	if s.Script != "" {
		ps, err := notebook.ScriptParameters(s.Script)
		if err != nil {
			return err
		}
		params = ps
	} else {
		nb, err := notebook.Read(s.Notebook)
		if err != nil {
			return err
		}
		if params, err = notebook.Parameters(nb); err != nil {
			return fmt.Errorf("%s: %v", s.Notebook, err)
		}
	}
	byName := map[string]notebook.Parameter{}
	var declared []string
	for _, p := range params {
		byName[p.Name] = p
		declared = append(declared, p.Name)
	}
	for _, pt := range points {
		for name, v := range pt.Params {
			p, ok := byName[name]
			if !ok {
				return fmt.Errorf("the sweep sets parameter %q, which %s does not declare (it declares %s); fix the name in the spec, or declare it (a default in the notebook's parameters cell, a flag in a script)",
					name, filepath.Base(s.Target()), strings.Join(declared, ", "))
			}
			if _, err := p.GoLiteral(v); err != nil {
				return fmt.Errorf("point %d (%s): %v", pt.Index, pt.ID, err)
			}
		}
	}
	return nil
}

// Target is the notebook or script the sweep runs.
func (s *Spec) Target() string {
	if s.Script != "" {
		return s.Script
	}
	return s.Notebook
}
