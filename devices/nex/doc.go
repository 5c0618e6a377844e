// Package nex reads NeuroExplorer's timestamps text export ("nexTimestamps")
// of spike trains recorded on a Multi Channel Systems (MCS) 60-electrode
// 8 × 8 MEA, such as the sjemea example TC89_DIV15_A (dissociated
// hippocampal culture, 15 DIV, 59 channels, 208,277 spikes over 911.6 s).
//
// # Format
//
// Tab-separated text, CRLF or LF line ends. Line 1 names the columns: one
// per channel, ch_<C><R><letter>_unit_<n> where C is the MCS electrode
// column (1–8) and R its row (1–8), then optionally Sweep_Start and
// Sweep_Stop. Row k holds the k-th spike time of every channel in seconds
// (blank when the channel has fewer spikes); the sweep columns hold the
// recording's start and end in row 1. Times are in seconds; each column
// must be ascending.
//
// # Layout
//
// Electrode CR sits at column C−1, row R−1 of MCS8x8(): an 8 × 8 grid at
// 200 µm (x = (C−1)·200 µm, y = (R−1)·200 µm), named "12".."87"; the four
// corners do not exist and have no name. Channel k of the recording is the
// k-th column of the file.
//
// # Use
//
//	rec, err := nex.Read("TC89_DIV15_A.nexTimestamps")
//	dev := replay.New(rec) // ticks of devices.DefaultTick s
//
// The file holds no amplitudes: every Spike.Amplitude is 0. Bad input — a
// row with the wrong number of fields, a time that is not a number, a
// column out of order, a channel name that is not an MCS electrode, the
// same electrode twice — is an error naming the file, line and column;
// nothing is returned with it.
package nex
