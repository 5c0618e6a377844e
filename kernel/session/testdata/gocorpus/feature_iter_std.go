// Go 1.23: iterators of the standard library — maps.Keys, slices.All,
// slices.Sorted(maps.Keys(m)), slices.Collect, maps.Collect, iter.Pull.
package main

import (
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"
)

func main() {
	m := map[string]int{"banana": 3, "apple": 1, "cherry": 2}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		fmt.Println(k, m[k])
	}
	vals := slices.Sorted(maps.Values(m))
	fmt.Println(vals)
	for i, v := range slices.All([]string{"x", "y", "z"}) {
		fmt.Println(i, v)
	}
	for i, v := range slices.Backward([]int{1, 2, 3}) {
		fmt.Print(i, ":", v, " ")
	}
	fmt.Println()
	evens := slices.Collect(func(yield func(int) bool) {
		for i := 0; i < 10; i += 2 {
			if !yield(i) {
				return
			}
		}
	})
	fmt.Println(evens)
	inverse := maps.Collect(func(yield func(int, string) bool) {
		for k, v := range m {
			if !yield(v, k) {
				return
			}
		}
	})
	fmt.Println(inverse)
	next, stop := iter.Pull(slices.Values([]string{"a", "b", "c"}))
	v1, ok1 := next()
	v2, ok2 := next()
	stop()
	v3, ok3 := next()
	fmt.Println(v1, ok1, v2, ok2, v3 == "", ok3)
	for part := range strings.SplitSeq("a,b,c", ",") {
		fmt.Print("[", part, "]")
	}
	fmt.Println()
	for f := range strings.FieldsSeq("  one two   three ") {
		fmt.Print("<", f, ">")
	}
	fmt.Println()
	for c := range slices.Chunk([]int{1, 2, 3, 4, 5}, 2) {
		fmt.Println(c)
	}
	s := slices.AppendSeq([]int{0}, slices.Values([]int{7, 8}))
	fmt.Println(s)
	keys := slices.Collect(maps.Keys(map[int]bool{3: true, 1: true, 2: true}))
	slices.Sort(keys)
	fmt.Println(keys)
}
