// Package culture simulates cultured cortical neurons grown in microfluidic
// wells: the model of Yamamoto et al. 2023 (Sci. Adv. 9:eade1755), after
// Orlandi et al. 2013 (Nat. Phys. 9:582), and the topologies of the modular
// cultures of Sono, Yamamoto et al. 2026 (PNAS 123:e2521560123).
//
// # Model
//
// Each neuron (voltages and currents in mV, times in s):
//
//	τv dv/dt = k (v − vref)(v − vthr) − u + IA − IG
//	τu du/dt = b (v − vref) − u
//	dIA/dt = −IA/τA,  dIG/dt = −IG/τG,  dD/dt = (1 − D)/τD
//
// When v > vpeak: v → vreset, u → u + 50 mV, D → β·D, and every target
// gets D_pre·jA added to IA (excitatory source) or D_pre·jG to IG
// (inhibitory). Minis: independent Poisson events at 80 Hz per neuron, each
// adding 15 mV to IA. Parameters (DefaultParams): vref −60, vthr −45,
// vpeak 35, vreset −50 mV; τv = τu = 50 ms; k 0.5/mV; b 0.5; τA 10 ms;
// τG 20 ms; τD 20 s; β 0.8; jA 45 mV; jG 50 mV; 20 % inhibitory.
//
// # Numerics
//
// Forward Euler at dt = 0.05 ms (larger steps create spurious synchrony),
// in the order of Brian2's default schedule so that results compare one to
// one with ../shared/anchors/culture_brian2.py: update every neuron from the
// old state, find neurons with v > vpeak, propagate their spikes with D
// before depression, apply this step's minis, then reset.
//
// The step is the same Euler step written in scaled variables (see the
// type scaled in culture.go): y = ck·(v − vref) with ck = k·dt/τv, u in
// units that make its update w' = cu·w + y, and IA, IG scaled by ck·dt/τv,
// so that a neuron costs five multiply(-add)s and two adds. The per-step
// decay of IA and IG is kept in two scalars (IA = as·sa; the decay
// multiplies sa, additions to IA divide by it, and every 1,024 steps, on
// absolute step numbers, sa is folded back into as), so the kernel loads
// four arrays and stores only y and w. State is float64, struct of arrays;
// the update of all neurons is one tight loop (eight neurons at a time with
// AVX2 and FMA on amd64, bit-identical to the portable loop, which uses
// math.FMA and runs with the purego build tag or without AVX2/FMA) whose
// only branch is one test of the threshold masks per eight neurons. The
// algebra is exact but the roundings are not those of the literal form
// (v, u, IA, IG in mV, no FMA): one step agrees with the literal step to
// 1e-14 (TestScaledMatchesLiteral, which also checks the spikes), and the
// spike trains of the benchmark cultures did not change at all: seed 2,
// 92 s, every spike (49,103 lattice, 34,738 homogeneous) on the same neuron
// at the same step as with the literal kernel, and TestDynamicsSeeds gives
// the same statistics for seeds 1–10. A spike can still move when rounding
// decides a threshold crossing or a neuron lingers at the saddle near vthr
// (which amplifies differences up to 1e5-fold; TestScaledMatchesLiteral's
// strongly kicked culture parts after ≈ 70 ms free-running), after which
// runs differ spike by spike but not in their statistics. Runs are
// bit-for-bit reproducible for a seed, however Run is chunked.
//
// D is recovered lazily (exactly, as (1 − D) shrinks by (1 − dt/τD) per
// step) only when a neuron spikes. Spikes propagate event-driven over
// compressed sparse rows. Minis use a per-neuron Poisson timer: exponential
// inter-arrival times, kept in a calendar of buckets, one per time step, so
// a step costs only the minis that fall in it (≈ 7.7 for 1,920 neurons).
//
// # Topologies
//
// All builders take a Config (wells, neurons per well, target in-degrees,
// geometry, seed) and return a Network: neurons 0..NExc−1 excitatory, the
// rest inhibitory, positions in µm on the array, and synapses in CSR.
//
//	Lattice       Cols × Rows wells on a torus; each ordered pair is
//	              connected with p = min(1, KIn/(M−1)) within a well and
//	              KNb/(4M) between neighbouring wells (M neurons per well)
//	Homogeneous   the unpatterned control: p = (KIn+KNb)/(N−1) for every
//	              pair; somata spread over the whole area
//	Hierarchical  modules of modules on the lattice's channels, fewer of
//	              them: the 4 wells of each 2 × 2 block all joined, then
//	              one channel (between random wells) per pair of
//	              side-by-side blocks at every larger scale (233 channels
//	              against the lattice's 256 on 16 × 8 wells)
//	Grown         the generic builder: p = pmax·exp(−d/λ) between somata d µm
//	              apart, only within a well or between wells that link(a, b)
//
// Wiring: every ordered pair is an independent Bernoulli trial with the
// probability above (the anchor's distribution of networks); the builders
// find the successes by geometric skips over each linked pair of wells,
// in time proportional to the number of synapses (BenchmarkBuild: a
// 122,880-neuron culture builds in under a second). A seed gives a
// different network than the pair-by-pair loop did, from the same
// distribution.
//
// DefaultConfig is the benchmark culture of DESIGN.md, the same network as
// the Brian2 anchor: 128 wells of 12 E + 3 I neurons (N = 1,920) on a 16 × 8
// torus, KIn 14, KNb 16 (mean in-degree 30), wells of 100 µm at 200 µm pitch
// centred on the 3.85 × 2.1 mm array. Its neuron order (all excitatory
// neurons well by well, then all inhibitory) is the anchor's.
//
// # Statistics
//
// Analyse computes the anchor's statistics the same way: mean rate, mean
// pairwise Pearson correlation of spike counts in 50 ms bins over 200
// sampled neurons, and network bursts per minute (rising edges of the
// fraction of neurons active in a 100 ms window above 20 %).
//
// Everything random (placement, wiring, initial voltages, minis) derives
// from seeds through math/rand/v2's PCG; runs are bit-for-bit reproducible.
package culture
