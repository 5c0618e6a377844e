// Package paper runs the experiment of Sono, Yamamoto et al. (PNAS 123(11),
// e2521560123, 2026) on the simulated culture in one call: a modular (or
// homogeneous) culture on the simulated HD-MEA, the most active electrodes
// routed, stimulation sites chosen from the activity scan, and a FORCE
// readout trained in closed loop (force.Experiment) to produce a target,
// then tested with learning off.
//
// It is the composition layer the notebooks and the results table use, so
// that every figure comes from the same settings: Settings holds them all,
// DefaultSettings are the ones the README's table was made with, and Quick
// shortens the phases so a notebook runs in CI in seconds (the notebooks
// say what it changes).
//
// # Conditions
//
// A Condition is a topology (Lattice, Hierarchical, Homogeneous), a target
// (sine, triangle or square of a period, or the three Lorenz variables), a
// feedback switch and a seed. With feedback on, the phases are: baseline
// (spontaneous), training (feedback on, RLS on), autonomous test (feedback
// on, readout frozen), then the two controls with the frozen readout:
// feedback off and shuffled feedback. With feedback off the culture is
// never stimulated: the readout is trained on spontaneous activity and
// tested on it (the paper's feedback-off condition).
//
// # The state, and where the model and the paper disagree
//
// The paper's state is one double-exponential filter per channel (rise
// 0.05 s, decay 2 s). On the simulated culture that state cannot sustain an
// oscillation once learning stops: stimulation acts on the culture within a
// tick (a pulse activates neurons near the electrode directly, and at the
// feedback's pulse rates their synapses are depressed, so the network adds
// no slower dynamics of its own), so the loop z → stimulation → filtered
// state → z is a first-order low-pass of its own output, which has no
// oscillatory mode. A linear readout of states at two time scales has one:
// with decays τ1 ≠ τ2, z = a·L1[z] + b·L2[z] has a pair of poles on the
// imaginary axis at any chosen frequency for suitable a, b, and RLS finds
// them while the target drives the loop. Settings.Slow adds that second
// bank of filters (decay: one target period by default); Settings.Paper()
// returns the paper's single-filter state for comparison. The notebooks
// show both.
package paper
