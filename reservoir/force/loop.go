package force

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/petri-mea/petri/reservoir"
)

// Learner is an online learner of a linear readout: RLS and LMS.
type Learner interface {
	Size() int
	Outputs() int
	// Output sets dst to the readout of state and returns it.
	Output(dst, state []float64) []float64
	// Update learns from state and the error e = output − target.
	Update(state, e []float64) error
}

// Loop is the FORCE training loop: a reservoir, a learner reading it, and
// the learner's output fed back into the reservoir.
//
// Each step: the reservoir steps with input u(t) and feedback z(t−1) (or,
// with Teacher set, the target f(t−1) while training); the readout gives
// z(t) = W r(t); every Every steps during training the learner updates with
// e = z(t) − f(t). The recorded output is z(t) before the update, as in
// Sussillo & Abbott's code.
type Loop struct {
	Res   reservoir.Reservoir
	Learn Learner
	// Every is the update interval in steps [1]. Sussillo & Abbott use 2,
	// Nicola & Clopath 20.
	Every int
	// Teacher feeds the target instead of the output back while training
	// (teacher forcing). Testing always runs free.
	Teacher bool
	// Input, if not nil, fills the external input u (length Res.Inputs())
	// for the global step number.
	Input func(step int, u []float64)
	// Hook, if not nil, is called every HookEvery steps [100] and after the
	// last step with the number of steps done so far (counting from 1, so
	// bar.Set(done) reaches the total), the first output and the first
	// target (NaN when there is no target), for progress bars and live plots.
	Hook      func(step int, z, target float64)
	HookEvery int
	// Keep is the number of state units (the first Keep) whose trajectories
	// are recorded in Result.Units.
	Keep int

	step int
	z    []float64
	u    []float64
	e    []float64
}

// NewLoop returns a loop training an RLS readout of res with P(0) = I/alpha
// and the given update interval.
func NewLoop(res reservoir.Reservoir, alpha float64, every int) *Loop {
	m := res.Feedback()
	if m == 0 {
		m = 1
	}
	return &Loop{Res: res, Learn: NewRLS(res.Size(), m, alpha), Every: every}
}

// Step returns the number of steps run so far.
func (l *Loop) Step() int { return l.step }

// Result holds the series of a run, ready to plot: Time[i] is the time of
// sample i (in the reservoir's time unit), Target and Output the first
// target and output, Targets and Outputs every one (Outputs[o][i]).
// Samples before TrainEnd were produced while training (TrainEnd is 0 for a
// pure test and len(Time) for pure training).
type Result struct {
	Time     []float64
	Target   []float64
	Output   []float64
	Targets  [][]float64
	Outputs  [][]float64
	Units    [][]float64 // Units[u][i]: state of unit u, for the first Keep units
	TrainEnd int
}

// TestCorr returns the output–target Pearson correlation over the test part
// (samples from TrainEnd on) for the first output; NaN if there is none.
func (r *Result) TestCorr() float64 {
	if r.TrainEnd >= len(r.Output) || r.Target == nil {
		return math.NaN()
	}
	c, err := reservoir.Pearson(r.Output[r.TrainEnd:], r.Target[r.TrainEnd:])
	if err != nil {
		return math.NaN()
	}
	return c
}

// TrainCorr is TestCorr over the training part.
func (r *Result) TrainCorr() float64 {
	if r.TrainEnd == 0 || r.Target == nil {
		return math.NaN()
	}
	c, err := reservoir.Pearson(r.Output[:r.TrainEnd], r.Target[:r.TrainEnd])
	if err != nil {
		return math.NaN()
	}
	return c
}

// Train runs len(target) steps with learning on, for a single output.
func (l *Loop) Train(ctx context.Context, target []float64) (*Result, error) {
	return l.run(ctx, [][]float64{target}, len(target), len(target))
}

// Test runs len(target) steps with the readout frozen and the output fed
// back (free run), recording the target beside the output.
func (l *Loop) Test(ctx context.Context, target []float64) (*Result, error) {
	return l.run(ctx, [][]float64{target}, len(target), 0)
}

// TrainTest trains on target[:trainSteps] and tests on the rest: the
// classic FORCE experiment in one call.
func (l *Loop) TrainTest(ctx context.Context, target []float64, trainSteps int) (*Result, error) {
	if trainSteps < 0 || trainSteps > len(target) {
		return nil, fmt.Errorf("force: TrainTest: trainSteps=%d with a target of %d samples: use 0 ≤ trainSteps ≤ len(target)", trainSteps, len(target))
	}
	return l.run(ctx, [][]float64{target}, len(target), trainSteps)
}

