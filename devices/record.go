package devices

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
)

// Format is the name written in every sidecar.
const Format = "petri-recording/1"

// Meta is the JSON sidecar of a recording (PREFIX.json). The raw block's
// field names follow SpikeInterface's read_binary (sampling_frequency,
// num_channels, dtype, gain_to_uV, offset_to_uV, time_axis).
type Meta struct {
	Format  string    `json:"format"`
	Layout  Layout    `json:"layout"`
	Limits  Limits    `json:"limits"`
	Routing []int     `json:"routing"`      // electrode of each channel at the start
	X       []float64 `json:"channel_x_um"` // electrode position of each channel
	Y       []float64 `json:"channel_y_um"`
	Events  string    `json:"events"` // events file name (JSON lines)
	Raw     *RawMeta  `json:"raw,omitempty"`
}

// RawMeta describes PREFIX.raw: little-endian int16, frame-major
// (time_axis 0), num_channels columns.
type RawMeta struct {
	File              string  `json:"file"`
	SamplingFrequency float64 `json:"sampling_frequency"`
	NumChannels       int     `json:"num_channels"`
	Dtype             string  `json:"dtype"`
	GainToUV          float64 `json:"gain_to_uV"`
	OffsetToUV        float64 `json:"offset_to_uV"`
	TimeAxis          int     `json:"time_axis"`
	Channels          []int   `json:"channel_ids"` // readout channels traced
}

// tickLine is one line of PREFIX.events.jsonl.
type tickLine struct {
	Index   int       `json:"i"`
	Start   float64   `json:"t0"`
	End     float64   `json:"t1"`
	Chans   int       `json:"channels"`
	Routing []int     `json:"routing,omitempty"` // when it changed
	T       []float64 `json:"t"`
	Ch      []int     `json:"ch"`
	El      []int     `json:"el"`
	Amp     []float64 `json:"amp"`
	Stims   []Stim    `json:"stims,omitempty"`
	Frames  int       `json:"frames,omitempty"` // raw frames appended with this tick
	RawT0   float64   `json:"raw_t0,omitempty"`
	Flags   Flags     `json:"flags,omitempty"`   // Tick.Flags of a faulty tick
	Missing int       `json:"missing,omitempty"` // Tick.Missing
	// RawOff is the byte offset of the tick's frames in P.raw, so a reader finds them
	// even if bytes of a failed write precede them (absent in older recordings).
	RawOff *int64 `json:"raw_off,omitempty"`
}

// Recorder writes a session to disk, append-only, one tick at a time; every
// Write reaches the operating system before it returns, so a crash or a kill
// loses at most the tick being written. Files, for a prefix P:
//
//	P.json          the sidecar (Meta), written once, atomically
//	P.events.jsonl  one JSON object per tick: index, start and end (s),
//	                spikes as parallel arrays t (s), ch, el, amp (µV),
//	                the stimulation delivered, and the routing when it changed
//	P.raw           raw int16 samples of the traced channels (if any),
//	                frame-major, appended before the tick's line
//
// A Write that fails (a full disk) cuts both files back to the last complete tick
// and the Recorder refuses every later Write with an error naming the first failure,
// so the files always hold whole ticks: a recording that stopped, never a corrupt one.
type Recorder struct {
	meta    Meta
	events  recordFile
	raw     recordFile
	routing []int
	sync    bool
	buf     bytes.Buffer

	eventsEnd, rawEnd int64 // file sizes after the last complete tick
	failed            error // the first failed Write; later Writes return it
}

// recordFile is what a Recorder needs of its files (an *os.File).
type recordFile interface {
	io.Writer
	Sync() error
	Truncate(size int64) error
	Close() error
}

