package devices_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/petri-mea/petri/devices"
)

// A plain grid layout encodes exactly as before the optional fields were
// added, so sidecars written earlier read back unchanged.
func TestLayoutJSONUnchanged(t *testing.T) {
	js, err := json.Marshal(devices.MaxOne())
	if err != nil {
		t.Fatal(err)
	}
	if string(js) != `{"Cols":220,"Rows":120,"Pitch":17.5}` {
		t.Errorf("MaxOne encodes as %s", js)
	}
	var l devices.Layout
	if err := json.Unmarshal([]byte(`{"Cols":8,"Rows":8,"Pitch":200}`), &l); err != nil || l.Len() != 64 || l.X != nil {
		t.Errorf("old sidecar layout read as %+v, %v", l, err)
	}
}

func TestExplicitPositions(t *testing.T) {
	// Three sites of a hexagonal array at 70 µm (Wong et al. 1993's spacing).
	l := devices.Layout{Cols: 3, Rows: 1, Pitch: 70, X: []float64{0, 70, 35}, Y: []float64{0, 0, 60.62}, Names: []string{"a", "b", "c"}}
	if err := l.Validate(); err != nil {
		t.Fatal(err)
	}
	if x, y := l.Pos(2); x != 35 || y != 60.62 {
		t.Errorf("Pos(2) = %g, %g", x, y)
	}
	if e := l.Nearest(40, 50); e != 2 {
		t.Errorf("Nearest = %d, want 2", e)
	}
	if w := l.Within(0, 0, 70); len(w) != 3 {
		t.Errorf("Within 70 µm of site a: %v, want all three", w)
	}
	if l.Lookup("b") != 1 || l.Lookup("z") != -1 || l.Width() != 140 {
		t.Errorf("Lookup or Width wrong: %d %d %g", l.Lookup("b"), l.Lookup("z"), l.Width())
	}
	bad := l
	bad.Names = bad.Names[:2]
	if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "2 names for 3 electrodes") {
		t.Errorf("Validate: %v", err)
	}
}

func TestNewRecording(t *testing.T) {
	l := devices.Layout{Cols: 4, Rows: 1, Pitch: 100}
	sp := []devices.Spike{{Channel: 0, Electrode: 2, Time: 0.05}, {Channel: 1, Electrode: 3, Time: 0.1}, {Channel: 0, Electrode: 2, Time: 0.25}}
	rec, err := devices.NewRecording(l, []int{2, 3}, sp, 0, 0.25, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	// 0.25 s in ticks of 0.1 s: three ticks, the last ending at 0.3 s and
	// holding the spike at exactly the end.
	if len(rec.Ticks) != 3 || len(rec.Ticks[0].Spikes) != 1 || len(rec.Ticks[1].Spikes) != 1 || len(rec.Ticks[2].Spikes) != 1 {
		t.Fatalf("ticks %+v", rec.Ticks)
	}
	if rec.Meta.Limits.Units != 0 || rec.Meta.Limits.Channels != 2 {
		t.Errorf("limits %+v; want 2 channels and no stimulation", rec.Meta.Limits)
	}
	re, err := rec.Retick(0.05)
	if err != nil || len(re.Ticks) != 6 || len(re.Spikes()) != 3 {
		t.Errorf("Retick: %v, %d ticks", err, len(re.Ticks))
	}
	for _, c := range []struct {
		routing []int
		spikes  []devices.Spike
		want    string
	}{
		{[]int{2, 4}, nil, "electrode 4 (item 1) is off the 4 × 1 array"},
		{[]int{2, 3}, []devices.Spike{sp[2], sp[0]}, "spike 1 at 0.05 s comes before spike 0 at 0.25 s"},
		{[]int{2, 3}, []devices.Spike{{Channel: 1, Electrode: 2}}, "spike 0 is on electrode 2, but channel 1 is routed to electrode 3"},
		{[]int{2, 3}, []devices.Spike{{Channel: 0, Electrode: 2, Time: 1}}, "outside the recording"},
		{[]int{2, 3}, []devices.Spike{{Channel: 5, Electrode: 2}}, "channel 5"},
	} {
		if _, err := devices.NewRecording(l, c.routing, c.spikes, 0, 0.25, 0.1); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("err = %v, want %q", err, c.want)
		}
	}
}
