package main

import (
	"fmt"
	"maps"
	"slices"
)

func main() {
	ages := map[string]int{"carol": 35, "alice": 30, "bob": 25}
	for _, name := range slices.Sorted(maps.Keys(ages)) {
		fmt.Printf("%s is %d\n", name, ages[name])
	}
	oldest := ""
	for name, age := range maps.All(ages) {
		if oldest == "" || age > ages[oldest] {
			oldest = name
		}
	}
	fmt.Println("oldest:", oldest)
}
