package nwb

import (
	"crypto/sha1"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/petri-mea/petri/devices"
	"github.com/scigolib/hdf5"
)

// Version is the NWB schema version the files declare.
const Version = "2.7.0"

// Info is what NWB requires beyond the recording.
type Info struct {
	Description string    // session_description; required
	Identifier  string    // unique id; default: "petri-" + the file name
	Start       time.Time // session_start_time; default 1970-01-01 UTC (a simulation has no wall time)
	Device      string    // device name; default "MEA"
}

// Write exports rec to an NWB file at path (written to path.tmp, then
// renamed, so a failure leaves no partial file).
func Write(path string, rec *devices.Recording, info Info) error {
	if strings.TrimSpace(info.Description) == "" {
		return errors.New("nwb: Info.Description is empty; NWB requires a session description (what was recorded)")
	}
	if len(rec.Meta.Routing) == 0 {
		return errors.New("nwb: the recording routes no channel; nothing to export")
	}
	if info.Identifier == "" {
		info.Identifier = "petri-" + filepath.Base(path)
	}
	if info.Device == "" {
		info.Device = "MEA"
	}
	if info.Start.IsZero() {
		info.Start = time.Unix(0, 0).UTC()
	}
	tmp := path + ".tmp"
	fw, err := hdf5.CreateForWrite(tmp, hdf5.CreateTruncate)
	if err != nil {
		return fmt.Errorf("nwb: %w", err)
	}
	w := &writer{fw: fw, id: info.Identifier}
	w.write(rec, info)
	w.err = errors.Join(w.err, fw.Close())
	if w.err != nil {
		os.Remove(tmp)
		return fmt.Errorf("nwb: writing %s: %w", path, w.err)
	}
	return os.Rename(tmp, path)
}

type writer struct {
	fw  *hdf5.FileWriter
	id  string
	err error
}

