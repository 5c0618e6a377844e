package session

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkExecute measures one cell through the session, as the kernel runs it.
func BenchmarkExecute(b *testing.B) {
	for _, bc := range []struct{ name, cell string }{
		{"trivial", "1"},
		{"print", `fmt.Println("hello")`},
		{"loop1e4", "s := 0\nfor i := 0; i < 10000; i++ { s += i }\ns"},
		// Callbacks handed to compiled code (wrapped by callbacks.go): sort.Slice's
		// less and strings.Map's mapping (wrapped without reflection), and sync.Map's
		// Range, a method of a compiled value (wrapped by reflection).
		{"sortSlice1e3", "xs := make([]int, 1000)\nfor i := range xs { xs[i] = (i * 7919) % 1009 }\n" +
			"sort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })"},
		{"stringsMap1e3", "n := 0\nfor i := 0; i < 1000; i++ { strings.Map(func(r rune) rune { n++; return r }, \"x\") }\nn"},
		{"syncMapRange1e3", "var m sync.Map\nfor i := 0; i < 1000; i++ { m.Store(i, i) }\n" +
			"n := 0\nm.Range(func(k, v any) bool { n++; return true })\nn"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			s := newSession(b)
			rec := &recorder{}
			for i := 0; i < b.N; i++ {
				if _, err := s.Execute(context.Background(), bc.cell, rec); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkExecuteAfterGlobals measures a trivial cell after n cells that each
// declared a new function and variable (issue 12 item 9: latency grew with the
// number of globals; the type checker of package modern declared every global again
// for each cell).
func BenchmarkExecuteAfterGlobals(b *testing.B) {
	for _, n := range []int{0, 3000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s := newSession(b)
			rec := &recorder{}
			for i := range n {
				if _, err := s.Execute(context.Background(), fmt.Sprintf("func f%[1]d() int { return %[1]d }\nv%[1]d := f%[1]d()", i), rec); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := s.Execute(context.Background(), "x := 1", rec); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
