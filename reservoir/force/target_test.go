package force

import (
	"math"
	"testing"
)

// The periodic targets at known phases, and a sampled target interpolated
// linearly and undefined (NaN) beyond its last sample.
func TestTargets(t *testing.T) {
	v := make([]float64, 1)
	at := func(tg Target, x float64) float64 { tg.Value(x, v); return v[0] }
	for _, c := range []struct {
		name    string
		tg      Target
		t, want float64
	}{
		{"sine quarter", SineTarget(10, 2), 2.5, 2},
		{"sine negative time", SineTarget(10, 1), -2.5, -1},
		{"triangle quarter", TriangleTarget(4, 1), 1, 1},
		{"triangle half", TriangleTarget(4, 1), 2, 0},
		{"triangle three quarters", TriangleTarget(4, 1), 3, -1},
		{"square first half", SquareTarget(4, 3), 1.9, 3},
		{"square second half", SquareTarget(4, 3), 2.1, -3},
	} {
		if got := at(c.tg, c.t); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s: %v at t=%v, want %v", c.name, got, c.t, c.want)
		}
	}
	s, err := SampledTarget(0.5, []float64{0, 1, 3})
	if err != nil {
		t.Fatal(err)
	}
	if got := at(s, 0.75); got != 2 {
		t.Errorf("sampled at 0.75 = %v, want 2 (halfway between 1 and 3)", got)
	}
	if got := at(s, 1); got != 3 {
		t.Errorf("sampled at its last sample = %v, want 3", got)
	}
	if got := at(s, 1.01); !math.IsNaN(got) {
		t.Errorf("sampled beyond its end = %v, want NaN", got)
	}
	if _, err := SampledTarget(0.5, []float64{0, math.Inf(1)}); err == nil {
		t.Error("an infinite sample was accepted")
	}
	if _, err := SampledTarget(0.5, []float64{0, 1}, []float64{0}); err == nil {
		t.Error("series of different lengths were accepted")
	}
}