// Record creates a recording at prefix for device d (the routing and, if
// rawChannels is not empty, the raw traces of those readout channels at
// rate Hz and gain µV per count). Existing files are truncated.
func Record(prefix string, d Device, rawChannels []int, rate, gain float64) (*Recorder, error) {
	m := Meta{Format: Format, Layout: d.Layout(), Limits: d.Limits(), Routing: append([]int{}, d.Routing()...),
		Events: baseName(prefix) + ".events.jsonl"}
	for _, e := range m.Routing {
		x, y := m.Layout.Pos(e)
		m.X = append(m.X, x)
		m.Y = append(m.Y, y)
	}
	if len(rawChannels) > 0 {
		m.Raw = &RawMeta{File: baseName(prefix) + ".raw", SamplingFrequency: rate, NumChannels: len(rawChannels),
			Dtype: "int16", GainToUV: gain, TimeAxis: 0, Channels: append([]int{}, rawChannels...)}
	}
	js, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(prefix+".json.tmp", js, 0o644); err != nil {
		return nil, fmt.Errorf("devices: cannot write the recording sidecar: %w", err)
	}
	if err := os.Rename(prefix+".json.tmp", prefix+".json"); err != nil {
		return nil, err
	}
	r := &Recorder{meta: m, routing: m.Routing}
	if r.events, err = os.OpenFile(prefix+".events.jsonl", os.O_CREATE|os.O_TRUNC|os.O_WRONLY|os.O_APPEND, 0o644); err != nil {
		return nil, err
	}
	if m.Raw != nil {
		if r.raw, err = os.OpenFile(prefix+".raw", os.O_CREATE|os.O_TRUNC|os.O_WRONLY|os.O_APPEND, 0o644); err != nil {
			r.events.Close()
			return nil, err
		}
	}
	return r, nil
}

// Sync makes every Write also fsync the files (survives power loss, costs
// milliseconds per tick).
func (r *Recorder) Sync(on bool) { r.sync = on }

// Write appends tick t. The routing seen in routing (the device's current
// routing; nil to keep the last) is recorded when it changes.
func (r *Recorder) Write(t *Tick, routing []int) error {
	if r.failed != nil {
		return r.failed
	}
	ln := tickLine{Index: t.Index, Start: t.Start, End: t.End, Chans: t.Channels, Stims: t.Stims,
		T: []float64{}, Ch: []int{}, El: []int{}, Amp: []float64{}, Flags: t.Flags, Missing: t.Missing}
	newRouting := r.routing
	if routing != nil && !slices.Equal(routing, r.routing) {
		newRouting = append([]int{}, routing...)
		ln.Routing = newRouting
	}
	for _, s := range t.Spikes {
		ln.T = append(ln.T, s.Time)
		ln.Ch = append(ln.Ch, s.Channel)
		ln.El = append(ln.El, s.Electrode)
		ln.Amp = append(ln.Amp, s.Amplitude)
	}
	if r.raw != nil && t.Raw != nil {
		if !slices.Equal(t.Raw.Channels, r.meta.Raw.Channels) {
			return fmt.Errorf("devices: tick %d traces channels %v but the recording was opened for %v", t.Index, t.Raw.Channels, r.meta.Raw.Channels)
		}
		r.buf.Reset()
		binary.Write(&r.buf, binary.LittleEndian, t.Raw.Samples)
		off := r.rawEnd
		ln.RawOff = &off
		ln.Frames = t.Raw.Frames()
		ln.RawT0 = t.Raw.Start
	}
	js, err := json.Marshal(ln)
	if err != nil {
		return err
	}
	js = append(js, '\n')
	rawLen := int64(0)
	if ln.RawOff != nil {
		rawLen = int64(r.buf.Len())
		if _, err := r.raw.Write(r.buf.Bytes()); err != nil {
			return r.fail(t.Index, err)
		}
	}
	if _, err := r.events.Write(js); err != nil {
		return r.fail(t.Index, err)
	}
	if r.sync {
		if r.raw != nil {
			if err := r.raw.Sync(); err != nil {
				return r.fail(t.Index, err)
			}
		}
		if err := r.events.Sync(); err != nil {
			return r.fail(t.Index, err)
		}
	}
	r.rawEnd += rawLen
	r.eventsEnd += int64(len(js))
	r.routing = newRouting
	return nil
}

// fail cuts the files back to the last complete tick and stops the recorder.
func (r *Recorder) fail(index int, err error) error {
	cut := r.events.Truncate(r.eventsEnd)
	if r.raw != nil {
		cut = errors.Join(cut, r.raw.Truncate(r.rawEnd))
	}
	msg := "the files hold every tick before it"
	if cut != nil {
		msg = fmt.Sprintf("cutting the files back to the last complete tick failed too (%v); ReadRecording still recovers every tick before it", cut)
	}
	r.failed = fmt.Errorf("devices: recording stopped: writing tick %d failed: %w; %s; free space and record to a new prefix", index, err, msg)
	return r.failed
}

// Close closes the files.
func (r *Recorder) Close() error {
	err := r.events.Close()
	if r.raw != nil {
		err = errors.Join(err, r.raw.Close())
	}
	return err
}

