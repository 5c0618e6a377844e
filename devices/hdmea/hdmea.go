package hdmea

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/petri-mea/petri/devices"
)

// Config describes the simulated array and how it couples to neurons.
type Config struct {
	Layout devices.Layout
	Limits devices.Limits
	Rate   float64 // Hz, sampling rate
	Gain   float64 // µV per count
	Bits   int     // ADC resolution; counts are clamped to ±2^(Bits−1)

	NoiseSD  float64 // µV, noise standard deviation of each channel
	K        float64 // detection threshold in noise SDs
	DeadTime float64 // s, a channel cannot detect again this soon

	Amp0    float64 // µV, median peak amplitude of a spike at distance 0
	AmpSD   float64 // log-normal spread of Amp0 across neurons (SD of ln)
	R0      float64 // µm, amplitude halves at this (3-D) distance
	Height  float64 // µm, somata above the electrode plane
	Reach   float64 // µm, electrodes farther away see nothing
	MaxRaw  int     // at most this many channels traced at 20 kHz
	StimQ50 float64 // pC per phase that activates a neuron on the electrode with p = 0.5
	StimR0  float64 // µm, the charge needed grows by (1 + (d/StimR0)²) with distance d
	StimW   float64 // logistic width in ln(charge)
	StimMax float64 // µm, no neuron farther away is activated
	Kick    float64 // mV added to IA of an activated neuron
}

// DefaultConfig returns the MaxOne-class array (see the package
// documentation for where each number comes from).
func DefaultConfig() Config {
	return Config{
		Layout: devices.MaxOne(), Limits: devices.MaxOneLimits(),
		Rate: 20000, Gain: 6.29, Bits: 10,
		NoiseSD: 6, K: 5, DeadTime: 1e-3,
		Amp0: 150, AmpSD: 0.3, R0: 20, Height: 10, Reach: 50, MaxRaw: 32,
		StimQ50: 200, StimR0: 25, StimW: 0.3, StimMax: 150, Kick: 300,
	}
}

func (c Config) check() error {
	switch {
	case c.Layout.Len() == 0 || !(c.Layout.Pitch > 0):
		return fmt.Errorf("hdmea: empty layout %d × %d at %g µm; use devices.MaxOne()", c.Layout.Cols, c.Layout.Rows, c.Layout.Pitch)
	case !(c.Rate > 0) || !(c.Gain > 0) || c.Bits < 2 || c.Bits > 16:
		return fmt.Errorf("hdmea: Rate %g Hz, Gain %g µV, Bits %d: need Rate > 0, Gain > 0, 2 <= Bits <= 16", c.Rate, c.Gain, c.Bits)
	case !(c.NoiseSD > 0) || !(c.K > 0):
		return fmt.Errorf("hdmea: NoiseSD %g µV and K %g must be > 0", c.NoiseSD, c.K)
	case !(c.Reach > 0) || !(c.R0 > 0) || c.Amp0 < 0:
		return fmt.Errorf("hdmea: Reach %g, R0 %g µm must be > 0 and Amp0 %g µV >= 0", c.Reach, c.R0, c.Amp0)
	case !(c.StimQ50 > 0) || !(c.StimR0 > 0) || !(c.StimW > 0):
		return fmt.Errorf("hdmea: StimQ50 %g pC, StimR0 %g µm, StimW %g must be > 0", c.StimQ50, c.StimR0, c.StimW)
	}
	return nil
}

// Array is a simulated HD-MEA under a set of neurons.
type Array struct {
	cfg  Config
	x, y []float64 // neuron positions, µm
	rng  *rand.Rand

	// footprint of each neuron: electrodes within Reach and peak amplitudes.
	fpStart []int32
	fpEl    []int32
	fpAmp   []float64

	routing []int // electrode of each channel
	chanOf  []int // channel of each electrode, −1 if not routed
	// routed footprint: per neuron, (channel, amplitude).
	rStart []int32
	rCh    []int32
	rAmp   []float64
	lastT  []float64 // last detection per channel

	traced []int // traced channels
	fpRate float64
}

