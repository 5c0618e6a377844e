package sim

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/petri-mea/petri/devices"
	"github.com/petri-mea/petri/devices/culture"
	"github.com/petri-mea/petri/devices/hdmea"
)

// Config gathers the parts of a simulated device.
type Config struct {
	Params culture.Params // neuron model
	Array  hdmea.Config   // the array under the culture
	Warmup float64        // s simulated before device time 0
	Seed   uint64         // drives the culture and the array
}

// DefaultConfig returns the model of DESIGN.md on a MaxOne-class array with
// a 2 s warm-up (as the Brian2 anchor).
func DefaultConfig() Config {
	return Config{Params: culture.DefaultParams(), Array: hdmea.DefaultConfig(), Warmup: 2, Seed: 1}
}

// Device is a simulated culture on a simulated HD-MEA; it implements
// devices.Device and devices.Tracer.
type Device struct {
	cfg    Config
	cult   *culture.Culture
	arr    *hdmea.Array
	t0     int64 // culture step of device time 0
	tick   int
	pace   float64
	wall0  time.Time
	sim0   float64
	spikes []devices.Spike
	truthN []int32
	truthT []float64
	keep   bool
	actBuf []int
	closed bool
	guard  devices.Guard
}

// New puts the culture net on the array and warms it up.
func New(ctx context.Context, net *culture.Network, cfg Config) (*Device, error) {
	c, err := culture.New(net, cfg.Params, cfg.Seed)
	if err != nil {
		return nil, err
	}
	a, err := hdmea.New(cfg.Array, net.X, net.Y, cfg.Seed+0x9e3779b97f4a7c15)
	if err != nil {
		return nil, err
	}
	if !(cfg.Warmup >= 0) {
		return nil, fmt.Errorf("sim: Warmup %g s must be >= 0", cfg.Warmup)
	}
	d := &Device{cfg: cfg, cult: c, arr: a}
	if err := c.Run(ctx, int(math.Round(cfg.Warmup/c.Dt()))); err != nil {
		return nil, err
	}
	c.Spikes()
	d.t0 = c.Step()
	return d, nil
}

// Culture returns the simulated culture (ground truth: every neuron's state
// and spikes); Array the simulated array.
func (d *Device) Culture() *culture.Culture { return d.cult }
func (d *Device) Array() *hdmea.Array       { return d.arr }

// Layout, Limits, Routing and Route implement devices.Device.
func (d *Device) Layout() devices.Layout       { return d.cfg.Array.Layout }
func (d *Device) Limits() devices.Limits       { return d.cfg.Array.Limits }
func (d *Device) Routing() []int               { return d.arr.Routing() }
func (d *Device) Route(electrodes []int) error { return d.arr.Route(electrodes) }
func (d *Device) Trace(channels []int) error   { return d.arr.Trace(channels) }
func (d *Device) Now() float64                 { return float64(d.cult.Step()-d.t0) * d.cult.Dt() }
func (d *Device) Close() error                 { d.closed = true; return nil }
func (d *Device) Loop(ctx context.Context, period float64) func(yield func(*devices.Tick, error) bool) {
	return devices.Loop(ctx, d, period)
}

// Pace makes Step keep to factor × real time (1: real time, 2: twice as
// fast); 0 (the default) runs as fast as possible.
func (d *Device) Pace(factor float64) {
	d.pace = factor
	d.wall0, d.sim0 = time.Now(), d.Now()
}

// KeepTruth makes every Step also record the culture's spikes (all neurons,
// not just what the array detects), returned by Truth.
func (d *Device) KeepTruth(on bool) { d.keep = on }

// Truth returns the ground-truth spikes kept since the last call (neuron
// index and device time in s) and forgets them.
func (d *Device) Truth() (neuron []int, t []float64) {
	neuron = make([]int, len(d.truthN))
	for k, i := range d.truthN {
		neuron[k] = int(i)
	}
	t = d.truthT
	d.truthN, d.truthT = nil, nil
	return neuron, t
}

type pulse struct {
	step int64
	el   int
	q    float64
}