// Recording is a recording read back: every complete tick, and the raw
// samples that belong to them.
type Recording struct {
	Meta  Meta
	Ticks []*Tick
	// Routings[k] is the routing in force during Ticks[k].
	Routings [][]int
	// Damage, if not empty, says where the files stop holding whole ticks (a line
	// that is not JSON, raw samples missing); Ticks holds every tick before it.
	Damage string
}

// RawFrames returns the number of raw frames the ticks hold.
func (rec *Recording) RawFrames() int {
	n := 0
	for _, t := range rec.Ticks {
		if t.Raw != nil {
			n += t.Raw.Frames()
		}
	}
	return n
}

// Spikes returns all spikes of the recording in time order.
func (rec *Recording) Spikes() []Spike {
	var out []Spike
	for _, t := range rec.Ticks {
		out = append(out, t.Spikes...)
	}
	return out
}

// ReadRecording reads the recording at prefix. A last line cut short by a
// crash is ignored, and so are raw samples beyond the last complete tick.
func ReadRecording(prefix string) (*Recording, error) {
	js, err := os.ReadFile(prefix + ".json")
	if err != nil {
		return nil, fmt.Errorf("devices: no recording sidecar at %s.json: %w", prefix, err)
	}
	rec := &Recording{}
	if err := json.Unmarshal(js, &rec.Meta); err != nil {
		return nil, fmt.Errorf("devices: %s.json is not a recording sidecar: %w", prefix, err)
	}
	if rec.Meta.Format != Format {
		return nil, fmt.Errorf("devices: %s.json has format %q; this reader knows %q", prefix, rec.Meta.Format, Format)
	}
	f, err := os.Open(prefix + ".events.jsonl")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var raw *os.File
	var nch int
	var rawSize int64
	if rm := rec.Meta.Raw; rm != nil {
		if raw, err = os.Open(prefix + ".raw"); err != nil {
			return nil, err
		}
		defer raw.Close()
		nch = rm.NumChannels
		if st, err := raw.Stat(); err == nil {
			rawSize = st.Size()
		}
	}
	routing := rec.Meta.Routing
	br := bufio.NewReader(f)
	for {
		line, err := br.ReadBytes('\n')
		if err == io.EOF {
			break // a partial last line (no newline) is a tick cut short
		}
		if err != nil {
			return nil, err
		}
		var ln tickLine
		if err := json.Unmarshal(line, &ln); err != nil || len(ln.Ch) != len(ln.T) || len(ln.El) != len(ln.T) || len(ln.Amp) != len(ln.T) {
			if err == nil {
				err = errors.New("spike arrays of different lengths")
			}
			rec.Damage = fmt.Sprintf("%s.events.jsonl line %d is damaged (%v); the %d ticks before it were read", prefix, len(rec.Ticks)+1, err, len(rec.Ticks))
			break
		}
		t := &Tick{Index: ln.Index, Start: ln.Start, End: ln.End, Channels: ln.Chans, Stims: ln.Stims,
			Flags: ln.Flags, Missing: ln.Missing}
		for k := range ln.T {
			t.Spikes = append(t.Spikes, Spike{Channel: ln.Ch[k], Electrode: ln.El[k], Time: ln.T[k], Amplitude: ln.Amp[k]})
		}
		if ln.Routing != nil {
			routing = ln.Routing
		}
		if raw != nil && ln.Frames > 0 {
			if ln.Frames < 0 || int64(ln.Frames)*int64(nch)*2 > rawSize {
				rec.Damage = fmt.Sprintf("%s.events.jsonl line %d declares %d raw frames, more than %s.raw holds", prefix, len(rec.Ticks)+1, ln.Frames, prefix)
				break
			}
			if ln.RawOff != nil {
				if _, err := raw.Seek(*ln.RawOff, io.SeekStart); err != nil {
					return nil, err
				}
			}
			s := make([]int16, ln.Frames*nch)
			if err := binary.Read(raw, binary.LittleEndian, s); err != nil {
				break // raw cut short: this tick is incomplete
			}
			t.Raw = &Raw{Channels: rec.Meta.Raw.Channels, Rate: rec.Meta.Raw.SamplingFrequency,
				Gain: rec.Meta.Raw.GainToUV, Start: ln.RawT0, Samples: s}
		}
		rec.Ticks = append(rec.Ticks, t)
		rec.Routings = append(rec.Routings, routing)
	}
	return rec, nil
}

func baseName(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' || p[i] == os.PathSeparator {
			return p[i+1:]
		}
	}
	return p
}
