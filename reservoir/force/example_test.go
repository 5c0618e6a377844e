package force_test

import (
	"context"
	"fmt"

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
