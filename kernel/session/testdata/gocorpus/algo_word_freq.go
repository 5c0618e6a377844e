package main

import (
	"fmt"
	"sort"
	"strings"
)

func main() {
	text := "the cat and the hat and the bat sat on the mat"
	freq := map[string]int{}
	for _, w := range strings.Fields(text) {
		freq[w]++
	}
	type kv struct {
		k string
		v int
	}
	var kvs []kv
	for k, v := range freq {
		kvs = append(kvs, kv{k, v})
	}
	sort.Slice(kvs, func(i, j int) bool {
		if kvs[i].v != kvs[j].v {
			return kvs[i].v > kvs[j].v
		}
		return kvs[i].k < kvs[j].k
	})
	for _, e := range kvs[:3] {
		fmt.Println(e.k, e.v)
	}
}
