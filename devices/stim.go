package devices

import (
	"fmt"
	"math"
	"sort"
)

// Stim is a train of charge-balanced biphasic current pulses (cathodic phase
// first, then an anodic phase of the same amplitude and width) delivered on
// each of Electrodes, each electrode through its own stimulation unit.
type Stim struct {
	Electrodes []int
	Amplitude  float64 // µA, per phase
	PhaseWidth float64 // µs, per phase
	Count      int     // pulses in the train (≥ 1)
	Rate       float64 // Hz, pulses per second (needed if Count > 1)
	Delay      float64 // s, first pulse after the start of the tick
}

// Pulse returns a single biphasic pulse of amplitude µA and phase width µs
// on the given electrodes, at the start of the tick.
func Pulse(amplitude, phaseWidth float64, electrodes ...int) Stim {
	return Stim{Electrodes: electrodes, Amplitude: amplitude, PhaseWidth: phaseWidth, Count: 1}
}

// Charge returns the charge per phase in pC (µA × µs).
func (s Stim) Charge() float64 { return s.Amplitude * s.PhaseWidth }

// MaxCount is the most pulses one Stim may hold; Limits.Check refuses more
// before anything is allocated.
const MaxCount = 1 << 16

// Times returns the onset of every pulse in s after the start of the tick.
// It panics if Count exceeds MaxCount (Limits.Check refuses such a Stim).
func (s Stim) Times() []float64 {
	if s.Count > MaxCount {
		panic(fmt.Sprintf("devices: Stim.Times of %d pulses, more than MaxCount %d; check with Limits.Check first", s.Count, MaxCount))
	}
	t := make([]float64, max(s.Count, 0))
	for k := range t {
		t[k] = s.Delay
		if k > 0 {
			t[k] += float64(k) / s.Rate
		}
	}
	return t
}

// Limits are what a device declares it can deliver and read safely. Every
// stimulation request is checked against them before anything is sent.
type Limits struct {
	Channels      int     // readout channels that can be routed at once
	Units         int     // stimulation units = distinct electrodes per tick
	MaxAmplitude  float64 // µA per phase
	MinPhaseWidth float64 // µs
	MaxPhaseWidth float64 // µs
	MaxCharge     float64 // pC per phase
	MaxRate       float64 // Hz, pulses per second on one electrode
}

// MaxOneLimits returns the limits of the simulated MaxOne-class array:
// 1,024 channels, 32 stimulation units, at most 10 µA and 400 µs per phase,
// at most 1 nC (1,000 pC) per phase, at most 200 pulses/s per electrode.
func MaxOneLimits() Limits {
	return Limits{Channels: 1024, Units: 32, MaxAmplitude: 10, MinPhaseWidth: 50,
		MaxPhaseWidth: 400, MaxCharge: 1000, MaxRate: 200}
}

// CheckRouting returns an error if electrodes cannot be routed: an index off
// the array, an electrode listed twice, or more electrodes than channels.
func (l Limits) CheckRouting(layout Layout, electrodes []int) error {
	if len(electrodes) > l.Channels {
		return fmt.Errorf("devices: routing %d electrodes, but the device has %d readout channels; route at most %d",
			len(electrodes), l.Channels, l.Channels)
	}
	if err := layout.Check(electrodes...); err != nil {
		return err
	}
	seen := make(map[int]int, len(electrodes))
	for k, e := range electrodes {
		if j, ok := seen[e]; ok {
			return fmt.Errorf("devices: electrode %d is routed twice (items %d and %d); route each electrode once", e, j, k)
		}
		seen[e] = k
	}
	return nil
}

