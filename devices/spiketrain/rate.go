package spiketrain

import (
	"fmt"
	"math"
)

// bins returns the number of bins of width bin s covering the window (the
// last one may run past End).
func (t *Trains) bins(bin float64) int {
	return int(math.Ceil(t.Duration()/bin - 1e-9))
}

// binOf returns the bin of time x (x in [Start, End)).
func (t *Trains) binOf(x float64, bin float64, nb int) int {
	return min(int((x-t.Start)/bin), nb-1)
}

func checkBin(name string, bin float64) error {
	if !(bin > 0) || math.IsInf(bin, 0) {
		return fmt.Errorf("spiketrain: %s = %g s; give a positive bin width such as 0.01", name, bin)
	}
	return nil
}

// PopulationRate returns the population rate, the spikes of all channels
// per second, in bins of bin s, smoothed with a Gaussian kernel of standard
// deviation sigma s (0: no smoothing). times are the bin centres. The kernel
// is sampled at the bin centres out to ±4σ and normalised to sum 1; the
// window is zero-padded at its ends, so the rate keeps its total.
func (t *Trains) PopulationRate(bin, sigma float64) (times, rate []float64, err error) {
	if err := checkBin("PopulationRate bin", bin); err != nil {
		return nil, nil, err
	}
	if !(sigma >= 0) || math.IsInf(sigma, 0) {
		return nil, nil, fmt.Errorf("spiketrain: PopulationRate sigma = %g s; give 0 (no smoothing) or a positive width such as 0.02", sigma)
	}
	nb := t.bins(bin)
	raw := make([]float64, nb)
	for _, s := range t.Times {
		for _, x := range s {
			raw[t.binOf(x, bin, nb)] += 1 / bin
		}
	}
	times = make([]float64, nb)
	for k := range times {
		times[k] = t.Start + (float64(k)+0.5)*bin
	}
	return times, smooth(raw, sigma/bin), nil
}

// smooth convolves x with a Gaussian of standard deviation s samples,
// truncated at ±4s and normalised to sum 1, zero-padded.
func smooth(x []float64, s float64) []float64 {
	if s == 0 {
		return x
	}
	h := int(math.Ceil(4 * s))
	g := make([]float64, 2*h+1)
	var sum float64
	for k := -h; k <= h; k++ {
		g[k+h] = math.Exp(-float64(k*k) / (2 * s * s))
		sum += g[k+h]
	}
	for k := range g {
		g[k] /= sum
	}
	y := make([]float64, len(x))
	for i, v := range x {
		if v == 0 {
			continue
		}
		for k := max(-h, -i); k <= h && i+k < len(x); k++ {
			y[i+k] += v * g[k+h]
		}
	}
	return y
}

// Rates returns the firing rate of every channel in Hz over the window.
func (t *Trains) Rates() []float64 {
	r := make([]float64, len(t.Times))
	for ch, s := range t.Times {
		r[ch] = float64(len(s)) / t.Duration()
	}
	return r
}
