package force

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/petri-mea/petri/devices"
	"github.com/petri-mea/petri/reservoir"
)

// FeedbackMode says what a phase of a closed-loop run stimulates with.
type FeedbackMode int

const (
	// FeedbackOn stimulates with the readout's own output (the closed loop).
	FeedbackOn FeedbackMode = iota
	// FeedbackOff delivers no stimulation: the control without a loop.
	FeedbackOff
	// FeedbackShuffled stimulates with outputs drawn at random from those
	// the run produced so far with feedback on: the same stimulation
	// statistics, no relation to the current state (the shuffled control).
	FeedbackShuffled
)

func (m FeedbackMode) String() string {
	switch m {
	case FeedbackOn:
		return "on"
	case FeedbackOff:
		return "off"
	case FeedbackShuffled:
		return "shuffled"
	}
	return fmt.Sprintf("FeedbackMode(%d)", int(m))
}

// Phase is one stage of a closed-loop run: Seconds of ticks with learning on
// or off and the given feedback.
type Phase struct {
	Name     string
	Seconds  float64
	Learn    bool
	Feedback FeedbackMode
}

// Baseline is spontaneous activity: no feedback, no learning. The filter
// settles and the recording shows the culture as it is.
func Baseline(seconds float64) Phase {
	return Phase{Name: "baseline", Seconds: seconds, Feedback: FeedbackOff}
}

// Training runs the loop with feedback on and RLS on.
func Training(seconds float64) Phase {
	return Phase{Name: "train", Seconds: seconds, Learn: true, Feedback: FeedbackOn}
}

// Autonomous runs the loop with feedback on and the readout frozen: the test
// of Sono, Yamamoto et al. (2026).
func Autonomous(seconds float64) Phase {
	return Phase{Name: "test", Seconds: seconds, Feedback: FeedbackOn}
}

// OpenLoop runs with the readout frozen and no feedback (control).
func OpenLoop(seconds float64) Phase {
	return Phase{Name: "open", Seconds: seconds, Feedback: FeedbackOff}
}

// Shuffled runs with the readout frozen and shuffled feedback (control).
func Shuffled(seconds float64) Phase {
	return Phase{Name: "shuffled", Seconds: seconds, Feedback: FeedbackShuffled}
}

// Experiment is the closed loop of Sono, Yamamoto et al. (PNAS 2026) over
// any devices.Device — the simulated culture, a rig, a replay (which allows
// only phases without feedback). Each tick of Period s:
//
//	spikes of the tick → per-channel double-exponential filter (Rise, Decay)
//	→ state r (+ a constant 1 if Bias) → z = W r
//	→ while learning, every Every ticks: RLS update of W against the target
//	→ z → Feedback → stimulation delivered during the next tick.
//
// The zero value is not ready: use NewExperiment, then change fields.
type Experiment struct {
	Period      float64 // s per tick [1/3, the paper's]
	Rise, Decay float64 // s, state filter [0.05, 2]
	// More, if not empty, adds a bank of double-exponential filters per
	// channel for each decay constant listed (same Rise), so the state holds
	// each channel seen at several time scales. Empty is the paper's state.
	More     []float64
	Bias     bool     // append a constant 1 to the state
	Alpha    float64  // RLS: P(0) = I/Alpha [1]
	Forget   float64  // RLS forgetting factor in (0, 1] [1]
	Every    int      // ticks between RLS updates [1]
	Feedback Feedback // required if a phase has feedback on or shuffled
	Keep     int      // channels whose state is kept in the run [16]
	Seed     uint64   // for the channel sample and shuffled feedback
	// Record, if not empty, is the prefix of a devices.Record recording of
	// every tick (spikes and stimulation delivered), closed when Run returns.
	Record string
	// Hook, if not nil, is called after every tick with the run so far.
	Hook func(run *Run)

	rls    *RLS
	origin float64 // device time at which the target's clock started
}

// NewExperiment returns an experiment with the paper's settings and the
// given feedback.
func NewExperiment(fb Feedback) *Experiment {
	return &Experiment{Period: 1.0 / 3, Rise: 0.05, Decay: 2, Alpha: 1, Forget: 1, Every: 1,
		Feedback: fb, Keep: 16}
}

// Readout returns the learner of the last run (nil before the first); a
// second Run continues from it, and the target's clock runs on from the
// first run's start, so a notebook can train in one call and test in the
// next and the target continues where it was.
func (e *Experiment) Readout() *RLS { return e.rls }

