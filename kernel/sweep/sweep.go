package sweep

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/petri-mea/petri/kernel/notebook"
)

// Options configure Sweep.
type Options struct {
	Petri    string    // the petri binary (os.Executable for the command)
	Version  string    // petri's version, recorded with every point
	Progress io.Writer // one line per finished point; nil for none
}

// Summary is how a sweep went.
type Summary struct {
	Points  int // in the spec
	Skipped int // complete from an earlier run
	OK      int // ran now and succeeded
	Failed  int // ran now and failed
	Table   string
	Page    string
}

// ErrPointsFailed is returned (wrapped) when some points failed; their errors are in
// the table.
var ErrPointsFailed = errors.New("some points failed")

// Sweep runs every point of spec that is not complete yet on the spec's executor,
// then writes the results table and the summary page. Points are checked against the
// notebook's parameters, and the executor's tools looked for, before anything runs.
func Sweep(ctx context.Context, spec *Spec, opts Options) (Summary, error) {
	points, err := spec.Expand()
	if err != nil {
		return Summary{}, err
	}
	if err := spec.Check(points); err != nil {
		return Summary{}, err
	}
	progress := opts.Progress
	if progress == nil {
		progress = io.Discard
	}
	var pending []Point
	for _, p := range points {
		if !spec.Complete(p) {
			pending = append(pending, p)
		}
	}
	sum := Summary{Points: len(points), Skipped: len(points) - len(pending)}
	var slurm *slurmExecutor
	if spec.Executor == "slurm" && len(pending) > 0 {
		if slurm, err = newSlurmExecutor(spec); err != nil {
			return sum, err
		}
	}
	if err := os.MkdirAll(filepath.Join(spec.Out, "points"), 0o755); err != nil {
		return sum, err
	}
	if err := spec.save(); err != nil {
		return sum, err
	}
	runner := &Runner{Spec: spec, Petri: opts.Petri, Version: opts.Version, GitCommit: GitCommit(spec.Target()), Executor: spec.Executor}
	fmt.Fprintf(progress, "petri sweep: %d points, %d complete from an earlier run, %d to run (%s)\n",
		len(points), sum.Skipped, len(pending), describeExecutor(spec))
	var mu sync.Mutex
	done := 0
	finished := func(rec Record) {
		mu.Lock()
		defer mu.Unlock()
		done++
		if rec.Status == StatusOK {
			sum.OK++
		} else {
			sum.Failed++
		}
		fmt.Fprintf(progress, "[%d/%d] %s %s in %s%s\n", done, len(pending), rec.ID, rec.Status,
			time.Duration(rec.Duration*float64(time.Second)).Round(time.Millisecond), brief(rec))
		// The table grows as points finish, each version whole (atomic rename).
		if _, err := WriteTable(spec, points); err != nil {
			fmt.Fprintf(progress, "petri sweep: writing the table: %v\n", err)
		}
	}
	var runErr error
	if len(pending) > 0 {
		if slurm != nil {
			runErr = slurm.run(ctx, runner, pending, finished, progress)
		} else {
			runErr = runLocal(ctx, runner, pending, spec.Workers, finished)
		}
	}
	table, err := WriteTable(spec, points)
	if err != nil {
		return sum, err
	}
	sum.Table = table
	if sum.Page, err = WriteSummary(spec, points); err != nil {
		return sum, err
	}
	if errors.Is(runErr, context.Canceled) {
		return sum, fmt.Errorf("interrupted: %d of %d points ran (%d ok); run the sweep again to run the rest",
			sum.OK+sum.Failed, len(pending), sum.OK)
	}
	if runErr != nil {
		return sum, runErr
	}
	if sum.Failed > 0 {
		return sum, fmt.Errorf("%w: %d of %d failed (their errors are in %s; run the sweep again to retry them)",
			ErrPointsFailed, sum.Failed, len(pending), table)
	}
	return sum, nil
}

func describeExecutor(s *Spec) string {
	if s.Executor == "slurm" {
		return fmt.Sprintf("a Slurm job array, %d point(s) per task", s.Slurm.Chunk)
	}
	return fmt.Sprintf("%d local workers", s.Workers)
}

// brief shows a point's first results, or its error.
func brief(r Record) string {
	if r.Status != StatusOK {
		return ": " + r.Error
	}
	var parts []string
	for _, name := range r.Order {
		if len(parts) == 3 {
			parts = append(parts, "…")
			break
		}
		b, _ := json.Marshal(r.Results[name])
		if len(b) > 30 {
			b = append(b[:27], "..."...)
		}
		parts = append(parts, name+"="+string(b))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// save writes the resolved spec into the output directory, where Slurm's tasks read
// it (so they run exactly what was submitted).
func (s *Spec) save() error {
	b, err := json.MarshalIndent(s, "", " ")
	if err != nil {
		return err
	}
	return notebook.ReplaceFile(s.savedPath(), append(b, '\n'))
}

func (s *Spec) savedPath() string { return filepath.Join(s.Out, "spec.json") }

// RunPoint runs the point with index i of the spec saved at path: what one Slurm task
// does (`petri sweep --point I OUT/spec.json`).
func RunPoint(ctx context.Context, path string, i int, opts Options) (Record, error) {
	spec, err := Load(path)
	if err != nil {
		return Record{}, err
	}
	points, err := spec.Expand()
	if err != nil {
		return Record{}, err
	}
	if i < 0 || i >= len(points) {
		return Record{}, fmt.Errorf("point %d: the sweep in %s has points 0 to %d", i, path, len(points)-1)
	}
	r := &Runner{Spec: spec, Petri: opts.Petri, Version: opts.Version, GitCommit: GitCommit(spec.Target()), Executor: "slurm"}
	return r.Run(ctx, points[i])
}

// runLocal runs points on workers goroutines, each point in its own petri process.
// Cancelling ctx interrupts the running points and starts no more.
func runLocal(ctx context.Context, r *Runner, points []Point, workers int, finished func(Record)) error {
	if workers > len(points) {
		workers = len(points)
	}
	jobs := make(chan Point)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range jobs {
				rec, err := r.Run(ctx, p)
				if err != nil {
					errs <- err
					return
				}
				finished(rec)
			}
		}()
	}
	var err error
feed:
	for _, p := range points {
		select {
		case jobs <- p:
		case <-ctx.Done():
			break feed
		case err = <-errs:
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	close(errs)
	if err == nil {
		err = <-errs
	}
	if err == nil {
		err = ctx.Err()
	}
	return err
}

// sortedKeys lists m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
