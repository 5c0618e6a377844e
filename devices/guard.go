package devices

import (
	"fmt"
	"math"
)

// Guard makes Limits hold across ticks. Limits.Check sees one tick at a
// time, so on its own two pulses 0.2 ms apart on either side of a tick
// boundary, or one pulse in every 2 ms tick, would pass a 200 Hz limit. A
// Guard remembers the last pulse onset on every electrode (in device time)
// and refuses a tick whose first pulse on an electrode comes sooner than
// 1/MaxRate after it. Every Device.Step and Loop admits stimulation through
// one; the zero Guard is ready to use. A Guard is not safe for concurrent
// use.
type Guard struct {
	last map[int]float64 // electrode → onset of its latest pulse, device time in s
}

// Check returns an error if stims, delivered in the tick of period s that
// starts at device time start, violate l on their own (Limits.Check) or
// together with the pulses admitted before. It remembers nothing.
func (g *Guard) Check(l Limits, layout Layout, start, period float64, stims []Stim) error {
	if err := l.Check(layout, period, stims); err != nil {
		return err
	}
	if !(l.MaxRate > 0) || len(g.last) == 0 {
		return nil
	}
	minGap := 1 / l.MaxRate
	for k, s := range stims {
		first := start + s.Delay // Check ordered the rest of the train
		for _, e := range s.Electrodes {
			prev, ok := g.last[e]
			if ok && first-prev < minGap*(1-1e-9) {
				return fmt.Errorf("devices: stimulation %d: electrode %d gets a pulse at %.6g s, %.6g s after its previous pulse at %.6g s (in an earlier tick), faster than %g Hz; delay it by at least %.6g s",
					k, e, first, first-prev, prev, l.MaxRate, prev+minGap-first)
			}
		}
	}
	return nil
}

// Admit checks stims like Check and, if they pass, remembers their pulses
// as delivered. A device calls it before any byte of the stimulation leaves
// petri; a tick that later fails still counts, which only makes the limit
// stricter.
func (g *Guard) Admit(l Limits, layout Layout, start, period float64, stims []Stim) error {
	if err := g.Check(l, layout, start, period, stims); err != nil {
		return err
	}
	if g.last == nil {
		g.last = make(map[int]float64)
	}
	for _, s := range stims {
		last := start + s.Delay
		if s.Count > 1 {
			last += float64(s.Count-1) / s.Rate
		}
		for _, e := range s.Electrodes {
			if p, ok := g.last[e]; !ok || last > p {
				g.last[e] = last
			}
		}
	}
	// Forget electrodes whose last pulse can no longer constrain anything,
	// so the memory stays bounded by the electrodes stimulated recently.
	if l.MaxRate > 0 && len(g.last) > 4*max(l.Units, 1) {
		horizon := start - 1/l.MaxRate
		for e, t := range g.last {
			if t < horizon {
				delete(g.last, e)
			}
		}
	}
	return nil
}

// Last returns the onset of the latest admitted pulse on electrode e, and
// false if there was none (or it was forgotten as too old to matter).
func (g *Guard) Last(e int) (float64, bool) {
	t, ok := g.last[e]
	if !ok {
		return math.NaN(), false
	}
	return t, true
}
