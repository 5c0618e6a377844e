package sim

import (
	"fmt"
	"os"
	"testing"

	"github.com/petri-mea/petri/devices/culture"
)

// TestDynamicsSeeds prints the statistics of TestDynamics for a range of
// seeds (90 s each), to compare distributions rather than one run when the
// numerics change. Opt-in: PETRI_SEEDS=1-5 go test -run DynamicsSeeds -v.
func TestDynamicsSeeds(t *testing.T) {
	var lo, hi uint64
	if _, err := fmt.Sscanf(os.Getenv("PETRI_SEEDS"), "%d-%d", &lo, &hi); err != nil {
		t.Skip("set PETRI_SEEDS=FIRST-LAST to run (≈ 5 CPU-s per seed and layout)")
	}
	for seed := lo; seed <= hi; seed++ {
		cfg := culture.DefaultConfig()
		cfg.Seed = seed
		for _, b := range []func(culture.Config) (*culture.Network, error){culture.Lattice, culture.Homogeneous} {
			net, err := b(cfg)
			if err != nil {
				t.Fatal(err)
			}
			s, _ := truth(t, net, seed, 90)
			t.Logf("seed %d %-12s rate %.3f Hz  corr %.3f  bursts/min %.2f  maxactive %.2f",
				seed, net.Name, s.Rate, s.Corr, s.BurstsPerMin, s.MaxActiveFrac)
		}
	}
}
