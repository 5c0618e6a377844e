package session

import (
	"errors"
	"strings"
	"testing"
)

// A cell's type passed where gonum/plot wants an interface, also as a variadic
// argument (plot.Add(ps ...plot.Plotter)), is called back through it.
func TestCellTypesThroughPlot(t *testing.T) {
	s := newSession(t)
	out, _, err := runCells(t, s,
		"import \"gonum.org/v1/plot/vg/draw\"\nimport \"gonum.org/v1/plot/vg/vgimg\"\n"+
			"type myPlotter struct{ n int }\n"+
			"func (m myPlotter) Plot(c draw.Canvas, p *plot.Plot) { fmt.Println(\"Plot\", m.n) }\n"+
			"type xys struct{}\n"+
			"func (xys) Len() int { return 2 }\n"+
			"func (xys) XY(i int) (float64, float64) { return float64(i), float64(i * i) }",
		"p := plot.New()\n"+
			"p.Add(myPlotter{1}, myPlotter{2})\n"+
			"l, err := plotter.NewLine(xys{})\n"+
			"if err != nil { panic(err) }\n"+
			"p.Add(l)\n"+
			"c := vgimg.New(100, 100)\n"+
			"p.Draw(draw.New(c))\n"+
			"fmt.Println(\"drawn\")")
	if err != nil {
		t.Fatal(err)
	}
	if out != "Plot 1\nPlot 2\ndrawn\n" {
		t.Fatalf("output %q", out)
	}
}

// Rewritten code keeps the user's positions: an error inside a rewritten loop
// points at the user's line.
func TestModernPositions(t *testing.T) {
	s := newSession(t)
	_, _, err := runCells(t, s, "func seq(yield func(int) bool) { yield(1) }\nfor v := range seq {\n\tvar m map[int]int\n\tm[v] = v\n}")
	var pe *PanicError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "assignment to entry in nil map") || !strings.Contains(err.Error(), "cell[1]:") {
		t.Fatalf("got %v", err)
	}
	_, _, err = runCells(t, s, "for i := range 3 {\n\tprintln(i + undefinedThing)\n}")
	if err == nil || !strings.HasPrefix(err.Error(), "cell[2]:2:14: undefined: undefinedThing") {
		t.Fatalf("got %v", err)
	}
}

// State carries from cell to cell: a later cell ranges over an iterator and calls a
// generic function declared earlier, with types the session remembers.
func TestModernAcrossCells(t *testing.T) {
	s := newSession(t)
	out, _, err := runCells(t, s,
		"func Count(n int) iter.Seq[int] { return func(yield func(int) bool) { for i := range n { if !yield(i) { return } } } }",
		"func Sum[S ~[]E, E cmp.Ordered](s S) (t E) { for _, v := range s { t += v }; return }",
		"n := 4",
		"var got []int\nfor i := range Count(n) { got = append(got, i) }\nfmt.Println(got, Sum(got), min(n, 2))")
	if err != nil || out != "[0 1 2 3] 6 2\n" {
		t.Fatalf("%q %v", out, err)
	}
}
