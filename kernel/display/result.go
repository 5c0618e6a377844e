package display

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
)

// MIMEResult marks a named result recorded by Result. Runners (`petri run`,
// `petri sweep`) collect every output carrying it into the notebook's metadata and a
// side file; front ends that do not know it show the text/plain twin. This is the way
// papermill's scrapbook glues values (a display output with its own MIME type), so a
// result travels wherever outputs travel: the kernel, a headless run, a saved notebook.
const MIMEResult = "application/vnd.petri.result+json"

// Result records v as the named result name of this run, and shows "name = v".
//
//	display.Result("test_r", r)
//	display.Result("rates", []float64{0.1, 0.2})
//
// v is a number, string, bool, or a small table made of them (slices, maps with
// string keys, structs): anything encoding/json encodes. A float that is NaN or ±Inf
// is recorded as the string "NaN", "+Inf" or "-Inf" rather than lost. Recording the
// same name again replaces the earlier value. A name that is empty or has characters
// other than letters, digits, '_', '.' and '-' — it becomes a column of the results
// table — or a value JSON cannot encode shows a text/plain message naming the problem
// and records nothing.
func Result(name string, v any) {
	if err := checkResultName(name); err != nil {
		showMeta(textBundle(err.Error()))
		return
	}
	value, err := resultValue(v)
	if err != nil {
		showMeta(textBundle(fmt.Sprintf("display.Result(%q): %v; record a number, string, bool, or a slice, map or struct of them", name, err)))
		return
	}
	text, _ := json.Marshal(value)
	showMeta(Bundle{
		MIMEPlain:  fmt.Sprintf("%s = %s", name, text),
		MIMEResult: map[string]any{"name": name, "value": value},
	}, Bundle{})
}

func checkResultName(name string) error {
	if name == "" {
		return fmt.Errorf("display.Result: the name is empty; give the result a name, e.g. display.Result(\"test_r\", r)")
	}
	for _, r := range name {
		ok := r == '_' || r == '.' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !ok {
			return fmt.Errorf("display.Result: the name %q has %q; use letters, digits, '_', '.' or '-' (it becomes a column name)", name, r)
		}
	}
	return nil
}

// resultValue turns v into plain JSON values, with non-finite floats spelled out.
func resultValue(v any) (any, error) {
	if f, ok := asFloat(v); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
		return nonFinite(f), nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		if strings.Contains(err.Error(), "unsupported value") {
			return nil, fmt.Errorf("it holds NaN or ±Inf inside a collection (%v)", err)
		}
		return nil, err
	}
	var out any
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		return nil, err
	}
	return out, nil
}

func asFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	}
	return 0, false
}

func nonFinite(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case f > 0:
		return "+Inf"
	}
	return "-Inf"
}