// Step implements devices.Device: it checks stims against the limits, then
// runs the culture for period s, activating neurons near each stimulated
// electrode at every pulse, and returns the detected spikes.
func (d *Device) Step(ctx context.Context, period float64, stims []devices.Stim) (*devices.Tick, error) {
	if d.closed {
		return nil, fmt.Errorf("sim: device is closed")
	}
	dt := d.cult.Dt()
	if !(period >= dt) || math.IsInf(period, 0) {
		return nil, fmt.Errorf("sim: tick period %g s must be at least the time step %g s", period, dt)
	}
	if err := d.guard.Admit(d.Limits(), d.Layout(), d.Now(), period, stims); err != nil {
		return nil, err
	}
	start := d.cult.Step()
	n := int64(math.Round(period / dt))
	var ps []pulse
	for _, s := range stims {
		for _, t := range s.Times() {
			for _, e := range s.Electrodes {
				ps = append(ps, pulse{start + int64(math.Round(t/dt)), e, s.Charge()})
			}
		}
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].step < ps[j].step })
	tick := &devices.Tick{Index: d.tick, Start: d.Now(), Channels: len(d.Routing()),
		Stims: append([]devices.Stim(nil), stims...)}
	d.spikes = d.spikes[:0]
	var rawN []int32
	var rawT []float64
	traced := len(d.arr.Traced()) > 0
	collect := func() {
		ns, st := d.cult.Spikes()
		for k, i := range ns {
			t := float64(st[k]-d.t0) * dt
			d.spikes = d.arr.Detect(d.spikes, int(i), t)
			if d.keep {
				d.truthN = append(d.truthN, i)
				d.truthT = append(d.truthT, t)
			}
			if traced {
				rawN = append(rawN, i)
				rawT = append(rawT, t)
			}
		}
	}
	for k := 0; k < len(ps); {
		if err := d.cult.Run(ctx, int(ps[k].step-d.cult.Step())); err != nil {
			return nil, err
		}
		for ; k < len(ps) && ps[k].step == d.cult.Step(); k++ {
			d.actBuf = d.arr.Activate(d.actBuf[:0], ps[k].el, ps[k].q)
			for _, i := range d.actBuf {
				d.cult.Inject(i, d.cfg.Array.Kick)
			}
		}
		collect()
	}
	if err := d.cult.Run(ctx, int(start+n-d.cult.Step())); err != nil {
		return nil, err
	}
	collect()
	tick.End = d.Now()
	d.spikes = d.arr.Noise(d.spikes, tick.Start, tick.End)
	hdmea.SortSpikes(d.spikes)
	tick.Spikes = append([]devices.Spike(nil), d.spikes...)
	if traced {
		rate := d.cfg.Array.Rate
		f0 := int64(math.Round(tick.Start * rate))
		f1 := int64(math.Round(tick.End * rate))
		tick.Raw = d.arr.Synth(f0, int(f1-f0), rawN, rawT)
	}
	d.tick++
	if d.pace > 0 {
		due := d.wall0.Add(time.Duration((d.Now() - d.sim0) / d.pace * float64(time.Second)))
		if w := time.Until(due); w > 0 {
			select {
			case <-time.After(w):
			case <-ctx.Done():
				return tick, ctx.Err()
			}
		}
	}
	return tick, nil
}

// Scan runs the device for seconds s with every electrode listening (an
// activity scan, which a real rig does in blocks of routable electrodes)
// and returns each electrode's detection rate in Hz. Device time advances.
func (d *Device) Scan(ctx context.Context, seconds float64) (*devices.Grid, error) {
	if !(seconds > 0) {
		return nil, fmt.Errorf("sim: scan duration %g s must be > 0", seconds)
	}
	g := devices.NewGrid(d.Layout())
	dt := d.cult.Dt()
	n := int(math.Round(seconds / dt))
	for n > 0 {
		m := min(n, int(0.5/dt))
		if err := d.cult.Run(ctx, m); err != nil {
			return nil, err
		}
		ns, _ := d.cult.Spikes()
		for _, i := range ns {
			d.arr.ScanSpike(g.V, int(i))
		}
		n -= m
	}
	for e := range g.V {
		g.V[e] /= seconds // noise detections (FalseRate per electrode) are left out
	}
	return g, nil
}

// RouteBest scans for seconds s and routes the most active electrodes, up
// to the channel limit: first those at least minDist electrodes apart (1
// allows neighbours), most active first; if that leaves channels free, the
// remaining active electrodes fill them, most active first. Electrodes that
// detected nothing in the scan are never routed, so a short scan of a quiet
// culture routes fewer channels than the limit: len(d.Routing()) says how
// many. It returns the scan, and an error if no electrode was active.
func (d *Device) RouteBest(ctx context.Context, seconds float64, minDist int) (*devices.Grid, error) {
	g, err := d.Scan(ctx, seconds)
	if err != nil {
		return nil, err
	}
	limit := d.Limits().Channels
	els := g.Top(limit, 0, minDist)
	if len(els) < limit {
		taken := make(map[int]bool, len(els))
		for _, e := range els {
			taken[e] = true
		}
		for _, e := range g.Top(len(g.V), 0, 0) {
			if len(els) >= limit {
				break
			}
			if !taken[e] {
				els = append(els, e)
			}
		}
	}
	if len(els) == 0 {
		return g, fmt.Errorf("sim: no electrode detected a spike in the %g s scan: scan longer", seconds)
	}
	return g, d.Route(els)
}

// MinPeriod returns the shortest tick Step accepts: one time step of the
// culture. A closed loop checks its tick against it before it starts.
func (d *Device) MinPeriod() float64 { return d.cult.Dt() }

// ChannelsNear returns the routed channels within r µm of electrode e.
func (d *Device) ChannelsNear(e int, r float64) []int {
	l := d.Layout()
	ex, ey := l.Pos(e)
	var out []int
	for ch, el := range d.Routing() {
		x, y := l.Pos(el)
		if math.Hypot(x-ex, y-ey) <= r {
			out = append(out, ch)
		}
	}
	return out
}

var _ devices.Device = (*Device)(nil)
var _ devices.Tracer = (*Device)(nil)
