package culture

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestBadConfig(t *testing.T) {
	for _, c := range []struct {
		mod  func(*Config)
		want string
	}{
		{func(c *Config) { c.Cols = 0 }, "0 × 8 wells"},
		{func(c *Config) { c.Exc, c.Inh = 0, 0 }, "need at least one"},
		{func(c *Config) { c.Exc = 200 }, "do not fit in a 100 µm well"},
		{func(c *Config) { c.WellPitch = 50 }, "wells would overlap"},
	} {
		cfg := DefaultConfig()
		c.mod(&cfg)
		if _, err := Lattice(cfg); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
	p := DefaultParams()
	p.Dt = 0.02
	net, _ := Lattice(DefaultConfig())
	if _, err := New(net, p, 1); err == nil {
		t.Errorf("Dt 20 ms accepted")
	}
}

// The wiring statistics of the anchor (culture_brian2.py prints synapses
// 57592 lattice / 57431 homogeneous for seed 1; expected 1920·30 = 57600).
// Hierarchical: 1920·14 within wells plus 233 channels × 2 directions ×
// 15² pairs × 16/60 = 54,840 expected (see Hierarchical).
func TestWiring(t *testing.T) {
	for _, c := range []struct {
		build func(Config) (*Network, error)
		want  float64
	}{{Lattice, 57600}, {Homogeneous, 57600}, {Hierarchical, 1920*14 + 233*2*225*16.0/60}} {
		net, err := c.build(DefaultConfig())
		if err != nil {
			t.Fatal(err)
		}
		// The count is binomial-like: SD ≈ √(57600·0.27) ≈ 125 (pairs
		// within a well are certain); ±1000 is 8 SD.
		if s := float64(net.Synapses()); s < c.want-1000 || s > c.want+1000 {
			t.Errorf("%s: %g synapses, want %g ± 1000", net.Name, s, c.want)
		}
		for i := 0; i < net.N; i++ {
			row := net.Targets[net.Start[i]:net.Start[i+1]]
			for k, tg := range row {
				if int(tg) == i || (k > 0 && row[k-1] >= tg) {
					t.Fatalf("%s: neuron %d targets %v: self-link or not strictly ascending", net.Name, i, row)
				}
			}
		}
	}
	if got := len(hierarchicalChannels(16, 8, rand.New(rand.NewPCG(1, 1)))); got != 233 {
		t.Errorf("hierarchical pattern on 16 × 8 wells has %d channels, want 192 + 32 + 8 + 1 = 233", got)
	}
	net, _ := Lattice(DefaultConfig())
	// Within a well p = 14/14 = 1: neuron 0 (well 0) targets all 14 others.
	own := 0
	for _, tg := range net.Targets[net.Start[0]:net.Start[1]] {
		if net.Well[tg] == 0 {
			own++
		}
	}
	if own != 14 {
		t.Errorf("neuron 0 reaches %d of its 14 well mates", own)
	}
}

// TestBernoulli checks the geometric-skip sampler against the Bernoulli
// trials it replaces: over 200,000 runs of n = 10 trials at p = 0.3, each
// position succeeds with frequency 0.3 (SD 0.001) and the number of
// successes has the binomial variance n·p·(1−p) = 2.1; adjacent positions
// are uncorrelated.
func TestBernoulli(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	const runs, n, p = 200000, 10, 0.3
	var hits [n]float64
	var s1, s2, both float64
	for r := 0; r < runs; r++ {
		var got [n]bool
		cnt := 0
		bernoulli(rng, p, n, func(k int) { got[k] = true; cnt++ })
		for k, g := range got {
			if g {
				hits[k]++
			}
		}
		if got[3] && got[4] {
			both++
		}
		s1 += float64(cnt)
		s2 += float64(cnt * cnt)
	}
	for k, h := range hits {
		if f := h / runs; math.Abs(f-p) > 0.005 {
			t.Errorf("position %d succeeds with frequency %.4f, want %.1f", k, f, p)
		}
	}
	if v := s2/runs - (s1/runs)*(s1/runs); math.Abs(v-n*p*(1-p)) > 0.05 {
		t.Errorf("variance of the count %.3f, want %.2f", v, n*p*(1-p))
	}
	if f := both / runs; math.Abs(f-p*p) > 0.004 {
		t.Errorf("P(3 and 4) = %.4f, want p² = %.2f", f, p*p)
	}
}

func TestDeterministic(t *testing.T) {
	net, _ := Lattice(DefaultConfig())
	a, _ := run(t, net, 7, 0, 2)
	b, _ := run(t, net, 7, 0, 2)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("same seed, different spikes")
	}
}

func ExampleLattice() {
	cfg := DefaultConfig() // the Brian2 anchor's network: 16 × 8 wells of 12 E + 3 I
	net, err := Lattice(cfg)
	if err != nil {
		panic(err)
	}
	fmt.Println(net.N, net.NExc, net.Wells)
	// Output:
	// 1920 1536 128
}
