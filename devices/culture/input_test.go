package culture

import (
	"fmt"
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
func TestWiring(t *testing.T) {
	for _, b := range []func(Config) (*Network, error){Lattice, Homogeneous, Hierarchical} {
		net, err := b(DefaultConfig())
		if err != nil {
			t.Fatal(err)
		}
		if s := net.Synapses(); s < 56600 || s > 58600 {
			t.Errorf("%s: %d synapses, want 57600 ± 1000", net.Name, s)
		}
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