// Run runs the phases in order on dev with target and returns what it
// produced. It checks everything it can before the first tick (the tick
// period against the device, the feedback against the device's limits, the
// target's finiteness over the whole run) and returns an error naming the
// problem without touching the device. If the run stops early — ctx
// cancelled, a device error, a readout that blew up — it returns the run up
// to the last complete tick together with the error, and the recording
// holds every tick up to it.
func (e *Experiment) Run(ctx context.Context, dev devices.Device, target Target, phases ...Phase) (*Run, error) {
	if dev == nil {
		return nil, errors.New("force: Experiment.Run: no device; pass a devices.Device, e.g. from sim.New")
	}
	if target == nil {
		return nil, errors.New("force: Experiment.Run: no target; pass e.g. force.SineTarget(10, 1)")
	}
	m := target.Outputs()
	if m < 1 {
		return nil, fmt.Errorf("force: target has %d outputs; it needs at least one", m)
	}
	if err := e.check(dev, m, phases); err != nil {
		return nil, err
	}
	n := len(dev.Routing())
	if n == 0 {
		return nil, errors.New("force: the device has no routed channels: route electrodes first (e.g. dev.RouteBest(ctx, 5, 2))")
	}
	size := n * (1 + len(e.More))
	if e.Bias {
		size++
	}
	if e.rls == nil || e.rls.Size() != size || e.rls.Outputs() != m {
		e.rls = NewRLS(size, m, e.Alpha)
		e.origin = dev.Now()
	}
	if err := e.rls.SetForget(e.Forget); err != nil {
		return nil, err
	}
	run := newRun(e, dev, n, m, phases)
	// The target over the whole run, checked before the first tick.
	for k, t := range run.Time {
		target.Value(t-run.t0, run.f)
		for o, v := range run.f {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("force: the target's output %d is %v at %.4g s (tick %d): a target must be finite over the whole run (%.4g s); check its length or formula",
					o, v, t-run.t0, k, float64(len(run.Time))*e.Period)
			}
			run.Targets[o][k] = v
		}
	}
	if e.Feedback != nil {
		e.Feedback.Reset()
	}
	var rec *devices.Recorder
	if e.Record != "" {
		var err error
		if rec, err = devices.Record(e.Record, dev, nil, 0, 0); err != nil {
			return nil, fmt.Errorf("force: recording: %w", err)
		}
	}
	err := e.loop(ctx, dev, run, rec)
	if rec != nil {
		if cerr := rec.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("force: closing the recording: %w", cerr)
		}
	}
	run.Readout = e.rls.Readout()
	run.trim()
	return run, err
}

func (e *Experiment) check(dev devices.Device, m int, phases []Phase) error {
	if !(e.Period > 0) || math.IsInf(e.Period, 0) {
		return fmt.Errorf("force: Experiment.Period = %v s: need a positive tick (the paper's is 1/3 s)", e.Period)
	}
	if !(e.Rise > 0 && e.Decay > e.Rise) || math.IsInf(e.Decay, 0) {
		return fmt.Errorf("force: filter Rise = %v s, Decay = %v s: need 0 < Rise < Decay < ∞ (the paper's: 0.05 and 2)", e.Rise, e.Decay)
	}
	for i, d := range e.More {
		if !(d > e.Rise) || math.IsInf(d, 0) {
			return fmt.Errorf("force: Experiment.More[%d] = %v s: each extra decay must be finite and longer than Rise (%v s)", i, d, e.Rise)
		}
	}
	if !(e.Alpha > 0) || math.IsInf(e.Alpha, 0) {
		return fmt.Errorf("force: Experiment.Alpha = %v: need a positive finite regulariser (1 is usual)", e.Alpha)
	}
	if mp, ok := dev.(interface{ MinPeriod() float64 }); ok && e.Period < mp.MinPeriod() {
		return fmt.Errorf("force: Experiment.Period = %v s is shorter than the device's shortest tick, %v s: lengthen the tick", e.Period, mp.MinPeriod())
	}
	if len(phases) == 0 {
		return errors.New("force: no phases: pass e.g. force.Baseline(30), force.Training(300), force.Autonomous(120)")
	}
	stim := false
	for i, p := range phases {
		if !(p.Seconds >= e.Period) || math.IsInf(p.Seconds, 0) {
			return fmt.Errorf("force: phase %d (%q) lasts %v s, less than one %.4g s tick: make it at least one tick", i, p.Name, p.Seconds, e.Period)
		}
		if p.Feedback < FeedbackOn || p.Feedback > FeedbackShuffled {
			return fmt.Errorf("force: phase %d (%q) has feedback mode %d: use FeedbackOn, FeedbackOff or FeedbackShuffled", i, p.Name, int(p.Feedback))
		}
		if p.Feedback != FeedbackOff {
			stim = true
		}
	}
	if stim {
		if e.Feedback == nil {
			return errors.New("force: a phase stimulates but Experiment.Feedback is nil: set it, e.g. force.NewRateCoding(sites, outputs, seed)")
		}
		if err := e.Feedback.Check(dev.Layout(), dev.Limits(), e.Period, m); err != nil {
			return err
		}
	}
	return nil
}

