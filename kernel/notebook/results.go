package notebook

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/petri-mea/petri/kernel/display"
)

// Results are the named results a run recorded with display.Result, with the
// parameters it ran with: the side file `petri run --results FILE` writes and
// `petri sweep` reads.
type Results struct {
	Parameters map[string]string `json:"parameters"`
	Results    map[string]any    `json:"results"`
	// Order lists the result names in the order the cells first recorded them.
	Order []string `json:"order"`
}

// CollectResults gathers every display.Result output in nb, in cell order (a later
// value of a name replaces an earlier one), and records them beside the parameters in
// the notebook's metadata: metadata.petri.results (and .parameters, set by
// InjectParameters). A notebook with neither gets no petri metadata.
func CollectResults(nb *Notebook) Results {
	r := Results{Parameters: map[string]string{}, Results: map[string]any{}, Order: []string{}}
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			data, _ := o["data"].(map[string]any)
			rec, ok := data[display.MIMEResult].(map[string]any)
			if !ok {
				continue
			}
			r.add(rec)
		}
	}
	md, _ := nb.Metadata["petri"].(map[string]any)
	if p, ok := md["parameters"].(map[string]any); ok {
		for k, v := range p {
			r.Parameters[k] = fmt.Sprint(v)
		}
	}
	if len(r.Results) > 0 || md != nil {
		// Notebooks that neither take parameters nor record results stay as they were.
		petriMetadata(nb)["results"] = r.Results
	}
	return r
}

// WriteResults writes r as JSON to path atomically: a reader sees the old file or the
// whole new one, never part of it.
func WriteResults(r Results, path string) error {
	b, err := json.MarshalIndent(r, "", " ")
	if err != nil {
		return err
	}
	return ReplaceFile(path, append(b, '\n'))
}

// ReplaceFile writes b to a temporary file beside path, syncs it and renames it
// over path.
func ReplaceFile(path string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if _, err := f.Write(b); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

// recordResults collects nb's results into its metadata and, when asked, the side
// file; a file that cannot be written is reported on the progress stream.
func recordResults(nb *Notebook, opts RunOptions) {
	r := CollectResults(nb)
	if opts.Results == "" {
		return
	}
	if err := WriteResults(r, opts.Results); err != nil {
		w := opts.Progress
		if w == nil {
			w = os.Stderr
		}
		fmt.Fprintf(w, "petri: writing the results file: %v\n", err)
	}
}

// add records one display.Result output; a name seen before keeps its place.
func (r *Results) add(rec map[string]any) {
	name, _ := rec["name"].(string)
	if name == "" {
		return
	}
	if _, seen := r.Results[name]; !seen {
		r.Order = append(r.Order, name)
	}
	r.Results[name] = rec["value"]
}

func copyStringMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