// New places the array under neurons at (x, y) µm; seed drives every noise
// draw. It fails if a neuron lies off the array.
func New(cfg Config, x, y []float64, seed uint64) (*Array, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if len(x) != len(y) {
		panic("hdmea: len(x) != len(y)")
	}
	l := cfg.Layout
	a := &Array{cfg: cfg, x: x, y: y, rng: rand.New(rand.NewPCG(seed, 0x4d3a))}
	a.fpStart = make([]int32, len(x)+1)
	for i := range x {
		if !(x[i] >= -l.Pitch/2 && x[i] <= l.Width()-l.Pitch/2 && y[i] >= -l.Pitch/2 && y[i] <= l.Height()-l.Pitch/2) {
			return nil, fmt.Errorf("hdmea: neuron %d at (%.1f, %.1f) µm is off the %.0f × %.0f µm array; place the culture on the array",
				i, x[i], y[i], l.Width(), l.Height())
		}
		a0 := cfg.Amp0 * math.Exp(cfg.AmpSD*a.rng.NormFloat64())
		for _, e := range l.Within(x[i], y[i], cfg.Reach) {
			ex, ey := l.Pos(e)
			d2 := (ex-x[i])*(ex-x[i]) + (ey-y[i])*(ey-y[i]) + cfg.Height*cfg.Height
			a.fpEl = append(a.fpEl, int32(e))
			a.fpAmp = append(a.fpAmp, a0/(1+d2/(cfg.R0*cfg.R0)))
		}
		a.fpStart[i+1] = int32(len(a.fpEl))
	}
	a.chanOf = make([]int, l.Len())
	for i := range a.chanOf {
		a.chanOf[i] = -1
	}
	// Threshold crossings of independent Gaussian samples: Rate·Q(K).
	a.fpRate = cfg.Rate * 0.5 * math.Erfc(cfg.K/math.Sqrt2)
	return a, a.Route(nil)
}

// Config returns the configuration.
func (a *Array) Config() Config { return a.cfg }

// Threshold returns the detection threshold in µV (negative).
func (a *Array) Threshold() float64 { return -a.cfg.K * a.cfg.NoiseSD }

// FalseRate returns the rate of noise detections per channel in Hz.
func (a *Array) FalseRate() float64 { return a.fpRate }

// Footprint returns the electrodes that see neuron i and the peak amplitude
// (µV, positive) of its spikes at each.
func (a *Array) Footprint(i int) (electrodes []int, amplitude []float64) {
	for k := a.fpStart[i]; k < a.fpStart[i+1]; k++ {
		electrodes = append(electrodes, int(a.fpEl[k]))
		amplitude = append(amplitude, a.fpAmp[k])
	}
	return electrodes, amplitude
}

// Route connects electrodes to channels 0, 1, … (see devices.Device).
func (a *Array) Route(electrodes []int) error {
	if err := a.cfg.Limits.CheckRouting(a.cfg.Layout, electrodes); err != nil {
		return err
	}
	for _, e := range a.routing {
		a.chanOf[e] = -1
	}
	a.routing = append([]int{}, electrodes...)
	for ch, e := range a.routing {
		a.chanOf[e] = ch
	}
	n := len(a.x)
	a.rStart = make([]int32, n+1)
	a.rCh, a.rAmp = a.rCh[:0], a.rAmp[:0]
	for i := 0; i < n; i++ {
		for k := a.fpStart[i]; k < a.fpStart[i+1]; k++ {
			if ch := a.chanOf[a.fpEl[k]]; ch >= 0 {
				a.rCh = append(a.rCh, int32(ch))
				a.rAmp = append(a.rAmp, a.fpAmp[k])
			}
		}
		a.rStart[i+1] = int32(len(a.rCh))
	}
	a.lastT = make([]float64, len(a.routing))
	for i := range a.lastT {
		a.lastT[i] = math.Inf(-1)
	}
	a.traced = a.traced[:0]
	return nil
}

// Routing returns the electrode of each channel.
func (a *Array) Routing() []int { return a.routing }

// Detect appends to out the detections on routed channels of a spike of
// neuron i at time t s: at each channel that sees the neuron, the spike's
// negative peak plus a noise sample, detected if below −K·NoiseSD and the
// channel is past its dead time.
func (a *Array) Detect(out []devices.Spike, i int, t float64) []devices.Spike {
	sd, thr := a.cfg.NoiseSD, a.Threshold()
	for k := a.rStart[i]; k < a.rStart[i+1]; k++ {
		ch := a.rCh[k]
		s := -a.rAmp[k] + sd*a.rng.NormFloat64()
		if s < thr && t-a.lastT[ch] >= a.cfg.DeadTime {
			a.lastT[ch] = t
			out = append(out, devices.Spike{Channel: int(ch), Electrode: a.routing[ch], Time: t, Amplitude: s})
		}
	}
	return out
}

// ScanSpike adds to counts (one per electrode) the detections of a spike
// of neuron i on every electrode of the array, as an activity scan does.
func (a *Array) ScanSpike(counts []float64, i int) {
	sd, thr := a.cfg.NoiseSD, a.Threshold()
	for k := a.fpStart[i]; k < a.fpStart[i+1]; k++ {
		if -a.fpAmp[k]+sd*a.rng.NormFloat64() < thr {
			counts[a.fpEl[k]]++
		}
	}
}

