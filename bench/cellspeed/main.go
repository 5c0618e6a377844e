// Command cellspeed measures code written in cells side by side, in one run: the same
// Go built by `go build`, run as a compiled cell, and run interpreted. The workloads
// are issue 15's: a 1e7-term sum, a naive matrix product, a leaky integrator over
// 1,024 channels, a sort with a comparison written in the cell, and a user-written
// spike detector over a recorded trace (MEA-NAP's Axion well A1 in ../shared/data).
// For compiled cells it also reports the build: the first (a cell petri has not built
// before; Go's own build cache warm) and the cached (the same cell in a new session).
//
//	go run ./bench/cellspeed [-reps 5] [-only sum]
//
// Times are the best of -reps runs (the interpreter runs once: it is the slow one).
// Ratios matter, not absolute times: these machines are shared.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/petri-mea/petri/kernel/display"
	"github.com/petri-mea/petri/kernel/session"
)

type workload struct {
	name    string
	imports string // for the go build program
	decls   string // the cell's declarations (compiled or not)
	setup   string // statements preparing the data (not timed)
	run     string // the timed statement; it sets result
}

const trace = "../shared/data/meanap-axion24-raw/axion24_plate2_DIV75_wellA1.i16"

var workloads = []workload{
	{name: "sum 1e7", decls: `
func sumTo(n int) float64 {
	s := 0.0
	for i := 0; i < n; i++ {
		s += float64(i) * 0.5
	}
	return s
}`, run: `result = sumTo(10_000_000)`},
	{name: "matmul 200^3", decls: `
func matmul(c, a, b []float64, n int) {
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			s := 0.0
			for k := 0; k < n; k++ {
				s += a[i*n+k] * b[k*n+j]
			}
			c[i*n+j] = s
		}
	}
}`, setup: `
n := 200
a, b, c := make([]float64, n*n), make([]float64, n*n), make([]float64, n*n)
for i := range a {
	a[i], b[i] = float64(i%7), float64(i%5)
}`, run: `matmul(c, a, b, n); result = c[n*n-1]`},
	{name: "leaky 1024 ch x 2000", decls: `
func leaky(v, x []float64, steps int, tau float64) {
	for s := 0; s < steps; s++ {
		for i := range v {
			v[i] += (x[i] - v[i]) / tau
		}
	}
}`, setup: `
v, x := make([]float64, 1024), make([]float64, 1024)
for i := range x {
	x[i] = float64(i % 17)
}`, run: `leaky(v, x, 2000, 20); result = v[1023]`},
	{name: "sort.Slice 2e5", imports: `"sort"`, decls: `
func sortDesc(xs []int) {
	sort.Slice(xs, func(i, j int) bool { return xs[i] > xs[j] })
}

// fill fills xs from a linear congruential generator seeded with 1.
func fill(xs []int) {
	seed := uint32(1)
	for i := range xs {
		seed = seed*1664525 + 1013904223
		xs[i] = int(seed >> 8)
	}
}`, setup: `
xs := make([]int, 200_000)`, run: `fill(xs); sortDesc(xs); result = xs[len(xs)/2]`},
	{name: "spike detector 16 ch", imports: `"encoding/binary"; "math"; "os"`, decls: `
// loadTrace reads an Axion .i16 file: frames of 16 int16 samples, in µV.
func loadTrace(path string) ([][]float64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	const ch = 16
	n := len(b) / 2 / ch
	out := make([][]float64, ch)
	for k := range out {
		out[k] = make([]float64, n)
		for i := 0; i < n; i++ {
			out[k][i] = float64(int16(binary.LittleEndian.Uint16(b[2*(ch*i+k):]))) * 0.058139534883720935
		}
	}
	return out, nil
}

// detect counts negative threshold crossings at k times the channel's RMS, with a
// refractory period of dead samples.
func detect(x []float64, k float64, dead int) int {
	sq := 0.0
	for _, v := range x {
		sq += v * v
	}
	thr := -k * math.Sqrt(sq/float64(len(x)))
	n, last := 0, -dead
	for i := 1; i < len(x); i++ {
		if x[i] < thr && x[i-1] >= thr && i-last >= dead {
			n++
			last = i
		}
	}
	return n
}`, setup: `
channels, err := loadTrace(tracePath)
if err != nil {
	panic(err)
}`, run: `total := 0
for r := 0; r < 20; r++ {
	for _, ch := range channels {
		total += detect(ch, 4, 13)
	}
}
result = total`},
}

func main() {
	reps := flag.Int("reps", 5, "runs of compiled code (best is kept)")
	only := flag.String("only", "", "run only workloads whose name contains this")
	flag.Parse()
	tracePath, _ := filepath.Abs(trace)
	fmt.Printf("%-22s %10s %10s %12s %9s %11s %11s %9s\n", "workload", "go build", "compiled", "interpreted", "comp/go", "interp/go", "first build", "cached")
	for _, w := range workloads {
		if *only != "" && !strings.Contains(w.name, *only) {
			continue
		}
		goNs, goRes, err := runGo(w, tracePath, *reps)
		check(err)
		comp, compRes, first, cached, err := runCells(w, tracePath, session.CompileForce, *reps)
		check(err)
		interp, interpRes, _, _, err := runCells(w, tracePath, session.CompileOff, 1)
		check(err)
		if goRes != compRes || goRes != interpRes {
			fmt.Fprintf(os.Stderr, "%s: results differ: go build %s, compiled %s, interpreted %s\n", w.name, goRes, compRes, interpRes)
			os.Exit(1)
		}
		fmt.Printf("%-22s %10s %10s %12s %8.2fx %10.0fx %11s %9s\n", w.name, ms(goNs), ms(comp), ms(interp),
			float64(comp)/float64(goNs), float64(interp)/float64(goNs), first.Round(time.Millisecond), cached.Round(time.Millisecond))
	}
}

