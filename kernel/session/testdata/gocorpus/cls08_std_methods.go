// The standard library and cell types' methods: errors.Is/As through %w and a
// custom Unwrap, String of slice and map elements, %T of cell types, and what fmt
// and encoding/json print of a cell type's value passed itself. (What petri cannot
// show the standard library fails the cell: ../cells/std_cell_types.cells.)
package main

import (
	"encoding/json"
	"errors"
	"fmt"
)

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

type NotFound struct{ Key string }

func (e *NotFound) Error() string { return "not found: " + e.Key }

var ErrBase = errors.New("base")

type Wrapped struct{ err error }

func (w Wrapped) Error() string { return "wrapped: " + w.err.Error() }
func (w Wrapped) Unwrap() error { return w.err }

type Point struct {
	X, Y   int
	hidden int `json:"-"`
}

type Color int

func (c Color) MarshalJSON() ([]byte, error) { return json.Marshal([]string{"red", "green"}[c]) }

func main() {
	err := fmt.Errorf("lookup: %w", &NotFound{"k"})
	var nf *NotFound
	fmt.Println(errors.As(err, &nf), nf != nil && nf.Key == "k")
	w := Wrapped{ErrBase}
	fmt.Println(errors.Is(w, ErrBase))
	fmt.Println(errors.Is(fmt.Errorf("outer: %w", w), ErrBase))
	fmt.Println([]Celsius{1, 2.5})
	fmt.Println(map[string]Celsius{"a": 3, "b": -1})
	fmt.Printf("%v|%s|%T|%T|%5T|\n", []Celsius{1}, map[int]Celsius{1: 2}, Celsius(1), []Point{}, Color(1))
	fmt.Printf("%T %T %T\n", &Point{}, map[string]*NotFound{}, struct{ C Celsius }{})
	b, _ := json.Marshal(Point{1, 2, 3})
	fmt.Println(string(b))
	b, _ = json.Marshal(Color(1))
	fmt.Println(string(b))
	fmt.Printf("%v %+v %+v\n", Point{1, 2, 3}, struct{ C float64 }{4}, []*NotFound{{"q"}}[0])
	fmt.Println(Celsius(20), &NotFound{"z"}, w)
}
