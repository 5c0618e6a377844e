package kernel

import (
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/petri-mea/petri/kernel/streamcap"
)

// A cell's stream output is limited by package streamcap, by rate and by size, so
// that a cell printing a gigabyte neither floods every front end nor queues the
// gigabyte in the kernel.

// OutputRateLimit (bytes a second, 0: no limit) and OutputRateWindow are read from
// $PETRI_OUTPUT_RATE_LIMIT (a number, 1e6 or 2000000) and $PETRI_OUTPUT_RATE_WINDOW
// (seconds, or a Go duration such as 500ms) when the kernel starts.
var OutputRateLimit, OutputRateWindow = outputRateFromEnv(os.Getenv, os.Stderr)

// outputRateFromEnv reads the rate limit's settings, saying on stderr which it could
// not read (and using the default for it).
func outputRateFromEnv(getenv func(string) string, stderr io.Writer) (limit float64, window time.Duration) {
	limit, window = 1e6, 3*time.Second
	if v := getenv("PETRI_OUTPUT_RATE_LIMIT"); v != "" {
		if n, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && n >= 0 && !math.IsInf(n, 0) {
			limit = n
		} else {
			fmt.Fprintf(stderr, "petri: PETRI_OUTPUT_RATE_LIMIT=%q is not a number of bytes a second (say 2e6, or 0 for no limit); using %.0f\n", v, limit)
		}
	}
	if v := getenv("PETRI_OUTPUT_RATE_WINDOW"); v != "" {
		d, err := time.ParseDuration(strings.TrimSpace(v))
		if err != nil {
			var secs float64
			if secs, err = strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				d = time.Duration(secs * float64(time.Second))
			}
		}
		if err == nil && d > 0 {
			window = d
		} else {
			fmt.Fprintf(stderr, "petri: PETRI_OUTPUT_RATE_WINDOW=%q is not a positive number of seconds (say 3, or 500ms); using %v\n", v, window)
		}
	}
	return limit, window
}

// outputLimits are the limits of a cell's output in the kernel: streamcap's sizes,
// and Jupyter's rate limit unless the environment changes it.
func outputLimits() streamcap.Limits {
	return streamcap.Limits{Head: streamcap.DefaultHead, Tail: streamcap.DefaultTail,
		Rate: OutputRateLimit, Window: OutputRateWindow,
		RateHint: "set PETRI_OUTPUT_RATE_LIMIT (bytes/s, 0 for none) or PETRI_OUTPUT_RATE_WINDOW in the kernel's environment to change it"}
}
