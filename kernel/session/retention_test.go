package session

import (
	"context"
	"fmt"
	"runtime"
	"testing"
)

// liveHeapPerCell runs n cells of cell (a format taking the cell number) after a
// warm-up and returns the growth of the live heap per cell, in bytes.
func liveHeapPerCell(t *testing.T, cell string, n int) float64 {
	s := newSession(t)
	run := func(from, to int) {
		for i := from; i < to; i++ {
			if _, err := s.Execute(context.Background(), fmt.Sprintf(cell, i), &recorder{}); err != nil {
				t.Fatal(err)
			}
		}
	}
	run(0, 100)
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	run(100, 100+n)
	runtime.GC()
	runtime.ReadMemStats(&b)
	return float64(int64(b.HeapAlloc)-int64(a.HeapAlloc)) / float64(n)
}

// Issue 12 item 9: every cell left ≈ 5.5 KB live (a variable redefined) and ≈ 33 KB
// (a function redefined), measured with pprof heap diffs before the first fix: yaegi
// kept every compiled root, and the type checker chained each cell's scope to the
// next. After it: ≈ 0.5 KB and ≈ 8.8 KB, of which ≈ 6.3 KB was the redefined
// function's old node tree, held by its package scope's list of child scopes; with
// that list emptied too, ≈ 0.5 KB and ≈ 1.1 KB (what remains is yaegi's global frame,
// a slot per temporary of a cell's top-level statements, and each cell's file in the
// file set).
func TestCellsDoNotRetainTheirCompiledCode(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 1,500 cells")
	}
	for _, tc := range []struct {
		cell  string
		limit float64
	}{
		{"x := %d", 2 << 10},
		{"fmt.Println(%d)", 2 << 10},
		// A function redefined: the old one goes (6.3 KB a cell before).
		{"func f() int { return %d }", 2 << 10},
		{"func f() int { return %d }\nf()", 4 << 10},
		// A new function and variable per cell stay, but only themselves (≈ 8 KB of
		// yaegi's nodes for the function, ≈ 2 KB of go/types objects for the two):
		// before, each cell's type-check scope held every global, n² in all (541 MiB
		// after 2,000 such cells in the soak), then ≈ 21 KB a cell.
		{"func f%[1]d() int { return %[1]d }\nv%[1]d := f%[1]d()", 16 << 10},
	} {
		got := liveHeapPerCell(t, tc.cell, 300)
		t.Logf("%q: %.0f bytes per cell", tc.cell, got)
		if got > tc.limit {
			t.Errorf("%q: live heap grows %.0f bytes per cell, want at most %.0f", tc.cell, got, tc.limit)
		}
	}
}
