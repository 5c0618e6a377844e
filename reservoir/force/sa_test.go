package force

import (
	"context"
	"fmt"
	"os"
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

func TestSussilloAbbottQuick(t *testing.T) {
	if os.Getenv("PETRI_SA") == "" {
		t.Skip()
	}
	for _, tg := range []string{"foursine", "sine", "triangle", "square"} {
		var cs []float64
		for s := uint64(0); s < 5; s++ {
			r := saRun(t, tg, s, 1000)
			cs = append(cs, r.TestCorr())
		}
		sorted := slices.Clone(cs)
		slices.Sort(sorted)
		fmt.Printf("%s %.4f median %.4f\n", tg, cs, sorted[2])
	}
}
