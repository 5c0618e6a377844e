package spiketext

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// Wong et al. 1993 as shipped with meaRtools; expected values are the
// sanity numbers of ../shared/data/meartools-wong1993-retina/README.md.
const (
	dir   = "../../../shared/data/meartools-wong1993-retina/"
	times = dir + "wong1993_p0.times"
	pos   = dir + "wong1993_p0.pos"
)

func TestWong1993(t *testing.T) {
	rec, err := Read(times, pos)
	if err != nil {
		t.Fatal(err)
	}
	l := rec.Meta.Layout
	sp := rec.Spikes()
	// 39 units on 32 distinct sites; 13,336 spikes; 2.7996–1055.6153 s.
	sites := map[[2]float64]bool{}
	for e := range l.Len() {
		x, y := l.Pos(e)
		sites[[2]float64{x, y}] = true
	}
	if l.Len() != 39 || len(rec.Meta.Routing) != 39 || len(sites) != 32 {
		t.Errorf("%d units (%d routed) on %d sites, want 39 on 32", l.Len(), len(rec.Meta.Routing), len(sites))
	}
	if len(sp) != 13336 {
		t.Errorf("spikes = %d, want 13,336", len(sp))
	}
	if math.Round(sp[0].Time*1e4) != 27996 || math.Round(sp[len(sp)-1].Time*1e4) != 10556153 {
		t.Errorf("span %g–%g s, want 2.7996–1055.6153", sp[0].Time, sp[len(sp)-1].Time)
	}
	// Nearest-neighbour site distance 70.0 µm (the hexagonal pitch).
	if math.Abs(l.Pitch-70) > 1e-2 {
		t.Errorf("pitch %g µm, want 70", l.Pitch)
	}
	// Spikes per unit min / median / max 44 / 311 / 680.
	n := make([]int, 39)
	for _, s := range sp {
		n[s.Channel]++
	}
	slices.Sort(n)
	if n[0] != 44 || n[19] != 311 || n[38] != 680 {
		t.Errorf("per unit min %d median %d max %d", n[0], n[19], n[38])
	}
	// c1 sits at (70, −242.48) µm.
	if e := l.Lookup("c1"); e != 0 || l.X[0] != 70 || l.Y[0] != -242.48 {
		t.Errorf("c1 is %d at (%g, %g)", e, l.X[0], l.Y[0])
	}
	// 1 s bins with ≥ 30 % of units active: 51 bins in 19 episodes.
	active := map[int]map[int]bool{}
	for _, s := range sp {
		b := int(math.Floor(s.Time))
		if active[b] == nil {
			active[b] = map[int]bool{}
		}
		active[b][s.Channel] = true
	}
	bins, episodes := 0, 0
	for b := 0; b <= 1056; b++ {
		if float64(len(active[b])) >= 0.3*39 {
			bins++
			if float64(len(active[b-1])) < 0.3*39 {
				episodes++
			}
		}
	}
	if bins != 51 || episodes != 19 {
		t.Errorf("%d wave bins in %d episodes, want 51 in 19", bins, episodes)
	}
}

const (
	smallPos   = "\"Channel\",\"x\",\"y\"\n\"a\",0,0\n\"b\",70,0\n\"c\",70,0\n"
	smallTimes = "Channel,Time\na,0.5\na,1.5\nb,0.25\nc,1\n"
)

func TestSmall(t *testing.T) {
	rec, err := Parse(strings.NewReader(smallTimes), "t", strings.NewReader(smallPos), "p")
	if err != nil {
		t.Fatal(err)
	}
	sp := rec.Spikes()
	if len(sp) != 4 || sp[0].Channel != 1 || sp[3].Time != 1.5 || rec.Meta.Layout.Pitch != 70 || rec.Ticks[len(rec.Ticks)-1].End != 1.5 {
		t.Errorf("spikes %+v, pitch %g", sp, rec.Meta.Layout.Pitch)
	}
}

func TestBadInput(t *testing.T) {
	for _, c := range []struct{ name, times, pos, want string }{
		{"empty times", "", smallPos, "f.times is empty"},
		{"empty pos", smallTimes, "", "f.pos is empty"},
		{"truncated times", smallTimes + "c", smallPos, "f.times: line 6 does not have 2 fields"},
		{"truncated pos", smallTimes, smallPos + "\"d\",1", "f.pos: line 5 does not have 3 fields"},
		{"malformed time", strings.Replace(smallTimes, "1.5", "1,5", 1), smallPos, "f.times: line 3 does not have 2 fields"},
		{"not a number", strings.Replace(smallTimes, "1.5", "1.5s", 1), smallPos, `f.times line 3: time "1.5s" is not a number`},
		{"unknown units", strings.Replace(smallTimes, "Time", "Time_ms", 1), smallPos, `f.times line 1 field 2 is "Time_ms"; expected "Time"`},
		{"order", strings.Replace(smallTimes, "1.5", "0.4", 1), smallPos, "f.times line 3: unit a spikes at 0.4 s, before its spike at 0.5 s on line 2"},
		{"missing from layout", smallTimes + "d,2\n", smallPos, `f.times line 6: unit "d" has no position in f.pos`},
		{"twice", smallTimes, smallPos + "\"a\",1,1\n", `f.pos line 5: unit "a" is listed again (first on line 2)`},
		{"bad x", smallTimes, strings.Replace(smallPos, "70", "7o", 1), `f.pos line 3: x "7o" is not a number`},
		{"negative", "Channel,Time\nb,-1\n", smallPos, "time -1 s is negative"},
	} {
		rec, err := Parse(strings.NewReader(c.times), "f.times", strings.NewReader(c.pos), "f.pos")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
		if rec != nil {
			t.Errorf("%s: a recording was returned with the error", c.name)
		}
	}
}
