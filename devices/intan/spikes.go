package intan

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/petri-mea/petri/devices"
)

// rhxSpikes takes the spike records of frames [f0, f1) from the spike
// port, waiting up to SpikeGrace for records still in flight.
func (r *Rig) rhxSpikes(ctx context.Context, buf []uint16, f0, f1 int64, flags *devices.Flags) ([]devices.Spike, error) {
	d := r.spk
	if d == nil {
		// The spike connection was lost: re-arm it. Records sent meanwhile
		// are lost, so the tick is flagged.
		c, err := r.dialData(ctx, false)
		if err != nil {
			return nil, err
		}
		r.startSpikes(c)
		d = r.spk
		*flags |= devices.FlagReconnect | devices.FlagLateSpikes
		r.mu.Lock()
		r.stats.Reconnects++
		r.mu.Unlock()
	}
	index := make(map[string]int, len(r.routing))
	for ch, e := range r.routing {
		index[r.info.Channels[e]] = ch
	}
	col := make(map[int]int, len(r.cols))
	for j, ch := range r.cols {
		col[ch] = j
	}
	frame := func(ts uint32) int64 { return r.tsLast + int64(int32(ts-uint32(r.tsLast))) - r.tsOffset }
	grace := time.NewTimer(r.cfg.SpikeGrace)
	defer grace.Stop()
wait:
	for {
		d.mu.Lock()
		done := d.err != nil
		for _, s := range d.spikes {
			if frame(s.Timestamp) >= f1 {
				done = true
			}
		}
		d.mu.Unlock()
		if done {
			break
		}
		select {
		case <-d.poke:
		case <-grace.C:
			break wait
		case <-ctx.Done():
			break wait
		}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.err != nil {
		fmt.Fprintf(r.cfg.Log, "intan: spike connection lost (%v); re-arming it at the next tick\n", d.err)
		d.close()
		r.spk = nil
	}
	var out []devices.Spike
	keep := d.spikes[:0]
	late := 0
	for _, s := range d.spikes {
		f := frame(s.Timestamp)
		switch {
		case f >= f1:
			keep = append(keep, s)
		case f < f0:
			late++
		default:
			if ch, ok := index[s.Name]; ok && s.ID != 128 {
				out = append(out, devices.Spike{Channel: ch, Electrode: r.routing[ch], Time: float64(f) / r.info.Rate,
					Amplitude: r.peak(buf, col[ch], int(f-f0), int(f1-f0))})
			}
		}
	}
	d.spikes = keep
	if late > 0 {
		*flags |= devices.FlagLateSpikes
		r.mu.Lock()
		r.stats.LateSpikes += late
		r.mu.Unlock()
	}
	sortSpikes(out)
	return out, nil
}

// peak returns the most negative WIDE value in µV of word j within 0.25 ms
// before and 1 ms after frame f of the tick's n frames: RHX's records carry
// no amplitude.
func (r *Rig) peak(buf []uint16, j, f, n int) float64 {
	w := r.words
	lo := max(f-int(0.25e-3*r.info.Rate), 0)
	hi := min(f+int(1e-3*r.info.Rate), n-1)
	m := int32(math.MaxInt32)
	for k := lo; k <= hi; k++ {
		m = min(m, int32(buf[k*w+j])-WordOffset)
	}
	if m == math.MaxInt32 {
		return 0
	}
	return float64(m) * MicroVoltsPerBit
}

func sortSpikes(s []devices.Spike) {
	sort.SliceStable(s, func(i, j int) bool {
		if s[i].Time != s[j].Time {
			return s[i].Time < s[j].Time
		}
		return s[i].Channel < s[j].Channel
	})
}

// detector finds negative threshold crossings in the WIDE band.
type detector struct {
	thr   []int32 // counts below the offset, per word
	last  []int64 // frame of the last spike, per word
	in    []bool
	peak  []int32
	cross []int64
}

func (d *detector) detect(r *Rig, buf []uint16, f0 int64, n int) []devices.Spike {
	w := r.words
	if d.thr == nil {
		d.thr = make([]int32, w)
		d.last = make([]int64, w)
		d.in = make([]bool, w)
		d.peak = make([]int32, w)
		d.cross = make([]int64, w)
		col := make([]int32, n)
		for j := 0; j < w; j++ {
			d.last[j] = math.MinInt64 / 2
			if r.cfg.Threshold < 0 {
				d.thr[j] = int32(math.Round(r.cfg.Threshold / MicroVoltsPerBit))
				continue
			}
			for f := 0; f < n; f++ {
				v := int32(buf[f*w+j]) - WordOffset
				col[f] = max(v, -v)
			}
			sort.Slice(col, func(a, b int) bool { return col[a] < col[b] })
			sd := float64(col[n/2]) / 0.6745
			d.thr[j] = int32(math.Round(-r.cfg.ThresholdSD * math.Max(sd, 1)))
		}
	}
	dead := int64(math.Round(r.cfg.DeadTime * r.info.Rate))
	rate := r.info.Rate
	var out []devices.Spike
	emit := func(j int) {
		ch := r.cols[j]
		out = append(out, devices.Spike{Channel: ch, Electrode: r.routing[ch], Time: float64(d.cross[j]) / rate,
			Amplitude: float64(d.peak[j]) * MicroVoltsPerBit})
		d.in[j] = false
	}
	for f := 0; f < n; f++ {
		row := buf[f*w : (f+1)*w]
		fr := f0 + int64(f)
		for j, u := range row {
			v := int32(u) - WordOffset
			if d.in[j] {
				if v < d.peak[j] {
					d.peak[j] = v
				} else {
					emit(j)
				}
				continue
			}
			if v < d.thr[j] && fr-d.last[j] >= dead {
				d.in[j], d.peak[j], d.cross[j], d.last[j] = true, v, fr, fr
			}
		}
	}
	for j := range d.in {
		if d.in[j] {
			emit(j) // a spike belongs to the tick it crossed in
		}
	}
	sortSpikes(out)
	return out
}
