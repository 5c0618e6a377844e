// Package intan drives a physical rig through Intan Technologies' RHX
// software over its TCP interface (RHD recording controllers and RHS
// stimulation/recording controllers, such as those behind FinalSpark's
// organoid platform), and emulates that interface on loopback with the
// simulated culture of devices/sim behind it.
//
// # Connecting to a rig
//
// In RHX: Network → Remote TCP Control, press Connect for the command
// port (the default 127.0.0.1:5000; RHX then shows "Pending"). In Go:
//
//	rig, err := intan.Dial(ctx, intan.Config{Host: "127.0.0.1"})
//	…
//	defer rig.Close()
//	tick, err := rig.Step(ctx, 0.05, []devices.Stim{devices.Pulse(5, 100, 12)})
//
// A *Rig is a devices.Device and a devices.Tracer: the same closed loop
// that runs on sim.Device runs on it. Dial reads the controller's type
// (ControllerStimRecord, or ControllerStimRecordUSB2 as RHX up to 3.1
// named it; ControllerRecordUSB2/USB3), version, sample rate, stimulation
// step and the amplifier channels of every port, and stops the controller
// if it runs. Electrode k of the Layout is amplifier channel k in RHX's
// order (A-000, A-001, …, B-000, …); RHX knows no geometry, so give
// Config.Layout your array's, or GridLayout is assumed. Route chooses the
// channels streamed to petri. The first Step connects the waveform port
// (and the spike port with SpikesFromRHX) and runs the controller.
//
// # Ticks
//
// A tick is the next period s of frames, [Start, End) in device time (the
// controller's sample index ÷ the sample rate, from the first frame of the
// run); ticks are contiguous. Waveform blocks (magic 0x2EF07A08, 128
// frames) are decoded and resynchronised on the magic under any TCP
// segmentation; garbage is skipped and counted (FlagGarbage). Frames that
// never arrive — a timestamp gap, a lost connection — are counted in
// Tick.Missing and flag the tick FlagGap, and a tick after a reconnection
// carries FlagReconnect. Spikes are negative threshold crossings of the
// WIDE band (ThresholdSD × the noise SD estimated from the first tick by
// the median absolute deviation, or a fixed Threshold), or RHX's own
// (SpikesFromRHX, 14-byte records with magic 0x3AE2710F, which carry no
// amplitude: petri takes the WIDE peak under each; a lost spike connection
// is re-armed and the tick flagged FlagReconnect and FlagLateSpikes).
//
// # Stimulation and safety
//
// petri's biphasic devices.Stim becomes per-channel RHS parameters: shape
// Biphasic, polarity NegativeFirst (cathodic first), phase widths and the
// post-trigger delay in whole samples, amplitudes in whole steps of the
// controller (at most 255 steps), trains as PulseTrain with up to 256
// pulses. Tick.Stims reports the quantised values delivered. The limits
// are petri's safety limits (DefaultSafety) capped by the controller's
// capabilities (255 × step, one sample to 5 ms per phase); the quantised
// stimulation is checked against them, across ticks too (devices.Guard),
// before any byte leaves petri, and a trigger to an electrode is held back
// until 1/MaxRate after the last one in real time as well. Config.Safety
// cannot exceed DefaultSafety; RaiseLimits can, with a reason, and logs it.
//
// RHX fires software-triggered stimulation on keys F1–F8; every channel
// whose Source is that key fires. The Rig keeps up to eight patterns (a
// set of channels with their parameters) programmed, one per key. A tick
// whose stimulation is programmed costs one trigger command; a new pattern
// is uploaded while the controller is stopped (RHX refuses most uploads
// while running, and whether a per-channel upload while running is safe
// on hardware is unknown), which restarts the run: that tick is flagged
// FlagRestart and device time skips the stopped interval. Each tick's
// trigger commands are written exactly once and never repeated, also
// across reconnections; a failed write is fatal, not retried.
//
// # Faults
//
// The command connection lost is fatal (RHX stops listening on the
// command port once its client leaves): Step returns an error wrapping
// ErrCommandLost and the Rig closes its data connections. A lost data
// connection is re-armed (execute ConnectTCPWaveformDataOutput) and
// reconnected within the tick. No waveform data for StallTimeout (default
// 2 s) is a stall: Step returns an error within StallTimeout and re-arms
// the stream at the next Step. Every wait respects ctx.
//
// # The emulator
//
// NewEmulator serves the protocol (RHX's default ports, or ":0" for free
// ones) backed by a simulated culture (the benchmark lattice of DESIGN.md)
// under the channels, placed with GridLayout on the simulated array:
// stimulation evokes activity. Configurable: controller type and version,
// sample rate, step, channels, pacing, queue, latency, jitter, write
// segmentation and periodic faults (gaps, stalls, dropped connections,
// garbage); Inject and DropCommand cause one fault now. It logs every byte
// received on the command port (Received). `petri rig serve --protocol
// intan-rhx` runs one until interrupted.
//
// # Sources, versions and what is untested
//
// Implemented from ../shared/rigs/PROTOCOLS.md §1 (our description of RHX
// 3.0.3–3.4.0's TCP interface, from Intan's public source and example
// clients) and Intan's published TCP examples; no GPL code was translated.
// Tested only against the emulator in this package. Untested against RHX
// and hardware: real timing and jitter, end-to-end spike-to-current
// latency, that current is delivered (compliance, amp settle, charge
// recovery), whether timestamps restart at each run (the driver handles
// both), reply coalescing beyond what the barrier covers, RHX's behaviour
// when a data port is re-armed while running, and GPU spike detection.
// The emulator allows more channels per controller than the hardware (up
// to 1,024 stimulation channels) to measure petri's own costs.
package intan
