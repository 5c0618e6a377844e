// Cell types' String, Error methods nested in what fmt prints (struct fields,
// slice and array elements, map values, behind a pointer at the top): fmt calls them,
// but not inside unexported fields, as Go's does.
package main

import (
	"errors"
	"fmt"
)

type Color int

func (c Color) String() string { return []string{"red", "green"}[c] }

type Code struct{ N int }

func (c *Code) String() string { return fmt.Sprint("#", c.N) }

type MyErr struct{ Msg string }

func (e MyErr) Error() string { return "E:" + e.Msg }

type Item struct {
	Name  string
	Color Color
	code  Color
	Err   error
	Tags  []Color
	By    map[string]Color
}

type Box struct {
	Items [2]Item
	Main  *Item
	inner struct{ C Color }
}

func main() {
	it := Item{"cup", 1, 1, MyErr{"x"}, []Color{0, 1}, map[string]Color{"a": 1}}
	fmt.Println(it)
	fmt.Printf("%v|%v\n", it, []Item{{Name: "pot", Tags: []Color{1}}})
	fmt.Println(&it, map[int]Item{1: it})
	b := Box{Items: [2]Item{it, {}}}
	b.inner.C = 1
	fmt.Println(b)
	s := fmt.Sprint(struct {
		A Color
		B error
	}{1, errors.New("plain")})
	fmt.Println(s)
	var nilItem *Item
	fmt.Println(nilItem, []Item(nil))
}
