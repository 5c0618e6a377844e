// encoding/json and cell types: unexported fields left out, tags kept, MarshalJSON of
// nested values (fields, elements, map values, behind pointers) called.
package main

import (
	"encoding/json"
	"fmt"
)

type Color int

func (c Color) MarshalJSON() ([]byte, error) { return json.Marshal([]string{"red", "green"}[c]) }

type Level int

func (l Level) MarshalText() ([]byte, error) { return []byte(fmt.Sprint("L", int(l))), nil }

type Inner struct {
	A      int `json:"a"`
	secret string
	C      Color `json:"c"`
}

type Outer struct {
	Name  string  `json:"name"`
	In    Inner   `json:"in"`
	Ins   []Inner `json:"ins,omitempty"`
	P     *Inner  `json:"p"`
	M     map[string]Color
	skip  int
	Dash  int `json:"-"`
	Plain int
}

type WithText struct {
	L Level
}

func main() {
	o := Outer{Name: "x", In: Inner{1, "s", 1}, Ins: []Inner{{2, "t", 0}}, P: &Inner{3, "u", 1}, M: map[string]Color{"k": 1}, skip: 4, Dash: 5, Plain: 6}
	b, err := json.Marshal(o)
	fmt.Println(string(b), err)
	b, _ = json.MarshalIndent([]Inner{{A: 1}}, "", " ")
	fmt.Println(string(b))
	b, _ = json.Marshal(map[string]*Inner{"n": nil, "v": {A: 7, C: 1}})
	fmt.Println(string(b))
	b, _ = json.Marshal(&Inner{A: 8})
	fmt.Println(string(b))
}
