package axion

import (
	"bytes"
	"compress/gzip"
	"math"
	"slices"
	"strings"
	"testing"
)

// The meaRtools example; expected values are the sanity numbers of
// ../shared/data/meartools-axion48-cortical/README.md.
const (
	dir       = "../../../shared/data/meartools-axion48-cortical/"
	spikeList = dir + "exampleRecording_1012016_plate1_DIV3_spike_list.csv.gz"
	expLog    = dir + "exampleRecording_1012016_plate1_expLog.csv.gz"
)

func TestMeaRtoolsExample(t *testing.T) {
	rec, set, err := ReadSettings(spikeList)
	if err != nil {
		t.Fatal(err)
	}
	if set["Sampling Frequency"] != "12500 Hz" || !strings.HasPrefix(set["Plate Type"], "Maestro 48-Well") {
		t.Errorf("settings %q, %q", set["Sampling Frequency"], set["Plate Type"])
	}
	sp := rec.Spikes()
	l := rec.Meta.Layout
	// 100,957 spikes; 269 electrodes with ≥ 1 spike in 20 wells; span 0.01048–57.67824 s.
	if len(sp) != 100957 {
		t.Errorf("spikes = %d, want 100,957", len(sp))
	}
	wells := map[string]bool{}
	for _, e := range rec.Meta.Routing {
		wells[l.Group(e)] = true
	}
	if len(rec.Meta.Routing) != 269 || len(wells) != 20 {
		t.Errorf("%d electrodes in %d wells, want 269 in 20", len(rec.Meta.Routing), len(wells))
	}
	if sp[0].Time != 0.01048 || sp[len(sp)-1].Time != 57.67824 {
		t.Errorf("span %g–%g s", sp[0].Time, sp[len(sp)-1].Time)
	}
	// First spike: 0.01048 s, D3_31, 0.0930 mV (listed 0.093034242 mV → −93.03 µV).
	if l.Name(sp[0].Electrode) != "D3_31" || math.Abs(sp[0].Amplitude+93.034242) > 1e-6 {
		t.Errorf("first spike %+v on %s", sp[0], l.Name(sp[0].Electrode))
	}
	// Busiest electrode B2_12 with 2,220 spikes; busiest well D2 with 10,497.
	perEl, perWell := map[int]int{}, map[string]int{}
	amps := make([]float64, len(sp))
	for k, s := range sp {
		perEl[s.Electrode]++
		perWell[l.Group(s.Electrode)]++
		amps[k] = -s.Amplitude / 1000
	}
	if e := l.Lookup("B2_12"); perEl[e] != 2220 {
		t.Errorf("B2_12 has %d spikes, want 2,220", perEl[e])
	}
	if perWell["D2"] != 10497 {
		t.Errorf("D2 has %d spikes, want 10,497", perWell["D2"])
	}
	// D2 bursts: 133 of its 100 ms bins hold ≥ 20 spikes.
	bins := map[int]int{}
	for _, s := range sp {
		if l.Group(s.Electrode) == "D2" {
			bins[int(math.Floor(s.Time/0.1))]++
		}
	}
	full := 0
	for _, n := range bins {
		if n >= 20 {
			full++
		}
	}
	if full != 133 {
		t.Errorf("D2 has %d bursting 100 ms bins, want 133", full)
	}
	// Amplitude median 0.048 mV, range 0.016–0.629 mV.
	slices.Sort(amps)
	if med := amps[len(amps)/2]; math.Round(med*1000) != 48 || math.Round(amps[0]*1000) != 16 || math.Round(amps[len(amps)-1]*1000) != 629 {
		t.Errorf("amplitude median %g, range %g–%g mV", med, amps[0], amps[len(amps)-1])
	}
	// Electrode names map back to the grid: D3_31 is well row D (3), column 3 (2), electrode column 3, row 1.
	if e := l.Lookup("D3_31"); e != (3*4+0)*32+2*4+2 {
		t.Errorf("D3_31 is electrode %d", e)
	}
	// Channels follow plate order.
	if !slices.IsSorted(rec.Meta.Routing) {
		t.Error("routing is not in plate order")
	}
}

func TestExpLog(t *testing.T) {
	wells, err := ReadLog(expLog, Plates[48])
	if err != nil {
		t.Fatal(err)
	}
	// 48 wells: 8 treatX, 8 treatY, 8 untreated, 24 blank.
	n := map[string]int{}
	for _, w := range wells {
		n[w.Treatment]++
	}
	if len(wells) != 48 || n["treatX"] != 8 || n["treatY"] != 8 || n["untreated"] != 8 || n[""] != 24 {
		t.Errorf("%d wells, treatments %v", len(wells), n)
	}
	if wells[0].Well != "A1" || wells[0].DIV != "3" {
		t.Errorf("first well %+v", wells[0])
	}
}

