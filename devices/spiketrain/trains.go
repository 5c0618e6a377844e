package spiketrain

import (
	"fmt"
	"math"
	"sort"

	"github.com/petri-mea/petri/devices"
)

// Trains are the spike times of each channel over an observation window
// [Start, End) s. Every analysis in this package starts from Trains, so a
// simulation and a file give the same numbers for the same spikes.
type Trains struct {
	Times      [][]float64 // Times[ch]: spike times of channel ch in s, ascending, in [Start, End)
	Electrode  []int       // electrode of each channel, −1 if unknown
	Start, End float64     // s
}

// Channels returns the number of channels (silent ones included).
func (t *Trains) Channels() int { return len(t.Times) }

// Duration returns End − Start in s.
func (t *Trains) Duration() float64 { return t.End - t.Start }

// Spikes returns the total number of spikes.
func (t *Trains) Spikes() int {
	n := 0
	for _, s := range t.Times {
		n += len(s)
	}
	return n
}

// Active returns the channels with at least one spike, in order.
func (t *Trains) Active() []int {
	var a []int
	for ch, s := range t.Times {
		if len(s) > 0 {
			a = append(a, ch)
		}
	}
	return a
}

// Raster returns every spike as parallel times (s) and channels, channel by
// channel, ready for display.Raster.
func (t *Trains) Raster() (times []float64, channels []int) {
	n := t.Spikes()
	times = make([]float64, 0, n)
	channels = make([]int, 0, n)
	for ch, s := range t.Times {
		for _, x := range s {
			times = append(times, x)
			channels = append(channels, ch)
		}
	}
	return times, channels
}

// Window returns the trains restricted to [start, end) s (a copy).
func (t *Trains) Window(start, end float64) (*Trains, error) {
	if !(end > start) {
		return nil, fmt.Errorf("spiketrain: window [%g, %g) s is empty; give end > start", start, end)
	}
	w := &Trains{Times: make([][]float64, len(t.Times)), Electrode: append([]int(nil), t.Electrode...), Start: start, End: end}
	for ch, s := range t.Times {
		lo := sort.SearchFloat64s(s, start)
		hi := sort.SearchFloat64s(s, end)
		w.Times[ch] = append([]float64(nil), s[lo:hi]...)
	}
	return w, nil
}

// Subset returns the trains of the given channels, renumbered 0, 1, … in
// the order given (for example the electrodes of one well of a plate).
func (t *Trains) Subset(channels []int) (*Trains, error) {
	s := &Trains{Times: make([][]float64, len(channels)), Electrode: make([]int, len(channels)), Start: t.Start, End: t.End}
	for k, ch := range channels {
		if ch < 0 || ch >= len(t.Times) {
			return nil, fmt.Errorf("spiketrain: Subset channel %d (item %d) is not one of the %d channels 0..%d", ch, k, len(t.Times), len(t.Times)-1)
		}
		s.Times[k] = append([]float64(nil), t.Times[ch]...)
		s.Electrode[k] = t.electrode(ch)
	}
	return s, nil
}

// Pool merges channels: channel ch of t joins channel group[ch] of the
// result (groups 0..n−1, n the largest group + 1; −1 drops a channel). Use
// it to see neurons as multi-unit electrodes (for example all neurons of a
// well), or electrodes as wells. Electrodes of the result are −1.
func (t *Trains) Pool(group []int) (*Trains, error) {
	if len(group) != len(t.Times) {
		return nil, fmt.Errorf("spiketrain: Pool has %d groups for %d channels; give one group per channel", len(group), len(t.Times))
	}
	n := 0
	for ch, g := range group {
		if g < -1 {
			return nil, fmt.Errorf("spiketrain: Pool group[%d] = %d; groups are >= 0, or −1 to drop the channel", ch, g)
		}
		n = max(n, g+1)
	}
	p := &Trains{Times: make([][]float64, n), Electrode: make([]int, n), Start: t.Start, End: t.End}
	for g := range p.Electrode {
		p.Electrode[g] = -1
	}
	for ch, g := range group {
		if g >= 0 {
			p.Times[g] = append(p.Times[g], t.Times[ch]...)
		}
	}
	for _, s := range p.Times {
		sort.Float64s(s)
	}
	return p, nil
}

func (t *Trains) electrode(ch int) int {
	if ch < len(t.Electrode) {
		return t.Electrode[ch]
	}
	return -1
}

// FromTimes builds trains of n channels from parallel spike times (s) and
// channel (or neuron) indices, keeping the spikes in [start, end). Use it
// for a simulation's ground truth (culture neurons) or any hand-made data.
// Spikes need not be sorted. A channel outside 0..n−1, a time that is not
// finite, or an empty window is an error and nothing is returned.
func FromTimes(times []float64, channels []int, n int, start, end float64) (*Trains, error) {
	if len(times) != len(channels) {
		return nil, fmt.Errorf("spiketrain: %d times but %d channels; give one channel per spike", len(times), len(channels))
	}
	if n < 0 {
		return nil, fmt.Errorf("spiketrain: %d channels; give n >= 0", n)
	}
	if !(end > start) || math.IsInf(end-start, 0) {
		return nil, fmt.Errorf("spiketrain: window [%g, %g) s is empty or infinite; give start < end", start, end)
	}
	t := &Trains{Times: make([][]float64, n), Electrode: make([]int, n), Start: start, End: end}
	for ch := range t.Electrode {
		t.Electrode[ch] = -1
	}
	for k, x := range times {
		ch := channels[k]
		if ch < 0 || ch >= n {
			return nil, fmt.Errorf("spiketrain: spike %d is on channel %d, outside 0..%d; raise n or fix the channel", k, ch, n-1)
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("spiketrain: spike %d (channel %d) has time %v; times must be finite seconds", k, ch, x)
		}
		if x >= start && x < end {
			t.Times[ch] = append(t.Times[ch], x)
		}
	}
	for _, s := range t.Times {
		if !sort.Float64sAreSorted(s) {
			sort.Float64s(s)
		}
	}
	return t, nil
}

// FromSpikes builds trains of n channels from device spikes (by
// Spike.Channel) in [start, end), recording the electrode of each channel
// as seen on its spikes (−1 for channels without spikes).
func FromSpikes(spikes []devices.Spike, n int, start, end float64) (*Trains, error) {
	times, chans := devices.Raster(spikes)
	t, err := FromTimes(times, chans, n, start, end)
	if err != nil {
		return nil, err
	}
	for _, s := range spikes {
		t.Electrode[s.Channel] = s.Electrode
	}
	return t, nil
}

// FromTicks builds trains from consecutive ticks (a closed loop's or a
// replay's): the window runs from the first tick's Start to the last one's
// End and the channels are the most any tick routed.
func FromTicks(ticks []*devices.Tick) (*Trains, error) {
	if len(ticks) == 0 {
		return nil, fmt.Errorf("spiketrain: no ticks; run the device (or read a recording) first")
	}
	n := 0
	var sp []devices.Spike
	for k, tk := range ticks {
		if tk == nil {
			return nil, fmt.Errorf("spiketrain: tick %d is nil", k)
		}
		n = max(n, tk.Channels)
		sp = append(sp, tk.Spikes...)
	}
	return FromSpikes(sp, n, ticks[0].Start, ticks[len(ticks)-1].End)
}

// FromRecording builds trains from a recording read with
// devices.ReadRecording (or a reader of another format).
func FromRecording(rec *devices.Recording) (*Trains, error) {
	if rec == nil {
		return nil, fmt.Errorf("spiketrain: nil recording")
	}
	return FromTicks(rec.Ticks)
}
