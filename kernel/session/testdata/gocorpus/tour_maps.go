package main

import (
	"fmt"
	"strings"
)

type Vertex struct{ Lat, Long float64 }

func WordCount(s string) map[string]int {
	m := make(map[string]int)
	for _, w := range strings.Fields(s) {
		m[w]++
	}
	return m
}

func main() {
	m := map[string]Vertex{
		"Bell Labs": {40.68433, -74.39967},
		"Google":    {37.42202, -122.08408},
	}
	fmt.Println(m)
	m2 := make(map[string]int)
	m2["Answer"] = 42
	fmt.Println("The value:", m2["Answer"])
	delete(m2, "Answer")
	v, ok := m2["Answer"]
	fmt.Println("The value:", v, "Present?", ok)
	fmt.Println(WordCount("I am learning Go and Go is fun"))
}
