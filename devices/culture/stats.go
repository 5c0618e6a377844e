package culture

import (
	"math"
	"math/rand/v2"
)

// Stats are the summary statistics of the Brian2 anchor's analyse(), computed
// the same way so that the two simulators compare one to one.
type Stats struct {
	Rate          float64 // Hz, mean over all neurons
	Corr          float64 // mean pairwise Pearson correlation of 50 ms spike counts
	Silent        int     // sampled neurons without any spike variance (excluded)
	BurstsPerMin  float64 // rising edges of the active fraction above 20 %
	MaxActiveFrac float64 // largest fraction of neurons active in a 100 ms window
}

// Analyse computes Stats from spikes (neuron index and time in s, times in
// [0, T)) of a network of n neurons, as analyse() in
// ../shared/anchors/culture_brian2.py: correlations over sample randomly
// chosen neurons (200 in the anchor; seed picks them), 50 ms bins, pairs
// with a silent neuron excluded; bursts from 5 ms bins and a 100 ms sliding
// window in which a neuron counts as active if it spiked, a burst starting
// each time the active fraction rises above 0.2.
func Analyse(neuron []int, t []float64, n int, T float64, sample int, seed uint64) Stats {
	var s Stats
	if n == 0 || T <= 0 {
		return s
	}
	s.Rate = float64(len(t)) / (float64(n) * T)
	// Correlations.
	sample = min(sample, n)
	rng := rand.New(rand.NewPCG(seed, 0x57a75))
	pick := rng.Perm(n)[:sample]
	slot := make([]int, n)
	for i := range slot {
		slot[i] = -1
	}
	for k, i := range pick {
		slot[i] = k
	}
	nb := int(math.Round(T / 0.05))
	cnt := make([][]float64, sample)
	for k := range cnt {
		cnt[k] = make([]float64, nb)
	}
	for k, i := range neuron {
		if j := slot[i]; j >= 0 {
			cnt[j][min(int(t[k]/0.05), nb-1)]++
		}
	}
	sd := make([]float64, sample)
	for k, c := range cnt {
		var m float64
		for _, x := range c {
			m += x
		}
		m /= float64(nb)
		var v float64
		for j := range c {
			c[j] -= m
			v += c[j] * c[j]
		}
		sd[k] = math.Sqrt(v)
		if v == 0 {
			s.Silent++
		}
	}
	var sum float64
	var pairs int
	for a := 0; a < sample; a++ {
		if sd[a] == 0 {
			continue
		}
		for b := a + 1; b < sample; b++ {
			if sd[b] == 0 {
				continue
			}
			var d float64
			ca, cb := cnt[a], cnt[b]
			for j := range ca {
				d += ca[j] * cb[j]
			}
			sum += d / (sd[a] * sd[b])
			pairs++
		}
	}
	s.Corr = math.NaN()
	if pairs > 0 {
		s.Corr = sum / float64(pairs)
	}
	// Bursts.
	const w = 20
	nb5 := int(math.Round(T / 0.005))
	last := make([]int, n) // last 5 ms bin (1-based) in which each neuron spiked
	perBin := make([][]int, nb5+1)
	for k, i := range neuron {
		b := 1 + min(int(t[k]/0.005), nb5-1)
		perBin[b] = append(perBin[b], i)
	}
	// Active in window (b-w, b] ⇔ last spike bin > b-w. Sweep b in order.
	active := 0
	expire := make([][]int, nb5+w+2)
	above, bursts := false, 0
	for b := 1; b <= nb5; b++ {
		for _, i := range expire[b] {
			if last[i] == b-w {
				active--
			}
		}
		for _, i := range perBin[b] {
			if last[i] == b {
				continue // second spike in the same bin
			}
			if last[i] == 0 || last[i] <= b-w {
				active++
			}
			last[i] = b
			expire[b+w] = append(expire[b+w], i)
		}
		if b < w {
			continue // the anchor's first window is bins 1..20
		}
		f := float64(active) / float64(n)
		s.MaxActiveFrac = max(s.MaxActiveFrac, f)
		if f > 0.2 && !above {
			bursts++
		}
		above = f > 0.2
	}
	s.BurstsPerMin = float64(bursts) * 60 / T
	return s
}
