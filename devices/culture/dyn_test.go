package culture

import (
	"os"
	"strconv"
	"testing"
)

func TestPeek(t *testing.T) {
	if os.Getenv("PEEK") == "" {
		t.Skip()
	}
	T, _ := strconv.ParseFloat(os.Getenv("PEEK"), 64)
	for _, b := range []func(Config) (*Network, error){Lattice, Homogeneous} {
		for seed := uint64(1); seed <= 3; seed++ {
			cfg := DefaultConfig()
			cfg.Seed = seed
			net, _ := b(cfg)
			ns, ts := run(t, net, seed, 2, T)
			s := Analyse(ns, ts, net.N, T, 200, 2)
			t.Logf("%s seed %d syn=%d %+v", net.Name, seed, net.Synapses(), s)
		}
	}
}
