// Known gap: a cell-declared json.Marshaler or fmt.Stringer nested inside a value
// (a struct field, a map value, a slice element): the interpreter wraps only the
// value passed to the compiled function, so its methods are not called.
package main

import (
	"encoding/json"
	"fmt"
)

type Color int

func (c Color) MarshalJSON() ([]byte, error) { return json.Marshal([]string{"red", "green"}[c]) }

func (c Color) String() string { return []string{"red", "green"}[c] }

type Item struct {
	Name  string `json:"name"`
	Color Color  `json:"color"`
}

func main() {
	b, _ := json.Marshal(Item{"ball", 1})
	fmt.Println(string(b))
	fmt.Println([]Color{0, 1}, Item{"cup", 0})
}
