// Package sim is the simulated device: a culture (package devices/culture)
// on a simulated HD-MEA (devices/hdmea), implementing devices.Device.
//
// A session (all calls that run take ctx and stop promptly on cancel):
//
//	net, _ := culture.Lattice(culture.DefaultConfig())   // 128 wells × 15 neurons
//	dev, _ := sim.New(ctx, net, sim.DefaultConfig())     // warms up 2 s
//	scan, _ := dev.RouteBest(ctx, 10, 2)                  // activity scan, route top 1,024
//	var stim []devices.Stim
//	for i := 0; i < 100; i++ {
//		tick, err := dev.Step(ctx, 0.1, stim)             // 100 ms tick
//		if err != nil { break }
//		counts := tick.Counts()                           // spikes per channel
//		stim = []devices.Stim{devices.Pulse(5, 200, dev.Routing()[0])}
//	}
//
// Device time 0 is the end of the warm-up. Pulses are applied at the time
// step nearest to their onset; the culture runs between them. Detected
// spikes include noise detections; ground truth (every neuron's spikes) is
// available with KeepTruth/Truth, and the culture and array themselves with
// Culture and Array. Step runs as fast as possible unless Pace sets a
// multiple of real time.
//
// BenchmarkCulture/lattice-1920 and /homogeneous-1920 measure simulated
// seconds per wall second (simsec/s) of the benchmark culture with the array
// attached and detection on, and per CPU-second of the benchmark's thread
// (simsec/cpu-s, what to read on a loaded machine); run them with -cpu 1
// and -count. devices/bench/compare.sh [seconds [rounds]] runs them beside
// the Brian2 anchor (C++ standalone), interleaved, and prints the medians
// and the ratio.
package sim
