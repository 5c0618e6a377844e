// Package hdmea simulates a MaxOne-class high-density microelectrode array
// under a culture: 220 × 120 electrodes at 17.5 µm pitch, up to 1,024
// electrodes routed to readout channels, 32 stimulation units, 20 kHz
// sampling, 10-bit samples at 6.29 µV per count (gain 512).
//
// # Recording
//
// A neuron's spike reaches every electrode within Reach (50 µm) with a peak
// amplitude that falls with the 3-D distance d from the soma (Height 10 µm
// above the electrode plane):
//
//	A(d) = A0 / (1 + (d/R0)²),  A0 log-normal, median 150 µV, σ(ln) 0.3,
//	R0 = 20 µm
//
// so a spike is typically visible (> 5 × 6 µV) up to ≈ 35–45 µm away, as
// for extracellular action potentials of cortical neurons on CMOS arrays.
//
// Detection is event-based rather than by synthesising 20 kHz traces for
// all channels: for every spike and every routed electrode that sees it,
// the sample at the peak is −A(d) plus Gaussian noise (NoiseSD 6 µV), and a
// spike is detected if it is below −K·NoiseSD (K = 5 by default) and the
// channel has not detected within DeadTime (1 ms). Noise alone crosses the
// threshold as a Poisson process at Rate·Q(K) per channel (Q the Gaussian
// tail, the rate for independent samples: 0.0057 Hz at K = 5), with
// amplitudes from the tail. Raw traces of up to MaxRaw (32) channels are
// synthesised on request (Trace): noise plus, for each spike, a sharp
// negative peak (width 0.15 ms) and a positive rebound of a quarter of its
// size 0.5 ms later, quantised to 10 bits.
//
// # Stimulation
//
// One biphasic pulse of charge q pC per phase on an electrode activates a
// neuron at distance d µm with probability
//
//	p = 1 / (1 + exp(−ln(q/Qd)/W)),  Qd = StimQ50 · (1 + (d/StimR0)²)
//
// (StimQ50 200 pC, StimR0 25 µm, W 0.3, nobody beyond 150 µm): rising with
// charge, falling with distance. An activated neuron receives Kick (300 mV)
// in IA and fires a few ms later; its targets follow within 5–20 ms.
// Stimulation artefacts on the recording are not modelled.
package hdmea
