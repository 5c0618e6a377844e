// Command papertable runs the closed-loop experiment of Sono, Yamamoto et al.
// (PNAS 2026) on the simulated culture over conditions and seeds and prints
// the results table of the README (median [min, max] over seeds).
//
//	go run ./bench/papertable -seeds 5 -jobs 2 -out table.jsonl
//
// Each finished run is appended to -out as one JSON line, and a rerun skips
// the runs already there, so an interrupted table resumes where it stopped.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"os/signal"
	"strings"
	"sync"

	"github.com/petri-mea/petri/reservoir/paper"
)

func main() {
	seeds := flag.Int("seeds", 5, "seeds per condition (1, 2, …)")
	jobs := flag.Int("jobs", 2, "runs at once")
	out := flag.String("out", "papertable.jsonl", "results, one JSON line per run (resumable)")
	quick := flag.Bool("quick", false, "the notebooks' quick settings")
	set := flag.String("set", "all", "which conditions: topologies, targets, paper-state, fast-tick, multi-scale, or all")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	s := paper.DefaultSettings()
	if *quick {
		s = s.Quick()
	}
	var sd []uint64
	for i := 1; i <= *seeds; i++ {
		sd = append(sd, uint64(i))
	}
	type job struct {
		c     paper.Condition
		s     paper.Settings
		state string
	}
	var todo []job
	add := func(tops, targets []string, fb []bool, st paper.Settings, state string) {
		conds, err := paper.Grid(tops, targets, fb, sd)
		if err != nil {
			fail(err)
		}
		for _, c := range conds {
			todo = append(todo, job{c, st, state})
		}
	}
	if *set == "all" || *set == "topologies" {
		add(paper.Topologies, []string{"sine 10"}, []bool{true, false}, s, "two-scale")
	}
	if *set == "all" || *set == "targets" {
		add([]string{paper.Lattice}, []string{"sine 4", "sine 30", "triangle 10", "square 10", "lorenz"}, []bool{true}, s, "two-scale")
	}
	if *set == "all" || *set == "paper-state" {
		add([]string{paper.Lattice}, []string{"sine 10"}, []bool{true}, s.Paper(), "paper")
	}
	if *set == "all" || *set == "multi-scale" {
		multi := s
		multi.Scales = []float64{0.3, 1, 3}
		add([]string{paper.Lattice}, []string{"sine 10", "triangle 10", "square 10"}, []bool{true}, multi, "scales 0.3, 1, 3")
	}
	if *set == "all" || *set == "fast-tick" {
		fast := s
		fast.Period = 0.1
		add([]string{paper.Lattice}, []string{"sine 4"}, []bool{true}, fast, "tick 0.1 s")
	}

	type line struct {
		State  string
		Result paper.Result
	}
	key := func(state string, c paper.Condition) string { return state + "|" + c.String() }
	done := map[string]line{}
	if f, err := os.Open(*out); err == nil {
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var l line
			if json.Unmarshal(sc.Bytes(), &l) == nil {
				l.Result = nullToNaN(l.Result)
				done[key(l.State, l.Result.Condition)] = l
			}
		}
		f.Close()
	}
	f, err := os.OpenFile(*out, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		fail(err)
	}
	defer f.Close()
	var mu sync.Mutex
	work := make(chan job)
	var wg sync.WaitGroup
	for w := 0; w < *jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				run, err := paper.Run(ctx, j.c, j.s)
				if err != nil {
					fmt.Fprintf(os.Stderr, "%s: %v\n", j.c, err)
					continue
				}
				r := paper.Measure(j.c, run)
				b, _ := json.Marshal(line{j.state, nanToNull(r)})
				mu.Lock()
				f.Write(append(b, '\n'))
				done[key(j.state, j.c)] = line{j.state, r}
				fmt.Fprintf(os.Stderr, "%-9s %-55s train %.3f test %.3f open %.3f\n", j.state, j.c, r.TrainR, r.TestR, r.OpenR)
				mu.Unlock()
			}
		}()
	}
	for _, j := range todo {
		if _, ok := done[key(j.state, j.c)]; ok {
			continue
		}
		select {
		case work <- j:
		case <-ctx.Done():
		}
	}
	close(work)
	wg.Wait()
	for _, state := range []string{"two-scale", "paper", "tick 0.1 s", "scales 0.3, 1, 3"} {
		var rs []paper.Result
		for _, j := range todo {
			if l, ok := done[key(state, j.c)]; ok && j.state == state {
				rs = append(rs, l.Result)
			}
		}
		if len(rs) == 0 {
			continue
		}
		fmt.Printf("\nstate: %s\n\n%s", state, paper.Table(paper.Summarize(rs)))
		for _, r := range rs {
			if r.Lorenz != nil {
				fmt.Printf("lorenz seed %d: %v\n", r.Seed, r.Lorenz)
			}
		}
	}
}

// nanToNull keeps NaN out of JSON (encoding/json refuses it): NaN becomes
// -2, outside every statistic's range; nullToNaN reads it back.
func nanToNull(r paper.Result) paper.Result {
	for _, p := range []*float64{&r.TrainR, &r.TestR, &r.TestNRMSE, &r.OpenR, &r.ShuffledR, &r.Rate, &r.RankTest, &r.RankOpen} {
		if math.IsNaN(*p) {
			*p = -2
		}
	}
	return r
}

func nullToNaN(r paper.Result) paper.Result {
	for _, p := range []*float64{&r.TrainR, &r.TestR, &r.TestNRMSE, &r.OpenR, &r.ShuffledR, &r.Rate, &r.RankTest, &r.RankOpen} {
		if *p == -2 {
			*p = math.NaN()
		}
	}
	return r
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, strings.TrimSpace(err.Error()))
	os.Exit(1)
}