// Check returns an error describing the first stimulation in stims that
// violates the limits within a tick of period s, or nil. Checked: electrode
// validity, amplitude, phase width, charge per phase, pulse count, rate and
// the resulting spacing of pulses on each electrode (also across Stims), that
// the whole train fits in the tick, and the number of stimulation units.
func (l Limits) Check(layout Layout, period float64, stims []Stim) error {
	units := make(map[int][]float64) // electrode → pulse onsets
	for k, s := range stims {
		name := fmt.Sprintf("devices: stimulation %d", k)
		if len(s.Electrodes) == 0 {
			return fmt.Errorf("%s has no electrodes; set Stim.Electrodes", name)
		}
		if err := layout.Check(s.Electrodes...); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if !(s.Amplitude > 0) || s.Amplitude > l.MaxAmplitude {
			return fmt.Errorf("%s: amplitude %g µA is outside (0, %g] µA; lower Stim.Amplitude", name, s.Amplitude, l.MaxAmplitude)
		}
		if !(s.PhaseWidth >= l.MinPhaseWidth) || s.PhaseWidth > l.MaxPhaseWidth {
			return fmt.Errorf("%s: phase width %g µs is outside [%g, %g] µs; set Stim.PhaseWidth within", name, s.PhaseWidth, l.MinPhaseWidth, l.MaxPhaseWidth)
		}
		if q := s.Charge(); q > l.MaxCharge {
			return fmt.Errorf("%s: %g µA × %g µs = %g pC per phase exceeds the %g pC limit; lower the amplitude or the phase width",
				name, s.Amplitude, s.PhaseWidth, q, l.MaxCharge)
		}
		if s.Count < 1 {
			return fmt.Errorf("%s: Count %d; a train has at least 1 pulse", name, s.Count)
		}
		if s.Count > MaxCount {
			return fmt.Errorf("%s: Count %d pulses; a train has at most %d (use fewer pulses or more ticks)", name, s.Count, MaxCount)
		}
		if s.Count > 1 {
			if !(s.Rate > 0) || s.Rate > l.MaxRate {
				return fmt.Errorf("%s: rate %g Hz is outside (0, %g] Hz for a train of %d pulses; set Stim.Rate", name, s.Rate, l.MaxRate, s.Count)
			}
			if 1/s.Rate < 2*s.PhaseWidth*1e-6 {
				return fmt.Errorf("%s: at %g Hz a biphasic pulse of 2 × %g µs does not fit between onsets; lower the rate", name, s.Rate, s.PhaseWidth)
			}
		}
		if !(s.Delay >= 0) {
			return fmt.Errorf("%s: delay %g s must be >= 0", name, s.Delay)
		}
		// The end of the train is computed, not listed: a huge Count is
		// refused here before Times allocates anything.
		last := s.Delay
		if s.Count > 1 {
			last += float64(s.Count-1) / s.Rate
		}
		if end := last + 2*s.PhaseWidth*1e-6; !(end <= period) {
			return fmt.Errorf("%s: the train ends %.6g s after the tick starts, beyond the %g s tick; shorten the train or lengthen the tick", name, end, period)
		}
		times := s.Times()
		for _, e := range s.Electrodes {
			units[e] = append(units[e], times...)
		}
	}
	if len(units) > l.Units {
		return fmt.Errorf("devices: stimulation uses %d distinct electrodes, but the device has %d stimulation units; use at most %d",
			len(units), l.Units, l.Units)
	}
	if l.MaxRate > 0 {
		minGap := 1 / l.MaxRate
		for e, ts := range units {
			sort.Float64s(ts)
			for k := 1; k < len(ts); k++ {
				if ts[k]-ts[k-1] < minGap*(1-1e-9) {
					return fmt.Errorf("devices: electrode %d gets pulses %.6g s apart (at %.6g and %.6g s), faster than %g Hz; space them out",
						e, ts[k]-ts[k-1], ts[k-1], ts[k], l.MaxRate)
				}
			}
		}
	}
	return nil
}

// ErrElectrode is the panic value for an electrode index off the array in
// a call that does not take user input (use Layout.Check for that).
var ErrElectrode = errorString("devices: electrode index off the array")

type errorString string

func (e errorString) Error() string { return string(e) }

var _ = math.Inf
