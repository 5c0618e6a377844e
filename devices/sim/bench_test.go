package sim

import (
	"context"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/petri-mea/petri/devices/culture"
)

// benchDevice returns the benchmark culture of DESIGN.md (the network of
// ../shared/anchors/culture_brian2.py, seed 1) on the simulated array, warmed
// up 2 s, with the 1,024 most active electrodes of a 5 s scan routed.
func benchDevice(b *testing.B, build func(culture.Config) (*culture.Network, error)) *Device {
	net, err := build(culture.DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	d, err := New(ctx, net, DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	if _, err := d.RouteBest(ctx, 5, 1); err != nil {
		b.Fatal(err)
	}
	return d
}

func threadCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1, &ru); err != nil { // RUSAGE_THREAD
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkCulture reports simulated seconds per wall second (simsec/s) of
// the benchmark culture with the array attached and detection on, one tick
// of 1 s per iteration; simsec/cpu-s divides by the thread's CPU time
// instead, which is what to read on a loaded machine.
func BenchmarkCulture(b *testing.B) {
	for _, c := range []struct {
		name  string
		build func(culture.Config) (*culture.Network, error)
	}{{"lattice-1920", culture.Lattice}, {"homogeneous-1920", culture.Homogeneous}} {
		b.Run(c.name, func(b *testing.B) {
			d := benchDevice(b, c.build)
			ctx := context.Background()
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			cpu0 := threadCPU()
			spikes := 0
			b.ResetTimer()
			for b.Loop() {
				t, err := d.Step(ctx, 1, nil)
				if err != nil {
					b.Fatal(err)
				}
				spikes += len(t.Spikes)
			}
			sim := float64(b.N)
			b.ReportMetric(sim/b.Elapsed().Seconds(), "simsec/s")
			b.ReportMetric(sim/(threadCPU()-cpu0).Seconds(), "simsec/cpu-s")
			b.ReportMetric(float64(spikes)/sim, "detections/s")
		})
	}
}
