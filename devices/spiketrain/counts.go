package spiketrain

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Counts returns the spike counts of every channel in bins of bin s: row
// ch, column k counts the spikes of channel ch in [Start + k·bin,
// Start + (k+1)·bin).
func (t *Trains) Counts(bin float64) (*mat.Dense, error) {
	if err := checkBin("Counts bin", bin); err != nil {
		return nil, err
	}
	nb := t.bins(bin)
	if len(t.Times) == 0 {
		return nil, errNoChannels
	}
	m := mat.NewDense(len(t.Times), nb, nil)
	for ch, s := range t.Times {
		row := m.RawRowView(ch)
		for _, x := range s {
			row[t.binOf(x, bin, nb)]++
		}
	}
	return m, nil
}

// Correlation returns the Pearson correlation matrix of the spike counts in
// bins of bin s, over the channels whose counts vary (a silent channel, or
// one with the same count in every bin, has no correlation: it is left out,
// and channels says which channels the rows and columns are).
//
// Counts are sparse, so the sums of products run over the bins where both
// channels fire (cost Σ over bins of the square of the channels firing in
// it), in integers held exactly in float64:
// r = (B·Σxy − ΣxΣy) / √((B·Σx² − (Σx)²)(B·Σy² − (Σy)²)) for B bins.
func (t *Trains) Correlation(bin float64) (c *mat.SymDense, channels []int, err error) {
	if err := checkBin("Correlation bin", bin); err != nil {
		return nil, nil, err
	}
	if len(t.Times) == 0 {
		return nil, nil, errNoChannels
	}
	nb := t.bins(bin)
	// Per bin, the channels firing in it and their counts, in channel
	// order: one pass to size the bins, one to fill them.
	type entry struct {
		ch  int32
		cnt float64
	}
	runs := func(visit func(ch, b, cnt int)) {
		for ch, s := range t.Times {
			for i := 0; i < len(s); {
				b := t.binOf(s[i], bin, nb)
				j := i + 1
				for j < len(s) && t.binOf(s[j], bin, nb) == b {
					j++
				}
				visit(ch, b, j-i)
				i = j
			}
		}
	}
	first := make([]int32, nb+1)
	sum := make([]float64, len(t.Times))
	runs(func(ch, b, cnt int) { first[b+1]++; sum[ch] += float64(cnt) })
	for b := 0; b < nb; b++ {
		first[b+1] += first[b]
	}
	byBin := make([]entry, first[nb])
	fill := append([]int32(nil), first[:nb]...)
	runs(func(ch, b, cnt int) { byBin[fill[b]] = entry{int32(ch), float64(cnt)}; fill[b]++ })
	n := len(t.Times)
	prod := make([]float64, n*n) // upper triangle: Σ over bins of x_a·x_b
	for b := 0; b < nb; b++ {
		es := byBin[first[b]:first[b+1]]
		for i, ea := range es {
			row := prod[int(ea.ch)*n:]
			for _, eb := range es[i:] {
				row[eb.ch] += ea.cnt * eb.cnt
			}
		}
	}
	B := float64(nb)
	for ch := 0; ch < n; ch++ {
		if B*prod[ch*n+ch]-sum[ch]*sum[ch] > 0 {
			channels = append(channels, ch)
		}
	}
	if len(channels) == 0 {
		return nil, nil, errNoVariance
	}
	c = mat.NewSymDense(len(channels), nil)
	for i, a := range channels {
		va := B*prod[a*n+a] - sum[a]*sum[a]
		c.SetSym(i, i, 1)
		for j := i + 1; j < len(channels); j++ {
			b := channels[j]
			vb := B*prod[b*n+b] - sum[b]*sum[b]
			r := (B*prod[a*n+b] - sum[a]*sum[b]) / math.Sqrt(va*vb)
			c.SetSym(i, j, math.Max(-1, math.Min(1, r)))
		}
	}
	return c, channels, nil
}

// MeanCorrelation returns the mean of the off-diagonal entries of a
// correlation matrix (NaN for fewer than two channels).
func MeanCorrelation(c mat.Symmetric) float64 {
	n := c.SymmetricDim()
	if n < 2 {
		return math.NaN()
	}
	var sum float64
	for a := 0; a < n; a++ {
		for b := a + 1; b < n; b++ {
			sum += c.At(a, b)
		}
	}
	return sum / float64(n*(n-1)/2)
}

// ISICV returns the coefficient of variation (sample SD / mean) of the
// inter-spike intervals of every channel, NaN for channels with fewer than
// three spikes (two intervals).
func (t *Trains) ISICV() []float64 {
	cv := make([]float64, len(t.Times))
	for ch, s := range t.Times {
		if len(s) < 3 {
			cv[ch] = math.NaN()
			continue
		}
		isi := make([]float64, len(s)-1)
		for k := range isi {
			isi[k] = s[k+1] - s[k]
		}
		cv[ch] = CV(isi)
	}
	return cv
}

// CV returns the coefficient of variation of x: the sample standard
// deviation (n − 1 in the denominator) over the mean; NaN for fewer than two
// values or a zero mean.
func CV(x []float64) float64 {
	if len(x) < 2 {
		return math.NaN()
	}
	var m float64
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	if m == 0 {
		return math.NaN()
	}
	var ss float64
	for _, v := range x {
		ss += (v - m) * (v - m)
	}
	return math.Sqrt(ss/float64(len(x)-1)) / m
}

// Median returns the median of the values of x that are not NaN (NaN if
// there are none); x is not changed.
func Median(x []float64) float64 {
	v := finite(x)
	if len(v) == 0 {
		return math.NaN()
	}
	sortFloats(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

// Mean returns the mean of the values of x that are not NaN (NaN if there
// are none).
func Mean(x []float64) float64 {
	v := finite(x)
	if len(v) == 0 {
		return math.NaN()
	}
	var s float64
	for _, a := range v {
		s += a
	}
	return s / float64(len(v))
}

func finite(x []float64) []float64 {
	v := make([]float64, 0, len(x))
	for _, a := range x {
		if !math.IsNaN(a) {
			v = append(v, a)
		}
	}
	return v
}
