package session

import (
	"context"
	"slices"
	"strings"
	"testing"
)

func TestComplete(t *testing.T) {
	s := newSession(t)
	runCells(t, s, "type point struct{ X, Y float64; label string }\nfunc (p point) Norm() float64 { return p.X*p.X + p.Y*p.Y }\npt := point{X: 3}\nvar total int")
	for _, tc := range []struct {
		code  string
		want  []string // must all be present
		exact bool
	}{
		{"fmt.Sprin", []string{"Sprint", "Sprintf", "Sprintln"}, true},
		{"strings.ToUp", []string{"ToUpper", "ToUpperSpecial"}, true},
		{"pt.", []string{"X", "Y", "label", "Norm"}, true},
		{"pt.No", []string{"Norm"}, true},
		{"tot", []string{"total"}, true},
		{"mat.NewD", []string{"NewDense", "NewDiagDense", "NewDiagonalRect"}, true},
		{"x := reservoir.NewRate", []string{"NewRateNetwork"}, true},
		{"for i := ra", []string{"range", "rand", "rawtrace"}, true},
	} {
		c := s.Complete(tc.code, len([]rune(tc.code)))
		got := c.Matches
		for _, w := range tc.want {
			if !slices.Contains(got, w) {
				t.Errorf("%q: %v lacks %q", tc.code, got, w)
			}
		}
		if tc.exact && len(got) != len(tc.want) {
			t.Errorf("%q: got %v, want %v", tc.code, got, tc.want)
		}
		prefix := tc.code[strings.LastIndexAny(tc.code, ". ")+1:]
		if c.End-c.Start != len([]rune(prefix)) {
			t.Errorf("%q: replaces [%d,%d), want the %d runes of %q", tc.code, c.Start, c.End, len(prefix), prefix)
		}
	}
	// Cursor in the middle, counted in runes (Jupyter counts code points).
	code := "s := \"é\"; fmt.Pri + 1"
	c := s.Complete(code, strings.Index(code, " + 1")-1) // after "fmt.Pr"
	if !slices.Contains(c.Matches, "Print") || c.Start != 14 {
		t.Errorf("mid-line: %+v", c)
	}
}

func TestInspect(t *testing.T) {
	s := newSession(t)
	in := s.Inspect("fmt.Println", 5)
	if !in.Found || !strings.Contains(in.Text, "func Println(a ...any) (n int, err error)") || !strings.Contains(in.Text, "standard output") {
		t.Errorf("fmt.Println: %+v", in)
	}
	in = s.Inspect("x := mat.NewDense(2, 2, nil)", 12)
	if !in.Found || !strings.Contains(in.Text, "func NewDense(r, c int, data []float64) *Dense") {
		t.Errorf("mat.NewDense: %+v", in)
	}
	runCells(t, s, "// area of a circle\nfunc area(r float64) float64 { return math.Pi * r * r }")
	in = s.Inspect("area", 2)
	if !in.Found || !strings.Contains(in.Text, "func area(r float64) float64") {
		t.Errorf("cell func: %+v", in)
	}
	if in := s.Inspect("nothingHere", 3); in.Found {
		t.Errorf("unknown name found: %+v", in)
	}
	_ = context.Background
}

func TestIsComplete(t *testing.T) {
	for code, want := range map[string]string{
		"1":                     "complete",
		"func f() {":            "incomplete",
		"x := []int{1,\n2,":     "incomplete",
		"s := `raw":             "incomplete",
		"/* comment":            "incomplete",
		"x := )":                "invalid",
		"import \"fmt\"\nfmt.P": "complete",
		"":                      "complete",
	} {
		if got := IsComplete(code); got != want {
			t.Errorf("%q: %s, want %s", code, got, want)
		}
	}
}