func (e *Experiment) loop(ctx context.Context, dev devices.Device, run *Run, rec *devices.Recorder) error {
	n, m := run.channels, len(run.Outputs)
	filters := []*reservoir.DoubleExpFilter{reservoir.NewDoubleExpFilter(n, e.Rise, e.Decay)}
	for _, d := range e.More {
		filters = append(filters, reservoir.NewDoubleExpFilter(n, e.Rise, d))
	}
	// The filters' clock is device time: the first tick starts now.
	for _, f := range filters {
		if err := f.Advance(dev.Now(), nil); err != nil {
			return err
		}
	}
	state := make([]float64, run.size)
	if e.Bias {
		state[run.size-1] = 1
	}
	spikes := make(reservoir.Spikes, n)
	z := make([]float64, m)
	ze := make([]float64, m)
	every := max(e.Every, 1)
	var stims []devices.Stim
	var onOutputs [][]float64 // outputs produced with feedback on, for shuffling
	rng := rand.New(rand.NewPCG(e.Seed, 0x5bff1e))
	learnTicks := 0
	for k := range run.Time {
		if err := ctx.Err(); err != nil {
			return err
		}
		ph := run.Phases[run.Phase[k]]
		t0 := time.Now()
		tick, err := dev.Step(ctx, e.Period, stims)
		if err != nil {
			return fmt.Errorf("force: tick %d (%s): %w", k, ph.Name, err)
		}
		wall := time.Now()
		if rec != nil {
			if err := rec.Write(tick, dev.Routing()); err != nil {
				return fmt.Errorf("force: tick %d: recording: %w", k, err)
			}
		}
		for c := range spikes {
			spikes[c] = spikes[c][:0]
		}
		for _, s := range tick.Spikes {
			if s.Channel >= 0 && s.Channel < n {
				spikes[s.Channel] = append(spikes[s.Channel], s.Time)
			}
		}
		for b, f := range filters {
			if err := f.Advance(tick.End, spikes); err != nil {
				return fmt.Errorf("force: tick %d [%g, %g) s: %w", k, tick.Start, tick.End, err)
			}
			copy(state[b*n:], f.State())
		}
		e.rls.Output(z, state)
		for o := range z {
			if math.IsNaN(z[o]) || math.IsInf(z[o], 0) {
				return fmt.Errorf("force: output %d is %v at tick %d: the readout blew up; raise Alpha or lower the feedback gain", o, z[o], k)
			}
			run.Outputs[o][k] = z[o]
		}
		if ph.Learn {
			learnTicks++
			if learnTicks%every == 0 {
				for o := range ze {
					ze[o] = z[o] - run.Targets[o][k]
				}
				if err := e.rls.Update(state, ze); err != nil {
					return fmt.Errorf("force: tick %d: %w", k, err)
				}
			}
		}
		// The stimulation for the next tick, from this tick's output.
		stims = nil
		next := k + 1
		if next < len(run.Time) {
			switch run.Phases[run.Phase[next]].Feedback {
			case FeedbackOn:
				stims = e.Feedback.Encode(z, e.Period)
			case FeedbackShuffled:
				src := z
				if len(onOutputs) > 0 {
					src = onOutputs[rng.IntN(len(onOutputs))]
				}
				stims = e.Feedback.Encode(src, e.Period)
			}
		}
		if ph.Feedback == FeedbackOn {
			onOutputs = append(onOutputs, append([]float64(nil), z...))
		}
		for j, c := range run.Channels {
			run.States[j][k] = state[c]
		}
		run.Time[k] = tick.End
		run.Spikes[k] = len(tick.Spikes)
		for _, s := range tick.Stims {
			run.Pulses[k] += s.Count * len(s.Electrodes)
		}
		run.LoopTime[k] = time.Since(wall).Seconds()
		run.StepTime[k] = wall.Sub(t0).Seconds()
		run.done = k + 1
		if e.Hook != nil {
			e.Hook(run)
		}
	}
	return nil
}