// objectID is a UUID derived from the identifier and the object's path.
func (w *writer) objectID(p string) string {
	h := sha1.Sum([]byte(w.id + "\x00" + p))
	h[6] = h[6]&0x0f | 0x50 // version 5 (name-based, SHA-1)
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

type attr struct {
	name  string
	value any
}

func typed(ns, t string, extra ...attr) []attr {
	return append([]attr{{"namespace", ns}, {"neurodata_type", t}}, extra...)
}

func (w *writer) group(p string, attrs ...attr) {
	if w.err != nil {
		return
	}
	g, err := w.fw.CreateGroup(p)
	if err != nil {
		w.err = fmt.Errorf("%s: %w", p, err)
		return
	}
	// No object_id on groups, and short values: the library loses every
	// attribute of a group whose attributes outgrow its object header.
	for _, a := range attrs {
		if err := g.WriteAttribute(a.name, a.value); err != nil {
			w.err = fmt.Errorf("%s attribute %s: %w", p, a.name, err)
			return
		}
	}
}

func (w *writer) dataset(p string, data any, attrs ...attr) {
	if w.err != nil {
		return
	}
	var t hdf5.Datatype
	var n int
	switch d := data.(type) {
	case []float64:
		t, n = hdf5.Float64, len(d)
	case []float32:
		t, n = hdf5.Float32, len(d)
	case []int64:
		t, n = hdf5.Int64, len(d)
	case []int32:
		t, n = hdf5.Int32, len(d)
	case []string:
		// Fixed-length: the library corrupts variable-length string
		// datasets that carry three or more attributes.
		if len(d) > 0 {
			w.datasetDims(p, hdf5.String, []uint64{uint64(len(d))}, d, attrs...)
			return
		}
		t, n = hdf5.String, 0
	default:
		panic(fmt.Sprintf("nwb: dataset %s of %T", p, data))
	}
	if n == 0 {
		w.err = fmt.Errorf("%s would be empty, which the HDF5 library cannot write", p)
		return
	}
	w.datasetDims(p, t, []uint64{uint64(n)}, data, attrs...)
}

func (w *writer) datasetDims(p string, t hdf5.Datatype, dims []uint64, data any, attrs ...attr) {
	if w.err != nil {
		return
	}
	var opts []hdf5.DatasetOption
	if s, ok := data.([]string); ok {
		size := 1
		for _, x := range s {
			size = max(size, len(x))
		}
		opts = append(opts, hdf5.WithStringSize(uint32(size)))
	}
	d, err := w.fw.CreateDataset(p, t, dims, opts...)
	if err != nil {
		w.err = fmt.Errorf("%s: %w", p, err)
		return
	}
	if err := d.Write(data); err != nil {
		w.err = fmt.Errorf("%s: %w", p, err)
		return
	}
	if len(attrs) > 0 && hasType(attrs) {
		attrs = append(attrs, attr{"object_id", w.objectID(p)})
	}
	for _, a := range attrs {
		if err := d.WriteAttribute(a.name, a.value); err != nil {
			w.err = fmt.Errorf("%s attribute %s: %w", p, a.name, err)
			return
		}
	}
}

func hasType(attrs []attr) bool {
	for _, a := range attrs {
		if a.name == "neurodata_type" {
			return true
		}
	}
	return false
}

func column(desc string) []attr { return typed("hdmf-common", "VectorData", attr{"description", desc}) }

func (w *writer) write(rec *devices.Recording, info Info) {
	iso := info.Start.Format(time.RFC3339Nano)
	// The library cannot put attributes on the root group, where NWB
	// wants nwb_version and neurodata_type NWBFile; /petri_nwb_version
	// records the version instead.
	w.dataset("/petri_nwb_version", []string{Version})
	w.dataset("/identifier", []string{info.Identifier})
	w.dataset("/session_description", []string{info.Description})
	w.dataset("/session_start_time", []string{iso})
	w.dataset("/timestamps_reference_time", []string{iso})
	w.dataset("/file_create_date", []string{iso})
	for _, g := range []string{"/acquisition", "/analysis", "/processing", "/stimulus", "/stimulus/presentation", "/stimulus/templates",
		"/general", "/general/devices", "/general/extracellular_ephys"} {
		w.group(g)
	}
	w.group("/units", typed("core", "Units", attr{"description", "spikes per routed channel"},
		attr{"colnames", []string{"spike_times", "electrode_row"}})...)
	l := rec.Meta.Layout
	w.group("/general/devices/"+info.Device, typed("core", "Device",
		attr{"description", fmt.Sprintf("%d × %d electrodes at %g µm (%d used)", l.Cols, l.Rows, l.Pitch, len(rec.Meta.Routing))})...)
	w.group("/general/extracellular_ephys/array", typed("core", "ElectrodeGroup",
		attr{"description", "the routed electrodes"}, attr{"location", "unknown"})...)

	// Electrodes: one row per routed channel.
	n := len(rec.Meta.Routing)
	ids, el := make([]int32, n), make([]int32, n)
	x, y := make([]float64, n), make([]float64, n)
	loc, grp, names := make([]string, n), make([]string, n), make([]string, n)
	for k, e := range rec.Meta.Routing {
		ids[k], el[k] = int32(k), int32(e)
		x[k], y[k] = l.Pos(e)
		loc[k], grp[k] = "unknown", "array"
		names[k] = l.Name(e)
		if names[k] == "" {
			names[k] = fmt.Sprint(e)
		}
	}
	et := "/general/extracellular_ephys/electrodes"
	w.group(et, typed("hdmf-common", "DynamicTable", attr{"description", "routed electrodes"},
		attr{"colnames", []string{"location", "group_name", "rel_x", "rel_y", "electrode_index", "electrode_name"}})...)
	w.dataset(et+"/id", ids, typed("hdmf-common", "ElementIdentifiers")...)
	w.dataset(et+"/location", loc, column("brain area (unknown for cultures)")...)
	w.dataset(et+"/group_name", grp, column("name of the ElectrodeGroup")...)
	w.dataset(et+"/rel_x", x, column("x position on the array, µm")...)
	w.dataset(et+"/rel_y", y, column("y position on the array, µm")...)
	w.dataset(et+"/electrode_index", el, column("petri electrode index on the layout")...)
	w.dataset(et+"/electrode_name", names, column("the maker's electrode name")...)

	w.units(rec, ids)
	w.raw(rec)
	w.stims(rec)
}

func (w *writer) units(rec *devices.Recording, ids []int32) {
	n := len(rec.Meta.Routing)
	trains := make([][]float64, n)
	for _, s := range rec.Spikes() {
		trains[s.Channel] = append(trains[s.Channel], s.Time)
	}
	var times []float64
	index := make([]int64, n)
	for k, tr := range trains {
		times = append(times, tr...)
		index[k] = int64(len(times))
	}
	w.dataset("/units/id", ids, typed("hdmf-common", "ElementIdentifiers")...)
	if len(times) > 0 {
		w.dataset("/units/spike_times", times, column("spike times, s")...)
	} else if w.err == nil {
		w.err = errors.New("the recording has no spikes; the HDF5 library cannot write the empty spike_times column")
	}
	w.dataset("/units/spike_times_index", index, typed("hdmf-common", "VectorIndex", attr{"description", "end of each unit's spike_times"})...)
	w.dataset("/units/electrode_row", ids, column("row of the unit's electrode in the electrodes table")...)
}

func (w *writer) raw(rec *devices.Recording) {
	rm := rec.Meta.Raw
	if rm == nil {
		return
	}
	frames := rec.RawFrames()
	if frames == 0 {
		return
	}
	nch := len(rm.Channels)
	data := make([]float32, 0, frames*nch)
	ts := make([]float64, 0, frames)
	for _, t := range rec.Ticks {
		if t.Raw == nil {
			continue
		}
		for f := 0; f < t.Raw.Frames(); f++ {
			ts = append(ts, t.Raw.Start+float64(f)/t.Raw.Rate)
			for k := 0; k < nch; k++ {
				data = append(data, float32(float64(t.Raw.Samples[f*nch+k])*t.Raw.Gain*1e-6))
			}
		}
	}
	rows := make([]int32, nch)
	for k, c := range rm.Channels {
		rows[k] = int32(c)
	}
	es := "/acquisition/ElectricalSeries"
	w.group(es, typed("core", "ElectricalSeries", attr{"description", "raw traces"},
		attr{"comments", "in volts"})...)
	w.datasetDims(es+"/data", hdf5.Float32, []uint64{uint64(frames), uint64(nch)}, data, attr{"unit", "volts"})
	w.dataset(es+"/timestamps", ts, attr{"unit", "seconds"}, attr{"interval", int32(1)})
	w.dataset(es+"/electrodes", rows, typed("hdmf-common", "DynamicTableRegion", attr{"description", "rows of the electrodes table"})...)
}

func (w *writer) stims(rec *devices.Recording) {
	var start, stop, amp, width, rate []float64
	var count, el []int32
	for _, t := range rec.Ticks {
		for _, s := range t.Stims {
			on := t.Start + s.Delay
			off := on
			if ts := s.Times(); len(ts) > 0 {
				off = t.Start + ts[len(ts)-1] + 2*s.PhaseWidth*1e-6
			}
			for _, e := range s.Electrodes {
				start, stop = append(start, on), append(stop, off)
				amp, width, rate = append(amp, s.Amplitude), append(width, s.PhaseWidth), append(rate, s.Rate)
				count, el = append(count, int32(s.Count)), append(el, int32(e))
			}
		}
	}
	if len(start) == 0 {
		return
	}
	ids := make([]int32, len(start))
	for k := range ids {
		ids[k] = int32(k)
	}
	p := "/stimulus/presentation/stimulation"
	w.group(p, typed("core", "TimeIntervals", attr{"description", "stimulation trains"},
		attr{"colnames", []string{"start_time", "stop_time", "amplitude_uA", "phase_width_us", "count", "rate_hz", "electrode_index"}})...)
	w.dataset(p+"/id", ids, typed("hdmf-common", "ElementIdentifiers")...)
	w.dataset(p+"/start_time", start, column("first pulse, s")...)
	w.dataset(p+"/stop_time", stop, column("end of the last pulse, s")...)
	w.dataset(p+"/amplitude_uA", amp, column("current per phase, µA")...)
	w.dataset(p+"/phase_width_us", width, column("width of each phase, µs")...)
	w.dataset(p+"/count", count, column("pulses in the train")...)
	w.dataset(p+"/rate_hz", rate, column("pulses per second")...)
	w.dataset(p+"/electrode_index", el, column("petri electrode index")...)
}
