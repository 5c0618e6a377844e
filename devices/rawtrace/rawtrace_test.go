package rawtrace

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// MEA-NAP's Axion 24-well fixtures converted to int16; expected values are
// the sanity numbers of ../shared/data/meanap-axion24-raw/README.md.
const dir = "../../../shared/data/meanap-axion24-raw/"

func TestMEANAPWells(t *testing.T) {
	for _, c := range []struct {
		well      string
		mean, rms float64 // channel 0 (el. 11), µV
		first     [4]int16
		lo, hi    int16
	}{
		{"A1", -0.003, 1.029, [4]int16{18, -2, -4, 14}, -177, 124},
		{"D6", -0.018, 1.323, [4]int16{7, -13, 6, -3}, -168, 127},
	} {
		rec, err := Read(dir+"axion24_plate2_DIV75_well"+c.well+".i16", AxionWell(c.well))
		if err != nil {
			t.Fatal(err)
		}
		// 16 electrodes × 25,000 samples, 2.000 s at 12.5 kHz: 20 ticks of 1,250 frames.
		if len(rec.Meta.Routing) != 16 || len(rec.Ticks) != 20 || rec.Ticks[19].End != 2 || rec.Ticks[0].Raw.Frames() != 1250 {
			t.Errorf("%s: %d channels, %d ticks ending %g s", c.well, len(rec.Meta.Routing), len(rec.Ticks), rec.Ticks[len(rec.Ticks)-1].End)
		}
		if n := rec.Meta.Layout.Name(rec.Meta.Routing[4]); n != c.well+"_12" {
			t.Errorf("%s: channel 4 is %s, want %s_12", c.well, n, c.well)
		}
		var sum, sq float64
		n := 0
		lo, hi := int16(math.MaxInt16), int16(math.MinInt16)
		for _, tk := range rec.Ticks {
			_, uV := tk.Raw.Trace(0)
			for _, v := range uV {
				sum += v
				sq += v * v
				n++
			}
			for _, s := range tk.Raw.Samples {
				lo, hi = min(lo, s), max(hi, s)
			}
		}
		// The README's RMS is about the mean (numpy's std).
		mean := sum / float64(n)
		rms := math.Sqrt(sq/float64(n) - mean*mean)
		if n != 25000 || math.Round(mean*1000) != math.Round(c.mean*1000) || math.Round(rms*1000) != math.Round(c.rms*1000) {
			t.Errorf("%s: %d samples, mean %.4f RMS %.4f µV; want 25,000, %g, %g", c.well, n, mean, rms, c.mean, c.rms)
		}
		if f := rec.Ticks[0].Raw.Samples[:4]; [4]int16(f) != c.first || lo != c.lo || hi != c.hi {
			t.Errorf("%s: first frame %v, range %d…%d", c.well, f, lo, hi)
		}
	}
}

func TestSidecarOnDisk(t *testing.T) {
	d := t.TempDir()
	s := AxionWell("B2")
	s.File = "x.i16"
	s.NumFrames = 3
	js, _ := json.Marshal(s)
	os.WriteFile(filepath.Join(d, "x.json"), js, 0o644)
	os.WriteFile(filepath.Join(d, "x.i16"), make([]byte, 3*32), 0o644)
	rec, err := Open(filepath.Join(d, "x.json"))
	if err != nil || rec.Ticks[0].Raw.Frames() != 3 {
		t.Fatalf("Open: %v", err)
	}
	os.WriteFile(filepath.Join(d, "x.i16"), make([]byte, 2*32), 0o644)
	if _, err := Open(filepath.Join(d, "x.json")); err == nil || !strings.Contains(err.Error(), "holds 2 frames; the sidecar says num_frames 3") {
		t.Errorf("short file: %v", err)
	}
}

func TestBadInput(t *testing.T) {
	d := t.TempDir()
	f := filepath.Join(d, "w.i16")
	os.WriteFile(f, make([]byte, 32*10+3), 0o644)
	if _, err := Read(f, AxionWell("A1")); err == nil || !strings.Contains(err.Error(), "w.i16 has 323 bytes, not a whole number of 32-byte frames") {
		t.Errorf("truncated: %v", err)
	}
	os.WriteFile(f, make([]byte, 32*10), 0o644)
	for _, c := range []struct {
		edit func(*Sidecar)
		want string
	}{
		{func(s *Sidecar) { s.Dtype = "float32" }, `dtype "float32"`},
		{func(s *Sidecar) { s.TimeAxis = 1 }, "time_axis 1"},
		{func(s *Sidecar) { s.OffsetToUV = 5 }, "offset_to_uV 5"},
		{func(s *Sidecar) { s.GainToUV = 0 }, "gain_to_uV 0"},
		{func(s *Sidecar) { s.SamplingFrequency = 0 }, "sampling_frequency 0"},
		{func(s *Sidecar) { s.Electrodes = s.Electrodes[:3] }, "3 electrodes named for 16 channels"},
		{func(s *Sidecar) { s.Electrodes[2] = "Z9_11" }, `channel 2 is electrode "Z9_11", which is not in the layout`},
		{func(s *Sidecar) { s.Electrodes[2] = s.Electrodes[1] }, "routed twice"},
	} {
		s := AxionWell("A1")
		c.edit(&s)
		rec, err := Read(f, s)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "w.i16") {
			t.Errorf("err = %v, want one naming w.i16 and %q", err, c.want)
		}
		if rec != nil {
			t.Error("a recording was returned with the error")
		}
	}
}

func BenchmarkReadWell(b *testing.B) {
	for b.Loop() {
		if _, err := Read(dir+"axion24_plate2_DIV75_wellA1.i16", AxionWell("A1")); err != nil {
			b.Fatal(err)
		}
	}
}
