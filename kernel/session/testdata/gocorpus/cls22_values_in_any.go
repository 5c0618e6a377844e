// Cell values with methods held in interfaces inside what fmt and encoding/json get
// ([]any, map[string]any, struct fields of interface type): shown as Go shows them,
// with their String or Error where they have one.
package main

import (
	"encoding/json"
	"fmt"
)

type Sq struct{ S float64 }

func (s Sq) Area() float64 { return s.S * s.S }

type Temp struct{ C float64 }

func (t Temp) String() string { return fmt.Sprintf("%.1f°C", t.C) }

type Plain struct{ A int }

type Row struct {
	Name  string
	Value any
}

func main() {
	fmt.Println([]any{Sq{2}, Plain{1}, Temp{20}, 3, "x", nil})
	fmt.Println(map[string]any{"s": Sq{4}, "t": Temp{-1}})
	rows := []Row{{"a", Sq{1}}, {"b", Temp{2}}, {"c", nil}}
	fmt.Println(rows)
	fmt.Printf("%v\n", rows[0])
	b, _ := json.Marshal([]any{Sq{2}, 1, Plain{3}})
	fmt.Println(string(b))
	b, _ = json.Marshal(rows)
	fmt.Println(string(b))
}
