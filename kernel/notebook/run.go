package notebook

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/petri-mea/petri/kernel/display"
	"github.com/petri-mea/petri/kernel/session"
	"github.com/petri-mea/petri/kernel/streamcap"
)

// ErrCellFailed is returned when a cell failed (after its error has been recorded
// in the notebook and reported).
var ErrCellFailed = errors.New("a cell failed")

// RunOptions configure Run.
type RunOptions struct {
	// Out is where the executed notebook goes; empty: back to the input file.
	Out string
	// AllowErrors runs every cell even after one fails.
	AllowErrors bool
	// HTML, if set, is where a standalone HTML page of the result goes.
	HTML string
	// Progress receives one line per cell; nil for none.
	Progress io.Writer
	// Parameters override the defaults of the cell tagged "parameters" (name to
	// value as typed after -p name=); see InjectParameters.
	Parameters map[string]string
	// Results, if set, is where the named results (display.Result) and parameters
	// are written as JSON after the run, also when a cell failed.
	Results string
}

// RunFile runs the notebook at path and writes the result.
func RunFile(ctx context.Context, path string, opts RunOptions) error {
	nb, err := Read(path)
	if err != nil {
		return err
	}
	if err := InjectParameters(nb, opts.Parameters); err != nil {
		return err // nothing ran, nothing written
	}
	out := opts.Out
	if out == "" {
		out = path
	}
	// Find an unwritable output now, not after every cell ran.
	if err := checkWritable(out, "-o"); err != nil {
		return err
	}
	if err := checkWritable(opts.HTML, "--html"); err != nil {
		return err
	}
	runErr := Run(ctx, nb, opts)
	if err := nb.Write(out); err != nil {
		return err
	}
	if opts.HTML != "" {
		if err := WriteHTML(nb, opts.HTML); err != nil {
			return err
		}
	}
	return runErr
}

// Run executes nb's code cells in order in a new session, recording their outputs.
func Run(ctx context.Context, nb *Notebook, opts RunOptions) error {
	if err := InjectParameters(nb, opts.Parameters); err != nil {
		return err // before anything runs
	}
	defer recordResults(nb, opts)
	sess, err := session.New(session.Options{})
	if err != nil {
		return err
	}
	defer sess.Close()
	setKernelMetadata(nb)
	progress := opts.Progress
	if progress == nil {
		progress = io.Discard
	}
	var code []*Cell
	for _, c := range nb.Cells {
		if c.CellType == "code" {
			code = append(code, c)
		}
	}
	failed := false
	displays := map[string][]Output{} // display_id -> outputs showing it, in any cell
	for i, c := range code {
		if ctx.Err() != nil {
			fmt.Fprintf(progress, "[%d/%d] skipped: interrupted\n", i+1, len(code))
			continue
		}
		if failed && !opts.AllowErrors {
			continue
		}
		// A cell's old outputs go only when it runs: cells skipped after an error
		// or an interrupt keep theirs.
		c.Outputs, c.ExecutionCount = nil, nil
		start := time.Now()
		rec := &recorder{displays: displays, limit: streamcap.New(outputLimits, time.Now)}
		res, err := sess.Execute(ctx, string(c.Source), rec)
		rec.finish()
		n := res.Count
		c.ExecutionCount = &n
		if err == nil && res.Data != nil {
			rec.add(Output{"output_type": "execute_result", "execution_count": n, "data": bundle(res.Data), "metadata": bundle(res.Metadata)})
		}
		if err != nil {
			ename, evalue, tb := session.Describe(err)
			rec.add(Output{"output_type": "error", "ename": ename, "evalue": evalue, "traceback": tb})
		}
		c.Outputs = rec.outputs()
		compiled := ""
		if res.Compiled != nil {
			if c.Metadata == nil {
				c.Metadata = map[string]any{}
			}
			c.Metadata["petri"] = res.Compiled.Metadata()
			if len(res.Compiled.Names) > 0 {
				compiled = " [compiled: " + strings.Join(res.Compiled.Names, ", ") + "]"
			}
		} else if c.Metadata != nil {
			delete(c.Metadata, "petri")
		}
		status := "ok"
		if err != nil {
			status = "FAILED"
			failed = true
		}
		fmt.Fprintf(progress, "[%d/%d] cell %d %s in %s%s%s\n", i+1, len(code), n, status,
			time.Since(start).Round(time.Millisecond), compiled, firstLine(string(c.Source)))
		if err != nil {
			fmt.Fprintf(progress, "%s\n", indent(plain(err)))
		}
	}
	if failed {
		return ErrCellFailed
	}
	return ctx.Err()
}

