// Package spiketext reads the generic two-file text format of spike times
// and electrode positions that meaRtools reads with read_spikelist_text,
// for instance the Wong, Meister & Shatz (1993) ferret retina recorded on
// Meister's 61-electrode hexagonal MEA at 70 µm. The format is not tied to
// one array, hence the name.
//
// # Format
//
// Two CSV files with a header line each:
//
//	NAME.times   Channel,Time          then <unit>,<seconds>, e.g. c1,14.51755
//	NAME.pos     "Channel","x","y"     then "<unit>",<x µm>,<y µm>
//
// Lines of .times may come in any order across units, but each unit's
// times must ascend. Every unit in .times must have a position in .pos.
// Times are in seconds, positions in µm; a header naming other columns is
// an error.
//
// # Layout
//
// Each unit is one entry of the Layout, in the order of the .pos file,
// named after the unit and placed at its position (Layout.X, Layout.Y); a
// 1-row grid of as many columns. Units sorted from one electrode share a
// position, so they stay separate channels that can be routed one by one.
// Pitch is the smallest distance between distinct positions (70 µm for
// Wong 1993). Channel k is unit k; units without spikes are routed too.
// The recording starts at 0 s and ends at the last spike. There are no
// amplitudes: every Spike.Amplitude is 0.
//
// # Use
//
//	rec, err := spiketext.Read("wong1993_p0.times", "wong1993_p0.pos")
//
// Bad input — a line with the wrong number of fields, a time or position
// that is not a number, a unit without a position, a unit listed twice in
// .pos, times of a unit out of order — is an error naming the file and
// line; nothing is returned with it.
package spiketext
