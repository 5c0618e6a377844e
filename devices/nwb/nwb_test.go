package nwb

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/petri-mea/petri/devices"
	"github.com/petri-mea/petri/devices/nex"
	"github.com/petri-mea/petri/devices/rawtrace"
	"github.com/scigolib/hdf5"
)

const data = "../../../shared/data/"

// contents lists every group and dataset of an HDF5 file, read back with the
// same library (the h5py check is tests/test_readers.py).
func contents(t *testing.T, p string) map[string]bool {
	f, err := hdf5.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]bool{}
	f.Walk(func(path string, o hdf5.Object) { out[strings.TrimSuffix(path, "/")] = true })
	return out
}

func TestExportTC89(t *testing.T) {
	rec, err := nex.Read(data + "sjemea-hippocampal-tc89/TC89_DIV15_A.nexTimestamps")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "tc89.nwb")
	if err := Write(p, rec, Info{Description: "TC89 DIV15, sjemea example"}); err != nil {
		t.Fatal(err)
	}
	c := contents(t, p)
	for _, want := range []string{"/units/spike_times", "/units/spike_times_index", "/general/extracellular_ephys/electrodes/rel_x", "/identifier", "/session_start_time"} {
		if !c[want] {
			t.Errorf("%s missing", want)
		}
	}
	f, _ := hdf5.Open(p)
	defer f.Close()
	f.Walk(func(path string, o hdf5.Object) {
		if path != "/units/spike_times" {
			return
		}
		v, err := o.(*hdf5.Dataset).Read()
		// All 208,277 spikes of the README's sanity numbers.
		if err != nil || len(v) != 208277 {
			t.Errorf("spike_times: %d values, %v", len(v), err)
		}
	})
}

func TestExportRaw(t *testing.T) {
	rec, err := rawtrace.Read(data+"meanap-axion24-raw/axion24_plate2_DIV75_wellA1.i16", rawtrace.AxionWell("A1"))
	if err != nil {
		t.Fatal(err)
	}
	// No spikes in a raw-only recording: refused with the reason.
	p := filepath.Join(t.TempDir(), "a1.nwb")
	if err := Write(p, rec, Info{Description: "A1"}); err == nil || !strings.Contains(err.Error(), "no spikes") {
		t.Errorf("raw only: %v", err)
	}
	if _, err := os.Stat(p); err == nil {
		t.Error("a partial file was left behind")
	}
	rec.Ticks[0].Spikes = []devices.Spike{{Channel: 2, Electrode: rec.Meta.Routing[2], Time: 0.05}}
	if err := Write(p, rec, Info{Description: "A1"}); err != nil {
		t.Fatal(err)
	}
	if c := contents(t, p); !c["/acquisition/ElectricalSeries/data"] || !c["/acquisition/ElectricalSeries/timestamps"] {
		t.Errorf("ElectricalSeries missing: %v", c)
	}
}

func TestRefuses(t *testing.T) {
	rec, _ := devices.NewRecording(devices.MaxOne(), []int{1}, nil, 0, 1, 0.1)
	if err := Write(filepath.Join(t.TempDir(), "x.nwb"), rec, Info{}); err == nil || !strings.Contains(err.Error(), "session description") {
		t.Errorf("no description: %v", err)
	}
}
