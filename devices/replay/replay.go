// Package replay plays a recording (devices.Record) back as a device, tick
// by tick, for analysis pipelines and for testing closed-loop code without a
// culture. Replays are open loop: the recorded activity does not depend on
// new stimulation, so Step refuses stimulation instead of ignoring it.
//
// Route may select any subset of the recorded electrodes (spikes of other
// electrodes are dropped and channels renumbered); routing an electrode
// that was not recorded is an error. Step must be called with the recorded
// tick period (within 1 µs); Recording.Retick recuts a spike-only
// recording to another period. After the last tick Step returns io.EOF.
//
// Any recording plays: petri's own (Open) and what the readers under
// devices/ return (New): nex, axion, spiketext, rawtrace, maxwell.
//
// By default Step returns as fast as it is called. Pace(1) plays at the
// recorded pace (tick k is returned when its end is due on the wall clock,
// counted from the first Step), Pace(10) ten times faster; Pace(0) goes back
// to as fast as possible. A paced Step waits under its context.
package replay

import (
	"context"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/petri-mea/petri/devices"
)

// Device replays a recording.
type Device struct {
	rec      *devices.Recording
	next     int
	routing  []int
	chanOf   map[int]int
	recorded map[int]bool
	now      float64

	speed  float64   // 0: as fast as possible
	wall0  time.Time // wall clock at the first paced Step
	t0     float64   // device time at wall0
	anchor bool
	clock  clock
}

// clock is the wall clock; tests replace it.
type clock interface {
	Now() time.Time
	Sleep(ctx context.Context, d time.Duration) error
}

type wall struct{}

func (wall) Now() time.Time { return time.Now() }
func (wall) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Pace sets the replay speed: 1 plays at the recorded pace, 10 ten times
// faster, 0 as fast as Step is called. The pace counts from the next Step.
func (d *Device) Pace(speed float64) error {
	if !(speed >= 0) || math.IsInf(speed, 0) {
		return fmt.Errorf("replay: pace %g; give 1 for the recorded pace, 10 for ten times faster, 0 for as fast as possible", speed)
	}
	d.speed = speed
	d.anchor = false
	return nil
}

// Open reads the recording at prefix (see devices.ReadRecording).
func Open(prefix string) (*Device, error) {
	rec, err := devices.ReadRecording(prefix)
	if err != nil {
		return nil, err
	}
	return New(rec), nil
}

// New replays rec, routed as it was recorded.
func New(rec *devices.Recording) *Device {
	d := &Device{rec: rec, recorded: map[int]bool{}, clock: wall{}}
	for _, r := range rec.Routings {
		for _, e := range r {
			d.recorded[e] = true
		}
	}
	for _, e := range rec.Meta.Routing {
		d.recorded[e] = true
	}
	d.Route(rec.Meta.Routing)
	if len(rec.Ticks) > 0 {
		d.now = rec.Ticks[0].Start
	}
	return d
}

func (d *Device) Layout() devices.Layout { return d.rec.Meta.Layout }
func (d *Device) Limits() devices.Limits { return d.rec.Meta.Limits }
func (d *Device) Routing() []int         { return d.routing }
func (d *Device) Now() float64           { return d.now }
func (d *Device) Close() error           { return nil }

// Ticks returns the number of ticks left.
func (d *Device) Ticks() int { return len(d.rec.Ticks) - d.next }

// Route selects recorded electrodes as channels 0, 1, ….
func (d *Device) Route(electrodes []int) error {
	if err := d.Limits().CheckRouting(d.Layout(), electrodes); err != nil {
		return err
	}
	for _, e := range electrodes {
		if !d.recorded[e] {
			return fmt.Errorf("replay: electrode %d was not recorded; route only recorded electrodes", e)
		}
	}
	d.routing = append([]int{}, electrodes...)
	d.chanOf = make(map[int]int, len(electrodes))
	for ch, e := range electrodes {
		d.chanOf[e] = ch
	}
	return nil
}

// Step returns the next recorded tick, its spikes mapped to the current
// routing.
func (d *Device) Step(ctx context.Context, period float64, stims []devices.Stim) (*devices.Tick, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(stims) > 0 {
		return nil, fmt.Errorf("replay: a recording cannot be stimulated (%d stims given): its activity is fixed, so stimulation would be silently lost; pass nil, or run the closed loop on a live or simulated device", len(stims))
	}
	if d.next >= len(d.rec.Ticks) {
		return nil, io.EOF
	}
	r := d.rec.Ticks[d.next]
	if math.Abs((r.End-r.Start)-period) > 1e-6 {
		return nil, fmt.Errorf("replay: tick %d was recorded with period %g s, not %g s; step with the recorded period (or recut a spike-only recording with Recording.Retick)", r.Index, r.End-r.Start, period)
	}
	if d.speed > 0 {
		if !d.anchor {
			d.wall0, d.t0, d.anchor = d.clock.Now(), r.Start, true
		}
		due := d.wall0.Add(time.Duration((r.End - d.t0) / d.speed * float64(time.Second)))
		if err := d.clock.Sleep(ctx, due.Sub(d.clock.Now())); err != nil {
			return nil, err
		}
	}
	t := &devices.Tick{Index: d.next, Start: r.Start, End: r.End, Channels: len(d.routing), Stims: r.Stims, Raw: r.Raw}
	for _, s := range r.Spikes {
		if ch, ok := d.chanOf[s.Electrode]; ok {
			s.Channel = ch
			t.Spikes = append(t.Spikes, s)
		}
	}
	d.next++
	d.now = r.End
	return t, nil
}

var _ devices.Device = (*Device)(nil)
