package hdmea

import (
	"math"
	"strings"
	"testing"
)

func TestOffArray(t *testing.T) {
	_, err := New(DefaultConfig(), []float64{5000}, []float64{10}, 1)
	if err == nil || !strings.Contains(err.Error(), "off the 3850 × 2100 µm array") {
		t.Errorf("got %v", err)
	}
}

func TestDetectionRange(t *testing.T) {
	// One neuron on electrode 0's column 100, row 60; amplitudes fall with
	// distance and vanish beyond Reach (50 µm).
	c := DefaultConfig()
	c.AmpSD = 0
	a, err := New(c, []float64{1750}, []float64{1050}, 1)
	if err != nil {
		t.Fatal(err)
	}
	el, amp := a.Footprint(0)
	for k, e := range el {
		x, y := c.Layout.Pos(e)
		d := math.Hypot(x-1750, y-1050)
		if d > 50 {
			t.Errorf("electrode %d at %g µm sees the neuron", e, d)
		}
		want := 150 / (1 + (d*d+100)/400) // A0/(1 + (d/R0)²), 3-D, 10 µm height
		if math.Abs(amp[k]-want) > 1e-9 {
			t.Errorf("amplitude at %g µm: %g, want %g", d, amp[k], want)
		}
	}
	if err := a.Route(make([]int, 1025)); err == nil {
		t.Errorf("1025 channels accepted")
	}
	// Q(5)·20 kHz = 2.87e-7·2e4 (Gaussian tail tables).
	if r := a.FalseRate(); math.Abs(r-0.005733) > 1e-5 {
		t.Errorf("false rate %g Hz", r)
	}
}
