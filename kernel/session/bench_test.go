package session

import (
	"context"
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
