package sweep

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/petri-mea/petri/kernel/notebook"
)

// slurmExecutor runs pending points as one Slurm job array: sbatch submits it,
// squeue follows it (sacct too where accounting is on), scancel stops it. Each task
// runs `petri sweep --point I OUT/spec.json` for its chunk of points, so the output
// directory and the petri binary must be on a filesystem the nodes share.
type slurmExecutor struct {
	spec                    *Spec
	sbatch, squeue, scancel string
	poll                    time.Duration
}

func newSlurmExecutor(spec *Spec) (*slurmExecutor, error) {
	e := &slurmExecutor{spec: spec}
	for _, t := range []struct {
		name string
		dst  *string
	}{{"sbatch", &e.sbatch}, {"squeue", &e.squeue}, {"scancel", &e.scancel}} {
		p, err := exec.LookPath(t.name)
		if err != nil {
			return nil, fmt.Errorf("the slurm executor needs Slurm's %s, which is not on PATH; run the sweep on a cluster's login node "+
				"(or install Slurm's client commands: Debian's slurm-client), or set \"executor\": \"local\" in %s", t.name, spec.path)
		}
		*t.dst = p
	}
	e.poll, _ = time.ParseDuration(spec.Slurm.Poll)
	return e, nil
}

// script is the batch script of the array: the #SBATCH lines say what the spec
// asks for; task t runs points[t*chunk : (t+1)*chunk].
func (e *slurmExecutor) script(petri string, points []Point, tasks int) string {
	s := e.spec
	var b strings.Builder
	b.WriteString("#!/bin/bash\n")
	name := strings.TrimSuffix(filepath.Base(s.path), filepath.Ext(s.path))
	fmt.Fprintf(&b, "#SBATCH --job-name=petri-%s\n", name)
	array := fmt.Sprintf("0-%d", tasks-1)
	if s.Slurm.MaxRunning > 0 {
		array += fmt.Sprintf("%%%d", s.Slurm.MaxRunning)
	}
	fmt.Fprintf(&b, "#SBATCH --array=%s\n", array)
	fmt.Fprintf(&b, "#SBATCH --output=%s\n", filepath.Join(s.Out, "slurm", "%A_%a.out"))
	fmt.Fprintf(&b, "#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=%d\n", s.Slurm.CPUsPerTask)
	for _, o := range []struct{ flag, v string }{{"partition", s.Slurm.Partition}, {"account", s.Slurm.Account},
		{"time", s.Slurm.Time}, {"mem", s.Slurm.Mem}} {
		if o.v != "" {
			fmt.Fprintf(&b, "#SBATCH --%s=%s\n", o.flag, o.v)
		}
	}
	fmt.Fprintf(&b, "# Written by petri sweep %s: task t runs points[t*CHUNK .. t*CHUNK+CHUNK-1];\n", s.path)
	b.WriteString("# each point's record.json, notebook and log are in points/ID/ beside this directory.\n")
	b.WriteString("POINTS=(")
	for i, p := range points {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprint(&b, p.Index)
	}
	b.WriteString(")\n")
	fmt.Fprintf(&b, "CHUNK=%d\n", s.Slurm.Chunk)
	b.WriteString("first=$((SLURM_ARRAY_TASK_ID * CHUNK))\n")
	b.WriteString("for ((i = first; i < first + CHUNK && i < ${#POINTS[@]}; i++)); do\n")
	fmt.Fprintf(&b, "\t%s sweep --point \"${POINTS[$i]}\" %s\n", shellQuote(petri), shellQuote(s.savedPath()))
	b.WriteString("done\n")
	return b.String()
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// run submits the array, reports each point as its record appears, and returns when
// squeue no longer lists the job. Cancelling ctx scancels the array.
func (e *slurmExecutor) run(ctx context.Context, r *Runner, points []Point, finished func(Record), progress io.Writer) error {
	s := e.spec
	petri := s.Slurm.Petri
	if petri == "" {
		petri = r.Petri
	}
	tasks := (len(points) + s.Slurm.Chunk - 1) / s.Slurm.Chunk
	dir := filepath.Join(s.Out, "slurm")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	script := filepath.Join(dir, fmt.Sprintf("array-%s.sh", time.Now().UTC().Format("20060102T150405")))
	if err := notebook.ReplaceFile(script, []byte(e.script(petri, points, tasks))); err != nil {
		return err
	}
	args := append(append([]string{"--parsable"}, s.Slurm.SbatchArgs...), script)
	cmd := exec.CommandContext(ctx, e.sbatch, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("sbatch refused the job array (%s): %s; check the spec's \"slurm\" section (partition, account, time, mem) against `sinfo` and your allocation",
			err, strings.TrimSpace(stderr.String()))
	}
	job := strings.TrimSpace(strings.SplitN(strings.TrimSpace(string(out)), ";", 2)[0])
	fmt.Fprintf(progress, "petri sweep: submitted Slurm job array %s: %d task(s) for %d point(s); script %s\n", job, tasks, len(points), script)

	waiting := map[int]Point{}
	for _, p := range points {
		waiting[p.Index] = p
	}
	lastState := ""
	for {
		// Records written by this job's tasks mark their points done.
		for _, i := range sortedInts(waiting) {
			rec, ok := s.ReadRecord(waiting[i])
			if ok && strings.HasPrefix(rec.SlurmJob, job+"_") {
				delete(waiting, i)
				finished(rec)
			}
		}
		if len(waiting) == 0 {
			return nil
		}
		states, err := e.queued(job)
		if err == nil && len(states) == 0 {
			break // the array has left the queue
		}
		if st := describeStates(states); err == nil && st != lastState {
			fmt.Fprintf(progress, "petri sweep: job %s: %s\n", job, st)
			lastState = st
		}
		select {
		case <-ctx.Done():
			stop := exec.Command(e.scancel, job)
			if b, err := stop.CombinedOutput(); err != nil {
				fmt.Fprintf(progress, "petri sweep: scancel %s: %v %s\n", job, err, b)
			} else {
				fmt.Fprintf(progress, "petri sweep: cancelled Slurm job %s (scancel)\n", job)
			}
			return ctx.Err()
		case <-time.After(e.poll):
		}
	}
	// Tasks that ended without a record (killed at the time limit, out of memory,
	// node failure) are recorded as failed with what Slurm says about them.
	time.Sleep(200 * time.Millisecond) // a record renamed just as the task left the queue
	accounting := e.accounting(job)
	for _, i := range sortedInts(waiting) {
		p := waiting[i]
		if rec, ok := s.ReadRecord(p); ok && strings.HasPrefix(rec.SlurmJob, job+"_") {
			finished(rec)
			continue
		}
		task := taskOf(points, p.Index, s.Slurm.Chunk)
		msg := fmt.Sprintf("the Slurm task %s_%d ended without finishing this point", job, task)
		if st, ok := accounting[fmt.Sprintf("%s_%d", job, task)]; ok {
			msg += " (sacct: " + st + ")"
		}
		msg += "; see " + filepath.Join(dir, fmt.Sprintf("%s_%d.out", job, task))
		host, _ := os.Hostname()
		rec := Record{Point: p.Index, ID: p.ID, Parameters: p.Params, Results: map[string]any{}, Order: []string{},
			Status: StatusFailed, Error: msg, Started: time.Now().UTC(), Host: host, Petri: r.Version, GitCommit: r.GitCommit,
			Output: s.output(p), Executor: "slurm", SlurmJob: fmt.Sprintf("%s_%d", job, task)}
		if err := os.MkdirAll(s.pointDir(p), 0o755); err != nil {
			return err
		}
		b, _ := json.MarshalIndent(rec, "", " ")
		if err := notebook.ReplaceFile(s.recordPath(p), append(b, '\n')); err != nil {
			return err
		}
		finished(rec)
	}
	return nil
}

func taskOf(points []Point, index, chunk int) int {
	for i, p := range points {
		if p.Index == index {
			return i / chunk
		}
	}
	return -1
}

// queued lists the states of the job's tasks still in the queue (squeue -r shows one
// line per array task). A job squeue no longer knows is an empty list.
func (e *slurmExecutor) queued(job string) ([]string, error) {
	cmd := exec.Command(e.squeue, "-h", "-r", "-j", job, "-o", "%i %T")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if strings.Contains(stderr.String(), "Invalid job id") {
			return nil, nil
		}
		return nil, fmt.Errorf("squeue: %v: %s", err, stderr.String())
	}
	var states []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if f := strings.Fields(line); len(f) == 2 {
			states = append(states, f[1])
		}
	}
	return states, nil
}

func describeStates(states []string) string {
	count := map[string]int{}
	for _, s := range states {
		count[strings.ToLower(s)]++
	}
	var parts []string
	for _, k := range sortedKeys(count) {
		parts = append(parts, fmt.Sprintf("%d %s", count[k], k))
	}
	return strings.Join(parts, ", ")
}

// accounting asks sacct for the final state of each task; without slurmdbd sacct is
// disabled and this is empty.
func (e *slurmExecutor) accounting(job string) map[string]string {
	out, err := exec.Command("sacct", "-n", "-P", "-X", "-j", job, "-o", "JobID,State,ExitCode").Output()
	m := map[string]string{}
	if err != nil {
		return m
	}
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Split(line, "|")
		if len(f) == 3 {
			m[f[0]] = f[1] + ", exit code " + f[2]
		}
	}
	return m
}

func sortedInts(m map[int]Point) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	return keys
}
