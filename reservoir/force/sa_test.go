package force

import (
	"context"
	"slices"
	"testing"

	"github.com/petri-mea/petri/reservoir"
)

// saTarget returns 2·steps samples of the named target at dt = 0.1 τ,
// exactly as ../shared/anchors/force_rate_numpy.py defines them.
func saTarget(name string, steps int) []float64 {
	const dt = 0.1
	switch name {
	case "foursine":
		return reservoir.FourSine(2*steps, dt)
	case "sine":
		return reservoir.Sine(2*steps, dt, 60, 1)
	case "triangle":
		return reservoir.Triangle(2*steps, dt, 60, 1)
	case "square":
		return reservoir.Square(2*steps, dt, 60, 1)
	case "lorenz":
		x, _, _ := reservoir.Lorenz(2*steps, 0.002, 25000)
		return x
	}
	panic(name)
}

// saRun is the Sussillo & Abbott (2009) experiment: N 1000, p 0.1, g 1.5,
// α 1, dt 0.1 τ, RLS every 2 steps, 1440 τ of training then 1440 τ free.
func saRun(t testing.TB, target string, seed uint64, n int) *Result {
	net, err := reservoir.NewRateNetwork(reservoir.RateConfig{N: n, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	steps := 14400
	l := NewLoop(net, 1, 2)
	res, err := l.TrainTest(context.Background(), saTarget(target, steps), steps)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// saAnchor are the test correlations of ../shared/anchors/force_rate_numpy.py
// for seeds 0–4 measured on this machine; they are printed beside ours, not
// asserted. The seeds draw different networks (numpy's default_rng vs PCG),
// so only the distributions compare.
var saAnchor = map[string][]float64{
	"foursine": {0.9733, 0.1578, 0.9966, 0.9789, 0.9960},
	"sine":     {1.0000, 0.9984, 0.9999, 0.9999, 0.9999},
	"triangle": {0.9998, 0.5093, 0.9998, 1.0000, 1.0000},
	"square":   {0.8011, 0.9109, 0.8148, 0.9190, 0.8020},
}

// TestSussilloAbbott reproduces Sussillo & Abbott (2009) at full size. The
// sine with seed 0 always runs; the full set (5 seeds × 4 targets, about
// 20 × 6 s on one core) runs unless -short, and asserts the medians of
// issue 4: ≥ 0.97 four-sine, ≥ 0.99 sine and triangle, ≥ 0.8 square.
func TestSussilloAbbott(t *testing.T) {
	if testing.Short() {
		if c := saRun(t, "sine", 0, 1000).TestCorr(); c < 0.99 {
			t.Errorf("sine seed 0: test correlation %.4f, want ≥ 0.99", c)
		}
		return
	}
	want := map[string]float64{"foursine": 0.97, "sine": 0.99, "triangle": 0.99, "square": 0.8}
	for _, tg := range []string{"foursine", "sine", "triangle", "square"} {
		t.Run(tg, func(t *testing.T) {
			t.Parallel()
			cs := make([]float64, 5)
			for s := range cs {
				cs[s] = saRun(t, tg, uint64(s), 1000).TestCorr()
			}
			sorted := slices.Clone(cs)
			slices.Sort(sorted)
			t.Logf("%-8s test corr seeds 0-4: %.4f median %.4f (numpy anchor %.4f)", tg, cs, sorted[2], saAnchor[tg])
			if sorted[2] < want[tg] {
				t.Errorf("%s: median test correlation %.4f over 5 seeds, want ≥ %.2f", tg, sorted[2], want[tg])
			}
		})
	}
}
