package paper

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/petri-mea/petri/reservoir"
	"github.com/petri-mea/petri/reservoir/force"
)

// Result is what one run of a condition measured.
type Result struct {
	Condition
	TrainR, TestR float64 // output 0 vs target: training, autonomous test
	TestNRMSE     float64
	OpenR         float64 // the frozen readout with feedback off (NaN if not run)
	ShuffledR     float64 // … and with shuffled feedback
	Rate          float64 // Hz per channel in the test
	RankTest      float64 // effective rank of the kept channels' states in the test
	RankOpen      float64 // … with feedback off
	Lorenz        *Attractor
}

// Measure reads a Result off a run of c.
func Measure(c Condition, run *force.Run) Result {
	r := Result{Condition: c, TrainR: run.Corr("train", 0), TestR: run.Corr("test", 0), TestNRMSE: run.NRMSE("test", 0),
		OpenR: run.Corr("open", 0), ShuffledR: run.Corr("shuffled", 0), RankTest: math.NaN(), RankOpen: math.NaN()}
	for _, s := range run.Summary() {
		if s.Phase == "test" {
			r.Rate = s.Rate
		}
	}
	if m := run.StateMatrix("test"); m != nil {
		if v, err := reservoir.EffectiveRank(m); err == nil {
			r.RankTest = v
		}
	}
	if m := run.StateMatrix("open"); m != nil {
		if v, err := reservoir.EffectiveRank(m); err == nil {
			r.RankOpen = v
		}
	}
	if c.Target == "lorenz" && len(run.Outputs) == 3 {
		_, z, f := run.Series("test", 0)
		a := Compare(z, f)
		r.Lorenz = &a
	}
	return r
}

// Sweep runs every condition and returns a Result per condition, in order;
// hook, if not nil, is called after each with the number done. It stops at
// the first error, returning what it has.
func Sweep(ctx context.Context, conds []Condition, s Settings, hook func(done int, r Result)) ([]Result, error) {
	var out []Result
	for i, c := range conds {
		run, err := Run(ctx, c, s)
		if err != nil {
			return out, fmt.Errorf("paper: %v: %w", c, err)
		}
		r := Measure(c, run)
		out = append(out, r)
		if hook != nil {
			hook(i+1, r)
		}
	}
	return out, nil
}

// Grid returns the conditions of every topology × target × feedback × seed
// given; targets are written "sine 10", "triangle 10", "lorenz".
func Grid(topologies, targets []string, feedback []bool, seeds []uint64) ([]Condition, error) {
	var out []Condition
	for _, tp := range topologies {
		for _, tg := range targets {
			name, period := tg, 0.0
			if f := strings.Fields(tg); len(f) == 2 && f[0] != "lorenz" {
				name = f[0]
				if _, err := fmt.Sscan(f[1], &period); err != nil || !(period > 0) {
					return nil, fmt.Errorf("paper: target %q: the period must be a positive number of seconds, e.g. \"sine 10\"", tg)
				}
			} else if tg != "lorenz" {
				return nil, fmt.Errorf("paper: target %q: write a shape and a period, e.g. \"sine 10\", or \"lorenz\"", tg)
			}
			for _, fb := range feedback {
				for _, sd := range seeds {
					out = append(out, Condition{Topology: tp, Target: name, Period: period, Feedback: fb, Seed: sd})
				}
			}
		}
	}
	return out, nil
}

// Row is one line of the summary: a condition over its seeds.
type Row struct {
	Topology, Target, Feedback string
	Seeds                      int
	TrainR, TestR, TestNRMSE   Spread
	OpenR, RankTest, RankOpen  Spread
	Rate                       Spread
}

// Spread is the median and range of a statistic over seeds.
type Spread struct{ Median, Min, Max float64 }

func (s Spread) String() string {
	if math.IsNaN(s.Median) {
		return "–"
	}
	return fmt.Sprintf("%.2f [%.2f, %.2f]", s.Median, s.Min, s.Max)
}

func spread(x []float64) Spread {
	var v []float64
	for _, a := range x {
		if !math.IsNaN(a) {
			v = append(v, a)
		}
	}
	if len(v) == 0 {
		return Spread{math.NaN(), math.NaN(), math.NaN()}
	}
	sort.Float64s(v)
	med := v[len(v)/2]
	if len(v)%2 == 0 {
		med = (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	return Spread{med, v[0], v[len(v)-1]}
}

// Summarize groups results by condition (all but the seed), in the order
// they first appear, with the median and range of each statistic.
func Summarize(results []Result) []Row {
	type acc struct {
		row                                    Row
		train, test, nrmse, open, rt, ro, rate []float64
	}
	var order []string
	groups := map[string]*acc{}
	for _, r := range results {
		c := r.Condition
		c.Seed = 0
		key := c.String()
		g := groups[key]
		if g == nil {
			fb := "on"
			if !r.Feedback {
				fb = "off"
			}
			tg := r.Target
			if tg != "lorenz" {
				tg = fmt.Sprintf("%s %g s", r.Target, r.Period)
			}
			g = &acc{row: Row{Topology: r.Topology, Target: tg, Feedback: fb}}
			groups[key] = g
			order = append(order, key)
		}
		g.row.Seeds++
		g.train = append(g.train, r.TrainR)
		g.test = append(g.test, r.TestR)
		g.nrmse = append(g.nrmse, r.TestNRMSE)
		g.open = append(g.open, r.OpenR)
		g.rt = append(g.rt, r.RankTest)
		g.ro = append(g.ro, r.RankOpen)
		g.rate = append(g.rate, r.Rate)
	}
	var out []Row
	for _, k := range order {
		g := groups[k]
		g.row.TrainR, g.row.TestR, g.row.TestNRMSE = spread(g.train), spread(g.test), spread(g.nrmse)
		g.row.OpenR, g.row.RankTest, g.row.RankOpen, g.row.Rate = spread(g.open), spread(g.rt), spread(g.ro), spread(g.rate)
		out = append(out, g.row)
	}
	return out
}

// Table formats rows as a Markdown table (median [min, max] over seeds).
func Table(rows []Row) string {
	var b strings.Builder
	b.WriteString("| culture | target | feedback | seeds | train r | test r | test NRMSE | frozen, feedback off r | eff. rank test | eff. rank off | rate (Hz/ch) |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %s | %s | %d | %v | %v | %v | %v | %v | %v | %v |\n", r.Topology, r.Target, r.Feedback, r.Seeds,
			r.TrainR, r.TestR, r.TestNRMSE, r.OpenR, r.RankTest, r.RankOpen, r.Rate)
	}
	return b.String()
}
