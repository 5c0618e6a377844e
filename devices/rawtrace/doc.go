// Package rawtrace reads raw voltage traces stored as a headerless binary
// file of little-endian int16 samples, frame-major (all channels of frame
// 0, then frame 1, …; a Kilosort .dat), described by a JSON sidecar whose
// fields follow SpikeInterface's read_binary:
//
//	{"file": "well.i16", "sampling_frequency": 12500, "num_channels": 16,
//	 "dtype": "int16", "gain_to_uV": 0.0581395, "offset_to_uV": 0,
//	 "time_axis": 0, "electrodes": ["A1_11", "A1_21", …],
//	 "layout": {…}}
//
// electrodes names the electrode of each channel in layout (a
// devices.Layout with Names). AxionWell gives the sidecar of the MEA-NAP
// Axion 24-well fixtures (12.5 kHz, 16 electrodes per well, 5.814e-8 V per
// count), so those files need none on disk.
//
// The recording has no spikes: each tick (devices.DefaultTick long, rounded
// to whole frames) carries its samples in Tick.Raw, ready for
// Raw.Trace(k) or a spike detector. Samples are not copied: the ticks share
// one slice of the file.
//
// # Use
//
//	rec, err := rawtrace.Read("wellA1.i16", rawtrace.AxionWell("A1"))
//	rec, err := rawtrace.Open("recording.json") // sidecar on disk
//	t, uV := rec.Ticks[0].Raw.Trace(0)
//
// Bad input — a file that is not a whole number of frames or not the
// length the sidecar says, a dtype other than int16, a channel-major file,
// an offset, an electrode not in the layout — is an error naming the file
// and what was expected; nothing is returned with it.
package rawtrace
