package maxwell

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/petri-mea/petri/devices"
	"github.com/scigolib/hdf5"
)

// MaxOne constants: 20 kHz sampling, mid-scale of the 10-bit ADC, and the
// volts per count at gain 512 (3.3 V / (1024 · 512) = 6.29 µV, as neo
// computes it when a file has no lsb).
const (
	Rate     float64 = 20000
	Midscale         = 512
	Gain             = 512
	LSB      float64 = 3.3 / (1024 * Gain) // V per count
)

// Read reads the MaxWell file at path, spikes and raw traces (all of them:
// 2 bytes × channels × frames; use ReadSpikes for long recordings).
func Read(path string) (*devices.Recording, error) { return ReadWell(path, "", "", true) }

// ReadSpikes reads the spikes and routing of the MaxWell file at path,
// not the raw traces.
func ReadSpikes(path string) (*devices.Recording, error) { return ReadWell(path, "", "", false) }

// ReadWell reads recording rec of well (e.g. "well000", "rec0000"; "" for
// the only one) of the MaxWell file at path, with the raw traces if raw.
func ReadWell(path, well, rec string, raw bool) (*devices.Recording, error) {
	f, err := hdf5.Open(path)
	if err != nil {
		return nil, fmt.Errorf("maxwell: %s is not a readable HDF5 file: %w", path, err)
	}
	defer f.Close()
	r := &reader{path: path, ds: map[string]*hdf5.Dataset{}, groups: map[string]bool{}}
	f.Walk(func(p string, o hdf5.Object) {
		switch o := o.(type) {
		case *hdf5.Dataset:
			r.ds[strings.TrimSuffix(p, "/")] = o
		case *hdf5.Group:
			r.groups[strings.TrimSuffix(p, "/")] = true
		}
	})
	out, err := r.read(well, rec, raw)
	if err != nil {
		return nil, fmt.Errorf("maxwell: %s: %w", path, err)
	}
	return out, nil
}

type reader struct {
	path   string
	ds     map[string]*hdf5.Dataset
	groups map[string]bool
}

func (r *reader) dataset(p string) (*hdf5.Dataset, error) {
	d, ok := r.ds[p]
	if !ok {
		return nil, fmt.Errorf("no dataset %s; not a MaxWell recording, or written by a version this reader does not know", p)
	}
	return d, nil
}

func (r *reader) floats(p string) ([]float64, error) {
	d, err := r.dataset(p)
	if err != nil {
		return nil, err
	}
	v, err := d.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	return v, nil
}

func (r *reader) scalar(p string) (float64, error) {
	v, err := r.floats(p)
	if err != nil {
		return 0, err
	}
	if len(v) == 0 {
		return 0, fmt.Errorf("%s is empty; expected one value", p)
	}
	return v[0], nil
}

// children returns the names of the groups directly under p, sorted.
func (r *reader) children(p string) []string {
	var out []string
	for g := range r.groups {
		if rest, ok := strings.CutPrefix(g, p+"/"); ok && rest != "" && !strings.Contains(rest, "/") {
			out = append(out, rest)
		}
	}
	sort.Strings(out)
	return out
}

func pick(what, want string, have []string) (string, error) {
	if want == "" {
		if len(have) == 1 {
			return have[0], nil
		}
		return "", fmt.Errorf("%d %ss (%s); name the one to read with ReadWell", len(have), what, strings.Join(have, ", "))
	}
	if !slices.Contains(have, want) {
		return "", fmt.Errorf("no %s %q; the file has %s", what, want, strings.Join(have, ", "))
	}
	return want, nil
}

// table reads a MaxWell table (mapping, spikes): a compound dataset as
// MaxWell writes it, or a group of one dataset per field as petri writes
// it. It returns each wanted field as float64s.
func (r *reader) table(p string, fields ...string) (map[string][]float64, error) {
	out := map[string][]float64{}
	if d, ok := r.ds[p]; ok {
		rows, err := d.ReadCompound()
		if err != nil {
			return nil, fmt.Errorf("%s is not a table: %w", p, err)
		}
		for _, f := range fields {
			col := make([]float64, len(rows))
			for k, row := range rows {
				v, ok := row[f]
				if !ok {
					return nil, fmt.Errorf("%s has no field %q; expected fields %s", p, f, strings.Join(fields, ", "))
				}
				if col[k], ok = number(v); !ok {
					return nil, fmt.Errorf("%s row %d: field %s is %T, not a number", p, k, f, v)
				}
			}
			out[f] = col
		}
		return out, nil
	}
	if !r.groups[p] {
		return nil, fmt.Errorf("no table %s; not a MaxWell recording?", p)
	}
	n := -1
	for _, f := range fields {
		col, err := r.floats(p + "/" + f)
		if err != nil {
			return nil, err
		}
		if n >= 0 && len(col) != n {
			return nil, fmt.Errorf("%s/%s has %d rows, the other fields %d", p, f, len(col), n)
		}
		n = len(col)
		out[f] = col
	}
	return out, nil
}

