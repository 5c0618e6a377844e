package intan

import (
	"encoding/binary"
	"math"
	"net"
	"sync"
	"time"

	"github.com/petri-mea/petri/devices"
)

// dataConn is one accepted data client and the goroutine writing to it.
type dataConn struct {
	wave bool
	c    net.Conn
	q    chan dataItem
	done chan struct{}
	once sync.Once
}

type dataItem struct {
	data  []byte
	stall time.Duration
}

func (d *dataConn) close() {
	d.once.Do(func() {
		close(d.done)
		d.c.Close()
	})
}

func (e *Emulator) acceptData(l net.Listener, wave bool) {
	defer e.wg.Done()
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		e.mu.Lock()
		armed, cur := e.spArmed, e.spk
		if wave {
			armed, cur = e.waveArmed, e.wave
		}
		if !armed || cur != nil {
			// RHX listens only after ConnectTCP…DataOutput and serves one
			// client; the emulator keeps its port but hangs up at once.
			e.mu.Unlock()
			c.Close()
			continue
		}
		q := e.cfg.Queue
		if e.cfg.Pace == 0 {
			q = 1 // lossless: keep the controller's clock close to the client
		}
		d := &dataConn{wave: wave, c: c, q: make(chan dataItem, q), done: make(chan struct{})}
		if wave {
			e.wave, e.waveArmed = d, false
		} else {
			e.spk, e.spArmed = d, false
		}
		e.mu.Unlock()
		e.logf("%s client %s connected", portName(wave), c.RemoteAddr())
		e.wg.Add(2)
		go e.writeData(d)
		go e.watchData(d, wave)
	}
}

func portName(wave bool) string {
	if wave {
		return "waveform"
	}
	return "spike"
}

// watchData reads (and discards) until the client leaves, then returns the
// port to disconnected, as RHX does.
func (e *Emulator) watchData(d *dataConn, wave bool) {
	defer e.wg.Done()
	buf := make([]byte, 512)
	for {
		if _, err := d.c.Read(buf); err != nil {
			break
		}
	}
	d.close()
	e.mu.Lock()
	if e.wave == d {
		e.wave = nil
	}
	if e.spk == d {
		e.spk = nil
	}
	e.mu.Unlock()
}

func (e *Emulator) writeData(d *dataConn) {
	defer e.wg.Done()
	rng := newRand(e.cfg.Seed ^ 0x5e9)
	for {
		select {
		case <-d.done:
			return
		case it := <-d.q:
			if it.stall > 0 {
				select {
				case <-time.After(it.stall):
				case <-d.done:
					return
				}
			}
			if w := e.cfg.Latency + time.Duration(rng.Float64()*float64(e.cfg.Jitter)); w > 0 {
				time.Sleep(w)
			}
			p := it.data
			for len(p) > 0 {
				n := len(p)
				if e.cfg.Segment > 0 {
					n = min(n, 1+rng.IntN(e.cfg.Segment))
				}
				if _, err := d.c.Write(p[:n]); err != nil {
					d.close()
					return
				}
				p = p[n:]
			}
			if d.wave {
				e.mu.Lock()
				e.lastWrite = time.Now()
				e.mu.Unlock()
			}
		}
	}
}

// startLocked sets RunMode run: data flows from the next timestamp on.
func (e *Emulator) startLocked() {
	if e.cfg.ResetOnRun {
		e.ts = 0
	}
	e.running = true
	stop := make(chan struct{})
	e.runStop = stop
	e.wg.Add(1)
	go e.generate(stop)
	e.logf("run")
}

func (e *Emulator) stopLocked() {
	if !e.running {
		return
	}
	e.running = false
	close(e.runStop)
	e.pending = nil // a stopped controller delivers nothing queued
	e.logf("stop")
}

