package display

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestResultRecordsNameAndValue(t *testing.T) {
	f := publishing(t)
	for _, c := range []struct {
		v         any
		wantJSON  string
		wantPlain string
	}{
		{0.973, `0.973`, `test_r = 0.973`},
		{42, `42`, `test_r = 42`},
		{"lattice", `"lattice"`, `test_r = "lattice"`},
		{math.NaN(), `"NaN"`, `test_r = "NaN"`},
		{math.Inf(-1), `"-Inf"`, `test_r = "-Inf"`},
		{[]float64{1, 2}, `[1,2]`, `test_r = [1,2]`},
		{map[string]int{"b": 2, "a": 1}, `{"a":1,"b":2}`, `test_r = {"a":1,"b":2}`},
	} {
		Result("test_r", c.v)
		got := f.last(t).data
		rec := got[MIMEResult].(map[string]any)
		b, _ := json.Marshal(rec["value"])
		if rec["name"] != "test_r" || string(b) != c.wantJSON || got[MIMEPlain] != c.wantPlain {
			t.Errorf("Result(%v): %v, %s, %q", c.v, rec["name"], b, got[MIMEPlain])
		}
	}
}

func TestResultBadInputRecordsNothing(t *testing.T) {
	f := publishing(t)
	for name, want := range map[string]string{
		"":       "the name is empty",
		"test r": `has ' '; use letters, digits`,
	} {
		Result(name, 1)
		got := f.last(t).data
		if _, ok := got[MIMEResult]; ok || !strings.Contains(got[MIMEPlain].(string), want) {
			t.Errorf("name %q: %v", name, got)
		}
	}
	Result("rates", []float64{1, math.NaN()})
	if got := f.last(t).data; got[MIMEResult] != nil || !strings.Contains(got[MIMEPlain].(string), "NaN or ±Inf inside a collection") {
		t.Errorf("NaN in a slice: %v", got)
	}
	Result("ch", make(chan int))
	if got := f.last(t).data; got[MIMEResult] != nil || !strings.Contains(got[MIMEPlain].(string), `display.Result("ch")`) {
		t.Errorf("a channel: %v", got)
	}
}
