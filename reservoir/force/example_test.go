package force_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/petri-mea/petri/reservoir"
	"github.com/petri-mea/petri/reservoir/force"
)

// FORCE training of a small chaotic rate network on a sine of period 60 τ:
// 300 τ of training, then 300 τ free with the readout frozen.
func ExampleLoop_TrainTest() {
	net, err := reservoir.NewRateNetwork(reservoir.RateConfig{N: 300, Seed: 1})
	if err != nil {
		panic(err)
	}
	loop := force.NewLoop(net, 1, 2) // P(0) = I, RLS every 2 steps
	target := reservoir.Sine(6000, net.TimeStep(), 60, 1)
	res, err := loop.TrainTest(context.Background(), target, 3000)
	if err != nil {
		panic(err)
	}
	fmt.Printf("train r = %.2f, test r = %.2f\n", res.TrainCorr(), res.TestCorr())
	fmt.Printf("%d samples, training ends at %d (t = %.0f τ)\n", len(res.Time), res.TrainEnd, res.Time[res.TrainEnd-1])
	// Output:
	// train r = 1.00, test r = 1.00
	// 6000 samples, training ends at 3000 (t = 300 τ)
}

// Three RLS updates by hand towards the target 1 with r·r = 0.3: z goes
// 0 → 0.3/1.3 → 1.25·0.3 (check: k = P r, c = 1/(1+rᵀk), w -= c e k).
func ExampleRLS_Update() {
	l := force.NewRLS(3, 1, 1)
	r := []float64{0.5, -0.2, 0.1}
	for i := 0; i < 3; i++ {
		z := l.Output(nil, r)
		fmt.Printf("z = %.4f\n", z[0])
		if err := l.Update(r, []float64{z[0] - 1}); err != nil { // target 1
			panic(err)
		}
	}
	// Output:
	// z = 0.0000
	// z = 0.2308
	// z = 0.3750
}

// The closed loop of the culture experiment, tick by tick: spikes per
// channel → double-exponential filter → readout z = wᵀs → RLS update. Here
// 32 channels fire as Poisson processes whose rates follow a 4 s sine with
// channel-specific phases; the readout learns to output the sine.
func ExampleRLS_closedLoop() {
	const channels, tick = 32, 0.05 // seconds
	rng := rand.New(rand.NewPCG(1, 2))
	filter := reservoir.NewDoubleExpFilter(channels, 0.05, 2)
	rls := force.NewRLS(channels, 1, 1)
	var out, want []float64
	spikes := make(reservoir.Spikes, channels)
	for i := 1; i <= 1200; i++ { // 60 s
		t0, t := float64(i-1)*tick, float64(i)*tick
		for c := range spikes { // this tick's spikes (a device would deliver them)
			spikes[c] = spikes[c][:0]
			rate := 10 * (1 + math.Sin(2*math.Pi*t0/4+float64(c)*2*math.Pi/channels))
			for s := t0 + rng.ExpFloat64()/rate; s < t; s += rng.ExpFloat64() / rate {
				spikes[c] = append(spikes[c], s)
			}
		}
		if err := filter.Advance(t, spikes); err != nil {
			panic(err)
		}
		state := filter.State()
		z := rls.Output(nil, state)[0]
		f := math.Sin(2 * math.Pi * t / 4)
		if i <= 800 { // train for 40 s
			if err := rls.Update(state, []float64{z - f}); err != nil {
				panic(err)
			}
		} else {
			out, want = append(out, z), append(want, f)
		}
	}
	r, _ := reservoir.Pearson(out, want)
	fmt.Printf("frozen readout, last 20 s: r = %.2f\n", r)
	// Output:
	// frozen readout, last 20 s: r = 0.97
}
