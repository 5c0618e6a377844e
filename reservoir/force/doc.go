// Package force trains linear readouts of reservoirs online: recursive least
// squares (RLS, the learning rule of FORCE, Sussillo & Abbott 2009, Neuron
// 63:544) and least mean squares (LMS), and the closed loop that feeds the
// readout back into the reservoir while it learns.
//
// # RLS
//
// With state r (length N), outputs z = W r (M outputs), target f and error
// e = z − f, one update is
//
//	k = P r
//	c = 1 / (λ + rᵀ k)
//	P ← (P − c k kᵀ) / λ
//	W ← W − c e kᵀ
//
// with P(0) = I/α. α is the regulariser (Sussillo & Abbott use 1; Nicola &
// Clopath 0.5 for their spiking network, i.e. P(0) = 2I) and λ ∈ (0, 1] the
// forgetting factor (1 for none). All outputs share P.
//
// P is symmetric and only its upper triangle is stored, packed. The rank-1
// correction of update n is not applied at once: it is applied in the same
// pass over P that computes k for update n+1, so each update reads and
// writes the packed triangle once — N(N+1)/2 float64 read and written, 8N²
// bytes of memory traffic, a third of the 24N² bytes of BLAS Dgemv + Dger on
// a full matrix (numpy's in-place path). This is the bound the kernel
// reaches; see BenchmarkRLS. The pending correction is flushed before P is
// read (RLS.P) or λ changes, so callers see the exact matrix.
//
// RLS.Update returns an error wrapping ErrDiverged when λ + rᵀPr ≤ 0 or is
// not finite — P has lost positive definiteness — and names the fix.
//
// # The loop
//
// Loop couples a reservoir.Reservoir with a Learner. Each step the reservoir
// steps with the previous output fed back (or the previous target, with
// Teacher set: teacher forcing), the readout gives z, and, every Every steps
// while training, the learner updates with e = z − f. Train, Test (frozen
// readout, free run), TrainTest, TrainTestMulti and Run return a Result with
// plain series — Time, Target, Output, TrainEnd — for plotting in one call.
// All take a context.Context first and return ctx.Err() promptly when it is
// cancelled (checked every 16 steps). Hook, if set, is called every HookEvery
// steps with the step, output and target, for progress and live plots.
//
// # The closed loop over a device
//
// Experiment runs the closed loop of Sono, Yamamoto et al. (PNAS 2026) on
// any devices.Device — the simulated culture (devices/sim), a rig
// (devices/intan), a replay — seeing it only through the devices contract.
// Each tick of Experiment.Period (1/3 s, the paper's):
//
//	the tick's spikes per channel → double-exponential filter per channel
//	(Rise 0.05 s, Decay 2 s; More adds banks at other decays; Bias adds a 1)
//	→ z = W r → while learning, every Every ticks, an RLS update against
//	the target → z → Feedback → stimulation delivered during the next tick.
//
// A run is a list of phases: Baseline (no feedback, no learning), Training
// (feedback on, RLS on), Autonomous (feedback on, readout frozen: the
// test), and the controls OpenLoop (frozen, no feedback) and Shuffled
// (frozen, stimulated with outputs drawn at random from those produced
// with feedback on). Ticks and filters share one convention: a tick is
// [Start, End), and a filter advanced to t takes the spikes in [Now, t).
//
// Feedback is pluggable. RateCoding (the default) sets the pulse rate of
// each stimulation site from z through fixed random weights, with an
// integrate-and-fire encoder so rates are honoured across ticks and pulses
// never come closer than 1/MaxRate; AmplitudeCoding sets the amplitude of a
// fixed train instead. Sites picks stimulation electrodes from an activity
// scan. A coding is checked against the device's layout and limits before
// the first tick, together with the tick, the phases and the target's
// finiteness over the whole run, so bad input fails before anything is
// delivered.
//
// Run returns a *Run with every series, tick by tick — outputs, targets,
// the state of a sample of channels, spikes and pulses, the loop's own cost
// — and keeps them when the run stops early (ctx cancelled, a device error,
// a readout that blew up): it returns the run so far with the error, and
// the recording (Experiment.Record) holds every tick before it.
// BenchmarkClosedLoopTick measures the loop's own work per tick at 1,024
// channels. Package reservoir/paper composes the experiment of the paper
// on the simulated culture.
//
// # Reproduced results
//
// The tests reproduce, with fixed seeds:
//
//   - Sussillo & Abbott (2009): N 1000, p 0.1, g 1.5, α 1, dt 0.1 τ, RLS
//     every 2 steps, 1440 τ of training then 1440 τ free with W frozen; the
//     test correlation over 5 seeds on the four-sine (median ≥ 0.97), sine
//     and triangle (≥ 0.99) and square (≥ 0.8) targets of
//     ../shared/anchors/force_rate_numpy.py.
//   - Nicola & Clopath (2017): a 2000-neuron Izhikevich network learns a
//     5 Hz sine (dt 0.04 ms, RLS every 20 steps).
//   - A rate network with three fed-back outputs learns the Lorenz system and
//     keeps producing a two-lobed attractor in free run.
//
// # Benchmarks
//
// BenchmarkRLS/N=256, /N=1024, /N=4096 time one RLS update;
// reservoir's BenchmarkRateNetworkStep/N=1000 one network step.
// reservoir/bench/compare.sh runs them beside the numpy anchors and prints ratios.
package force
