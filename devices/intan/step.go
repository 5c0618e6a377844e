package intan

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/petri-mea/petri/devices"
)

// dataStream is one data connection and the goroutine decoding it.
type dataStream struct {
	conn   net.Conn
	blocks chan streamMsg
	done   chan struct{}
	once   sync.Once

	mu     sync.Mutex // spike records (spike port)
	spikes []SpikeRecord
	err    error
	poke   chan struct{}
}

type streamMsg struct {
	blk     *Block
	garbage int64 // bytes skipped before this block
	err     error
}

func (d *dataStream) close() {
	d.once.Do(func() {
		close(d.done)
		d.conn.Close()
	})
}

var blockPool sync.Pool

func (r *Rig) closeData() {
	for _, d := range []*dataStream{r.wave, r.spk} {
		if d != nil {
			d.close()
		}
	}
	r.wave, r.spk = nil, nil
	r.blk = nil
}

// dialData arms a data port through the command port and connects to it,
// retrying (and re-arming) while RHX is not yet listening or hung up.
func (r *Rig) dialData(ctx context.Context, wave bool) (net.Conn, error) {
	what, port := "Spike", r.cfg.SpikePort
	if wave {
		what, port = "Waveform", r.cfg.WavePort
	}
	addr := net.JoinHostPort(r.cfg.Host, strconv.Itoa(port))
	deadline := time.Now().Add(r.cfg.CommandTimeout)
	var last error
	// A connection petri just closed may still count as Connected for a
	// moment; arming then would be a no-op, so wait for RHX to notice.
	for {
		st, err := r.cmd.get(ctx, "TCP"+what+"DataOutputConnectionStatus")
		if err != nil {
			return nil, r.commandError(ctx, err)
		}
		if st != "Connected" {
			break
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("intan: RHX's %s data port still reports a client connected; disconnect other clients from it", strings.ToLower(what))
		}
		time.Sleep(2 * time.Millisecond)
	}
	for time.Now().Before(deadline) {
		if err := r.cmd.do(ctx, "execute ConnectTCP"+what+"DataOutput"); err != nil {
			return nil, r.commandError(ctx, err)
		}
		dctx, cancel := context.WithTimeout(ctx, time.Second)
		c, err := (&net.Dialer{}).DialContext(dctx, "tcp", addr)
		cancel()
		if err != nil {
			last = err
		} else {
			// RHX hangs up on a client it does not take; it reports
			// Connected once it took this one (Pending until it noticed).
			for {
				st, gerr := r.cmd.get(ctx, "TCP"+what+"DataOutputConnectionStatus")
				if gerr != nil {
					c.Close()
					return nil, r.commandError(ctx, gerr)
				}
				if st == "Connected" {
					return c, nil
				}
				if st != "Pending" || time.Now().After(deadline) {
					last = fmt.Errorf("RHX reports the %s port %s", strings.ToLower(what), st)
					break
				}
				time.Sleep(2 * time.Millisecond)
			}
			c.Close()
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		time.Sleep(20 * time.Millisecond)
	}
	return nil, fmt.Errorf("intan: cannot connect to RHX's %s data port at %s (%v)", strings.ToLower(what), addr, last)
}

func (r *Rig) startWave(c net.Conn) {
	d := &dataStream{conn: c, blocks: make(chan streamMsg, 64), done: make(chan struct{})}
	r.wave = d
	words := r.words
	go func() {
		dec := NewWaveDecoder(words)
		buf := make([]byte, 256<<10)
		var skipped int64
		for {
			n, err := c.Read(buf)
			dec.Write(buf[:n])
			for {
				b, _ := blockPool.Get().(*Block)
				if b == nil {
					b = new(Block)
				}
				if !dec.Next(b) {
					blockPool.Put(b)
					break
				}
				m := streamMsg{blk: b, garbage: dec.Skipped - skipped}
				skipped = dec.Skipped
				select {
				case d.blocks <- m:
				case <-d.done:
					return
				}
			}
			if err != nil {
				select {
				case d.blocks <- streamMsg{err: err, garbage: dec.Skipped - skipped}:
				case <-d.done:
				}
				return
			}
		}
	}()
}

func (r *Rig) startSpikes(c net.Conn) {
	d := &dataStream{conn: c, done: make(chan struct{}), poke: make(chan struct{}, 1)}
	r.spk = d
	go func() {
		var dec SpikeDecoder
		buf := make([]byte, 64<<10)
		var rec SpikeRecord
		for {
			n, err := c.Read(buf)
			dec.Write(buf[:n])
			d.mu.Lock()
			for dec.Next(&rec) {
				d.spikes = append(d.spikes, rec)
			}
			if err != nil {
				d.err = err
			}
			d.mu.Unlock()
			select {
			case d.poke <- struct{}{}:
			default:
			}
			if err != nil {
				return
			}
		}
	}()
}

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

var _ devices.Device = (*Rig)(nil)
var _ devices.Tracer = (*Rig)(nil)
var _ = errors.New
