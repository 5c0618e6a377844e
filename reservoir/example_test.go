package reservoir_test

import (
	"fmt"

	"github.com/petri-mea/petri/reservoir"
)

// A double-exponential filter (rise 0.05 s, decay 2 s, as in the closed-loop
// experiment) turns one spike into a smooth bump, tick by tick.
func ExampleDoubleExpFilter() {
	f := reservoir.NewDoubleExpFilter(1, 0.05, 2)
	_ = f.Advance(0.333, reservoir.Spikes{{0.1}})
	for tick := 2; tick <= 4; tick++ {
		fmt.Printf("t=%.3f s  s=%.4f /s\n", f.Now(), f.State()[0])
		_ = f.Advance(float64(tick)*0.333, nil)
	}
	// Output:
	// t=0.333 s  s=0.4516 /s
	// t=0.666 s  s=0.3864 /s
	// t=0.999 s  s=0.3272 /s
}

// Metrics return an error rather than a NaN for bad input.
func ExamplePearson() {
	r, err := reservoir.Pearson([]float64{1, 2, 3, 4}, []float64{2, 4, 5, 9})
	fmt.Printf("%.4f %v\n", r, err)
	_, err = reservoir.Pearson([]float64{1, 2}, []float64{1})
	fmt.Println(err)
	// Output:
	// 0.9648 <nil>
	// reservoir: Pearson: len(output)=2 but len(target)=1: bad length; compare series of the same length
}