func ms(ns int64) string { return fmt.Sprintf("%.2f ms", float64(ns)/1e6) }

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "cellspeed:", err)
		os.Exit(1)
	}
}

// timing is the timed loop, as a program's main body and as a cell.
func timing(w workload, reps int) string {
	return fmt.Sprintf(`best := int64(1) << 62
for rep := 0; rep < %d; rep++ {
	start := time.Now()
	%s
	if d := time.Since(start).Nanoseconds(); d < best {
		best = d
	}
}
fmt.Println(best, result)`, reps, strings.ReplaceAll(w.run, "\n", "\n\t"))
}

func runGo(w workload, tracePath string, reps int) (int64, string, error) {
	dir, err := os.MkdirTemp("", "cellspeed")
	if err != nil {
		return 0, "", err
	}
	defer os.RemoveAll(dir)
	imports := `"fmt"; "time"`
	if w.imports != "" {
		imports += "; " + w.imports
	}
	src := fmt.Sprintf("package main\n\nimport (%s)\n%s\n\nfunc main() {\n\ttracePath := %q\n\t_ = tracePath\n\tvar result any\n%s\n%s\n}\n",
		imports, w.decls, tracePath, w.setup, timing(w, reps))
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644); err != nil {
		return 0, "", err
	}
	bin := filepath.Join(dir, "w")
	if out, err := exec.Command("go", "build", "-o", bin, filepath.Join(dir, "main.go")).CombinedOutput(); err != nil {
		return 0, "", fmt.Errorf("go build %s: %v\n%s", w.name, err, out)
	}
	out, err := exec.Command(bin).Output()
	if err != nil {
		return 0, "", fmt.Errorf("%s: %v", w.name, err)
	}
	return parse(string(out))
}

func parse(out string) (int64, string, error) {
	ns, res, ok := strings.Cut(strings.TrimSpace(out), " ")
	if !ok {
		return 0, "", fmt.Errorf("unexpected output %q", out)
	}
	n, err := strconv.ParseInt(ns, 10, 64)
	return n, res, err
}

// runCells runs w as cells in a new session of the given compile mode. For compiled
// sessions it also times the declarations' cell: once with a fresh petri build cache
// (a build), once more in another session (loaded from the cache).
func runCells(w workload, tracePath, mode string, reps int) (ns int64, res string, first, cached time.Duration, err error) {
	if mode == session.CompileForce {
		cache, err := os.MkdirTemp("", "cellspeed-cache")
		if err != nil {
			return 0, "", 0, 0, err
		}
		defer os.RemoveAll(cache)
		os.Setenv("PETRI_CELL_CACHE", cache)
		defer os.Unsetenv("PETRI_CELL_CACHE")
		warm, err := newSession(mode)
		if err != nil {
			return 0, "", 0, 0, err
		}
		start := time.Now()
		if _, err := run(warm, w.decls); err != nil {
			return 0, "", 0, 0, err
		}
		first = time.Since(start)
		warm.Close()
	}
	s, err := newSession(mode)
	if err != nil {
		return 0, "", 0, 0, err
	}
	defer s.Close()
	start := time.Now()
	note, err := run(s, w.decls)
	if err != nil {
		return 0, "", 0, 0, err
	}
	cached = time.Since(start)
	if mode == session.CompileForce && (note == nil || len(note.Names) == 0) {
		return 0, "", 0, 0, fmt.Errorf("%s: the declarations did not compile: %+v", w.name, note)
	}
	if _, err := run(s, fmt.Sprintf("tracePath := %q\nvar result any\n%s", tracePath, w.setup)); err != nil {
		return 0, "", 0, 0, err
	}
	var out strings.Builder
	if _, err := s.Execute(context.Background(), timing(w, reps), &sink{&out}); err != nil {
		return 0, "", 0, 0, fmt.Errorf("%s: %v", w.name, err)
	}
	ns, res, err = parse(out.String())
	return ns, res, first, cached, err
}

func newSession(mode string) (*session.Session, error) {
	return session.New(session.Options{Compile: mode})
}

func run(s *session.Session, cell string) (*session.CompileNote, error) {
	var out strings.Builder
	r, err := s.Execute(context.Background(), cell, &sink{&out})
	return r.Compiled, err
}

type sink struct{ b *strings.Builder }

func (s *sink) Stream(name, text string) {
	if name == "stdout" {
		s.b.WriteString(text)
	} else {
		os.Stderr.WriteString(text)
	}
}
func (s *sink) Display(data, metadata display.Bundle, id string, update bool) {}
func (s *sink) Clear(wait bool)                                               {}
func (s *sink) Input(prompt string, password bool) (string, error)            { return "", session.ErrNoStdin }
