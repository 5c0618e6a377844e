package nex

import (
	"math"
	"strings"
	"testing"

	"github.com/petri-mea/petri/devices"
)

// tc89 is the sjemea example; its README (../shared/data/sjemea-hippocampal-tc89/README.md)
// gives the sanity numbers checked here.
const tc89 = "../../../shared/data/sjemea-hippocampal-tc89/TC89_DIV15_A.nexTimestamps"

func TestTC89(t *testing.T) {
	rec, err := Read(tc89)
	if err != nil {
		t.Fatal(err)
	}
	spikes := rec.Spikes()
	// README "Sanity numbers": 59 channels, 208,277 spikes, sweep 0–911.6 s.
	if n := len(rec.Meta.Routing); n != 59 {
		t.Errorf("channels = %d, want 59", n)
	}
	if len(spikes) != 208277 {
		t.Errorf("spikes = %d, want 208,277", len(spikes))
	}
	if s, e := rec.Ticks[0].Start, rec.Ticks[len(rec.Ticks)-1].End; s != 0 || math.Abs(e-911.6) > 1e-9 {
		t.Errorf("span %g–%g s, want 0–911.6", s, e)
	}
	if len(rec.Ticks) != 9116 {
		t.Errorf("%d ticks of %g s, want 9,116", len(rec.Ticks), devices.DefaultTick)
	}
	// Per channel: min / median / max 24 / 3,656 / 8,405; ch_12A has 5,368
	// spikes, the first three at 16.671360, 16.698720, 16.709240 s.
	count := make([]int, 59)
	var first []float64
	for _, s := range spikes {
		count[s.Channel]++
		if s.Channel == 0 && len(first) < 3 {
			first = append(first, s.Time)
		}
	}
	lo, hi := count[0], count[0]
	for _, c := range count {
		lo, hi = min(lo, c), max(hi, c)
	}
	if lo != 24 || hi != 8405 || count[0] != 5368 {
		t.Errorf("spikes per channel min %d max %d, ch_12A %d; want 24, 8,405, 5,368", lo, hi, count[0])
	}
	if first[0] != 16.671360 || first[1] != 16.698720 || first[2] != 16.709240 {
		t.Errorf("first ch_12A spikes %v", first)
	}
	// Layout: ch_12A is MCS electrode 12 = column 1, row 2 (0-based 0, 1) at (0, 200) µm;
	// electrode 15 (the reference) is absent.
	if e := rec.Meta.Routing[0]; rec.Meta.Layout.Name(e) != "12" || rec.Meta.X[0] != 0 || rec.Meta.Y[0] != 200 {
		t.Errorf("channel 0 is electrode %d (%q) at (%g, %g)", e, rec.Meta.Layout.Name(e), rec.Meta.X[0], rec.Meta.Y[0])
	}
	for _, e := range rec.Meta.Routing {
		if rec.Meta.Layout.Name(e) == "15" {
			t.Error("electrode 15 is routed; the file has no ch_15")
		}
	}
	// Peak array-wide count in a 10 ms bin: 197 spikes.
	bins := make(map[int]int)
	peak := 0
	for _, s := range spikes {
		b := int(math.Floor(s.Time / 0.01))
		bins[b]++
		peak = max(peak, bins[b])
	}
	if peak != 197 {
		t.Errorf("peak 10 ms count %d, want 197", peak)
	}
	// 50 ms bins with ≥ 20 of 59 channels active, rising edges: 598 network events.
	active := map[int]map[int]bool{}
	for _, s := range spikes {
		b := int(math.Floor(s.Time / 0.05))
		if active[b] == nil {
			active[b] = map[int]bool{}
		}
		active[b][s.Channel] = true
	}
	events := 0
	for b := 0; b <= int(911.6/0.05); b++ {
		if len(active[b]) >= 20 && len(active[b-1]) < 20 {
			events++
		}
	}
	if events != 598 {
		t.Errorf("%d network events, want 598", events)
	}
}

const good = "ch_12A_unit_0\tch_13A_unit_0\tSweep_Start\tSweep_Stop\r\n" +
	"0.5\t0.25\t0.000000\t2.000000\r\n" +
	"1.5\t \t \t \r\n" +
	"1.75\t \t \t "

func TestSmall(t *testing.T) {
	rec, err := Parse(strings.NewReader(good), "good")
	if err != nil {
		t.Fatal(err)
	}
	got := rec.Spikes()
	want := []devices.Spike{{Channel: 1, Electrode: 16, Time: 0.25}, {Channel: 0, Electrode: 8, Time: 0.5}, {Channel: 0, Electrode: 8, Time: 1.5}, {Channel: 0, Electrode: 8, Time: 1.75}}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for k := range want {
		if got[k] != want[k] {
			t.Errorf("spike %d = %+v, want %+v", k, got[k], want[k])
		}
	}
	if len(rec.Ticks) != 20 || rec.Ticks[19].End != 2 {
		t.Errorf("%d ticks ending %g; want 20 ending at 2 s", len(rec.Ticks), rec.Ticks[len(rec.Ticks)-1].End)
	}
}

func TestBadInput(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"empty", "", "is empty"},
		{"truncated", good[:strings.LastIndex(good, "\t")], "line 4 has 3 tab-separated fields; the header has 4"},
		{"malformed", strings.Replace(good, "1.5", "1.5x", 1), `line 3 column 1 (ch_12A_unit_0): "1.5x" is not a time in seconds`},
		{"units", strings.Replace(good, "1.5", "1500ms", 1), `"1500ms" is not a time in seconds`},
		{"order", strings.Replace(good, "1.75", "1.25", 1), "line 4 column 1 (ch_12A_unit_0): spike at 1.25 s comes before the previous one at 1.5 s"},
		{"corner", strings.Replace(good, "ch_13A", "ch_18A", 1), "line 1 column 2: channel \"ch_18A_unit_0\" names electrode 18, a corner"},
		{"not MCS", strings.Replace(good, "ch_13A", "ch_93A", 1), "is not an MCS 8×8 electrode"},
		{"twice", strings.Replace(good, "ch_13A_unit_0", "ch_12A_unit_1", 1), "already read from \"ch_12A_unit_0\""},
		{"outside sweep", strings.Replace(good, "1.75", "2.75", 1), "outside the sweep 0–2 s"},
	} {
		rec, err := Parse(strings.NewReader(c.in), "f.nexTimestamps")
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "f.nexTimestamps") {
			t.Errorf("%s: err = %v, want one naming the file and %q", c.name, err, c.want)
		}
		if rec != nil {
			t.Errorf("%s: a recording was returned with the error", c.name)
		}
	}
}

func BenchmarkReadTC89(b *testing.B) {
	for b.Loop() {
		if _, err := Read(tc89); err != nil {
			b.Fatal(err)
		}
	}
}
