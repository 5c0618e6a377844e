package session

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// Go's own conformance programs: every file under $(go env GOROOT)/test (top level,
// ken, chan, interface, typeparam; fixedbugs with PETRI_CONFORMANCE_FIXEDBUGS=1)
// whose first line is `// run` and that has no build constraint, run by
// `petri script` as go's test/run.go runs them: the output (stdout and stderr) must
// equal the program's .out file, or be empty, and the exit status must be 0.
//
// They run in two modes (conformanceModes), each with its list of what is expected:
// as `petri script` runs a program by default (built whole, Options.Program), and
// with PETRI_COMPILE=off, the interpreter alone, which is what notebook cells that
// do not compile get. testdata/conformance*.txt list every program:
//
//	pass DIR/FILE.go
//	fail DIR/FILE.go: why it fails
//	out-of-scope DIR/FILE.go: what compiler machinery it tests
//
// A mode fails when a program listed as pass does not pass. Programs listed as
// failing are not run (they cost most of the time, several running into the timeout)
// unless PETRI_CONFORMANCE_ALL=1, which logs those that start to pass;
// PETRI_CONFORMANCE_UPDATE=1 runs all and rewrites the lists (keeping the reasons
// already written). PETRI_CONFORMANCE_MODE=default or interpreted runs one mode. It
// builds petri and runs the programs GOMAXPROCS at a time, each with
// conformanceTimeout.
const conformanceTimeout = 20 * time.Second

var conformanceDirs = []string{".", "ken", "chan", "interface", "typeparam"}

// conformanceModes are the modes the programs run in: the value of PETRI_COMPILE
// ("" is petri's default) and the list of expected results.
var conformanceModes = []struct{ name, compile, list string }{
	{"default", "", "conformance.txt"},
	{"interpreted", CompileOff, "conformance_interpreted.txt"},
}

type conformanceEntry struct {
	status, reason string
}

func readConformanceList(t *testing.T, path string) map[string]conformanceEntry {
	m := map[string]conformanceEntry{}
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return m
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		status, rest, _ := strings.Cut(line, " ")
		name, reason, _ := strings.Cut(rest, ": ")
		m[strings.TrimSuffix(name, ":")] = conformanceEntry{status, reason}
	}
	return m
}

func conformancePrograms(t *testing.T, root string, dirs []string) []string {
	var progs []string
	for _, d := range dirs {
		files, _ := filepath.Glob(filepath.Join(root, d, "*.go"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			first, _, _ := bytes.Cut(b, []byte("\n"))
			if string(bytes.TrimSpace(first)) != "// run" || bytes.Contains(b, []byte("\n//go:build")) {
				continue
			}
			rel, _ := filepath.Rel(root, f)
			progs = append(progs, filepath.ToSlash(rel))
		}
	}
	sort.Strings(progs)
	return progs
}

func TestGoConformance(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the conformance programs take a minute")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go tool is not on PATH")
	}
	out, err := exec.Command(goTool, "env", "GOROOT").Output()
	if err != nil {
		t.Skip("go env GOROOT:", err)
	}
	root := filepath.Join(strings.TrimSpace(string(out)), "test")
	if _, err := os.Stat(filepath.Join(root, "ken")); err != nil {
		t.Skipf("no conformance programs in %s", root)
	}
	dirs := conformanceDirs
	if os.Getenv("PETRI_CONFORMANCE_FIXEDBUGS") != "" {
		dirs = append(dirs, "fixedbugs")
	}
	bin := filepath.Join(t.TempDir(), "petri")
	build := exec.Command(goTool, "build", "-o", bin, "github.com/petri-mea/petri")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build petri: %v\n%s", err, b)
	}
	for _, m := range conformanceModes {
		if only := os.Getenv("PETRI_CONFORMANCE_MODE"); only != "" && only != m.name {
			continue
		}
		t.Run(m.name, func(t *testing.T) {
			runConformanceMode(t, bin, root, dirs, m.compile, filepath.Join("testdata", m.list))
		})
	}
}

