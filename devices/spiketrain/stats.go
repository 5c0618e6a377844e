package spiketrain

import (
	"fmt"
	"math"
	"strings"
)

// Stats summarises a recording: the statistics of DESIGN.md's "Real
// cultures", measured the same way on any input. Scalars first (the table
// String prints), then the plain data they come from, ready to plot.
type Stats struct {
	Duration      float64 // s, the window analysed
	Channels      int     // channels (electrodes, or neurons for ground truth)
	Active        int     // channels with at least one spike
	Spikes        int     // spikes in the window
	Rate          float64 // Hz, mean firing rate per active channel
	BurstsPerMin  float64 // network bursts per minute
	MedianBurst   float64 // ms, median burst length
	MeanBurst     float64 // ms, mean burst length
	BurstRatio    float64 // mean / median burst length (1: all alike; real cultures ≈ 2.6)
	IBICV         float64 // CV of the inter-burst intervals (start to start)
	InBursts      float64 // %, of all spikes, in bursts
	ISICV         float64 // mean over channels of the ISI CV (channels with ≥ 3 spikes)
	Corr          float64 // mean pairwise Pearson correlation of spike counts in CorrBin bins, channels whose counts vary
	Participation float64 // mean over bursts of the fraction of active channels firing in them

	Detector Detector  // the burst detector used
	CorrBin  float64   // s
	Rates    []float64 // Hz, per channel (silent ones 0)
	ISICVs   []float64 // per channel, NaN below 3 spikes
	Bursts   []Burst
	Lengths  []float64 // ms, per burst
	IBIs     []float64 // s, between consecutive burst starts
}

// Summarize returns the Stats of t with the project's burst detector
// (DefaultDetector) and count correlations at 10 ms.
func Summarize(t *Trains) (*Stats, error) { return t.Stats(DefaultDetector(), 0.010) }

// Stats returns the Stats of t, with bursts from d and count correlations
// in bins of corrBin s. Statistics that need what the data lack (bursts for
// burst lengths, two bursts for the IBI CV, two varying channels for a
// correlation) are NaN.
func (t *Trains) Stats(d Detector, corrBin float64) (*Stats, error) {
	if len(t.Times) == 0 {
		return nil, errNoChannels
	}
	if !(t.Duration() > 0) {
		return nil, fmt.Errorf("spiketrain: window [%g, %g) s is empty", t.Start, t.End)
	}
	if err := checkBin("Stats corrBin", corrBin); err != nil {
		return nil, err
	}
	b, err := t.Bursts(d)
	if err != nil {
		return nil, err
	}
	s := &Stats{Duration: t.Duration(), Channels: len(t.Times), Active: len(t.Active()), Spikes: t.Spikes(),
		Detector: d, CorrBin: corrBin, Rates: t.Rates(), ISICVs: t.ISICV(), Bursts: b, IBIs: IBIs(b)}
	var active []float64
	for _, r := range s.Rates {
		if r > 0 {
			active = append(active, r)
		}
	}
	s.Rate = Mean(active)
	if s.Active == 0 {
		s.Rate = 0
	}
	s.BurstsPerMin = float64(len(b)) / s.Duration * 60
	s.Lengths = Durations(b)
	var part []float64
	for k := range s.Lengths {
		s.Lengths[k] *= 1000
		part = append(part, b[k].Participation)
	}
	s.MedianBurst = Median(s.Lengths)
	s.MeanBurst = Mean(s.Lengths)
	s.BurstRatio = s.MeanBurst / s.MedianBurst
	s.IBICV = CV(s.IBIs)
	s.InBursts = 100 * t.InBursts(b)
	s.ISICV = Mean(s.ISICVs)
	s.Participation = Mean(part)
	s.Corr = math.NaN()
	if c, _, err := t.Correlation(corrBin); err == nil {
		s.Corr = MeanCorrelation(c)
	}
	return s, nil
}

// row is one line of the Stats table.
type row struct {
	name, unit, format string
	get                func(*Stats) float64
}

var rows = []row{
	{"rate per channel", "Hz", "%.2f", func(s *Stats) float64 { return s.Rate }},
	{"bursts per minute", "1/min", "%.1f", func(s *Stats) float64 { return s.BurstsPerMin }},
	{"median burst", "ms", "%.0f", func(s *Stats) float64 { return s.MedianBurst }},
	{"mean/median burst", "", "%.2f", func(s *Stats) float64 { return s.BurstRatio }},
	{"IBI CV", "", "%.2f", func(s *Stats) float64 { return s.IBICV }},
	{"spikes in bursts", "%", "%.0f", func(s *Stats) float64 { return s.InBursts }},
	{"ISI CV", "", "%.2f", func(s *Stats) float64 { return s.ISICV }},
	{"count correlation", "", "%.2f", func(s *Stats) float64 { return s.Corr }},
	{"burst participation", "", "%.2f", func(s *Stats) float64 { return s.Participation }},
}

