package main

import "fmt"

func main() {
	var i interface{}
	s, ok := i.(string)
	fmt.Printf("%q %v\n", s, ok)
	var e error
	_, ok = e.(fmt.Stringer)
	fmt.Println(ok)
	m := map[string]int{"a": 1}
	v := 99
	v, ok = m["missing"]
	fmt.Println(v, ok)
	v, ok = m["a"]
	fmt.Println(v, ok)
	n, found := m["zz"]
	fmt.Println(n, found)
}
