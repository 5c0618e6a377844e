package rawtrace

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/petri-mea/petri/devices"
	"github.com/petri-mea/petri/devices/axion"
)

// Sidecar describes a raw binary file (see the package documentation).
type Sidecar struct {
	File              string         `json:"file,omitempty"` // relative to the sidecar
	SamplingFrequency float64        `json:"sampling_frequency"`
	NumChannels       int            `json:"num_channels"`
	Dtype             string         `json:"dtype"`
	GainToUV          float64        `json:"gain_to_uV"`
	OffsetToUV        float64        `json:"offset_to_uV"`
	TimeAxis          int            `json:"time_axis"`
	NumFrames         int            `json:"num_frames,omitempty"` // checked if given
	Electrodes        []string       `json:"electrodes"`
	Layout            devices.Layout `json:"layout"`
}

// MEA-NAP's Axion fixtures: 12.5 kHz and 5.8139534883720935e-08 V per
// count (python/test_axion_raw.py of SAND-Lab/MEA-NAP; the sign of Axion's
// VoltageScale is already applied to the samples).
const (
	AxionRate float64 = 12500
	AxionGain float64 = 5.8139534883720935e-08 * 1e6 // µV per count
)

// AxionWell returns the sidecar of one well of an Axion 24-well plate as
// MEA-NAP exports it: 16 channels, electrodes in the order 11, 21, 31, 41,
// 12, …, 44 (column·10 + row), on the 24-well plate layout of
// devices/axion.
func AxionWell(well string) Sidecar {
	s := Sidecar{SamplingFrequency: AxionRate, NumChannels: 16, Dtype: "int16", GainToUV: AxionGain,
		Layout: axion.Plates[24].Layout()}
	for r := 1; r <= 4; r++ {
		for c := 1; c <= 4; c++ {
			s.Electrodes = append(s.Electrodes, fmt.Sprintf("%s_%d%d", well, c, r))
		}
	}
	return s
}

// Open reads the sidecar at path and the binary file it names.
func Open(path string) (*devices.Recording, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("rawtrace: %w", err)
	}
	var s Sidecar
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("rawtrace: %s is not a raw-trace sidecar: %w", path, err)
	}
	if s.File == "" {
		return nil, fmt.Errorf("rawtrace: %s names no \"file\"; give the binary file's name, relative to the sidecar", path)
	}
	f := s.File
	if !filepath.IsAbs(f) {
		f = filepath.Join(filepath.Dir(path), f)
	}
	return Read(f, s)
}

// Read reads the binary file at path as s describes it.
func Read(path string, s Sidecar) (*devices.Recording, error) {
	routing, err := s.check()
	if err != nil {
		return nil, fmt.Errorf("rawtrace: %s: %w", path, err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("rawtrace: %w", err)
	}
	frame := 2 * s.NumChannels
	if len(b)%frame != 0 {
		return nil, fmt.Errorf("rawtrace: %s has %d bytes, not a whole number of %d-byte frames (%d channels × int16): cut short, or the wrong num_channels",
			path, len(b), frame, s.NumChannels)
	}
	frames := len(b) / frame
	if s.NumFrames > 0 && frames != s.NumFrames {
		return nil, fmt.Errorf("rawtrace: %s holds %d frames; the sidecar says num_frames %d (file cut short?)", path, frames, s.NumFrames)
	}
	if frames == 0 {
		return nil, fmt.Errorf("rawtrace: %s is empty", path)
	}
	samples := make([]int16, len(b)/2)
	for k := range samples {
		samples[k] = int16(binary.LittleEndian.Uint16(b[2*k:]))
	}
	per := max(int(math.Round(s.SamplingFrequency*devices.DefaultTick)), 1)
	period := float64(per) / s.SamplingFrequency
	duration := float64(frames) / s.SamplingFrequency
	rec, err := devices.NewRecording(s.Layout, routing, nil, 0, duration, period)
	if err != nil {
		return nil, fmt.Errorf("rawtrace: %s: %w", path, err)
	}
	chans := make([]int, s.NumChannels)
	for k := range chans {
		chans[k] = k
	}
	rec.Meta.Raw = &devices.RawMeta{File: filepath.Base(path), SamplingFrequency: s.SamplingFrequency, NumChannels: s.NumChannels,
		Dtype: "int16", GainToUV: s.GainToUV, TimeAxis: 0, Channels: chans}
	for i, t := range rec.Ticks {
		f0, f1 := i*per, min((i+1)*per, frames)
		if f0 >= f1 {
			break
		}
		t.Raw = &devices.Raw{Channels: chans, Rate: s.SamplingFrequency, Gain: s.GainToUV, Start: float64(f0) / s.SamplingFrequency,
			Samples: samples[f0*s.NumChannels : f1*s.NumChannels : f1*s.NumChannels]}
	}
	return rec, nil
}

// check validates the sidecar and returns the electrode of each channel.
func (s Sidecar) check() ([]int, error) {
	switch {
	case s.Dtype != "int16" && s.Dtype != "<i2":
		return nil, fmt.Errorf("dtype %q; this reader knows little-endian int16 (\"int16\" or \"<i2\")", s.Dtype)
	case s.TimeAxis != 0:
		return nil, fmt.Errorf("time_axis %d (channel-major); this reader knows frame-major files (time_axis 0)", s.TimeAxis)
	case s.OffsetToUV != 0:
		return nil, fmt.Errorf("offset_to_uV %g; petri's traces have no offset, so subtract it when converting (or give 0)", s.OffsetToUV)
	case !(s.SamplingFrequency > 0) || math.IsInf(s.SamplingFrequency, 0):
		return nil, fmt.Errorf("sampling_frequency %g Hz; give the rate in Hz", s.SamplingFrequency)
	case !(s.GainToUV > 0) || math.IsInf(s.GainToUV, 0):
		return nil, fmt.Errorf("gain_to_uV %g; give µV per count (positive)", s.GainToUV)
	case s.NumChannels < 1:
		return nil, fmt.Errorf("num_channels %d; give the number of channels per frame", s.NumChannels)
	case len(s.Electrodes) != s.NumChannels:
		return nil, fmt.Errorf("%d electrodes named for %d channels; name the electrode of every channel", len(s.Electrodes), s.NumChannels)
	}
	if err := s.Layout.Validate(); err != nil {
		return nil, err
	}
	routing := make([]int, len(s.Electrodes))
	for k, n := range s.Electrodes {
		if routing[k] = s.Layout.Lookup(n); routing[k] < 0 {
			return nil, fmt.Errorf("channel %d is electrode %q, which is not in the layout; name electrodes as the layout does (e.g. %q)", k, n, firstName(s.Layout))
		}
	}
	return routing, nil
}

func firstName(l devices.Layout) string {
	for _, n := range l.Names {
		if n != "" {
			return n
		}
	}
	return "the layout has no names"
}
