// Package reservoir is petri's reservoir-computing toolkit: it turns spike
// trains into continuous states, simulates rate, echo-state and spiking
// reservoirs, fits linear readouts offline, generates the classic targets and
// measures results. Online learning (RLS/FORCE, LMS) and the closed training
// loop are in the subpackage reservoir/force.
//
// Everything takes and returns plain Go values — []float64 series, Spikes
// (spike times per channel), gonum *mat.Dense / mat.Matrix with one row per
// time step — so notebooks, devices and the display package can pass data
// without knowing each other. Every random draw comes from a PCG generator
// seeded by the caller (math/rand/v2); a given seed reproduces a network bit
// for bit on one machine.
//
// # State filters
//
// A Filter advances in ticks: Advance(t, spikes) takes the spikes with times
// in [Now, t) — half-open, like devices.Tick's [Start, End) — and updates the per-channel state to time t, exactly (spike
// times are not binned), so a closed loop calls it once per tick.
//
//   - ExpFilter: s(t) = Σ_k exp(−(t−t_k)/τ)/τ.
//   - DoubleExpFilter: s(t) = Σ_k [exp(−(t−t_k)/τd) − exp(−(t−t_k)/τr)]/(τd−τr),
//     the state of Sono, Yamamoto et al. (PNAS 2026) with τr ≈ 0.05 s and
//     τd ≈ 2 s.
//   - BinFilter: spike count in the last tick divided by its length.
//
// Kernels have unit area, so states are rates (spikes per time unit).
// FilterSeries runs a filter over a whole recording.
//
// # Reservoirs
//
// A Reservoir steps with an external input u and a fed-back output z and
// exposes its state r.
//
//   - RateNetwork, the chaotic network of Sussillo & Abbott (2009, Neuron
//     63:544): x ← (1−dt)x + dt(M r + Wf z + Win u), r = tanh x, M sparse with
//     probability p, M_ij ~ N(0, g²/(pN)), Wf ~ U(−1, 1); time in units of τ.
//     Defaults N 1000, p 0.1, g 1.5, dt 0.1. The recurrence is stored as CSR.
//   - ESN, a leaky echo-state network: x ← (1−a)x + a tanh(W x + Win u +
//     Wfb z + b) with W scaled to a given spectral radius; Collect gathers
//     states for Ridge.
//   - Spiking (NewIzhikevich, NewLIF), the spiking networks of Nicola &
//     Clopath (2017, Nat. Commun. 8:2208) with double-exponential synapses
//     (rise 2 ms, decay 20 ms); time in ms, r in spikes/ms.
//
// # Readouts
//
// Readout is z = W r + B. Ridge fits it offline, minimising
// Σ‖W r_t + B − y_t‖² + λ‖W‖² over the rows after a washout. Online learners
// live in reservoir/force.
//
// # Targets
//
// Sine, Triangle, Square, SumOfSines and FourSine (Sussillo & Abbott's demo
// target) sample at t = i·dt. Lorenz integrates σ 10, ρ 28, β 8/3 by RK4 and
// returns x/20, y/20, (z−25)/20; MackeyGlass (τ 17 for the benchmark) and
// NARMA (order 10 for the benchmark) are the usual time-series tasks.
//
// # Metrics
//
// MAE, RMSE, NRMSE = RMSE/SD(target) (population SD), Pearson r, R² =
// 1 − SSres/SStot; for state matrices (T×N): PCASpectrum, EffectiveRank =
// exp(entropy of the normalised PCA spectrum) (Roy & Vetterli 2007),
// CumulativeVariance, CorrMatrix, MeanCorr (mean off-diagonal Pearson
// correlation) and FunctionalComplexity (Zamora-López et al. 2016, 20 bins).
//
// # Errors
//
// Programming errors (wrong slice lengths passed to Step or Output) panic
// with a message naming the values. Bad data — NaN or Inf in inputs or
// targets, empty or mismatched series, invalid configuration — returns an
// error that names the value and says what to change; errors wrap
// ErrNotFinite or ErrLength where they apply. No function returns a NaN
// result silently.
//
// # Saving
//
// Readout.Save, RateNetwork.Save and ESN.Save write JSON with a "format"
// header ("petri.readout/v1", "petri.rate/v1", "petri.esn/v1"); floats are
// written in shortest round-trip form, so LoadReadout, LoadRateNetwork and
// LoadESN restore the values bit for bit, and refuse files with another
// format tag. Spiking networks are rebuilt from their SpikingConfig and seed.
//
// # Performance
//
// On amd64 CPUs with AVX2 and FMA the CSR recurrence and the RLS update use
// small assembly kernels (reservoir/internal/simd); elsewhere unrolled Go.
// The benchmarks BenchmarkRateNetworkStep (here) and BenchmarkRLS (force) are
// compared with the numpy anchors by bench/compare.sh.
package reservoir
