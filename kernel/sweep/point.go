package sweep

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/petri-mea/petri/kernel/notebook"
)

// Record is what one point left: its parameters, named results, how it went and
// where. It is the point's record.json, written atomically when the point ends; the
// results table is made of records.
type Record struct {
	Point      int               `json:"point"`
	ID         string            `json:"id"`
	Parameters map[string]string `json:"parameters"`
	Results    map[string]any    `json:"results"`
	Order      []string          `json:"order"`  // result names in the order the notebook recorded them
	Status     string            `json:"status"` // "ok" or "failed"
	Error      string            `json:"error,omitempty"`
	Duration   float64           `json:"duration_s"`
	Started    time.Time         `json:"started"`
	Host       string            `json:"host"`
	Petri      string            `json:"petri_version"`
	GitCommit  string            `json:"git_commit,omitempty"`
	Output     string            `json:"output"` // the executed notebook (a script: its log), relative to the output directory
	Executor   string            `json:"executor"`
	SlurmJob   string            `json:"slurm_job,omitempty"`
}

// Status values.
const (
	StatusOK     = "ok"
	StatusFailed = "failed"
)

// Runner runs points: the petri binary that runs each notebook (`petri run`, one
// process per point so that points never share an interpreter), and what provenance
// the records carry.
type Runner struct {
	Spec      *Spec
	Petri     string // path of the petri binary
	Version   string // petri's version, for the records
	GitCommit string // the notebook's repository commit ("" outside git); see GitCommit
	Executor  string
}

func (s *Spec) pointDir(p Point) string { return filepath.Join(s.Out, "points", p.ID) }

// output is the executed notebook, or a script's log, relative to the output directory.
func (s *Spec) output(p Point) string {
	if s.Script != "" {
		return filepath.Join("points", p.ID, "log.txt")
	}
	return filepath.Join("points", p.ID, "notebook.ipynb")
}

// recordPath is where a point's record lives.
func (s *Spec) recordPath(p Point) string { return filepath.Join(s.pointDir(p), "record.json") }

// ReadRecord reads a point's record; ok is false when there is none or it does not
// parse (a point interrupted before it ended).
func (s *Spec) ReadRecord(p Point) (Record, bool) {
	b, err := os.ReadFile(s.recordPath(p))
	if err != nil {
		return Record{}, false
	}
	var r Record
	if json.Unmarshal(b, &r) != nil || r.ID != p.ID {
		return Record{}, false
	}
	return r, true
}

// Complete reports whether p ran to the end with its results and notebook in place:
// such points are skipped when a sweep runs again.
func (s *Spec) Complete(p Point) bool {
	r, ok := s.ReadRecord(p)
	if !ok || r.Status != StatusOK {
		return false
	}
	_, err := os.Stat(filepath.Join(s.Out, r.Output))
	return err == nil
}

// Run runs one point to its end and writes its record. A failed notebook is a record
// with status "failed", not an error; the error is for what stops the sweep itself:
// ctx cancelled (no record is written, so the point runs again next time) or a
// record that cannot be written.
func (r *Runner) Run(ctx context.Context, p Point) (Record, error) {
	s := r.Spec
	dir := s.pointDir(p)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Record{}, err
	}
	out := filepath.Join(dir, "notebook.ipynb")
	side := filepath.Join(dir, "results.json")
	os.Remove(side)
	args := []string{"run", s.Notebook, "-o", out, "--results", side}
	if s.Script != "" {
		args = []string{"script", "--out", dir, "--results", side}
	}
	keys := make([]string, 0, len(p.Params))
	for k := range p.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		args = append(args, "-p", k+"="+p.Params[k])
	}
	if s.Script != "" {
		args = append(args, s.Script)
	}
	log, err := os.Create(filepath.Join(dir, "log.txt"))
	if err != nil {
		return Record{}, err
	}
	defer log.Close()
	runCtx := ctx
	if s.timeout > 0 {
		var cancel context.CancelFunc
		runCtx, cancel = context.WithTimeout(ctx, s.timeout)
		defer cancel()
	}
	cmd := exec.CommandContext(runCtx, r.Petri, args...)
	cmd.Dir = filepath.Dir(s.Target())
	cmd.Stdout, cmd.Stderr = log, log
	// Stop a point as Ctrl-C stops `petri run`: interrupt the running cell, and
	// kill only if it does not end within 10 s.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	host, _ := os.Hostname()
	rec := Record{
		Point: p.Index, ID: p.ID, Parameters: p.Params, Results: map[string]any{}, Order: []string{},
		Started: time.Now().UTC().Truncate(time.Millisecond), Host: host, Petri: r.Version,
		GitCommit: r.GitCommit, Output: s.output(p), Executor: r.Executor,
	}
	if id := os.Getenv("SLURM_ARRAY_JOB_ID"); id != "" {
		rec.SlurmJob = id + "_" + os.Getenv("SLURM_ARRAY_TASK_ID")
	}
	runErr := cmd.Run()
	rec.Duration = time.Since(rec.Started).Seconds()
	if ctx.Err() != nil {
		return Record{}, ctx.Err()
	}
	if b, err := os.ReadFile(side); err == nil {
		var res notebook.Results
		if json.Unmarshal(b, &res) == nil {
			rec.Results, rec.Order = res.Results, res.Order
		}
	}
	if rec.Results == nil {
		rec.Results = map[string]any{}
	}
	if rec.Order == nil {
		rec.Order = []string{}
	}
	rec.Status = StatusOK
	if runErr != nil {
		rec.Status = StatusFailed
		rec.Error = failure(out, filepath.Join(dir, "log.txt"), runErr, runCtx.Err() != nil, s.Timeout)
	}
	b, err := json.MarshalIndent(rec, "", " ")
	if err != nil {
		return Record{}, err
	}
	if err := notebook.ReplaceFile(s.recordPath(p), append(b, '\n')); err != nil {
		return Record{}, err
	}
	return rec, nil
}

// failure says why a point failed: the error the notebook recorded, else the last
// lines petri printed.
func failure(nbPath, logPath string, runErr error, timedOut bool, timeout string) string {
	if timedOut {
		return fmt.Sprintf("stopped after the spec's timeout %s", timeout)
	}
	if nb, err := notebook.Read(nbPath); err == nil {
		for _, c := range nb.Cells {
			for _, o := range c.Outputs {
				if o["output_type"] == "error" {
					return fmt.Sprintf("%v: %v", o["ename"], o["evalue"])
				}
			}
		}
	}
	b, _ := os.ReadFile(logPath)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) > 3 {
		lines = lines[len(lines)-3:]
	}
	msg := strings.TrimSpace(strings.Join(lines, " "))
	var exit *exec.ExitError
	if msg == "" || !errors.As(runErr, &exit) {
		msg = strings.TrimSpace(msg + " (" + runErr.Error() + ")")
	}
	return msg
}

// GitCommit is the commit of the git repository holding path, with "-dirty" when the
// file has changes not committed; "" outside a repository or without git.
func GitCommit(path string) string {
	dir := filepath.Dir(path)
	out, err := exec.Command("git", "-C", dir, "rev-parse", "HEAD").Output()
	if err != nil {
		return ""
	}
	commit := strings.TrimSpace(string(out))
	st, err := exec.Command("git", "-C", dir, "status", "--porcelain", "--", filepath.Base(path)).Output()
	if err == nil && len(strings.TrimSpace(string(st))) > 0 {
		commit += "-dirty"
	}
	return commit
}
