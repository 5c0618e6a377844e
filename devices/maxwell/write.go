package maxwell

import (
	"errors"
	"fmt"
	"math"
	"os"
	"slices"

	"github.com/petri-mea/petri/devices"
	"github.com/scigolib/hdf5"
)

// Version is the MaxWell format version Write stores.
const Version = "20190530"

// Write writes rec as a MaxWell MaxOne file at path (see the package
// documentation for the layout and what differs from MaxWell's own files).
// rec must be on the MaxOne layout with one routing throughout and no
// stimulation (the format holds neither a changing routing nor stimuli).
// Raw traces are written if every routed channel is traced in every tick,
// back to back; a recording tracing only some channels is refused (MaxWell
// files trace all of them) — drop its raw traces to write the spikes.
// Spike times are rounded to the 20 kHz frame (or the raw rate).
func Write(path string, rec *devices.Recording) error {
	if err := check(rec); err != nil {
		return fmt.Errorf("maxwell: cannot write %s: %w", path, err)
	}
	tmp := path + ".tmp"
	fw, err := hdf5.CreateForWrite(tmp, hdf5.CreateTruncate)
	if err != nil {
		return fmt.Errorf("maxwell: %w", err)
	}
	w := &writer{fw: fw}
	w.write(rec)
	w.err = errors.Join(w.err, fw.Close())
	if w.err != nil {
		os.Remove(tmp)
		return fmt.Errorf("maxwell: writing %s: %w", path, w.err)
	}
	return os.Rename(tmp, path)
}

func check(rec *devices.Recording) error {
	l := rec.Meta.Layout
	if l.Cols != 220 || l.Rows != 120 || l.Pitch != 17.5 || l.X != nil {
		return fmt.Errorf("the recording is on a %d × %d layout at %g µm; MaxWell files hold MaxOne recordings (220 × 120 at 17.5 µm)", l.Cols, l.Rows, l.Pitch)
	}
	if len(rec.Ticks) == 0 {
		return errors.New("the recording has no ticks")
	}
	if len(rec.Meta.Routing) == 0 {
		return errors.New("the recording routes no channel")
	}
	for k, t := range rec.Ticks {
		if len(t.Stims) > 0 {
			return fmt.Errorf("tick %d holds stimulation, which a MaxWell file cannot store", t.Index)
		}
		if k < len(rec.Routings) && !slices.Equal(rec.Routings[k], rec.Meta.Routing) {
			return fmt.Errorf("the routing changes at tick %d; a MaxWell file holds one routing", t.Index)
		}
	}
	if rm := rec.Meta.Raw; rm != nil {
		if rm.NumChannels != len(rec.Meta.Routing) {
			return fmt.Errorf("raw traces of %d of %d routed channels; MaxWell files trace every routed channel (set rec.Meta.Raw and the ticks' Raw to nil to write spikes only)", rm.NumChannels, len(rec.Meta.Routing))
		}
		next := rec.Ticks[0].Start
		for _, t := range rec.Ticks {
			if t.Raw == nil {
				continue
			}
			if math.Abs(t.Raw.Start-next) > 0.5/rm.SamplingFrequency {
				return fmt.Errorf("tick %d's raw traces start at %g s, not %g s (the recording's start or where the previous ended); MaxWell raw traces are continuous from the start", t.Index, t.Raw.Start, next)
			}
			next = t.Raw.Start + float64(t.Raw.Frames())/rm.SamplingFrequency
		}
	}
	return nil
}

type writer struct {
	fw  *hdf5.FileWriter
	err error
}

func (w *writer) group(p string) {
	if w.err == nil {
		_, w.err = w.fw.CreateGroup(p)
	}
}

func (w *writer) dataset(p string, t hdf5.Datatype, dims []uint64, data any, opts ...hdf5.DatasetOption) {
	if w.err != nil {
		return
	}
	d, err := w.fw.CreateDataset(p, t, dims, opts...)
	if err != nil {
		w.err = fmt.Errorf("%s: %w", p, err)
		return
	}
	if err := d.Write(data); err != nil {
		w.err = fmt.Errorf("%s: %w", p, err)
	}
}