func setKernelMetadata(nb *Notebook) {
	nb.NBFormat = 4
	if nb.NBFormatMinor < 4 {
		nb.NBFormatMinor = 5
	}
	if _, ok := nb.Metadata["kernelspec"]; !ok {
		nb.Metadata["kernelspec"] = map[string]any{"name": "petri", "display_name": "Go (petri)", "language": "go"}
	}
	nb.Metadata["language_info"] = map[string]any{"name": "go", "file_extension": ".go", "mimetype": "text/x-go",
		"pygments_lexer": "go", "codemirror_mode": "go", "nbconvert_exporter": "script"}
}

func firstLine(src string) string {
	src = strings.TrimSpace(src)
	if i := strings.IndexByte(src, '\n'); i >= 0 {
		src = src[:i] + " ..."
	}
	if len(src) > 60 {
		src = src[:57] + "..."
	}
	if src == "" {
		return ""
	}
	return ": " + src
}

func indent(s string) string { return "    " + strings.ReplaceAll(s, "\n", "\n    ") }

// plain is an error's description without terminal colours.
func plain(err error) string {
	_, _, tb := session.Describe(err)
	return stripANSI(strings.Join(tb, "\n"))
}

func stripANSI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && (s[j] < '@' || s[j] > '~') {
				j++
			}
			i = j
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// bundle converts a display bundle to nbformat's data map (text as a list of lines is
// optional; strings are valid).
func bundle(b display.Bundle) map[string]any {
	m := make(map[string]any, len(b))
	for k, v := range b {
		m[k] = v
	}
	return m
}

// recorder collects one cell's outputs as Jupyter's front ends would record them.
type recorder struct {
	mu        sync.Mutex
	outs      []Output
	clearNext bool
	displays  map[string][]Output // shared by the cells of one run
	// stream holds the text of the last output while it is a stream still growing:
	// appending to the output's string each time copied it, quadratic in the text (a
	// cell printing 100 MB took 30 s).
	stream *strings.Builder
	limit  *streamcap.Cap // nil: no limit
}

func (r *recorder) add(o Output) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.addLocked(o)
}

func (r *recorder) addLocked(o Output) {
	if r.clearNext {
		r.outs, r.clearNext, r.stream = nil, false, nil
	}
	if o["output_type"] == "stream" && len(r.outs) > 0 {
		last := r.outs[len(r.outs)-1]
		if last["output_type"] == "stream" && last["name"] == o["name"] {
			if r.stream == nil {
				r.stream = &strings.Builder{}
				r.stream.WriteString(last["text"].(string))
			}
			r.stream.WriteString(o["text"].(string))
			return
		}
	}
	r.seal()
	r.outs = append(r.outs, o)
}

// seal gives the last output the text collected for it.
func (r *recorder) seal() {
	if r.stream != nil {
		r.outs[len(r.outs)-1]["text"] = r.stream.String()
		r.stream = nil
	}
}

func (r *recorder) outputs() []Output {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seal()
	return r.outs
}

func (r *recorder) Stream(name, text string) {
	if r.limit == nil {
		r.add(Output{"output_type": "stream", "name": name, "text": text})
		return
	}
	for _, c := range r.limit.Take(name, text) {
		r.add(Output{"output_type": "stream", "name": c.Name, "text": c.Text})
	}
}

// finish adds what the cap kept of output past its head (a notice and the tail).
func (r *recorder) finish() {
	if r.limit == nil {
		return
	}
	for _, c := range r.limit.Finish() {
		r.add(Output{"output_type": "stream", "name": c.Name, "text": c.Text})
	}
}

// outputLimits hold a cell's stream output in a notebook to the kernel's sizes (a
// cell printing a gigabyte would make a gigabyte notebook, and take 12 times that in
// memory to write it), without its rate limit: a run's outputs must not depend on
// how fast the machine is.
var outputLimits = streamcap.Limits{Head: streamcap.DefaultHead, Tail: streamcap.DefaultTail}

func (r *recorder) Display(data, metadata display.Bundle, id string, update bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	md := map[string]any{}
	for k, v := range metadata {
		md[k] = v
	}
	o := Output{"output_type": "display_data", "data": bundle(data), "metadata": md}
	if update && id != "" {
		// Like Jupyter front ends: replace every output showing this display, in
		// whichever cell it is.
		for _, old := range r.displays[id] {
			old["data"], old["metadata"] = o["data"], o["metadata"]
		}
		return
	}
	if id != "" && r.displays != nil {
		r.displays[id] = append(r.displays[id], o)
	}
	r.addLocked(o)
}

func (r *recorder) Clear(wait bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if wait {
		r.clearNext = true
		return
	}
	r.outs, r.stream = nil, nil
}

func (r *recorder) Input(prompt string, password bool) (string, error) {
	return "", session.ErrNoStdin
}
