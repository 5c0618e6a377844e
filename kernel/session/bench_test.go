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
