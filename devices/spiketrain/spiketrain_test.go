package spiketrain

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/petri-mea/petri/devices"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// burstTrains builds n channels over [0, T) with every channel firing k
// spikes in the 10 ms bin starting at each of at (s), nothing else.
func burstTrains(t *testing.T, n, k int, at []float64, T float64) *Trains {
	var times []float64
	var chans []int
	for _, a := range at {
		for ch := 0; ch < n; ch++ {
			for j := 0; j < k; j++ {
				times = append(times, a+0.001+0.008*float64(j)/float64(k))
				chans = append(chans, ch)
			}
		}
	}
	tr, err := FromTimes(times, chans, n, 0, T)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// TestBurstEdges checks a burst of 50 spikes in one 10 ms bin, 3 such
// bursts in 10 s. By hand: mean rate 150/10 s = 15 Hz; the bin's rate
// 5000 Hz smoothed by the Gaussian (σ = 2 bins, ±8 bins, weights
// exp(−k²/8)/5.0133) is 997.3·exp(−k²/8) Hz, above 4 × 15 Hz for |k| ≤ 4
// and above 15 Hz for |k| ≤ 5 (|k| = 6: 11.0 Hz). So each burst spans
// 11 bins, 110 ms, from 50 ms before its bin to 60 ms after its start.
func TestBurstEdges(t *testing.T) {
	tr := burstTrains(t, 10, 5, []float64{1, 3, 6}, 10)
	b, err := tr.Bursts(DefaultDetector())
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 3 {
		t.Fatalf("%d bursts, want 3: %+v", len(b), b)
	}
	for k, at := range []float64{1, 3, 6} {
		if !near(b[k].Start, at-0.05, 1e-9) || !near(b[k].End, at+0.06, 1e-9) {
			t.Errorf("burst %d spans [%g, %g), want [%g, %g)", k, b[k].Start, b[k].End, at-0.05, at+0.06)
		}
		if !near(b[k].Peak, at+0.005, 1e-9) || b[k].Spikes != 50 || b[k].Participation != 1 {
			t.Errorf("burst %d: peak %g s, %d spikes, participation %g; want %g, 50, 1", k, b[k].Peak, b[k].Spikes, b[k].Participation, at+0.005)
		}
		var norm float64 // the truncated kernel's sum
		for j := -8; j <= 8; j++ {
			norm += math.Exp(-float64(j*j) / 8)
		}
		if !near(b[k].PeakRate, 5000/norm, 1e-9) {
			t.Errorf("burst %d peak rate %g Hz, want 5000·g(0) = %g", k, b[k].PeakRate, 5000/norm)
		}
	}
	s, err := Summarize(tr)
	if err != nil {
		t.Fatal(err)
	}
	// IBIs 2 s and 3 s: mean 2.5, sample SD 0.7071, CV 0.2828.
	if !near(s.BurstsPerMin, 18, 1e-9) || !near(s.IBICV, math.Sqrt(0.5)/2.5, 1e-9) ||
		!near(s.InBursts, 100, 1e-9) || !near(s.MedianBurst, 110, 1e-6) || !near(s.BurstRatio, 1, 1e-9) {
		t.Errorf("stats: %v", s)
	}
	if !near(s.Rate, 1.5, 1e-12) { // 15 spikes per channel in 10 s
		t.Errorf("rate %g Hz, want 1.5", s.Rate)
	}
	// Every channel has identical counts: correlation 1.
	if !near(s.Corr, 1, 1e-12) {
		t.Errorf("correlation %g, want 1", s.Corr)
	}
}

// TestMerge: two bursts 150 ms apart leave a 40 ms gap (each spans 110 ms)
// and merge; 400 ms apart they stay two.
func TestMerge(t *testing.T) {
	for _, c := range []struct {
		gap  float64
		want int
	}{{0.15, 1}, {0.4, 2}} {
		tr := burstTrains(t, 10, 5, []float64{2, 2 + c.gap}, 10)
		b, err := tr.Bursts(DefaultDetector())
		if err != nil {
			t.Fatal(err)
		}
		if len(b) != c.want {
			t.Errorf("bursts %g s apart: %d bursts, want %d", c.gap, len(b), c.want)
		}
	}
	d := DefaultDetector()
	d.Merge = 0
	tr := burstTrains(t, 10, 5, []float64{2, 2.15}, 10)
	if b, _ := tr.Bursts(d); len(b) != 2 {
		t.Errorf("Merge 0: %d bursts 150 ms apart, want 2", len(b))
	}
}

// TestParticipationAndSilent: half the active channels fire in the second
// burst; a silent channel counts neither as active nor in correlations.
func TestParticipationAndSilent(t *testing.T) {
	var times []float64
	var chans []int
	for ch := 0; ch < 10; ch++ {
		for j := 0; j < 5; j++ {
			times = append(times, 1.001+0.001*float64(j))
			chans = append(chans, ch)
			if ch < 5 {
				times = append(times, 4.001+0.001*float64(j))
				chans = append(chans, ch)
			}
		}
	}
	tr, err := FromTimes(times, chans, 11, 0, 10) // channel 10 silent
	if err != nil {
		t.Fatal(err)
	}
	b, _ := tr.Bursts(DefaultDetector())
	if len(b) != 2 || b[0].Participation != 1 || b[1].Participation != 0.5 {
		t.Fatalf("bursts %+v; want participation 1 then 0.5", b)
	}
	c, ch, err := tr.Correlation(0.01)
	if err != nil {
		t.Fatal(err)
	}
	if len(ch) != 10 || c.SymmetricDim() != 10 {
		t.Fatalf("correlation over %v; want channels 0..9 (10 silent)", ch)
	}
	// Channels 0..4 have counts 5 in two bins, 5..9 in one: within each
	// group r = 1; across, over 1000 bins, r = (1000·25 − 10·5)/… computed:
	x := make([]float64, 1000)
	y := make([]float64, 1000)
	x[100], x[400] = 5, 5
	y[100] = 5
	want := pearson(x, y)
	if !near(c.At(0, 1), 1, 1e-12) || !near(c.At(0, 9), want, 1e-12) {
		t.Errorf("r(0,1) = %g, r(0,9) = %g; want 1, %g", c.At(0, 1), c.At(0, 9), want)
	}
	s, _ := Summarize(tr)
	if s.Active != 10 || s.Channels != 11 || !near(s.Rate, 0.75, 1e-12) {
		t.Errorf("active %d of %d, rate %g; want 10 of 11, mean of 1.0 and 0.5 Hz", s.Active, s.Channels, s.Rate)
	}
}

func pearson(x, y []float64) float64 {
	var mx, my float64
	for k := range x {
		mx += x[k]
		my += y[k]
	}
	mx /= float64(len(x))
	my /= float64(len(y))
	var sxy, sxx, syy float64
	for k := range x {
		sxy += (x[k] - mx) * (y[k] - my)
		sxx += (x[k] - mx) * (x[k] - mx)
		syy += (y[k] - my) * (y[k] - my)
	}
	return sxy / math.Sqrt(sxx*syy)
}

// TestISICV: a regular train has CV 0; intervals alternating 1 and 3 s have
// mean 2 and sample SD sqrt(4·n/(n−1))... checked on 5 intervals
// (1,3,1,3,1): mean 1.8, SD sqrt(4.8/4) = 1.0954, CV 0.6086; a Poisson
// train of 20,000 spikes has CV 1 within 3 %.
func TestISICV(t *testing.T) {
	reg := []float64{0, 1, 2, 3, 4, 5}
	alt := []float64{0, 1, 4, 5, 8, 9}
	rng := rand.New(rand.NewPCG(1, 2))
	var poi []float64
	x := 0.0
	for range 20000 {
		x += rng.ExpFloat64()
		poi = append(poi, x)
	}
	var times []float64
	var chans []int
	for ch, s := range [][]float64{reg, alt, poi, {1}} {
		for _, v := range s {
			times = append(times, v)
			chans = append(chans, ch)
		}
	}
	tr, err := FromTimes(times, chans, 4, 0, x+1)
	if err != nil {
		t.Fatal(err)
	}
	cv := tr.ISICV()
	if cv[0] != 0 || !near(cv[1], math.Sqrt(4.8/4)/1.8, 1e-12) || !near(cv[2], 1, 0.03) || !math.IsNaN(cv[3]) {
		t.Errorf("ISI CVs %v; want 0, 0.6086, ≈1, NaN", cv)
	}
}

// TestSameFromTicksAndTimes: trains from device ticks equal trains from
// the same spikes as times and channels (one code path for all inputs).
func TestSameFromTicksAndTimes(t *testing.T) {
	times, chans := synthetic(3, 32, 30)
	var ticks []*devices.Tick
	k := 0
	for i := 0; i < 300; i++ {
		tk := &devices.Tick{Index: i, Start: 0.1 * float64(i), End: 0.1 * float64(i+1), Channels: 32}
		for k < len(times) && times[k] < tk.End {
			tk.Spikes = append(tk.Spikes, devices.Spike{Channel: chans[k], Electrode: 100 + chans[k], Time: times[k]})
			k++
		}
		ticks = append(ticks, tk)
	}
	a, err := FromTicks(ticks)
	if err != nil {
		t.Fatal(err)
	}
	b, err := FromTimes(times, chans, 32, 0, 30)
	if err != nil {
		t.Fatal(err)
	}
	sa, _ := Summarize(a)
	sb, _ := Summarize(b)
	if sa.String() != sb.String() || a.Electrode[5] != 105 {
		t.Errorf("ticks and times differ:\n%v\n%v", sa, sb)
	}
	if len(sa.Bursts) < 5 {
		t.Errorf("synthetic culture gave %d bursts in 30 s; the helper should burst every ~2 s", len(sa.Bursts))
	}
}

func TestBadInput(t *testing.T) {
	if _, err := FromTimes([]float64{1}, []int{3}, 2, 0, 10); err == nil {
		t.Error("channel 3 of 2 accepted")
	}
	if _, err := FromTimes([]float64{math.NaN()}, []int{0}, 1, 0, 10); err == nil {
		t.Error("NaN time accepted")
	}
	if _, err := FromTimes(nil, nil, 1, 5, 5); err == nil {
		t.Error("empty window accepted")
	}
	tr, _ := FromTimes(nil, nil, 1, 0, 1)
	d := DefaultDetector()
	d.Bin = 0
	if _, err := tr.Bursts(d); err == nil {
		t.Error("Bin 0 accepted")
	}
	if b, err := tr.Bursts(DefaultDetector()); err != nil || len(b) != 0 {
		t.Errorf("silent trains: %v, %v; want no bursts, no error", b, err)
	}
	if _, _, err := tr.Correlation(0.01); err == nil {
		t.Error("correlation of silent trains gave no error")
	}
}

// synthetic returns a fixed-seed culture-like recording: n channels firing
// Poisson at 1 Hz, plus network bursts at exponential intervals (mean 2 s)
// in which each channel fires a Poisson number (mean 3) of spikes spread
// over ~100 ms. Sorted by time.
func synthetic(seed uint64, n int, T float64) ([]float64, []int) {
	rng := rand.New(rand.NewPCG(seed, 7))
	type sp struct {
		t  float64
		ch int
	}
	var all []sp
	for ch := 0; ch < n; ch++ {
		for x := rng.ExpFloat64(); x < T; x += rng.ExpFloat64() {
			all = append(all, sp{x, ch})
		}
	}
	for b := 0.5 + 2*rng.ExpFloat64(); b < T-0.5; b += 0.3 + 2*rng.ExpFloat64() {
		for ch := 0; ch < n; ch++ {
			for j := 0; j < 6; j++ {
				if rng.Float64() < 0.5 {
					all = append(all, sp{b + 0.1*rng.Float64(), ch})
				}
			}
		}
	}
	sortBy(all, func(a, b sp) bool { return a.t < b.t })
	times := make([]float64, len(all))
	chans := make([]int, len(all))
	for k, s := range all {
		times[k], chans[k] = s.t, s.ch
	}
	return times, chans
}

func BenchmarkSummarize(b *testing.B) {
	for _, c := range []struct {
		name string
		n    int
		T    float64
	}{{"60ch-600s", 60, 600}, {"1024ch-60s", 1024, 60}} {
		b.Run(c.name, func(b *testing.B) {
			times, chans := synthetic(1, c.n, c.T)
			b.ResetTimer()
			for b.Loop() {
				tr, _ := FromTimes(times, chans, c.n, 0, c.T)
				if _, err := Summarize(tr); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(times)), "spikes")
		})
	}
}