func (w *writer) write(rec *devices.Recording) {
	rate, lsb := float64(Rate), LSB
	if rm := rec.Meta.Raw; rm != nil {
		rate, lsb = rm.SamplingFrequency, rm.GainToUV*1e-6
	}
	start, end := rec.Ticks[0].Start, rec.Ticks[len(rec.Ticks)-1].End
	w.dataset("/version", hdf5.String, []uint64{1}, []string{Version}, hdf5.WithStringSize(uint32(len(Version))))
	base := "/wells/well000/rec0000"
	for _, g := range []string{"/wells", "/wells/well000", base, base + "/settings", base + "/settings/mapping", base + "/groups", base + "/groups/routed"} {
		w.group(g)
	}
	w.dataset(base+"/settings/sampling", hdf5.Float64, []uint64{1}, []float64{rate})
	w.dataset(base+"/settings/lsb", hdf5.Float64, []uint64{1}, []float64{lsb})
	w.dataset(base+"/settings/gain", hdf5.Float64, []uint64{1}, []float64{3.3 / (1024 * lsb)})
	w.dataset(base+"/petri_span", hdf5.Float64, []uint64{2}, []float64{start, end})
	n := len(rec.Meta.Routing)
	ch, el := make([]int32, n), make([]int32, n)
	x, y := make([]float64, n), make([]float64, n)
	for k, e := range rec.Meta.Routing {
		ch[k], el[k] = int32(k), int32(e)
		x[k], y[k] = rec.Meta.Layout.Pos(e)
	}
	if n > 0 {
		w.dataset(base+"/settings/mapping/channel", hdf5.Int32, []uint64{uint64(n)}, ch)
		w.dataset(base+"/settings/mapping/electrode", hdf5.Int32, []uint64{uint64(n)}, el)
		w.dataset(base+"/settings/mapping/x", hdf5.Float64, []uint64{uint64(n)}, x)
		w.dataset(base+"/settings/mapping/y", hdf5.Float64, []uint64{uint64(n)}, y)
		w.dataset(base+"/groups/routed/channels", hdf5.Int32, []uint64{uint64(n)}, ch)
	}
	sp := rec.Spikes()
	if len(sp) > 0 {
		fr, sc, amp := make([]int64, len(sp)), make([]int32, len(sp)), make([]float32, len(sp))
		for k, s := range sp {
			fr[k] = int64(math.Round((s.Time - start) * rate))
			sc[k] = int32(s.Channel)
			amp[k] = float32(s.Amplitude)
		}
		m := []uint64{uint64(len(sp))}
		w.group(base + "/spikes")
		w.dataset(base+"/spikes/frameno", hdf5.Int64, m, fr)
		w.dataset(base+"/spikes/channel", hdf5.Int32, m, sc)
		w.dataset(base+"/spikes/amplitude", hdf5.Float32, m, amp)
	}
	if rec.Meta.Raw == nil || w.err != nil {
		return
	}
	frames := rec.RawFrames()
	if frames == 0 {
		return
	}
	raw := make([]uint16, n*frames)
	f0 := 0
	for _, t := range rec.Ticks {
		if t.Raw == nil {
			continue
		}
		nf := t.Raw.Frames()
		for f := 0; f < nf; f++ {
			for c := 0; c < n; c++ {
				v := int(t.Raw.Samples[f*n+c]) + Midscale
				if v < 0 || v > math.MaxUint16 {
					w.err = fmt.Errorf("tick %d channel %d frame %d: count %d does not fit MaxWell's unsigned samples around mid-scale %d", t.Index, c, f, t.Raw.Samples[f*n+c], Midscale)
					return
				}
				raw[c*frames+f0+f] = uint16(v)
			}
		}
		f0 += nf
	}
	fn := make([]uint64, frames)
	for k := range fn {
		fn[k] = uint64(k)
	}
	w.dataset(base+"/groups/routed/raw", hdf5.Uint16, []uint64{uint64(n), uint64(frames)}, raw)
	w.dataset(base+"/groups/routed/frame_nos", hdf5.Uint64, []uint64{uint64(frames)}, fn)
}
