package main

import (
	"fmt"
	"sort"
)

type Person struct {
	Name string
	Age  int
}

type ByAge []Person

func (a ByAge) Len() int           { return len(a) }
func (a ByAge) Swap(i, j int)      { a[i], a[j] = a[j], a[i] }
func (a ByAge) Less(i, j int) bool { return a[i].Age < a[j].Age }

func main() {
	people := []Person{{"Bob", 31}, {"John", 42}, {"Michael", 17}, {"Jenny", 26}}
	fmt.Println(people)
	sort.Sort(ByAge(people))
	fmt.Println(people)
	sort.Slice(people, func(i, j int) bool { return people[i].Age > people[j].Age })
	fmt.Println(people)
	ints := []int{5, 2, 6, 3, 1, 4}
	sort.Ints(ints)
	fmt.Println(ints, sort.SearchInts(ints, 4))
	strs := []string{"c", "a", "b"}
	sort.Strings(strs)
	fmt.Println(strs, sort.StringsAreSorted(strs))
	sort.Sort(sort.Reverse(sort.IntSlice(ints)))
	fmt.Println(ints)
}
