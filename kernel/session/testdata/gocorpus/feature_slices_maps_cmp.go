// The generic standard library: slices, maps and cmp.
package main

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
)

type Person struct {
	Name string
	Age  int
}

type Names []string

func main() {
	s := []int{5, 2, 8, 1, 9, 2}
	slices.Sort(s)
	fmt.Println(s, slices.IsSorted(s))
	i, found := slices.BinarySearch(s, 8)
	fmt.Println(i, found)
	fmt.Println(slices.Index(s, 9), slices.Contains(s, 7), slices.Max(s), slices.Min(s))
	s = slices.Compact(s)
	fmt.Println(s)
	s = slices.Insert(s, 1, 100, 101)
	fmt.Println(s)
	s = slices.Delete(s, 0, 2)
	fmt.Println(s)
	slices.Reverse(s)
	fmt.Println(s)
	fmt.Println(slices.Equal(s, slices.Clone(s)), slices.Compare([]int{1, 2}, []int{1, 3}))
	people := []Person{{"Alice", 30}, {"Bob", 25}, {"Carol", 30}, {"Dan", 25}}
	slices.SortStableFunc(people, func(a, b Person) int { return cmp.Compare(a.Age, b.Age) })
	fmt.Println(people)
	slices.SortFunc(people, func(a, b Person) int {
		return cmp.Or(cmp.Compare(b.Age, a.Age), strings.Compare(a.Name, b.Name))
	})
	fmt.Println(people)
	idx := slices.IndexFunc(people, func(p Person) bool { return p.Name == "Bob" })
	fmt.Println(idx, slices.ContainsFunc(people, func(p Person) bool { return p.Age > 40 }))
	names := Names{"b", "c", "a"}
	sorted := slices.Sorted(slices.Values(names))
	fmt.Println(sorted, names)
	slices.Sort(names)
	fmt.Println(names)
	fmt.Println(slices.Concat([]int{1}, []int{2, 3}), slices.Repeat([]string{"ab"}, 3))
	m := map[string]int{"a": 1, "b": 2, "c": 3}
	m2 := maps.Clone(m)
	fmt.Println(maps.Equal(m, m2))
	maps.DeleteFunc(m2, func(k string, v int) bool { return v%2 == 1 })
	fmt.Println(m2, len(m))
	maps.Copy(m2, map[string]int{"z": 26})
	fmt.Println(m2)
	fmt.Println(cmp.Compare(1, 2), cmp.Compare("b", "a"), cmp.Less(1.0, 2.0), cmp.Or("", "default"))
	words := strings.Fields("the quick brown fox")
	fmt.Println(slices.MaxFunc(words, func(a, b string) int { return cmp.Compare(len(a), len(b)) }))
	fmt.Println(slices.DeleteFunc(words, func(w string) bool { return len(w) < 4 }))
}