func number(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case float32:
		return float64(v), true
	case int8:
		return float64(v), true
	case int16:
		return float64(v), true
	case int32:
		return float64(v), true
	case int64:
		return float64(v), true
	case uint8:
		return float64(v), true
	case uint16:
		return float64(v), true
	case uint32:
		return float64(v), true
	case uint64:
		return float64(v), true
	case int:
		return float64(v), true
	}
	return 0, false
}

func (r *reader) read(well, recName string, withRaw bool) (*devices.Recording, error) {
	vd, err := r.dataset("/version")
	if err != nil {
		return nil, err
	}
	vs, err := vd.ReadStrings()
	if err != nil || len(vs) == 0 {
		return nil, fmt.Errorf("/version is not a string: %v", err)
	}
	ver, err := strconv.Atoi(strings.TrimRight(strings.TrimSpace(vs[0]), "\x00"))
	if err != nil {
		return nil, fmt.Errorf("/version is %q, not a MaxWell format date", vs[0])
	}
	if ver <= 20160704 {
		return nil, fmt.Errorf("MaxWell format version %d (legacy MaxOne layout with /sig) is not supported; neo.rawio.MaxwellRawIO reads it", ver)
	}
	if well, err = pick("well", well, r.children("/wells")); err != nil {
		return nil, err
	}
	if recName, err = pick("recording", recName, r.children("/wells/"+well)); err != nil {
		return nil, err
	}
	base := "/wells/" + well + "/" + recName
	rate, err := r.scalar(base + "/settings/sampling")
	if err != nil {
		return nil, err
	}
	if !(rate > 0) {
		return nil, fmt.Errorf("%s/settings/sampling is %g Hz; expected a positive rate", base, rate)
	}
	lsb, err := r.scalar(base + "/settings/lsb")
	if err != nil {
		g, gerr := r.scalar(base + "/settings/gain")
		if gerr != nil {
			return nil, fmt.Errorf("%s/settings has neither lsb nor gain; cannot scale the samples", base)
		}
		lsb = 3.3 / (1024 * g) // neo's fallback
	}
	m, err := r.table(base+"/settings/mapping", "channel", "electrode")
	if err != nil {
		return nil, err
	}
	layout := devices.MaxOne()
	var ids, routing []int // MaxWell channel id and electrode of each petri channel
	chanOf := map[int]int{}
	for k, c := range m["channel"] {
		if c < 0 {
			continue
		}
		e := int(m["electrode"][k])
		if e < 0 || e >= layout.Len() || m["electrode"][k] != math.Trunc(m["electrode"][k]) {
			return nil, fmt.Errorf("%s/settings/mapping row %d: electrode %g is off the MaxOne array (0..%d)", base, k, m["electrode"][k], layout.Len()-1)
		}
		if j, ok := chanOf[int(c)]; ok {
			return nil, fmt.Errorf("%s/settings/mapping row %d: channel %d is mapped twice (also row %d)", base, k, int(c), j)
		}
		chanOf[int(c)] = len(ids)
		ids = append(ids, int(c))
		routing = append(routing, e)
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("%s/settings/mapping routes no channel", base)
	}
	// The first frame: frame_nos[0] if there are raw traces.
	frame0 := 0.0
	nframes := 0
	rawDS, hasRaw := r.ds[base+"/groups/routed/raw"]
	if fn, ok := r.ds[base+"/groups/routed/frame_nos"]; ok {
		v, err := fn.ReadSlice([]uint64{0}, []uint64{1})
		if err == nil {
			if f, ok := v.([]float64); ok && len(f) == 1 {
				frame0 = f[0]
			}
		}
	}
	if hasRaw {
		nch, nf, err := dims2(rawDS)
		if err != nil {
			return nil, fmt.Errorf("%s/groups/routed/raw: %w", base, err)
		}
		if nch != len(ids) {
			return nil, fmt.Errorf("%s/groups/routed/raw has %d rows; the mapping routes %d channels", base, nch, len(ids))
		}
		nframes = nf
	}
	// petri's own files carry the recording's span; times count from its start.
	span, err := r.floats(base + "/petri_span")
	hasSpan := err == nil && len(span) == 2
	t0 := 0.0
	if hasSpan {
		t0 = span[0]
	}
	var spikes []devices.Spike
	if _, ok := r.ds[base+"/spikes"]; ok || r.groups[base+"/spikes"] {
		st, err := r.table(base+"/spikes", "frameno", "channel", "amplitude")
		if err != nil {
			return nil, err
		}
		for k, fr := range st["frameno"] {
			ch, ok := chanOf[int(st["channel"][k])]
			if !ok {
				return nil, fmt.Errorf("%s/spikes row %d: channel %d is not in the mapping; the electrode it recorded is unknown", base, k, int(st["channel"][k]))
			}
			t := t0 + (fr-frame0)/rate
			if k > 0 && fr < st["frameno"][k-1] {
				return nil, fmt.Errorf("%s/spikes row %d: frame %d comes before frame %d of row %d; spikes must be in frame order", base, k, int64(fr), int64(st["frameno"][k-1]), k-1)
			}
			spikes = append(spikes, devices.Spike{Channel: ch, Electrode: routing[ch], Time: t, Amplitude: st["amplitude"][k]})
		}
	}
	start, end := t0, t0+float64(nframes)/rate
	if len(spikes) > 0 {
		start = min(start, spikes[0].Time)
		end = max(end, spikes[len(spikes)-1].Time)
	}
	if hasSpan {
		start, end = span[0], max(span[1], end)
	}
	period := devices.DefaultTick
	per := int(math.Round(rate * period))
	if hasRaw {
		period = float64(per) / rate
	}
	out, err := devices.NewRecording(layout, routing, spikes, start, end, period)
	if err != nil {
		return nil, err
	}
	if hasRaw && withRaw {
		if err := r.attachRaw(out, rawDS, base, rate, lsb, per, nframes); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func dims2(d *hdf5.Dataset) (rows, cols int, err error) {
	info, err := d.Info()
	if err != nil {
		return 0, 0, err
	}
	// Info reads "…, 2D array [R x C], …".
	i := strings.Index(info, "2D array [")
	if i < 0 {
		return 0, 0, fmt.Errorf("is not a 2-D array (%s)", info)
	}
	var r, c int
	if _, err := fmt.Sscanf(info[i+len("2D array ["):], "%d x %d]", &r, &c); err != nil {
		return 0, 0, fmt.Errorf("cannot read its shape from %q", info)
	}
	return r, c, nil
}

// attachRaw reads the raw traces tick by tick (one hyperslab per tick).
func (r *reader) attachRaw(rec *devices.Recording, d *hdf5.Dataset, base string, rate, lsb float64, per, nframes int) error {
	nch := len(rec.Meta.Routing)
	chans := make([]int, nch)
	for k := range chans {
		chans[k] = k
	}
	gain := lsb * 1e6
	direct, err := openDirect(r.path, d, nch, nframes)
	if err != nil {
		return fmt.Errorf("%s/groups/routed/raw: %w", base, err)
	}
	if direct != nil {
		defer direct.f.Close()
	}
	rec.Meta.Raw = &devices.RawMeta{File: baseName(r.path), SamplingFrequency: rate, NumChannels: nch, Dtype: "int16",
		GainToUV: gain, TimeAxis: 0, Channels: chans}
	for i, t := range rec.Ticks {
		f0, f1 := i*per, min((i+1)*per, nframes)
		if f0 >= f1 {
			break
		}
		var v any
		if direct != nil {
			v, err = direct.slice(f0, f1)
		} else {
			v, err = d.ReadSlice([]uint64{0, uint64(f0)}, []uint64{uint64(nch), uint64(f1 - f0)})
		}
		if err != nil {
			return fmt.Errorf("%s/groups/routed/raw frames %d–%d: %w (files compressed with MaxWell's own HDF5 filter need MaxWell's plug-in, which no open library reads; export uncompressed, or use ReadSpikes)", base, f0, f1, err)
		}
		fl, ok := v.([]float64)
		if !ok || len(fl) != nch*(f1-f0) {
			return fmt.Errorf("%s/groups/routed/raw frames %d–%d: read %T of %d values, want %d", base, f0, f1, v, len(fl), nch*(f1-f0))
		}
		n := f1 - f0
		s := make([]int16, nch*n)
		for c := 0; c < nch; c++ {
			for f := 0; f < n; f++ {
				x := fl[c*n+f] - Midscale
				if x < math.MinInt16 || x > math.MaxInt16 || x != math.Trunc(x) {
					return fmt.Errorf("%s/groups/routed/raw channel row %d frame %d: sample %g does not fit a 16-bit count around mid-scale %d", base, c, f0+f, fl[c*n+f], Midscale)
				}
				s[f*nch+c] = int16(x)
			}
		}
		t.Raw = &devices.Raw{Channels: chans, Rate: rate, Gain: gain, Start: rec.Ticks[0].Start + float64(f0)/rate, Samples: s}
	}
	return nil
}

func baseName(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}
