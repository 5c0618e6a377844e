package kernel

import (
	"strings"
	"testing"
	"time"
)

func TestOutputRateFromEnv(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for _, tc := range []struct {
		env        []string
		limit      float64
		window     time.Duration
		complaints []string
	}{
		{nil, 1e6, 3 * time.Second, nil}, // Jupyter's defaults
		{[]string{"PETRI_OUTPUT_RATE_LIMIT", "2e6", "PETRI_OUTPUT_RATE_WINDOW", "10"}, 2e6, 10 * time.Second, nil},
		{[]string{"PETRI_OUTPUT_RATE_LIMIT", "0", "PETRI_OUTPUT_RATE_WINDOW", "500ms"}, 0, 500 * time.Millisecond, nil},
		{[]string{"PETRI_OUTPUT_RATE_LIMIT", "fast", "PETRI_OUTPUT_RATE_WINDOW", "-1"}, 1e6, 3 * time.Second,
			[]string{`PETRI_OUTPUT_RATE_LIMIT="fast" is not a number`, `PETRI_OUTPUT_RATE_WINDOW="-1" is not a positive number`}},
	} {
		var stderr strings.Builder
		limit, window := outputRateFromEnv(env(tc.env...), &stderr)
		if limit != tc.limit || window != tc.window {
			t.Errorf("%v: limit %v window %v, want %v %v", tc.env, limit, window, tc.limit, tc.window)
		}
		for _, want := range tc.complaints {
			if !strings.Contains(stderr.String(), want) {
				t.Errorf("%v: stderr %q lacks %q", tc.env, stderr.String(), want)
			}
		}
		if tc.complaints == nil && stderr.Len() > 0 {
			t.Errorf("%v: complaint about good settings: %q", tc.env, stderr.String())
		}
	}
}
