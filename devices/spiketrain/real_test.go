package spiketrain_test

import (
	"math"
	"sort"
	"testing"

	"github.com/petri-mea/petri/devices/axion"
	"github.com/petri-mea/petri/devices/nex"
	"github.com/petri-mea/petri/devices/spiketrain"
)

// The real cultures of ../shared/data, summarised with the project's burst
// detector, against the numbers DESIGN.md ("Real cultures") gives for
// them, measured by the author with the same detector. TC89
// reproduces within 5 %: rate 3.87 Hz, 11.2 bursts/min, 215 ms, IBI CV
// 1.27, 96 %, ISI CV 6.51 (mean over channels; the median gives 7.1, so
// DESIGN.md's ISI CV is the mean), correlation 0.55 — and mean/median burst
// 2.61 (DESIGN.md ≈ 2.6). The Axion plate (median over the 20 wells with
// spikes, each well analysed alone) lands within 15 %: 5.36 Hz vs 5.6,
// 7.3 vs 6.8 bursts/min, 580 vs 582 ms, IBI CV 0.73 vs 0.65, 84 %, ISI CV
// 3.36 vs 3.6, correlation 0.33 vs 0.34. The Axion differences are in how
// the plate is summarised, not in the detector (median burst and % in
// bursts agree): DESIGN.md does not say over which wells or electrodes its
// median runs, nor the exact window; variants tried (IBIs peak to peak,
// median ISI CV, median rate over electrodes) do not close the gap.

const (
	tc89Path  = "../../../shared/data/sjemea-hippocampal-tc89/TC89_DIV15_A.nexTimestamps"
	axionPath = "../../../shared/data/meartools-axion48-cortical/exampleRecording_1012016_plate1_DIV3_spike_list.csv.gz"
)

// TC89 returns the Stats of the sjemea TC89 culture (59 electrodes).
func TC89(t testing.TB) *spiketrain.Stats {
	rec, err := nex.Read(tc89Path)
	if err != nil {
		t.Skipf("no TC89 data (%v); CI places ../shared beside the clone", err)
	}
	tr, err := spiketrain.FromRecording(rec)
	if err != nil {
		t.Fatal(err)
	}
	s, err := spiketrain.Summarize(tr)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// AxionWells returns the Stats of every well of the meaRtools Axion plate
// that has spikes (16 electrodes each), by well name.
func AxionWells(t testing.TB) map[string]*spiketrain.Stats {
	rec, err := axion.Read(axionPath)
	if err != nil {
		t.Skipf("no Axion data (%v); CI places ../shared beside the clone", err)
	}
	tr, err := spiketrain.FromRecording(rec)
	if err != nil {
		t.Fatal(err)
	}
	l := rec.Meta.Layout
	byWell := map[string][]int{} // channels of each well
	for ch, e := range rec.Meta.Routing {
		byWell[l.Group(e)] = append(byWell[l.Group(e)], ch)
	}
	out := map[string]*spiketrain.Stats{}
	for w, chans := range byWell {
		sub, err := tr.Subset(chans)
		if err != nil {
			t.Fatal(err)
		}
		if sub.Spikes() == 0 {
			continue
		}
		if out[w], err = spiketrain.Summarize(sub); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func TestRealCultures(t *testing.T) {
	tc := TC89(t)
	wells := AxionWells(t)
	var names []string
	for w := range wells {
		names = append(names, w)
	}
	sort.Strings(names)
	var all []*spiketrain.Stats
	for _, w := range names {
		all = append(all, wells[w])
	}
	ax := spiketrain.MedianOf(all)
	t.Logf("TC89:\n%v", tc)
	t.Logf("Axion, median over %d wells:\n%s", len(all), spiketrain.Format(spiketrain.Compare([]string{"TC89", "Axion median"}, []*spiketrain.Stats{tc, ax})))
	for _, w := range names {
		t.Logf("%s %v", w, wells[w].Values())
	}
	for _, c := range []struct {
		name      string
		got, want float64
		tol       float64 // relative
	}{
		{"TC89 rate per electrode (Hz)", tc.Rate, 3.9, 0.05},
		{"TC89 bursts/min", tc.BurstsPerMin, 11, 0.05},
		{"TC89 median burst (ms)", tc.MedianBurst, 215, 0.05},
		{"TC89 mean/median burst", tc.BurstRatio, 2.6, 0.05},
		{"TC89 IBI CV", tc.IBICV, 1.27, 0.05},
		{"TC89 % spikes in bursts", tc.InBursts, 96, 0.05},
		{"TC89 ISI CV", tc.ISICV, 6.5, 0.05},
		{"TC89 count correlation 10 ms", tc.Corr, 0.55, 0.05},
		{"Axion rate per electrode (Hz)", ax.Rate, 5.6, 0.15},
		{"Axion bursts/min", ax.BurstsPerMin, 6.8, 0.15},
		{"Axion median burst (ms)", ax.MedianBurst, 582, 0.15},
		{"Axion IBI CV", ax.IBICV, 0.65, 0.15},
		{"Axion % spikes in bursts", ax.InBursts, 84, 0.15},
		{"Axion ISI CV", ax.ISICV, 3.6, 0.15},
		{"Axion count correlation 10 ms", ax.Corr, 0.34, 0.15},
	} {
		if math.Abs(c.got-c.want) > c.tol*c.want {
			t.Errorf("%s = %.3g, DESIGN.md %.3g (tolerance %.0f %%)", c.name, c.got, c.want, 100*c.tol)
		}
	}
}
