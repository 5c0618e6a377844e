package spiketrain

import (
	"fmt"
	"math"
	"sort"
)

// Detector holds the parameters of the network-burst detector.
type Detector struct {
	Bin    float64 // s, width of the population-rate bins
	Sigma  float64 // s, standard deviation of the Gaussian smoothing
	Onset  float64 // a burst starts where the smoothed rate exceeds Onset × its mean
	Edge   float64 // and extends on both sides to where it falls to Edge × its mean
	Merge  float64 // s, bursts separated by less than this are merged
	MinDur float64 // s, bursts shorter than this are dropped (0 keeps all)
}

// DefaultDetector returns the project's one burst detector (DESIGN.md "Real
// cultures"): 10 ms bins, 20 ms Gaussian smoothing, onset at 4× the mean
// population rate, edges at 1×, bursts less than 100 ms apart merged.
func DefaultDetector() Detector {
	return Detector{Bin: 0.010, Sigma: 0.020, Onset: 4, Edge: 1, Merge: 0.100}
}

func (d Detector) check() error {
	if err := checkBin("Detector.Bin", d.Bin); err != nil {
		return err
	}
	switch {
	case !(d.Sigma >= 0) || math.IsInf(d.Sigma, 0):
		return fmt.Errorf("spiketrain: Detector.Sigma = %g s; give 0 or a positive width such as 0.02", d.Sigma)
	case !(d.Onset > 0) || math.IsInf(d.Onset, 0):
		return fmt.Errorf("spiketrain: Detector.Onset = %g; give a positive multiple of the mean rate such as 4", d.Onset)
	case !(d.Edge >= 0) || d.Edge > d.Onset:
		return fmt.Errorf("spiketrain: Detector.Edge = %g must be in [0, Onset = %g]; 1 is the default", d.Edge, d.Onset)
	case !(d.Merge >= 0) || math.IsInf(d.Merge, 0):
		return fmt.Errorf("spiketrain: Detector.Merge = %g s must be >= 0", d.Merge)
	case !(d.MinDur >= 0) || math.IsInf(d.MinDur, 0):
		return fmt.Errorf("spiketrain: Detector.MinDur = %g s must be >= 0", d.MinDur)
	}
	return nil
}

// Burst is one network burst.
type Burst struct {
	Start, End    float64 // s, edges (bin edges where the smoothed rate falls to Edge × mean)
	Peak          float64 // s, centre of the bin of the highest smoothed rate
	PeakRate      float64 // Hz, the smoothed population rate there
	Spikes        int     // spikes of all channels in [Start, End)
	Participation float64 // fraction of the active channels (≥ 1 spike in the window) that fire in the burst
}

// Duration returns End − Start in s.
func (b Burst) Duration() float64 { return b.End - b.Start }

// Bursts detects network bursts with d: the population rate of all
// channels in bins of d.Bin, smoothed with a Gaussian of d.Sigma, is
// compared with its mean over the window; every run of bins above
// d.Onset × mean is a burst core, widened on both sides over the bins still
// above d.Edge × mean; bursts that overlap or whose gap (next start − last
// end) is below d.Merge are merged. Trains without spikes have no bursts.
func (t *Trains) Bursts(d Detector) ([]Burst, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	_, r, err := t.PopulationRate(d.Bin, d.Sigma)
	if err != nil {
		return nil, err
	}
	var mean float64
	for _, v := range r {
		mean += v
	}
	mean /= float64(len(r))
	if mean == 0 {
		return nil, nil
	}
	on, edge := d.Onset*mean, d.Edge*mean
	type span struct{ lo, hi int } // bins [lo, hi)
	var spans []span
	for i := 0; i < len(r); {
		if r[i] <= on {
			i++
			continue
		}
		lo, hi := i, i
		for hi < len(r) && r[hi] > on {
			hi++
		}
		i = hi
		for lo > 0 && r[lo-1] > edge {
			lo--
		}
		for hi < len(r) && r[hi] > edge {
			hi++
		}
		gap := int(math.Ceil(d.Merge/d.Bin - 1e-9))
		if n := len(spans); n > 0 && lo-spans[n-1].hi < gap {
			spans[n-1].hi = max(spans[n-1].hi, hi)
		} else {
			spans = append(spans, span{lo, hi})
		}
		i = max(i, hi)
	}
	active := len(t.Active())
	fired := make([]bool, len(t.Times))
	var out []Burst
	for _, s := range spans {
		b := Burst{Start: t.Start + float64(s.lo)*d.Bin, End: math.Min(t.Start+float64(s.hi)*d.Bin, t.End)}
		if b.Duration() < d.MinDur {
			continue
		}
		pk := s.lo
		for k := s.lo; k < s.hi; k++ {
			if r[k] > r[pk] {
				pk = k
			}
		}
		b.Peak, b.PeakRate = t.Start+(float64(pk)+0.5)*d.Bin, r[pk]
		n := 0
		for ch, x := range t.Times {
			lo := sort.SearchFloat64s(x, b.Start)
			hi := sort.SearchFloat64s(x, b.End)
			b.Spikes += hi - lo
			fired[ch] = hi > lo
			if fired[ch] {
				n++
			}
		}
		b.Participation = float64(n) / float64(active)
		out = append(out, b)
	}
	return out, nil
}

// BurstTimes returns the starts and ends of bursts as parallel slices, for
// shading them on a plot.
func BurstTimes(bursts []Burst) (start, end []float64) {
	for _, b := range bursts {
		start = append(start, b.Start)
		end = append(end, b.End)
	}
	return start, end
}

// Durations returns the length of each burst in s.
func Durations(bursts []Burst) []float64 {
	d := make([]float64, len(bursts))
	for k, b := range bursts {
		d[k] = b.Duration()
	}
	return d
}

// IBIs returns the inter-burst intervals, start to start, in s.
func IBIs(bursts []Burst) []float64 {
	if len(bursts) < 2 {
		return nil
	}
	d := make([]float64, len(bursts)-1)
	for k := range d {
		d[k] = bursts[k+1].Start - bursts[k].Start
	}
	return d
}

// InBursts returns the fraction of the spikes of t that fall inside bursts
// (NaN without spikes).
func (t *Trains) InBursts(bursts []Burst) float64 {
	n := t.Spikes()
	if n == 0 {
		return math.NaN()
	}
	var in int
	for _, b := range bursts {
		in += b.Spikes
	}
	return float64(in) / float64(n)
}
