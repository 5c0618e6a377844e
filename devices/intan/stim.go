package intan

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/petri-mea/petri/devices"
)

// Per-channel limits of an RHS controller (PROTOCOLS.md §1.4).
const (
	maxTrainPulses = 256     // NumberOfStimPulses the hardware accepts
	maxPhaseUS     = 5000    // FirstPhaseDurationMicroseconds
	maxDelayUS     = 500000  // PostTriggerDelayMicroseconds
	maxPeriodUS    = 1000000 // PulseTrainPeriodMicroseconds
	triggerKeys    = 8       // KeyPressF1 … F8
)

// quantise returns s as the controller will deliver it: phase width,
// delay and train period in whole samples, amplitude in whole steps. It
// refuses what the controller cannot express.
func quantise(s devices.Stim, rate, step float64) (devices.Stim, error) {
	q := s
	q.Electrodes = append([]int(nil), s.Electrodes...)
	mag := math.Round(s.Amplitude / step)
	switch {
	case !(mag >= 1):
		return q, fmt.Errorf("intan: amplitude %g µA is below half the controller's %g µA step; raise Stim.Amplitude or choose a finer step in RHX", s.Amplitude, step)
	case mag > 255:
		return q, fmt.Errorf("intan: amplitude %g µA is above 255 × the %g µA step; lower Stim.Amplitude", s.Amplitude, step)
	}
	q.Amplitude = mag * step
	w := math.Round(s.PhaseWidth * rate / 1e6)
	if !(w >= 1) || s.PhaseWidth > maxPhaseUS {
		return q, fmt.Errorf("intan: phase width %g µs is outside 1 sample (%.4g µs) to %d µs; set Stim.PhaseWidth within", s.PhaseWidth, 1e6/rate, maxPhaseUS)
	}
	q.PhaseWidth = w * 1e6 / rate
	if !(s.Delay >= 0) || s.Delay*1e6 > maxDelayUS {
		return q, fmt.Errorf("intan: delay %g s is outside 0 to %g s (RHX's PostTriggerDelay); set Stim.Delay within", s.Delay, maxDelayUS/1e6)
	}
	q.Delay = math.Round(s.Delay*rate) / rate
	if s.Count > maxTrainPulses {
		return q, fmt.Errorf("intan: a train of %d pulses; an RHS controller delivers at most %d per trigger", s.Count, maxTrainPulses)
	}
	if s.Count > 1 && s.Rate > 0 {
		p := math.Round(rate / s.Rate) // samples between onsets
		if p*1e6/rate > maxPeriodUS {
			return q, fmt.Errorf("intan: train rate %g Hz is below RHX's 1 Hz minimum (PulseTrainPeriod ≤ 1 s); raise Stim.Rate", s.Rate)
		}
		q.Rate = rate / math.Max(p, 1)
	}
	return q, nil
}

// channelParams returns the RHX parameters that make channel ch deliver
// the quantised stim s when key (1–8) is pressed.
func channelParams(s devices.Stim, key int) [][2]string {
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	train, n, period := "SinglePulse", 1, 10000.0
	if s.Count > 1 {
		train, n, period = "PulseTrain", s.Count, 1e6/s.Rate
	}
	return [][2]string{
		{"Shape", "Biphasic"}, {"Polarity", "NegativeFirst"}, // petri's pulses are cathodic first
		{"Source", "KeyPressF" + strconv.Itoa(key)}, {"TriggerEdgeOrLevel", "Edge"}, {"TriggerHighOrLow", "High"},
		{"PulseOrTrain", train}, {"NumberOfStimPulses", strconv.Itoa(n)}, {"PulseTrainPeriodMicroseconds", num(period)},
		{"FirstPhaseDurationMicroseconds", num(s.PhaseWidth)}, {"SecondPhaseDurationMicroseconds", num(s.PhaseWidth)},
		{"FirstPhaseAmplitudeMicroAmps", num(s.Amplitude)}, {"SecondPhaseAmplitudeMicroAmps", num(s.Amplitude)},
		{"PostTriggerDelayMicroseconds", num(s.Delay * 1e6)},
		// RHX only warns (never over TCP) when these are inconsistent; petri
		// keeps them consistent: delay ≥ pre-settle, refractory ≥ post-settle.
		{"EnableAmpSettle", "True"}, {"PreStimAmpSettleMicroseconds", "0"}, {"PostStimAmpSettleMicroseconds", "0"},
		{"EnableChargeRecovery", "False"}, {"RefractoryPeriodMicroseconds", "0"},
		{"StimEnabled", "True"},
	}
}

// pattern is what one channel delivers, as a comparable key.
func pattern(s devices.Stim) string {
	return fmt.Sprintf("%g/%g/%d/%g/%g", s.Amplitude, s.PhaseWidth, max(s.Count, 1), s.Rate, s.Delay)
}

// slots tracks which channels each trigger key fires and with what: at
// most 8 software-triggered patterns can be programmed (PROTOCOLS.md §1.4),
// and a channel belongs to one key at a time.
type slots struct {
	group [triggerKeys]map[int]string // key−1 → channel → pattern
	used  [triggerKeys]int64          // last tick that used the key (LRU)
	clock int64
}

// keysFor returns the keys whose groups together are exactly want
// (channel → pattern), or ok = false if want needs programming.
func (sl *slots) keysFor(want map[int]string) (keys []int, ok bool) {
	if len(want) == 0 {
		return nil, true
	}
	seen := map[int]bool{}
	for ch, p := range want {
		found := false
		for k, g := range sl.group {
			if g != nil && g[ch] == p {
				if !seen[k] {
					seen[k] = true
					keys = append(keys, k)
				}
				found = true
				break
			}
		}
		if !found {
			return nil, false
		}
	}
	for _, k := range keys {
		for ch, p := range sl.group[k] {
			if want[ch] != p {
				return nil, false // the key would fire a channel not asked for
			}
		}
	}
	sort.Ints(keys)
	sl.clock++
	for _, k := range keys {
		sl.used[k] = sl.clock
	}
	return keys, true
}

// assign gives want a key of its own (a free one, or the least recently
// used) and returns it and the channels that must be disabled (they were
// on the evicted key and are not in want).
func (sl *slots) assign(want map[int]string) (key int, disable []int) {
	key = 0
	for k := range sl.group {
		if len(sl.group[k]) == 0 {
			key = k
			break
		}
		if sl.used[k] < sl.used[key] {
			key = k
		}
	}
	for ch := range sl.group[key] {
		if _, ok := want[ch]; !ok {
			disable = append(disable, ch)
		}
	}
	sort.Ints(disable)
	for k := range sl.group {
		for ch := range want {
			delete(sl.group[k], ch)
		}
	}
	sl.group[key] = map[int]string{}
	for ch, p := range want {
		sl.group[key][ch] = p
	}
	sl.clock++
	sl.used[key] = sl.clock
	return key, disable
}

func setCommands(name string, params [][2]string) []string {
	out := make([]string, 0, len(params))
	for _, p := range params {
		out = append(out, "set "+name+"."+p[0]+" "+p[1])
	}
	return out
}
