package culture

import (
	"context"
	"runtime"
	"testing"
)

func benchCulture(b *testing.B, build func(Config) (*Network, error), p ...Params) {
	net, err := build(DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	par := DefaultParams()
	if len(p) > 0 {
		par = p[0]
	}
	c, err := New(net, par, 1)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	c.Run(ctx, 40000) // 2 s warm-up, as the Brian2 anchor
	steps := 20000
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	cpu0 := threadCPU()
	b.ResetTimer()
	for b.Loop() {
		c.Run(ctx, steps)
		c.Spikes()
	}
	sim := float64(b.N) * float64(steps) * c.P.Dt
	b.ReportMetric(sim/b.Elapsed().Seconds(), "simsec/s")
	b.ReportMetric(sim/(threadCPU()-cpu0).Seconds(), "simsec/cpu-s")
}

func BenchmarkNeurons(b *testing.B) {
	b.Run("lattice-1920", func(b *testing.B) { benchCulture(b, Lattice) })
	b.Run("homogeneous-1920", func(b *testing.B) { benchCulture(b, Homogeneous) })
	// RealisticParams: more spikes, and asynchronous release.
	b.Run("lattice-1920-realistic", func(b *testing.B) { benchCulture(b, Lattice, RealisticParams()) })
	b.Run("homogeneous-1920-realistic", func(b *testing.B) { benchCulture(b, Homogeneous, RealisticParams()) })
}

// BenchmarkBuild measures network construction (time proportional to the
// number of synapses): the benchmark culture, 16× its wells (30,720
// neurons) and a full array's worth (122,880 neurons, 128 × 64 wells).
func BenchmarkBuild(b *testing.B) {
	for _, c := range []struct {
		name       string
		cols, rows int
	}{{"1920", 16, 8}, {"30720", 64, 32}, {"122880", 128, 64}} {
		for _, t := range []struct {
			name  string
			build func(Config) (*Network, error)
		}{{"lattice", Lattice}, {"hierarchical", Hierarchical}, {"homogeneous", Homogeneous}} {
			b.Run(t.name+"-"+c.name, func(b *testing.B) {
				cfg := DefaultConfig()
				cfg.Cols, cfg.Rows = c.cols, c.rows
				for b.Loop() {
					if _, err := t.build(cfg); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
