// Package devices is the contract between petri and sources of neural
// activity on high-density microelectrode arrays (HD-MEAs): the simulated
// culture (package devices/sim), physical rigs, and replays of recordings
// (devices/replay). Reservoirs, notebooks and plots use only these types.
//
// # Units
//
// Time is in seconds (float64) from the start of the device, positions in
// µm, spike amplitudes in µV, stimulation current in µA, phase widths in µs,
// charge in pC (µA × µs), rates in Hz.
//
// # Electrodes and channels
//
// A Layout is the electrode grid; MaxOne() is 220 × 120 electrodes at
// 17.5 µm pitch (26,400; 3.85 × 2.1 mm). Electrode e is column e % 220,
// row e / 220, at (17.5·col, 17.5·row) µm. Only a subset can be read at a
// time: Device.Route connects up to Limits.Channels electrodes (1,024 on a
// MaxOne) to readout channels 0, 1, … in the order given. A Grid holds one
// value per electrode (an activity map); Grid.Top picks electrodes to route.
//
// # Spikes, ticks and the closed loop
//
// Devices detect spikes on routed channels (Spike: channel, electrode, time,
// amplitude) and hand them over one Tick at a time: everything recorded in
// [Start, End) and the stimulation delivered. Tick.Counts gives spikes per
// channel, Tick.Raster parallel times and channels for a raster plot,
// Tick.Raw the raw samples of a few traced channels.
//
// Closed loops have two forms. The method form works everywhere, including
// the yaegi interpreter of notebook cells:
//
//	tick, err := dev.Step(ctx, 0.1, stims) // deliver stims, run 100 ms
//
// The iterator form (compiled Go 1.23+):
//
//	for tick, err := range devices.Loop(ctx, dev, 0.1) {
//		…
//		tick.Stimulate(next...) // checked now, delivered during the next tick
//	}
//
// # Stimulation and safety
//
// A Stim is a train of Count charge-balanced biphasic current pulses
// (cathodic first), Amplitude µA and PhaseWidth µs per phase, Rate pulses
// per second, starting Delay s into the tick, on each of Electrodes; every
// distinct electrode in a tick takes one of Limits.Units stimulation units
// (32 on a MaxOne). Limits.Check validates a tick's stimulation before
// anything is sent: electrode indices, amplitude, phase width, charge per
// phase, pulse count (at most MaxCount, refused before anything is
// allocated), rate and the spacing of pulses per electrode across all
// trains, that trains end inside the tick, and the number of units. A Guard
// makes the limits hold across ticks: it remembers each electrode's last
// pulse, so a pulse just after a tick boundary, or one pulse in every short
// tick, cannot exceed MaxRate. A violation is an error naming the value and
// the fix, and nothing at all is delivered. Every Device.Step, Loop and
// Tick.Stimulate checks through a Guard; drivers do not implement their
// own. MaxOneLimits: 10 µA, 50–400 µs, 1,000 pC per phase, 200 Hz.
//
// # Recording format
//
// Record(prefix, dev, rawChannels, rate, gain) writes three files:
//
//	PREFIX.json          sidecar: format "petri-recording/1", layout,
//	                     limits, routing and channel positions (µm), and
//	                     for raw data the SpikeInterface read_binary keys
//	                     (sampling_frequency, num_channels, dtype "int16",
//	                     gain_to_uV, offset_to_uV, time_axis 0)
//	PREFIX.events.jsonl  one JSON object per tick: {"i", "t0", "t1",
//	                     "channels", "t": [s], "ch": [], "el": [],
//	                     "amp": [µV], "stims": [...], "routing" (when it
//	                     changed), "frames" (raw frames of this tick)}
//	PREFIX.raw           int16 little-endian samples of the traced
//	                     channels, frame-major, appended tick by tick
//
// Files are only appended to; each tick's raw samples are written before its
// events line, and both reach the operating system before Write returns
// (Recorder.Sync adds fsync). A crash therefore loses at most the tick being
// written; ReadRecording ignores a last line without its newline and raw
// samples past the last complete tick. In Python:
//
//	si.read_binary("P.raw", sampling_frequency=20000, dtype="int16",
//	               num_channels=n, gain_to_uV=6.29, offset_to_uV=0)
//	pandas.read_json("P.events.jsonl", lines=True)
//
// # Recordings from other rigs
//
// Readers of other formats return the same *Recording, built with
// NewRecording from a spike list (ticks of DefaultTick s; Recording.Retick
// recuts them): devices/nex (NeuroExplorer timestamps, MCS 8 × 8 MEA),
// devices/axion (Axion spike lists, multi-well plates), devices/spiketext
// (unit times + positions, e.g. the Wong 1993 hexagonal array),
// devices/rawtrace (raw int16 traces with a sidecar) and devices/maxwell
// (MaxWell .raw.h5, read and write); devices/nwb exports to NWB. Arrays that
// are not one regular grid describe themselves through the optional Layout
// fields X, Y (positions), Names and Groups (wells).
package devices