// Run runs steps steps free (readout frozen, no target).
func (l *Loop) Run(ctx context.Context, steps int) (*Result, error) {
	return l.run(ctx, nil, steps, 0)
}

// TrainTestMulti is TrainTest for several outputs: targets is T×Outputs.
func (l *Loop) TrainTestMulti(ctx context.Context, targets mat.Matrix, trainSteps int) (*Result, error) {
	t, m := targets.Dims()
	if trainSteps < 0 || trainSteps > t {
		return nil, fmt.Errorf("force: TrainTestMulti: trainSteps=%d with %d target rows: use 0 ≤ trainSteps ≤ rows", trainSteps, t)
	}
	cols := make([][]float64, m)
	for o := range cols {
		cols[o] = mat.Col(nil, o, targets)
	}
	return l.run(ctx, cols, t, trainSteps)
}

func (l *Loop) run(ctx context.Context, targets [][]float64, steps, train int) (*Result, error) {
	m := l.Learn.Outputs()
	if l.Learn.Size() != l.Res.Size() {
		return nil, fmt.Errorf("force: learner reads %d units but the reservoir has %d: build the learner with NewRLS(res.Size(), …)", l.Learn.Size(), l.Res.Size())
	}
	if fb := l.Res.Feedback(); fb != 0 && fb != m {
		return nil, fmt.Errorf("force: reservoir takes %d feedback values but the learner has %d outputs: make them equal", fb, m)
	}
	if steps <= 0 {
		return nil, fmt.Errorf("force: %d steps requested: %w; pass a non-empty target or steps > 0", steps, reservoir.ErrLength)
	}
	if targets != nil {
		if len(targets) != m {
			return nil, fmt.Errorf("force: %d target series for %d outputs: give one per output", len(targets), m)
		}
		for o, f := range targets {
			if len(f) != steps {
				return nil, fmt.Errorf("force: target %d has %d samples, want %d: %w", o, len(f), steps, reservoir.ErrLength)
			}
			if err := reservoir.CheckFinite(fmt.Sprintf("target %d", o), f); err != nil {
				return nil, err
			}
		}
	}
	every := l.Every
	if every <= 0 {
		every = 1
	}
	hookEvery := l.HookEvery
	if hookEvery <= 0 {
		hookEvery = 100
	}
	if l.z == nil {
		l.z = make([]float64, m)
		l.e = make([]float64, m)
		l.u = make([]float64, l.Res.Inputs())
	}
	dt := l.Res.TimeStep()
	res := &Result{Time: make([]float64, steps), TrainEnd: train, Outputs: make([][]float64, m)}
	for o := range res.Outputs {
		res.Outputs[o] = make([]float64, steps)
	}
	res.Output = res.Outputs[0]
	if targets != nil {
		res.Targets = targets
		res.Target = targets[0]
	}
	keep := min(l.Keep, l.Res.Size())
	if keep > 0 {
		res.Units = make([][]float64, keep)
		for q := range res.Units {
			res.Units[q] = make([]float64, steps)
		}
	}
	fb := l.z
	teach := make([]float64, m)
	var u []float64
	if len(l.u) > 0 {
		u = l.u
	}
	for t := 0; t < steps; t++ {
		if t&15 == 0 {
			if err := ctx.Err(); err != nil {
				return res, err
			}
		}
		learning := t < train
		if l.Input != nil && u != nil {
			l.Input(l.step, u)
		}
		fb = l.z
		if learning && l.Teacher && t > 0 {
			for o := range teach {
				teach[o] = targets[o][t-1]
			}
			fb = teach
		}
		if l.Res.Feedback() == 0 {
			fb = nil
		}
		l.Res.Step(u, fb)
		r := l.Res.State()
		l.Learn.Output(l.z, r)
		for o := range l.z {
			res.Outputs[o][t] = l.z[o]
		}
		for q := 0; q < keep; q++ {
			res.Units[q][t] = r[q]
		}
		res.Time[t] = float64(l.step+1) * dt
		if math.IsNaN(l.z[0]) || math.IsInf(l.z[0], 0) {
			return res, fmt.Errorf("force: output is %v at step %d: the network state or readout blew up; lower the feedback or input scale, or alpha", l.z[0], l.step)
		}
		if learning && (t+1)%every == 0 {
			for o := range l.e {
				l.e[o] = l.z[o] - targets[o][t]
			}
			if err := l.Learn.Update(r, l.e); err != nil {
				return res, fmt.Errorf("step %d: %w", l.step, err)
			}
		}
		l.step++
		if l.Hook != nil && ((t+1)%hookEvery == 0 || t == steps-1) {
			f := math.NaN()
			if targets != nil {
				f = targets[0][t]
			}
			l.Hook(l.step, l.z[0], f)
		}
	}
	return res, nil
}
