package display_test

import (
	"fmt"
	"math"

	"github.com/petri-mea/petri/kernel/display"
)

// printer is a Publisher that prints the text/plain form of each output, as a
// terminal front end would.
type printer struct{}

func (printer) Display(data, _ display.Bundle, id string, update bool) {
	if update {
		fmt.Print("(update) ")
	}
	fmt.Println(data[display.MIMEPlain])
}

func (printer) Clear(bool) {}

// Table shows a slice of structs as an HTML table; its text/plain twin lines up the
// columns, numbers to the right.
func ExampleTable() {
	defer display.SetPublisher(display.SetPublisher(printer{}))
	type result struct {
		Target string
		Period float64 `display:"period (s)"`
		Corr   float64 `display:"test r"`
	}
	display.Table([]result{
		{"sine", 4, 0.973},
		{"triangle", 10, 0.9998},
		{"square", 30, 0.80},
	})
	// Output:
	// Target    period (s)  test r
	// --------  ----------  ------
	// sine               4   0.973
	// triangle          10  0.9998
	// square            30     0.8
}

// A [][]string is a table whose first row is the header.
func ExampleTable_strings() {
	defer display.SetPublisher(display.SetPublisher(printer{}))
	display.Table([][]string{
		{"culture", "corr"},
		{"homogeneous", "0.45"},
		{"lattice", "0.11"},
	})
	// Output:
	// culture      corr
	// -----------  ----
	// homogeneous  0.45
	// lattice      0.11
}

// A handle shows an output once and then replaces it in place.
func ExampleNewHandle() {
	defer display.SetPublisher(display.SetPublisher(printer{}))
	h := display.NewHandle()
	h.Text("epoch 1")
	h.Text("epoch 2")
	// Output:
	// epoch 1
	// (update) epoch 2
}

// Domain plots check their data and say what is wrong and how to fix it.
func ExampleTargetOutput_badInput() {
	t := []float64{0, 1, 2}
	_, err := display.TargetOutput(t, []float64{0, 1, 0}, []float64{0, math.NaN(), 0}, 1)
	fmt.Println(err)
	_, err = display.TargetOutput(t, []float64{0, 1}, []float64{0, 1, 0}, 1)
	fmt.Println(err)
	// Output:
	// display.TargetOutput: output[1] is NaN; every value must be finite: drop that point or replace it (NaN usually means 0/0, e.g. a silent channel or an unset value)
	// display.TargetOutput: t has 3 values but target has 2; give one target per t
}