// generate produces one data write after another while running.
func (e *Emulator) generate(stop chan struct{}) {
	defer e.wg.Done()
	rate := e.cfg.Rate
	wall0, sent := time.Now(), 0.0
	var payload, spikes []byte
	for {
		select {
		case <-stop:
			return
		case <-e.ctx.Done():
			return
		default:
		}
		// One generator steps the culture at a time: after stop and run, the
		// old one finds it is stale here and leaves.
		e.simMu.Lock()
		e.mu.Lock()
		if e.runStop != stop {
			e.mu.Unlock()
			e.simMu.Unlock()
			return
		}
		frames := e.blocks * FramesPerBlock
		f := e.inject
		e.inject = Faults{}
		e.writes++
		n, pf := e.writes, e.cfg.Faults
		if pf.GapEvery > 0 && n%pf.GapEvery == 0 {
			f.GapFrames = pf.GapFrames
		}
		if pf.StallEvery > 0 && n%pf.StallEvery == 0 {
			f.StallFor = pf.StallFor
		}
		if pf.DropEvery > 0 && n%pf.DropEvery == 0 {
			f.DropEvery = 1
		}
		if pf.DropSpikeEvery > 0 && n%pf.DropSpikeEvery == 0 {
			f.DropSpikeEvery = 1
		}
		if pf.GarbageEvery > 0 && n%pf.GarbageEvery == 0 {
			f.GarbageBytes = pf.GarbageBytes
		}
		if f.GapFrames > 0 {
			// Frames lost inside the controller: the culture lives through
			// them, the client never sees them.
			e.ts += uint32(f.GapFrames)
			e.simNow += float64(f.GapFrames) / rate
			e.logf("timestamp gap of %d frames before %d", f.GapFrames, e.ts)
		}
		ts0, start := e.ts, e.simNow
		end := start + float64(frames)/rate
		var stims []devices.Stim
		now := e.dev.Now()
		k := 0
		for ; k < len(e.pending); k++ {
			p := e.pending[k]
			if p.Time+2*p.Width*1e-6 > end {
				break
			}
			delay := math.Max(p.Time-now, 0)
			stims = append(stims, devices.Stim{Electrodes: []int{e.dev.Routing()[p.Channel]}, Amplitude: p.Amplitude,
				PhaseWidth: p.Width, Count: 1, Delay: delay})
			p.Time = now + delay
			e.delivered = append(e.delivered, p)
		}
		e.pending = e.pending[k:]
		var wide, spk []int
		col := make(map[int]int)
		for ch := range e.chans {
			if e.chans[ch].wide {
				col[ch] = len(wide)
				wide = append(wide, ch)
			}
			if e.chans[ch].spike {
				spk = append(spk, ch)
			}
		}
		e.simNow, e.genWall = end, time.Now()
		e.ts += uint32(frames)
		e.mu.Unlock()

		var tick *devices.Tick
		if p := end - now; p >= 0.05e-3 {
			var err error
			tick, err = e.dev.Step(e.ctx, p, stims)
			if err != nil {
				if e.ctx.Err() != nil {
					e.simMu.Unlock()
					return
				}
				e.logf("the culture refused stimulation (%v); stepping without it", err)
				tick, _ = e.dev.Step(e.ctx, p, nil)
			}
		}
		var sp []devices.Spike
		if tick != nil {
			sp = tick.Spikes
		}
		payload = e.render(payload[:0], ts0, start, frames, wide, col, sp)
		spikes = spikes[:0]
		spkOn := make(map[int]bool, len(spk))
		for _, ch := range spk {
			spkOn[ch] = true
		}
		for _, s := range sp {
			if spkOn[s.Channel] {
				spikes = AppendSpike(spikes, SpikeRecord{Name: e.names[s.Channel], Timestamp: ts0 + uint32(max(math.Round((s.Time-start)*rate), 0)), ID: 1})
			}
		}

		e.mu.Lock()
		wv, sk := e.wave, e.spk
		if f.DropEvery != 0 && wv != nil {
			e.logf("dropping the waveform connection")
			wv.close()
			e.wave, wv = nil, nil
		}
		if f.DropSpikeEvery != 0 && sk != nil {
			e.logf("dropping the spike connection")
			sk.close()
			e.spk, sk = nil, nil
		}
		e.mu.Unlock()
		if len(wide) > 0 && wv != nil {
			if f.GarbageBytes > 0 {
				g := make([]byte, f.GarbageBytes)
				for i := range g {
					g[i] = byte(e.rng.Uint32())
				}
				e.enqueue(wv, dataItem{data: g, stall: f.StallFor})
				f.StallFor = 0
			}
			e.enqueue(wv, dataItem{data: append([]byte(nil), payload...), stall: f.StallFor})
		}
		if len(spikes) > 0 && sk != nil {
			e.enqueue(sk, dataItem{data: append([]byte(nil), spikes...)})
		}
		e.simMu.Unlock()
		if e.cfg.Pace > 0 {
			sent += float64(frames) / rate / e.cfg.Pace
			if w := time.Until(wall0.Add(time.Duration(sent * float64(time.Second)))); w > 0 {
				select {
				case <-time.After(w):
				case <-stop:
					return
				case <-e.ctx.Done():
					return
				}
			}
		}
	}
}

func (e *Emulator) enqueue(d *dataConn, it dataItem) {
	if e.cfg.Pace > 0 {
		select {
		case d.q <- it:
		case <-d.done:
		default:
			e.mu.Lock()
			e.dropped++
			e.mu.Unlock()
		}
		return
	}
	select {
	case d.q <- it:
	case <-d.done:
	case <-e.ctx.Done():
	}
}

// render appends the waveform blocks of frames [ts0, ts0+frames), culture
// time start on: noise
// plus the spikes of this write and the tails of the last one.
func (e *Emulator) render(dst []byte, ts0 uint32, start float64, frames int, wide []int, col map[int]int, sp []devices.Spike) []byte {
	nw := len(wide)
	if nw == 0 {
		return dst
	}
	rate := e.cfg.Rate
	acc := make([]float64, frames*nw)
	draw := func(s devices.Spike) {
		j, ok := col[s.Channel]
		if !ok {
			return
		}
		fc := int(math.Round((s.Time - start) * rate))
		amp := -s.Amplitude / MicroVoltsPerBit // counts of the (negative) peak
		for i, w := range e.tmpl {
			f := fc + i - e.tmplLead
			if f >= 0 && f < frames {
				acc[f*nw+j] -= amp * w
			}
		}
	}
	for _, s := range e.carry {
		draw(s)
	}
	for _, s := range sp {
		draw(s)
	}
	e.carry = append(e.carry[:0], sp...)
	ni := int(e.rng.Uint32() % uint32(len(e.noise)))
	for b := 0; b < frames/FramesPerBlock; b++ {
		dst = binary.LittleEndian.AppendUint32(dst, WaveMagic)
		for f := b * FramesPerBlock; f < (b+1)*FramesPerBlock; f++ {
			dst = binary.LittleEndian.AppendUint32(dst, ts0+uint32(f))
			for _, a := range acc[f*nw : (f+1)*nw] {
				v := WordOffset + int(e.noise[ni])
				if a != 0 {
					v += int(math.Round(a))
				}
				if ni++; ni == len(e.noise) {
					ni = 0
				}
				dst = binary.LittleEndian.AppendUint16(dst, uint16(min(max(v, 0), 65535)))
			}
		}
	}
	return dst
}