// Noise appends to out the false detections on routed channels during
// [t0, t1): a Poisson process of FalseRate per channel, amplitudes from the
// Gaussian tail beyond the threshold.
func (a *Array) Noise(out []devices.Spike, t0, t1 float64) []devices.Spike {
	total := a.fpRate * float64(len(a.routing))
	if total <= 0 {
		return out
	}
	sd, k := a.cfg.NoiseSD, a.cfg.K
	for t := t0 + a.rng.ExpFloat64()/total; t < t1; t += a.rng.ExpFloat64() / total {
		ch := a.rng.IntN(len(a.routing))
		if t-a.lastT[ch] < a.cfg.DeadTime {
			continue
		}
		a.lastT[ch] = t
		amp := -sd * (k + a.rng.ExpFloat64()/k)
		out = append(out, devices.Spike{Channel: ch, Electrode: a.routing[ch], Time: t, Amplitude: amp})
	}
	return out
}

// Activate appends to out the neurons activated by one biphasic pulse of
// charge q pC per phase on electrode e: a neuron at distance d µm fires with
// probability 1/(1 + exp(−ln(q/Qd)/StimW)), Qd = StimQ50·(1 + (d/StimR0)²).
func (a *Array) Activate(out []int, e int, q float64) []int {
	ex, ey := a.cfg.Layout.Pos(e)
	c := a.cfg
	for i := range a.x {
		dx, dy := a.x[i]-ex, a.y[i]-ey
		d2 := dx*dx + dy*dy
		if d2 > c.StimMax*c.StimMax {
			continue
		}
		if a.rng.Float64() < ActivationProb(c, q, math.Sqrt(d2)) {
			out = append(out, i)
		}
	}
	return out
}

// ActivationProb returns the probability that one pulse of q pC per phase
// activates a neuron d µm from the electrode.
func ActivationProb(c Config, q, d float64) float64 {
	if d > c.StimMax || q <= 0 {
		return 0
	}
	qd := c.StimQ50 * (1 + d*d/(c.StimR0*c.StimR0))
	return 1 / (1 + math.Exp(-math.Log(q/qd)/c.StimW))
}

// Trace selects up to MaxRaw routed channels whose raw traces Synth
// produces; nil stops tracing.
func (a *Array) Trace(channels []int) error {
	if len(channels) > a.cfg.MaxRaw {
		return fmt.Errorf("hdmea: %d traced channels; at most %d raw traces at %g Hz (trace fewer channels)", len(channels), a.cfg.MaxRaw, a.cfg.Rate)
	}
	for _, ch := range channels {
		if ch < 0 || ch >= len(a.routing) {
			return fmt.Errorf("hdmea: channel %d is not routed (%d channels are); route its electrode first", ch, len(a.routing))
		}
	}
	a.traced = append(a.traced[:0], channels...)
	return nil
}

// Traced returns the traced channels.
func (a *Array) Traced() []int { return a.traced }

// Synth returns the raw samples of the traced channels for frames
// [f0, f0+n) (frame f at f/Rate s): Gaussian noise plus, for every spike
// (neuron[k] at t[k] s) seen by a traced channel, a waveform of a sharp
// negative peak (0.15 ms) and a slower positive rebound (a quarter of the
// peak, 0.5 ms later), quantised to Bits at Gain µV per count.
func (a *Array) Synth(f0 int64, n int, neuron []int32, t []float64) *devices.Raw {
	if len(a.traced) == 0 {
		return nil
	}
	nc := len(a.traced)
	buf := make([]float64, n*nc)
	for j := range buf {
		buf[j] = a.cfg.NoiseSD * a.rng.NormFloat64()
	}
	rate := a.cfg.Rate
	for s, i := range neuron {
		for k := a.fpStart[i]; k < a.fpStart[i+1]; k++ {
			ch := a.chanOf[a.fpEl[k]]
			if ch < 0 {
				continue
			}
			col := -1
			for c, tc := range a.traced {
				if tc == ch {
					col = c
				}
			}
			if col < 0 {
				continue
			}
			amp := a.fpAmp[k]
			fc := t[s] * rate
			for f := int64(math.Floor(fc - 0.001*rate)); f <= int64(fc+0.002*rate); f++ {
				j := f - f0
				if j < 0 || j >= int64(n) {
					continue
				}
				tau := (float64(f) - fc) / rate
				w := -amp*math.Exp(-sq(tau/0.15e-3)) + 0.25*amp*math.Exp(-sq((tau-0.5e-3)/0.3e-3))
				buf[int(j)*nc+col] += w
			}
		}
	}
	lim := float64(int(1) << (a.cfg.Bits - 1))
	raw := &devices.Raw{Channels: append([]int{}, a.traced...), Rate: rate, Gain: a.cfg.Gain,
		Start: float64(f0) / rate, Samples: make([]int16, len(buf))}
	for j, v := range buf {
		c := math.Round(v / a.cfg.Gain)
		raw.Samples[j] = int16(math.Max(-lim, math.Min(lim-1, c)))
	}
	return raw
}

func sq(x float64) float64 { return x * x }

// SortSpikes orders spikes by time, then channel.
func SortSpikes(s []devices.Spike) {
	sort.SliceStable(s, func(i, j int) bool {
		if s[i].Time != s[j].Time {
			return s[i].Time < s[j].Time
		}
		return s[i].Channel < s[j].Channel
	})
}