func sortBy[T any](x []T, less func(a, b T) bool) {
	sort.Slice(x, func(i, j int) bool { return less(x[i], x[j]) })
}

// TestCorrelationMatchesDense: the sparse sums give the Pearson correlation
// of the dense count rows.
func TestCorrelationMatchesDense(t *testing.T) {
	times, chans := synthetic(5, 12, 20)
	tr, _ := FromTimes(times, chans, 12, 0, 20)
	for _, bin := range []float64{0.01, 0.05, 0.3} {
		c, ch, err := tr.Correlation(bin)
		if err != nil {
			t.Fatal(err)
		}
		m, _ := tr.Counts(bin)
		for i := range ch {
			for j := range ch {
				if want := pearson(m.RawRowView(ch[i]), m.RawRowView(ch[j])); !near(c.At(i, j), want, 1e-12) {
					t.Fatalf("bin %g: r(%d,%d) = %g, dense %g", bin, i, j, c.At(i, j), want)
				}
			}
		}
	}
}

func TestPool(t *testing.T) {
	tr, _ := FromTimes([]float64{0.5, 0.1, 0.3, 0.2}, []int{0, 1, 2, 3}, 4, 0, 1)
	p, err := tr.Pool([]int{1, 0, 1, -1})
	if err != nil {
		t.Fatal(err)
	}
	if p.Channels() != 2 || len(p.Times[0]) != 1 || p.Times[1][0] != 0.3 || p.Times[1][1] != 0.5 {
		t.Errorf("pooled %v; want [[0.1] [0.3 0.5]]", p.Times)
	}
	if _, err := tr.Pool([]int{0}); err == nil {
		t.Error("1 group for 4 channels accepted")
	}
}
