package session

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Runaway cells end with an error before the Go runtime aborts the whole process.
// While a cell runs, a watchdog samples the runtime's metrics every watchEvery and
// cancels the cell (it stops at its next interpreted step) when
//
//   - goroutine stacks grow by more than StackCeiling: unbounded recursion in interpreted code
//     grows its goroutine's stack toward Go's 1 GB maximum, where the runtime dies
//     with "fatal error: stack overflow";
//   - the heap exceeds MemoryCeiling: a cell that keeps allocating would otherwise
//     end in "fatal error: runtime: out of memory" or the OOM killer.
//
// A single allocation larger than what is left (make([]byte, 1<<40)) still ends the
// process: Go cannot recover from it.
var (
	// StackCeiling is the growth of goroutine stack memory at which a cell is stopped.
	StackCeiling uint64 = 256 << 20
	// MemoryCeiling is the heap at which a cell is stopped: $PETRI_MEMORY_LIMIT
	// (bytes, or with a KiB, MiB, GiB suffix), else 75% of the machine's memory (or
	// of the cgroup's limit, if lower). The collector works harder as it approaches
	// (debug.SetMemoryLimit).
	MemoryCeiling = defaultMemoryCeiling()
)

const watchEvery = 10 * time.Millisecond

var setLimitOnce sync.Once

// ResourceError is the cause of a cell stopped by the watchdog.
type ResourceError struct {
	What          string // "stack", "memory" or "recursion" (compiled calls)
	Used, Ceiling uint64
}

func (e *ResourceError) Error() string {
	if e.What == "recursion" {
		return fmt.Sprintf("a compiled function recursed %d calls deep (ceiling %d): unbounded recursion? "+
			"The cell was stopped before Go's fatal stack overflow", e.Used, e.Ceiling)
	}
	if e.What == "stack" {
		return fmt.Sprintf("the cell's goroutine stacks grew by %d MB (ceiling %d MB): unbounded recursion? "+
			"The cell was stopped before Go's fatal stack overflow", e.Used>>20, e.Ceiling>>20)
	}
	return fmt.Sprintf("the kernel's heap reached %d MB (ceiling %d MB, set by PETRI_MEMORY_LIMIT): "+
		"the cell was stopped before the process runs out of memory; free large values or raise the limit", e.Used>>20, e.Ceiling>>20)
}

// watchResources starts the watchdog for r (a hook in Execute); the returned func
// stops it.
func (s *Session) watchResources(r *run) (stop func()) {
	setLimitOnce.Do(func() {
		if MemoryCeiling > 0 {
			debug.SetMemoryLimit(int64(MemoryCeiling))
		}
	})
	done := make(chan struct{})
	go func() {
		samples := []metrics.Sample{{Name: "/memory/classes/heap/stacks:bytes"}, {Name: "/memory/classes/heap/objects:bytes"}}
		// Stacks freed by an earlier cell (one stopped deep in recursion, say) are
		// counted until the collector returns them: measure this cell's growth.
		metrics.Read(samples)
		stack0 := samples[0].Value.Uint64()
		t := time.NewTicker(watchEvery)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-r.ctx.Done():
				return
			case <-t.C:
			}
			metrics.Read(samples)
			stack, heap := samples[0].Value.Uint64(), samples[1].Value.Uint64()
			switch {
			case StackCeiling > 0 && stack > stack0+StackCeiling:
				r.cancel(&ResourceError{What: "stack", Used: stack - stack0, Ceiling: StackCeiling})
				return
			case MemoryCeiling > 0 && heap > MemoryCeiling:
				r.cancel(&ResourceError{What: "memory", Used: heap, Ceiling: MemoryCeiling})
				return
			}
		}
	}()
	return func() { close(done) }
}

func defaultMemoryCeiling() uint64 {
	if v := os.Getenv("PETRI_MEMORY_LIMIT"); v != "" {
		if n, err := parseBytes(v); err == nil {
			return n
		}
		fmt.Fprintf(os.Stderr, "petri: PETRI_MEMORY_LIMIT=%q is not a size (say 4GiB); using the default\n", v)
	}
	total := memTotal()
	if cg := cgroupLimit(); cg > 0 && (total == 0 || cg < total) {
		total = cg
	}
	return total / 4 * 3
}

func parseBytes(v string) (uint64, error) {
	mult := uint64(1)
	for suffix, m := range map[string]uint64{"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40} {
		if strings.HasSuffix(v, suffix) {
			v, mult = strings.TrimSuffix(v, suffix), m
			break
		}
	}
	n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64)
	return n * mult, err
}

func memTotal() uint64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(rest, "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func cgroupLimit() uint64 {
	b, err := os.ReadFile("/sys/fs/cgroup/memory.max")
	if err != nil {
		return 0
	}
	n, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		return 0 // "max"
	}
	return n
}

func isResourceError(err error) bool {
	var re *ResourceError
	return errors.As(err, &re)
}
