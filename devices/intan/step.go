package intan

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/petri-mea/petri/devices"
)

// Step implements devices.Device. Stimulation is quantised to what the
// controller delivers and checked against the limits, across ticks too,
// before any byte leaves petri; on error nothing is sent. Patterns not yet
// programmed are uploaded while the controller is stopped (the tick is
// flagged FlagRestart); each tick's trigger commands are written once and
// never repeated, also across reconnects. Step then returns the next period
// s of frames, [Start, End) in device time.
func (r *Rig) Step(ctx context.Context, period float64, stims []devices.Stim) (*devices.Tick, error) {
	if r.fatal != nil {
		return nil, r.fatal
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rate := r.info.Rate
	n := int64(math.Round(period * rate))
	if !(n >= 1) || period > 3600 {
		return nil, fmt.Errorf("intan: tick period %g s; use at least one sample (%g s) and at most an hour", period, 1/rate)
	}
	if err := r.cmd.lost(); err != nil {
		return nil, r.commandError(ctx, err)
	}
	if s := r.cmd.unsolicited(); s != "" {
		return nil, r.fail(fmt.Errorf("intan: RHX reported %q about the previous tick's trigger; stopping", s))
	}
	// Safety first: what the controller will deliver, checked across ticks.
	q := make([]devices.Stim, len(stims))
	want := map[int]string{}
	for k, s := range stims {
		if !r.info.Stim {
			return nil, fmt.Errorf("intan: stimulation %d on a %s, which cannot stimulate", k, r.info.Type)
		}
		var err error
		if q[k], err = quantise(s, rate, r.info.Step); err != nil {
			return nil, fmt.Errorf("intan: stimulation %d: %w", k, err)
		}
		for _, e := range s.Electrodes {
			if _, dup := want[e]; dup {
				return nil, fmt.Errorf("intan: stimulation %d: electrode %d already has a train in this tick; an RHS channel delivers one train per trigger (merge them into one Stim with Count and Rate)", k, e)
			}
			if e < 0 || e >= len(r.info.Channels) {
				return nil, fmt.Errorf("intan: stimulation %d: electrode %d has no amplifier channel (the controller has %d: electrodes 0..%d)", k, e, len(r.info.Channels), len(r.info.Channels)-1)
			}
			want[e] = pattern(q[k])
		}
	}
	if err := r.guard.Admit(r.limits, r.layout, r.Now(), period, q); err != nil {
		return nil, err
	}
	flags := devices.Flags(0)
	keys, ok := r.slots.keysFor(want)
	if !ok || r.dirty || !r.running {
		if r.running {
			if err := r.stop(ctx); err != nil {
				return nil, err
			}
			flags |= devices.FlagRestart
		}
		if !ok {
			if err := r.program(ctx, want, q); err != nil {
				return nil, err
			}
			keys, _ = r.slots.keysFor(want)
		}
		if err := r.start(ctx); err != nil {
			return nil, err
		}
	}
	if len(keys) > 0 {
		if err := r.holdForRate(ctx, q); err != nil {
			return nil, err
		}
		cmds := make([]string, len(keys))
		for i, k := range keys {
			cmds[i] = "execute ManualStimTriggerPulse F" + strconv.Itoa(k+1)
		}
		// Written once: whatever happens to this write, it is never repeated.
		err := r.cmd.send(ctx, cmds...)
		r.mu.Lock()
		r.stats.Triggers += len(keys)
		r.mu.Unlock()
		if err != nil {
			return nil, r.commandError(ctx, err)
		}
	}
	return r.collect(ctx, n, q, flags)
}

// nextBlock waits for the next waveform block, reconnecting a lost data
// connection once per call and failing on a stall.
func (r *Rig) nextBlock(ctx context.Context, flags *devices.Flags) error {
	stall := time.NewTimer(r.cfg.StallTimeout)
	defer stall.Stop()
	reconnected := false
	for {
		if r.wave == nil {
			if reconnected {
				return fmt.Errorf("intan: the waveform connection failed again right after reconnecting")
			}
			if err := r.reconnect(ctx); err != nil {
				return err
			}
			reconnected = true
			*flags |= devices.FlagReconnect
		}
		select {
		case m := <-r.wave.blocks:
			r.garbage += m.garbage
			if m.garbage > 0 {
				*flags |= devices.FlagGarbage
			}
			if m.err != nil {
				fmt.Fprintf(r.cfg.Log, "intan: waveform connection lost (%v); re-arming it\n", m.err)
				r.wave.close()
				r.wave = nil
				continue
			}
			r.blk, r.bi = m.blk, 0
			return nil
		case <-ctx.Done():
			return ctx.Err()
		case <-stall.C:
			r.mu.Lock()
			r.stats.Stalls++
			r.mu.Unlock()
			if r.wave != nil {
				r.wave.close()
				r.wave = nil // re-armed at the next call
			}
			return fmt.Errorf("intan: no waveform data for %v: the stream stalled; the partial tick is dropped and the connection is re-armed at the next Step", r.cfg.StallTimeout)
		case <-r.cmd.dead:
			return r.commandError(ctx, r.cmd.lost())
		}
	}
}

func (r *Rig) reconnect(ctx context.Context) error {
	if err := r.cmd.lost(); err != nil {
		return r.commandError(ctx, err)
	}
	c, err := r.dialData(ctx, true)
	if err != nil {
		return err
	}
	r.startWave(c)
	r.mu.Lock()
	r.stats.Reconnects++
	r.mu.Unlock()
	return nil
}

// collect assembles the tick of frames [nextFrame, nextFrame+n).
func (r *Rig) collect(ctx context.Context, n int64, stims []devices.Stim, flags devices.Flags) (*devices.Tick, error) {
	rate := r.info.Rate
	f0 := r.nextFrame
	f1 := f0 + n
	w := r.words
	if cap(r.buf) < int(n)*w {
		r.buf = make([]uint16, int(n)*w)
	}
	buf := r.buf[:int(n)*w]
	got, missing, gaps := int64(0), 0, 0
	for got < n {
		if r.blk == nil || r.bi >= FramesPerBlock {
			if r.blk != nil {
				blockPool.Put(r.blk)
				r.blk = nil
			}
			if err := r.nextBlock(ctx, &flags); err != nil {
				r.nextFrame = f0 + got
				if len(stims) > 0 {
					err = fmt.Errorf("%w (this tick's stimulation was sent once and is not repeated)", err)
				}
				return nil, err
			}
		}
		ts := r.blk.Timestamps[r.bi]
		if r.fresh {
			r.tsLast = int64(ts)
			r.tsOffset = int64(ts) - (f0 + got)
			r.fresh = false
		}
		u := r.tsLast + int64(int32(ts-uint32(r.tsLast))) // unwrap 32-bit timestamps
		df := u - r.tsOffset
		switch {
		case df < f0+got: // a repeated or older frame
			r.bi++
			continue
		case df > f0+got: // frames never arrived
			m := min(df, f1) - (f0 + got)
			for i := int(got) * w; i < int(got+m)*w; i++ {
				buf[i] = WordOffset
			}
			if !(got == 0 && r.inGap) { // not the rest of the last tick's gap
				gaps++
			}
			got += m
			missing += int(m)
			flags |= devices.FlagGap
			r.inGap = df >= f1
			continue
		}
		r.tsLast = u
		r.inGap = false
		copy(buf[int(got)*w:int(got+1)*w], r.blk.Words[r.bi*w:(r.bi+1)*w])
		got++
		r.bi++
	}
	r.nextFrame = f1
	tick := &devices.Tick{Index: r.tickIndex, Start: float64(f0) / rate, End: float64(f1) / rate,
		Channels: len(r.routing), Stims: stims, Flags: flags, Missing: missing}
	if r.cfg.Spikes == SpikesFromRHX {
		var err error
		if tick.Spikes, err = r.rhxSpikes(ctx, buf, f0, f1, &tick.Flags); err != nil {
			return nil, err
		}
	} else {
		tick.Spikes = r.det.detect(r, buf, f0, int(n))
	}
	if len(r.traced) > 0 {
		tick.Raw = r.raw(buf, f0, int(n))
	}
	r.tickIndex++
	r.mu.Lock()
	r.stats.Ticks++
	r.stats.Gaps += gaps
	r.stats.MissingFrames += missing
	r.stats.GarbageBytes = r.garbage
	r.mu.Unlock()
	return tick, nil
}

func (r *Rig) raw(buf []uint16, f0 int64, n int) *devices.Raw {
	col := make(map[int]int, len(r.cols))
	for j, ch := range r.cols {
		col[ch] = j
	}
	w := r.words
	raw := &devices.Raw{Channels: append([]int(nil), r.traced...), Rate: r.info.Rate, Gain: MicroVoltsPerBit,
		Start: float64(f0) / r.info.Rate, Samples: make([]int16, n*len(r.traced))}
	for f := 0; f < n; f++ {
		for k, ch := range r.traced {
			raw.Samples[f*len(r.traced)+k] = int16(int32(buf[f*w+col[ch]]) - WordOffset)
		}
	}
	return raw
}
