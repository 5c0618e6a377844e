package intan

import (
	"context"
	"sort"
	"time"

	"github.com/petri-mea/petri/devices"
)

// start configures the TCP outputs for the routing, connects the data
// ports and runs the controller. Everything received from now on is a new
// run: the first frame becomes the next tick's first frame.
func (r *Rig) start(ctx context.Context) error {
	c := r.cmd
	if r.dirty {
		cmds := []string{"execute ClearAllDataOutputs"}
		for _, e := range r.routing {
			cmds = append(cmds, "set "+r.info.Channels[e]+".TCPDataOutputEnabled true")
			if r.cfg.Spikes == SpikesFromRHX {
				cmds = append(cmds, "set "+r.info.Channels[e]+".TCPDataOutputEnabledSpike true")
			}
		}
		if err := r.batch(ctx, cmds); err != nil {
			return err
		}
		// RHX sends channels in its own order, whatever the routing's.
		order := append([]int(nil), r.routing...)
		sort.Ints(order)
		pos := make(map[int]int, len(r.routing))
		for ch, e := range r.routing {
			pos[e] = ch
		}
		r.cols = r.cols[:0]
		for _, e := range order {
			r.cols = append(r.cols, pos[e])
		}
		r.words = len(order)
		r.det = detector{}
		r.dirty = false
	}
	wc, err := r.dialData(ctx, true)
	if err != nil {
		return err
	}
	r.startWave(wc)
	if r.cfg.Spikes == SpikesFromRHX {
		sc, err := r.dialData(ctx, false)
		if err != nil {
			return err
		}
		r.startSpikes(sc)
	}
	if err := c.do(ctx, "set RunMode run"); err != nil {
		return r.commandError(ctx, err)
	}
	r.running, r.fresh = true, true
	return nil
}

// stop stops the controller and drops the data connections: data already
// in flight belongs to the stopped run.
func (r *Rig) stop(ctx context.Context) error {
	if !r.running {
		return nil
	}
	r.running = false
	r.closeData()
	if err := r.cmd.do(ctx, "set RunMode stop"); err != nil {
		return r.commandError(ctx, err)
	}
	r.mu.Lock()
	r.stats.Restarts++
	r.mu.Unlock()
	return nil
}

// batch sends commands in batches small enough to reach RHX in one read
// each (it would misparse a command cut across two reads).
func (r *Rig) batch(ctx context.Context, cmds []string) error {
	var cur []string
	size := 0
	flush := func() error {
		if len(cur) == 0 {
			return nil
		}
		err := r.cmd.do(ctx, cur...)
		cur, size = cur[:0], 0
		if err != nil {
			return r.commandError(ctx, err)
		}
		return nil
	}
	for _, c := range cmds {
		if size+len(c) > 1000 {
			if err := flush(); err != nil {
				return err
			}
		}
		cur = append(cur, c)
		size += len(c) + 1
	}
	return flush()
}

// holdForRate keeps the rate limit in real time, not only in device time.
// A trigger takes effect when RHX receives it; a caller that fell behind
// and catches up on buffered ticks would otherwise send triggers closer
// together than the ticks they belong to. Each electrode's first pulse
// waits until 1/MaxRate after the last pulse sent to it.
func (r *Rig) holdForRate(ctx context.Context, q []devices.Stim) error {
	if !(r.limits.MaxRate > 0) {
		return nil
	}
	if r.sentLast == nil {
		r.sentLast = map[int]time.Time{}
	}
	gap := time.Duration(float64(time.Second) / r.limits.MaxRate)
	now := time.Now()
	var wait time.Duration
	for _, s := range q {
		first := now.Add(time.Duration(s.Delay * float64(time.Second)))
		for _, e := range s.Electrodes {
			if last, ok := r.sentLast[e]; ok {
				wait = max(wait, last.Add(gap).Sub(first))
			}
		}
	}
	if wait > 0 {
		r.mu.Lock()
		r.stats.Held++
		r.mu.Unlock()
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
		now = time.Now()
	}
	for _, s := range q {
		last := s.Delay
		if s.Count > 1 {
			last += float64(s.Count-1) / s.Rate
		}
		for _, e := range s.Electrodes {
			r.sentLast[e] = now.Add(time.Duration(last * float64(time.Second)))
		}
	}
	return nil
}

// program uploads want's patterns on a free (or the least recently used)
// trigger key. The controller is stopped.
func (r *Rig) program(ctx context.Context, want map[int]string, q []devices.Stim) error {
	key, disable := r.slots.assign(want)
	var cmds []string
	for _, ch := range disable {
		name := r.info.Channels[ch]
		cmds = append(cmds, "set "+name+".StimEnabled false", "execute UploadStimParameters "+name)
	}
	for _, s := range q {
		for _, e := range s.Electrodes {
			name := r.info.Channels[e]
			cmds = append(cmds, setCommands(name, channelParams(s, key+1))...)
			cmds = append(cmds, "execute UploadStimParameters "+name)
		}
	}
	if err := r.batch(ctx, cmds); err != nil {
		r.slots = slots{} // unknown state on the controller: program afresh next time
		return err
	}
	r.mu.Lock()
	r.stats.Uploads += len(want) + len(disable)
	r.mu.Unlock()
	return nil
}
