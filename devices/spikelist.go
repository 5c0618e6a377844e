package devices

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// DefaultTick is the tick period, in s, of recordings built from spike
// lists by the readers under devices/ (nex, axion, wong, rawtrace, maxwell);
// Recording.Retick changes it.
const DefaultTick float64 = 0.1

// NewRecording builds a recording from a spike list read from a file:
// routing[ch] is the electrode of channel ch, spikes are in time order with
// Electrode == routing[Channel], all within [start, end] s. The recording is
// cut into ticks of period s from start; the last tick ends at or after end.
// Nothing can be stimulated (Limits.Units is 0), and a replay refuses
// stimulation. Any inconsistency is an error naming the spike; nothing is
// dropped.
func NewRecording(layout Layout, routing []int, spikes []Spike, start, end, period float64) (*Recording, error) {
	if err := layout.Validate(); err != nil {
		return nil, err
	}
	if !(period > 0) || math.IsInf(period, 0) {
		return nil, fmt.Errorf("devices: tick period %g s; give a positive period such as %g", period, DefaultTick)
	}
	if !(end >= start) || math.IsInf(end-start, 0) {
		return nil, fmt.Errorf("devices: recording from %g s to %g s; the end must not come before the start", start, end)
	}
	lim := Limits{Channels: len(routing)}
	if err := lim.CheckRouting(layout, routing); err != nil {
		return nil, err
	}
	for k, s := range spikes {
		switch {
		case s.Channel < 0 || s.Channel >= len(routing):
			return nil, fmt.Errorf("devices: spike %d is on channel %d; the recording has channels 0..%d", k, s.Channel, len(routing)-1)
		case s.Electrode != routing[s.Channel]:
			return nil, fmt.Errorf("devices: spike %d is on electrode %d, but channel %d is routed to electrode %d", k, s.Electrode, s.Channel, routing[s.Channel])
		case !(s.Time >= start && s.Time <= end):
			return nil, fmt.Errorf("devices: spike %d at %g s lies outside the recording [%g, %g] s", k, s.Time, start, end)
		case k > 0 && s.Time < spikes[k-1].Time:
			return nil, fmt.Errorf("devices: spike %d at %g s comes before spike %d at %g s; spikes must be in time order", k, s.Time, k-1, spikes[k-1].Time)
		}
	}
	n := max(int(math.Ceil((end-start)/period-1e-9)), 1)
	rec := &Recording{Meta: Meta{Format: Format, Layout: layout, Limits: lim, Routing: append([]int{}, routing...)}}
	for _, e := range routing {
		x, y := layout.Pos(e)
		rec.Meta.X = append(rec.Meta.X, x)
		rec.Meta.Y = append(rec.Meta.Y, y)
	}
	next := 0
	for i := 0; i < n; i++ {
		t := &Tick{Index: i, Start: start + float64(i)*period, End: start + float64(i+1)*period, Channels: len(routing)}
		j := next
		for j < len(spikes) && (spikes[j].Time < t.End || i == n-1) {
			j++
		}
		if j > next {
			t.Spikes = spikes[next:j:j]
		}
		next = j
		rec.Ticks = append(rec.Ticks, t)
		rec.Routings = append(rec.Routings, rec.Meta.Routing)
	}
	return rec, nil
}

// SortSpikes sorts spikes by time, then channel (then amplitude), in place:
// readers of formats that list spikes channel by channel merge them with it.
func SortSpikes(spikes []Spike) {
	slices.SortFunc(spikes, func(a, b Spike) int {
		return cmp.Or(cmp.Compare(a.Time, b.Time), cmp.Compare(a.Channel, b.Channel), cmp.Compare(a.Amplitude, b.Amplitude))
	})
}

// Retick returns the recording cut into ticks of period s (for a replay at
// another loop period). Recordings with raw traces, stimulation or a
// routing that changed cannot be recut, since those belong to their ticks.
func (rec *Recording) Retick(period float64) (*Recording, error) {
	if len(rec.Ticks) == 0 {
		return nil, fmt.Errorf("devices: the recording has no ticks to recut")
	}
	for k, t := range rec.Ticks {
		if t.Raw != nil || len(t.Stims) > 0 || (k < len(rec.Routings) && !slices.Equal(rec.Routings[k], rec.Meta.Routing)) {
			return nil, fmt.Errorf("devices: tick %d holds raw traces, stimulation or a new routing; only spike-only recordings with one routing can be recut", t.Index)
		}
	}
	start, end := rec.Ticks[0].Start, rec.Ticks[len(rec.Ticks)-1].End
	out, err := NewRecording(rec.Meta.Layout, rec.Meta.Routing, rec.Spikes(), start, end, period)
	if err != nil {
		return nil, err
	}
	out.Meta.Limits = rec.Meta.Limits
	out.Meta.Raw = rec.Meta.Raw
	return out, nil
}
