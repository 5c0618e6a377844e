package maxwell

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/scigolib/hdf5"
)

// badFile writes a MaxWell file in petri's layout with the given mapping and
// spikes (frames, channels), 100 frames of raw traces on the mapped channels.
func badFile(t *testing.T, version string, ch, el []int32, frames []int64, chans []int32) string {
	p := filepath.Join(t.TempDir(), "bad.raw.h5")
	fw, err := hdf5.CreateForWrite(p, hdf5.CreateTruncate)
	if err != nil {
		t.Fatal(err)
	}
	ds := func(path string, typ hdf5.Datatype, dims []uint64, data any, opts ...hdf5.DatasetOption) {
		d, err := fw.CreateDataset(path, typ, dims, opts...)
		if err != nil {
			t.Fatal(path, err)
		}
		if err := d.Write(data); err != nil {
			t.Fatal(path, err)
		}
	}
	ds("/version", hdf5.String, []uint64{1}, []string{version}, hdf5.WithStringSize(uint32(len(version))))
	base := "/wells/well000/rec0000"
	for _, g := range []string{"/wells", "/wells/well000", base, base + "/settings", base + "/settings/mapping", base + "/groups", base + "/groups/routed", base + "/spikes"} {
		if _, err := fw.CreateGroup(g); err != nil {
			t.Fatal(g, err)
		}
	}
	ds(base+"/settings/sampling", hdf5.Float64, []uint64{1}, []float64{20000})
	ds(base+"/settings/lsb", hdf5.Float64, []uint64{1}, []float64{LSB})
	n := uint64(len(ch))
	ds(base+"/settings/mapping/channel", hdf5.Int32, []uint64{n}, ch)
	ds(base+"/settings/mapping/electrode", hdf5.Int32, []uint64{n}, el)
	routed := 0
	for _, c := range ch {
		if c >= 0 {
			routed++
		}
	}
	ds(base+"/groups/routed/raw", hdf5.Uint16, []uint64{uint64(routed), 100}, make([]uint16, routed*100))
	m := []uint64{uint64(len(frames))}
	amp := make([]float32, len(frames))
	ds(base+"/spikes/frameno", hdf5.Int64, m, frames)
	ds(base+"/spikes/channel", hdf5.Int32, m, chans)
	ds(base+"/spikes/amplitude", hdf5.Float32, m, amp)
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBadFiles(t *testing.T) {
	ok := badFile(t, Version, []int32{0, 1}, []int32{10, 20}, []int64{5, 50}, []int32{1, 0})
	if rec, err := Read(ok); err != nil || len(rec.Spikes()) != 2 || rec.Spikes()[0].Electrode != 20 {
		t.Fatalf("the good file: %v", err)
	}
	for _, c := range []struct {
		name string
		path string
		want string
	}{
		{"channel not in mapping", badFile(t, Version, []int32{0, 1}, []int32{10, 20}, []int64{5, 50}, []int32{1, 7}),
			"spikes row 1: channel 7 is not in the mapping"},
		{"out of order", badFile(t, Version, []int32{0, 1}, []int32{10, 20}, []int64{50, 5}, []int32{1, 0}),
			"spikes row 1: frame 5 comes before frame 50 of row 0"},
		{"electrode off the array", badFile(t, Version, []int32{0, 1}, []int32{10, 26400}, []int64{5}, []int32{0}),
			"mapping row 1: electrode 26400 is off the MaxOne array"},
		{"channel twice", badFile(t, Version, []int32{0, 0}, []int32{10, 20}, []int64{5}, []int32{0}),
			"mapping row 1: channel 0 is mapped twice"},
		{"legacy", badFile(t, "20160704", []int32{0}, []int32{10}, []int64{5}, []int32{0}),
			"version 20160704 (legacy MaxOne layout with /sig) is not supported"},
		{"not a version", badFile(t, "v2", []int32{0}, []int32{10}, []int64{5}, []int32{0}),
			`/version is "v2", not a MaxWell format date`},
	} {
		rec, err := Read(c.path)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "bad.raw.h5") {
			t.Errorf("%s: err = %v, want one naming bad.raw.h5 and %q", c.name, err, c.want)
		}
		if rec != nil {
			t.Errorf("%s: a recording was returned with the error", c.name)
		}
	}
}
