package main

import (
	"fmt"
	"iter"
	"strings"
)

func Filter[V any](seq iter.Seq[V], keep func(V) bool) iter.Seq[V] {
	return func(yield func(V) bool) {
		for v := range seq {
			if keep(v) && !yield(v) {
				return
			}
		}
	}
}

func Map[V, W any](seq iter.Seq[V], f func(V) W) iter.Seq[W] {
	return func(yield func(W) bool) {
		for v := range seq {
			if !yield(f(v)) {
				return
			}
		}
	}
}

func Words(s string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for _, w := range strings.Fields(s) {
			if !yield(w) {
				return
			}
		}
	}
}

func main() {
	long := Filter(Words("a quick brown fox jumps over the lazy dog"), func(w string) bool { return len(w) > 3 })
	for w := range Map(long, strings.ToUpper) {
		fmt.Println(w)
	}
}