const small = "Investigator,,Time (s),Electrode,Amplitude(mV)\r\n" +
	"   Plate Type,Maestro 48-Well (Transparent),0.5,A1_11,0.05\r\n" +
	",,0.75,F8_44,0.1\r\n" +
	",,1.25,A1_11,0.02"

func TestSmall(t *testing.T) {
	rec, _, err := Parse(strings.NewReader(small), "small")
	if err != nil {
		t.Fatal(err)
	}
	sp := rec.Spikes()
	// A1_11 is electrode 0; F8_44 the last of 32 × 24 = 767.
	if rec.Meta.Layout.Len() != 768 || len(sp) != 3 || sp[0].Electrode != 0 || sp[1].Electrode != 767 || sp[1].Channel != 1 || sp[1].Amplitude != -100 {
		t.Errorf("spikes %+v", sp)
	}
	// The same as gzip.
	var b bytes.Buffer
	z := gzip.NewWriter(&b)
	z.Write([]byte(small))
	z.Close()
	if rec2, _, err := Parse(bytes.NewReader(b.Bytes()), "small.gz"); err != nil || len(rec2.Spikes()) != 3 {
		t.Errorf("gzip: %v", err)
	}
	// Cut the gzip stream short.
	if _, _, err := Parse(bytes.NewReader(b.Bytes()[:b.Len()-10]), "cut.gz"); err == nil || !strings.Contains(err.Error(), "cut.gz") {
		t.Errorf("truncated gzip: err = %v", err)
	}
	// Milliseconds and µV are understood.
	ms := strings.NewReplacer("Time (s)", "Time (ms)", "Amplitude(mV)", "Amplitude(uV)", "0.5,", "500,", "0.75,", "750,", "1.25,", "1250,").Replace(small)
	if rec3, _, err := Parse(strings.NewReader(ms), "ms"); err != nil || rec3.Spikes()[2].Time != 1.25 || rec3.Spikes()[1].Amplitude != -0.1 {
		t.Errorf("ms/µV: %v", err)
	}
}

func TestBadInput(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"empty", "", "line 1"},
		{"truncated", small[:len(small)-5], "line 4 has the wrong number of fields"},
		{"malformed time", strings.Replace(small, "0.75", "0.7.5", 1), `line 3: time "0.7.5" is not a number`},
		{"malformed amplitude", strings.Replace(small, "0.1\r", "x\r", 1), `line 3: amplitude "x" is not a number`},
		{"unknown time unit", strings.Replace(small, "Time (s)", "Time (min)", 1), `unknown unit "min"`},
		{"unknown amplitude unit", strings.Replace(small, "(mV)", "(V)", 1), `unknown unit "V" in "Amplitude(V)"; this reader knows mV, uV, µV`},
		{"order", strings.Replace(small, "1.25", "0.25", 1), "line 4: spike at 0.25 s comes before the one on line 3 at 0.75 s"},
		{"off plate well", strings.Replace(small, "F8_44", "G8_44", 1), `line 3: electrode "G8_44": well "G8" is not on a 48-Well plate`},
		{"off well electrode", strings.Replace(small, "F8_44", "F8_45", 1), `line 3: electrode "F8_45": 45 is not an electrode`},
		{"not a name", strings.Replace(small, "F8_44", "ch12", 1), `line 3: electrode "ch12" is not an Axion name`},
		{"plate", strings.Replace(small, "48-Well", "6-Well", 1), `plate type "Maestro 6-Well (Transparent)" is not a known Maestro plate`},
		{"no plate", strings.Replace(small, "Plate Type", "Plate", 1), `no "Plate Type" setting`},
	} {
		rec, _, err := Parse(strings.NewReader(c.in), "f.csv")
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "f.csv") {
			t.Errorf("%s: err = %v, want one naming the file and %q", c.name, err, c.want)
		}
		if rec != nil {
			t.Errorf("%s: a recording was returned with the error", c.name)
		}
	}
	log := "Project,Experiment Date,Plate SN,DIV,Well,Treatment,Size,Dose ,Units\rp,1,pl,3,A1,,,,\rp,1,pl,3,Z9,,,,\r"
	if _, err := ParseLog(strings.NewReader(log), "log.csv", Plates[48]); err == nil || !strings.Contains(err.Error(), `log.csv line 3: well "Z9" is not on a 48-Well plate`) {
		t.Errorf("log: %v", err)
	}
	if _, err := ParseLog(strings.NewReader("Project,Date\r"), "log.csv", Plates[48]); err == nil || !strings.Contains(err.Error(), "log.csv line 1") {
		t.Errorf("log header: %v", err)
	}
}

func BenchmarkReadSpikeList(b *testing.B) {
	for b.Loop() {
		if _, err := Read(spikeList); err != nil {
			b.Fatal(err)
		}
	}
}
