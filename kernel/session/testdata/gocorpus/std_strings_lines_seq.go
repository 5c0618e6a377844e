package main

import (
	"fmt"
	"strings"
)

func main() {
	text := "alpha\nbeta\ngamma\n"
	for line := range strings.Lines(text) {
		fmt.Printf("%q\n", line)
	}
	n := 0
	for range strings.SplitSeq("a-b-c-d", "-") {
		n++
	}
	fmt.Println(n)
}