// runConformanceMode runs the programs with PETRI_COMPILE=compile against the list
// at listPath.
func runConformanceMode(t *testing.T, bin, root string, dirs []string, compile, listPath string) {
	want := readConformanceList(t, listPath)
	progs := conformancePrograms(t, root, dirs)
	// By default only the programs expected to pass run (the others cost the most
	// time: several run into the timeout); their listed status counts in the report.
	runAll := os.Getenv("PETRI_CONFORMANCE_ALL") != "" || os.Getenv("PETRI_CONFORMANCE_UPDATE") != ""
	if only := os.Getenv("PETRI_CONFORMANCE_ONLY"); only != "" {
		var sel []string
		for _, p := range progs {
			if strings.Contains(p, only) {
				sel = append(sel, p)
			}
		}
		progs = sel
	}

	type result struct {
		pass   bool
		reason string
		took   time.Duration
	}
	results := make([]result, len(progs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	notRun := 0
	for i, p := range progs {
		if e, listed := want[p]; !runAll && listed && e.status != "pass" {
			results[i].reason = e.reason
			notRun++
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			start := time.Now()
			results[i].pass, results[i].reason = runConformance(bin, root, p, compile)
			results[i].took = time.Since(start)
		}()
	}
	wg.Wait()

	type tally struct{ pass, total, scope int }
	per := map[string]*tally{}
	var regressions, fixed []string
	var total time.Duration
	for i, p := range progs {
		r := results[i]
		total += r.took
		d := filepath.Dir(p)
		if per[d] == nil {
			per[d] = &tally{}
		}
		per[d].total++
		e := want[p]
		if r.pass {
			per[d].pass++
			if e.status != "pass" {
				fixed = append(fixed, p)
			}
		} else {
			if e.status == "out-of-scope" {
				per[d].scope++
			}
			if e.status == "pass" {
				regressions = append(regressions, fmt.Sprintf("%s: %s", p, r.reason))
			}
		}
	}
	names := make([]string, 0, len(per))
	for d := range per {
		names = append(names, d)
	}
	sort.Strings(names)
	var pass, all, scope int
	for _, d := range names {
		c := per[d]
		pass, all, scope = pass+c.pass, all+c.total, scope+c.scope
		t.Logf("%-10s %3d/%3d pass (%.0f %%), %d out of scope; %.0f %% of the rest",
			d, c.pass, c.total, 100*float64(c.pass)/float64(c.total), c.scope, 100*float64(c.pass)/float64(c.total-c.scope))
	}
	t.Logf("%-10s %3d/%3d pass (%.0f %%), %d out of scope; %.0f %% of the rest; %.0f s of programs",
		"all", pass, all, 100*float64(pass)/float64(all), scope, 100*float64(pass)/float64(all-scope), total.Seconds())
	if notRun > 0 {
		t.Logf("%d programs listed as failing were not run (PETRI_CONFORMANCE_ALL=1 runs them)", notRun)
	}
	for _, p := range fixed {
		t.Logf("now passes (mark it pass in %s): %s", listPath, p)
	}
	if os.Getenv("PETRI_CONFORMANCE_UPDATE") != "" {
		var b strings.Builder
		b.WriteString("# Expected results of TestGoConformance (conformance_test.go): pass, fail: reason,\n" +
			"# or out-of-scope: reason. PETRI_CONFORMANCE_UPDATE=1 rewrites it, keeping reasons.\n")
		for i, p := range progs {
			e := want[p]
			switch {
			case results[i].pass:
				fmt.Fprintf(&b, "pass %s\n", p)
			case e.status == "out-of-scope" || (e.status == "fail" && e.reason != ""):
				fmt.Fprintf(&b, "%s %s: %s\n", e.status, p, e.reason)
			default:
				fmt.Fprintf(&b, "fail %s: %s\n", p, results[i].reason)
			}
		}
		if err := os.WriteFile(listPath, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range regressions {
		t.Errorf("regression: %s", r)
	}
}

// runConformance runs one program as go's test/run.go does and says why it failed.
func runConformance(bin, root, prog, compile string) (bool, string) {
	ctx, cancel := context.WithTimeout(context.Background(), conformanceTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "script", filepath.Base(prog))
	cmd.Dir = filepath.Join(root, filepath.Dir(prog))
	cmd.Env = append(os.Environ(), "GOMAXPROCS=2", "PETRI_COMPILE="+compile)
	cmd.WaitDelay = time.Second
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	got := buf.Bytes()
	first := func(b []byte) string {
		s := strings.TrimSpace(string(b))
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			s = s[:i]
		}
		if len(s) > 160 {
			s = s[:160] + "..."
		}
		return s
	}
	if ctx.Err() != nil {
		return false, fmt.Sprintf("timeout after %v", conformanceTimeout)
	}
	if err != nil {
		return false, fmt.Sprintf("%v: %s", err, first(got))
	}
	want, err := os.ReadFile(filepath.Join(root, strings.TrimSuffix(prog, ".go")+".out"))
	if err != nil {
		want = nil
	}
	if !bytes.Equal(got, want) {
		// Find the first differing line.
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				return false, fmt.Sprintf("output differs at line %d: got %q, want %q", i+1, first([]byte(g)), first([]byte(w)))
			}
		}
	}
	return true, ""
}
