package intan

import (
	"context"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"
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