// Names returns the names of the statistics in the order of Values and of
// the table.
func Names() []string {
	n := make([]string, len(rows))
	for k, r := range rows {
		n[k] = r.name
	}
	return n
}

// Values returns the scalar statistics in the order of Names.
func (s *Stats) Values() []float64 {
	v := make([]float64, len(rows))
	for k, r := range rows {
		v[k] = r.get(s)
	}
	return v
}

func (r row) label(s *Stats) string {
	l := r.name
	if r.name == "count correlation" && s != nil {
		l = fmt.Sprintf("count correlation (%g ms)", s.CorrBin*1000)
	}
	if r.unit != "" {
		l += " (" + r.unit + ")"
	}
	return l
}

// Table returns the statistics as rows of text under a header, for
// display.Table.
func (s *Stats) Table() [][]string { return Compare([]string{"value"}, []*Stats{s}) }

// Compare returns the statistics of several recordings side by side (one
// column each, headed by names), for display.Table or printing.
func Compare(names []string, stats []*Stats) [][]string {
	if len(names) != len(stats) {
		panic(fmt.Sprintf("spiketrain.Compare: %d names for %d Stats", len(names), len(stats)))
	}
	var ref *Stats
	if len(stats) > 0 {
		ref = stats[0]
	}
	out := [][]string{append([]string{"statistic"}, names...)}
	for _, r := range rows {
		line := []string{r.label(ref)}
		for _, s := range stats {
			line = append(line, fmt.Sprintf(r.format, r.get(s)))
		}
		out = append(out, line)
	}
	return out
}

// String prints the statistics as an aligned table.
func (s *Stats) String() string {
	return fmt.Sprintf("%d channels (%d active), %d spikes in %.1f s, %d bursts\n", s.Channels, s.Active, s.Spikes, s.Duration, len(s.Bursts)) +
		Format(s.Table())
}

// Format aligns rows of text (as from Table or Compare) into columns.
func Format(table [][]string) string {
	var w []int
	for _, line := range table {
		for k, c := range line {
			if k >= len(w) {
				w = append(w, 0)
			}
			w[k] = max(w[k], len([]rune(c)))
		}
	}
	var b strings.Builder
	for _, line := range table {
		for k, c := range line {
			pad := strings.Repeat(" ", w[k]-len([]rune(c)))
			if k == 0 {
				b.WriteString(c + pad)
			} else {
				b.WriteString("  " + pad + c)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// MedianOf returns the median over recordings of each scalar statistic (for
// example over the wells of a plate, as DESIGN.md reports the Axion plate);
// the plain-data slices of the result are empty.
func MedianOf(stats []*Stats) *Stats {
	if len(stats) == 0 {
		return &Stats{}
	}
	m := &Stats{Detector: stats[0].Detector, CorrBin: stats[0].CorrBin}
	col := func(f func(*Stats) float64) float64 {
		v := make([]float64, len(stats))
		for k, s := range stats {
			v[k] = f(s)
		}
		return Median(v)
	}
	m.Duration = col(func(s *Stats) float64 { return s.Duration })
	m.Rate = col(func(s *Stats) float64 { return s.Rate })
	m.BurstsPerMin = col(func(s *Stats) float64 { return s.BurstsPerMin })
	m.MedianBurst = col(func(s *Stats) float64 { return s.MedianBurst })
	m.MeanBurst = col(func(s *Stats) float64 { return s.MeanBurst })
	m.BurstRatio = col(func(s *Stats) float64 { return s.BurstRatio })
	m.IBICV = col(func(s *Stats) float64 { return s.IBICV })
	m.InBursts = col(func(s *Stats) float64 { return s.InBursts })
	m.ISICV = col(func(s *Stats) float64 { return s.ISICV })
	m.Corr = col(func(s *Stats) float64 { return s.Corr })
	m.Participation = col(func(s *Stats) float64 { return s.Participation })
	for _, s := range stats {
		m.Channels += s.Channels
		m.Active += s.Active
		m.Spikes += s.Spikes
	}
	return m
}
