package culture

import "math"

// Params are the neuron, synapse and mini parameters of the model (see the
// package documentation). Voltages and currents are in mV, times in s, rates
// in Hz. The zero value is not useful; start from DefaultParams.
type Params struct {
	VRef, VThr, VPeak, VReset float64 // mV
	TauV, TauU                float64 // s
	K                         float64 // 1/mV
	B                         float64 // dimensionless
	UIncr                     float64 // mV added to u at a spike
	TauA, TauG                float64 // s, decay of IA and IG
	TauD                      float64 // s, recovery of synaptic resources D
	Beta                      float64 // D → Beta·D at a spike
	JA, JG                    float64 // mV, excitatory and inhibitory synaptic jump
	MiniRate                  float64 // Hz, Poisson minis per neuron
	JM                        float64 // mV added to IA by a mini
	AsyncN                    float64 // asynchronous quanta per synapse per excitatory spike (× D); 0: none
	AsyncTau                  float64 // s, mean delay of asynchronous quanta
	Dt                        float64 // s, forward-Euler step
}

// DefaultParams returns the parameters of Yamamoto et al. 2023 (Sci. Adv.
// 9:eade1755) after Orlandi et al. 2013, exactly as in
// ../shared/anchors/culture_brian2.py and DESIGN.md.
func DefaultParams() Params {
	return Params{
		VRef: -60, VThr: -45, VPeak: 35, VReset: -50,
		TauV: 0.050, TauU: 0.050, K: 0.5, B: 0.5, UIncr: 50,
		TauA: 0.010, TauG: 0.020, TauD: 20, Beta: 0.8,
		JA: 45, JG: 50, MiniRate: 80, JM: 15,
		Dt: 0.05e-3,
	}
}

// RealisticParams returns DefaultParams with what the model gets wrong
// against real cultures changed, each for a physiological reason (the
// realism report, TestRealism, shows the effect beside the real cultures):
//
//   - TauD 20 → 10 s. D is the readily releasable pool of a synapse; its
//     refilling after depletion takes ≈ 10 s in cultured hippocampal
//     neurons (Stevens & Tsujimoto 1995, PNAS 92:846; Rosenmund & Stevens
//     1996, Neuron 16:1197). With 20 s the network can burst only every
//     20–60 s, against every 5–9 s in the real cultures of ../shared/data
//     (Wagenaar et al. 2006, BMC Neurosci. 7:11, report rates of several
//     bursts per minute in dense cortical cultures).
//   - AsyncN 0 → 0.5, AsyncTau 0.2 s: asynchronous release (async.go),
//     which the model lacked. After a spike a synapse keeps releasing
//     single quanta for hundreds of milliseconds (Goda & Stevens 1994,
//     PNAS 91:12942), and in cultures this delayed release sustains
//     reverberating, longer bursts (Lau & Bi 2005, PNAS 102:10333). 0.5
//     quanta of JM = 15 mV per synapse per spike is a minor part (1/7) of
//     the synchronous jA = 45 mV ≈ 3 quanta, spread over 200 ms.
//
// The model stays out of the real range in firing rate (≈ 10× low),
// burst-length variability and ISI CV (see TestRealism): its neurons fire a
// few spikes per burst and its bursts are all alike.
//
// DefaultParams stays the model of Yamamoto et al. 2023 and of the Brian2
// anchor, so that the two simulators compare one to one.
func RealisticParams() Params {
	p := DefaultParams()
	p.TauD = 10
	p.AsyncN, p.AsyncTau = 0.5, 0.2
	return p
}

// check reports the first parameter that makes no sense.
func (p Params) check() error {
	pos := []struct {
		name string
		v    float64
	}{{"TauV", p.TauV}, {"TauU", p.TauU}, {"TauA", p.TauA}, {"TauG", p.TauG},
		{"TauD", p.TauD}, {"Dt", p.Dt}, {"K", p.K}}
	for _, q := range pos {
		if !(q.v > 0) {
			return errorf("culture: Params.%s = %g must be > 0", q.name, q.v)
		}
	}
	if !(p.Dt < p.TauA && p.Dt < p.TauV) {
		return errorf("culture: Params.Dt = %g s is not small against TauA/TauV; use 0.05e-3", p.Dt)
	}
	if p.B == 0 || math.IsNaN(p.B) || math.IsInf(p.B, 0) {
		return errorf("culture: Params.B = %g must be finite and nonzero (the kernel keeps u in units of b; use a tiny B to decouple u)", p.B)
	}
	if !(p.AsyncN >= 0) || math.IsInf(p.AsyncN, 0) {
		return errorf("culture: Params.AsyncN = %g must be >= 0 (0 turns asynchronous release off)", p.AsyncN)
	}
	if p.AsyncN > 0 && !(p.AsyncTau > 0) {
		return errorf("culture: Params.AsyncTau = %g s must be > 0 when AsyncN > 0", p.AsyncTau)
	}
	if p.MiniRate < 0 {
		return errorf("culture: Params.MiniRate = %g Hz must be >= 0", p.MiniRate)
	}
	if !(p.VPeak > p.VThr && p.VReset < p.VPeak) {
		return errorf("culture: Params need VReset < VPeak and VThr < VPeak (got VThr %g, VPeak %g, VReset %g)", p.VThr, p.VPeak, p.VReset)
	}
	if p.Beta < 0 || p.Beta > 1 {
		return errorf("culture: Params.Beta = %g must be in [0, 1]", p.Beta)
	}
	return nil
}
