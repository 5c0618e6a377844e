//go:build ignore

// readers.go is run by tests/test_readers.py with `petri script`: it writes
// and reads MaxWell and NWB files with petri's preloaded packages and prints
// what it wrote or read, one "key values…" line each, for h5py and neo to
// check.
//
//	petri script readers.go write-maxwell OUT.raw.h5
//	petri script readers.go read-maxwell IN.raw.h5
//	petri script readers.go write-nwb OUT.nwb TC89.nexTimestamps
package main

import (
	"fmt"
	"os"
	"strings"
)

// synthetic is a 0.25 s MaxOne recording: 4 channels traced at 20 kHz,
// samples from a fixed formula over the 10-bit range, 3 spikes.
func synthetic() *devices.Recording {
	routing := []int{0, 221, 13000, 26399}
	sp := []devices.Spike{
		{Channel: 1, Electrode: 221, Time: 0.01, Amplitude: -50.5},
		{Channel: 3, Electrode: 26399, Time: 0.1, Amplitude: -20},
		{Channel: 0, Electrode: 0, Time: 0.2, Amplitude: -75.25},
	}
	rec, err := devices.NewRecording(devices.MaxOne(), routing, sp, 0, 0.25, 0.1)
	if err != nil {
		panic(err)
	}
	chans := []int{0, 1, 2, 3}
	gain := maxwell.LSB * 1e6
	rec.Meta.Raw = &devices.RawMeta{SamplingFrequency: 20000, NumChannels: 4, Dtype: "int16", GainToUV: gain, Channels: chans}
	for i, t := range rec.Ticks {
		f0, f1 := i*2000, min((i+1)*2000, 5000)
		s := make([]int16, 4*(f1-f0))
		for f := f0; f < f1; f++ {
			for c := 0; c < 4; c++ {
				s[(f-f0)*4+c] = int16((f*7+c*131)%1024 - 512)
			}
		}
		t.Raw = &devices.Raw{Channels: chans, Rate: 20000, Gain: gain, Start: float64(f0) / 20000, Samples: s}
	}
	return rec
}

func ints(v []int) string {
	s := make([]string, len(v))
	for k, x := range v {
		s[k] = fmt.Sprint(x)
	}
	return strings.Join(s, " ")
}

func describe(rec *devices.Recording) {
	fmt.Println("electrodes", ints(rec.Meta.Routing))
	var t, ch, amp []string
	for _, s := range rec.Spikes() {
		t = append(t, fmt.Sprintf("%.6f", s.Time))
		ch = append(ch, fmt.Sprint(s.Channel))
		amp = append(amp, fmt.Sprintf("%.4f", s.Amplitude))
	}
	fmt.Println("spike_times", strings.Join(t, " "))
	fmt.Println("spike_channels", strings.Join(ch, " "))
	fmt.Println("spike_amplitudes", strings.Join(amp, " "))
	if rec.Meta.Raw == nil {
		return
	}
	frames := 0
	for _, tk := range rec.Ticks {
		if tk.Raw != nil {
			frames += tk.Raw.Frames()
		}
	}
	fmt.Println("frames", frames)
	fmt.Printf("rate %g\ngain %.9f\n", rec.Meta.Raw.SamplingFrequency, rec.Meta.Raw.GainToUV)
	// The first 5 frames of every channel, in counts.
	r := rec.Ticks[0].Raw
	for c := range r.Channels {
		var v []int
		for f := 0; f < 5; f++ {
			v = append(v, int(r.Samples[f*len(r.Channels)+c]))
		}
		fmt.Printf("counts%d %s\n", c, ints(v))
	}
	// The last frame of every channel.
	last := rec.Ticks[len(rec.Ticks)-1].Raw
	var v []int
	for c := range last.Channels {
		v = append(v, int(last.Samples[(last.Frames()-1)*len(last.Channels)+c]))
	}
	fmt.Println("last", ints(v))
}

func main() {
	if len(os.Args) < 3 {
		panic("usage: readers.go write-maxwell|read-maxwell|write-nwb PATH [TC89]")
	}
	switch os.Args[1] {
	case "write-maxwell":
		rec := synthetic()
		if err := maxwell.Write(os.Args[2], rec); err != nil {
			panic(err)
		}
		describe(rec)
	case "read-maxwell":
		rec, err := maxwell.Read(os.Args[2])
		if err != nil {
			fmt.Println("error", err)
			os.Exit(3)
		}
		describe(rec)
	case "write-nwb":
		rec, err := nex.Read(os.Args[3])
		if err != nil {
			panic(err)
		}
		if err := nwb.Write(os.Args[2], rec, nwb.Info{Description: "TC89 DIV15 (sjemea example)"}); err != nil {
			panic(err)
		}
		fmt.Println("spikes", len(rec.Spikes()))
		if err := nwb.Write(os.Args[2]+".raw.nwb", synthetic(), nwb.Info{Description: "synthetic MaxOne"}); err != nil {
			panic(err)
		}
		describe(synthetic())
	default:
		panic("unknown mode " + os.Args[1])
	}
}
