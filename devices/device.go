package devices

import (
	"context"
	"fmt"
)

// Spike is one detected spike event.
type Spike struct {
	Channel   int     // readout channel
	Electrode int     // electrode routed to Channel
	Time      float64 // s since the device started
	Amplitude float64 // µV, the (negative) peak
}

// Raw holds raw samples of a few traced channels for one tick: frame-major
// int16 counts (Samples[f·len(Channels) + k] is channel Channels[k] at
// frame f), Gain µV per count, Rate frames per second, first frame at Start s.
type Raw struct {
	Channels []int
	Rate     float64 // Hz
	Gain     float64 // µV per count
	Start    float64 // s
	Samples  []int16
}

// Frames returns the number of frames.
func (r *Raw) Frames() int {
	if len(r.Channels) == 0 {
		return 0
	}
	return len(r.Samples) / len(r.Channels)
}

// Trace returns the k-th traced channel in µV and the time of each sample
// in s, ready to plot.
func (r *Raw) Trace(k int) (t, uV []float64) {
	n := r.Frames()
	t = make([]float64, n)
	uV = make([]float64, n)
	for f := 0; f < n; f++ {
		t[f] = r.Start + float64(f)/r.Rate
		uV[f] = float64(r.Samples[f*len(r.Channels)+k]) * r.Gain
	}
	return t, uV
}

// Tick is everything a device recorded during one period of the closed
// loop, [Start, End) in device time, and the stimulation it delivered.
type Tick struct {
	Index      int
	Start, End float64 // s
	Channels   int     // number of routed channels during the tick
	Spikes     []Spike // detected spikes, in time order
	Stims      []Stim  // stimulation delivered during the tick
	Raw        *Raw    // raw traces of the traced channels, or nil

	// Flags say what went wrong during the tick on a physical device (0: a
	// clean tick); Missing counts the frames of [Start, End) that never
	// arrived (timestamp gaps, lost connections).
	Flags   Flags
	Missing int

	loop *loopState
}

// Counts returns the number of spikes on each routed channel.
func (t *Tick) Counts() []int {
	c := make([]int, t.Channels)
	for _, s := range t.Spikes {
		if s.Channel >= 0 && s.Channel < len(c) {
			c[s.Channel]++
		}
	}
	return c
}

// Rates returns the spike rate of each routed channel in Hz.
func (t *Tick) Rates() []float64 {
	r := make([]float64, t.Channels)
	d := t.End - t.Start
	for k, c := range t.Counts() {
		if d > 0 {
			r[k] = float64(c) / d
		}
	}
	return r
}

// Raster returns spike times (s) and channels as parallel slices, ready for
// a raster plot.
func (t *Tick) Raster() (times []float64, channels []int) {
	return Raster(t.Spikes)
}

// Raster returns the times (s) and channels of spikes as parallel slices.
func Raster(spikes []Spike) (times []float64, channels []int) {
	times = make([]float64, len(spikes))
	channels = make([]int, len(spikes))
	for k, s := range spikes {
		times[k], channels[k] = s.Time, s.Channel
	}
	return times, channels
}

// Stimulate queues stims for the next tick of the Loop that produced t,
// after checking them against the device's limits; on error nothing is
// queued. Calling it again adds to the queue.
func (t *Tick) Stimulate(stims ...Stim) error {
	if t.loop == nil {
		return errorString("devices: Tick.Stimulate works on ticks from Loop; pass stims to Step instead")
	}
	l := t.loop
	all := append(append([]Stim(nil), l.next...), stims...)
	if err := l.guard.Check(l.dev.Limits(), l.dev.Layout(), t.End, l.period, all); err != nil {
		return err
	}
	l.next = all
	return nil
}

// Flags mark a tick recorded with a fault. Simulated devices never set them.
type Flags uint32

const (
	FlagGap        Flags = 1 << iota // a timestamp gap: frames are missing (Tick.Missing)
	FlagReconnect                    // a data connection was lost and re-established
	FlagRestart                      // the device was stopped and restarted (e.g. to upload stimulation)
	FlagLateSpikes                   // spike records arrived after their tick was returned and were dropped
	FlagGarbage                      // bytes that were not the protocol were skipped
)

// String names the flags set, "ok" for none.
func (f Flags) String() string {
	if f == 0 {
		return "ok"
	}
	names := []string{"gap", "reconnect", "restart", "late-spikes", "garbage"}
	s := ""
	for k, n := range names {
		if f&(1<<k) != 0 {
			if s != "" {
				s += "|"
			}
			s += n
		}
	}
	if rest := f &^ (1<<len(names) - 1); rest != 0 {
		s += fmt.Sprintf("|%#x", uint32(rest))
	}
	return s
}

// Device is the contract every source of neural data implements: the
// simulated culture on a simulated array, a physical rig, a replay.
type Device interface {
	// Layout returns the electrode grid.
	Layout() Layout
	// Limits returns what the device can route and deliver.
	Limits() Limits
	// Route connects electrodes to readout channels 0, 1, …, in order,
	// replacing any earlier routing; it fails, changing nothing, if
	// Limits().CheckRouting fails.
	Route(electrodes []int) error
	// Routing returns the electrode of each readout channel.
	Routing() []int
	// Step delivers stims (checked first with Limits().Check; nothing is
	// delivered on error), runs the device for period s and returns what
	// was recorded. Simulated devices run as fast as they can unless
	// paced; physical ones are paced by the hardware.
	Step(ctx context.Context, period float64, stims []Stim) (*Tick, error)
	// Now returns the device time in s.
	Now() float64
	// Close releases the device.
	Close() error
}

// Tracer is implemented by devices that can return raw traces of a few
// channels with each tick (Tick.Raw).
type Tracer interface {
	Trace(channels []int) error
}

type loopState struct {
	dev    Device
	period float64
	next   []Stim
	guard  Guard // limits across ticks, whatever the device does itself
}

// Loop runs d in a closed loop of ticks of period s:
//
//	for tick, err := range devices.Loop(ctx, dev, 0.1) {
//		if err != nil { … }
//		out := readout(tick.Counts())
//		tick.Stimulate(feedback(out)...) // delivered during the next tick
//	}
//
// Each tick is produced only after the loop body for the previous one has
// returned, so stimulation always depends on everything seen so far. The
// loop ends when the body breaks, when ctx is cancelled (yielding ctx's
// error) or when the device fails (yielding the error).
func Loop(ctx context.Context, d Device, period float64) func(yield func(*Tick, error) bool) {
	return func(yield func(*Tick, error) bool) {
		l := &loopState{dev: d, period: period}
		for {
			stims := l.next
			l.next = nil
			if err := l.guard.Admit(d.Limits(), d.Layout(), d.Now(), period, stims); err != nil {
				yield(nil, err)
				return
			}
			t, err := d.Step(ctx, period, stims)
			if err != nil {
				yield(nil, err)
				return
			}
			t.loop = l
			if !yield(t, nil) {
				return
			}
		}
	}
}
