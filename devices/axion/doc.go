// Package axion reads spike lists exported by Axion BioSystems' AxIS
// software from Maestro multi-well MEA plates (the "spike_list.csv" files
// that meaRtools and many labs start from), and the experiment log that
// names each well's treatment.
//
// # Spike list
//
// CSV, gzip-compressed or not (detected from the first bytes), five fields
// per line: a key, a value (the recording's settings, in the first lines
// only: "Sampling Frequency,12500 Hz", "Plate Type,Maestro 48-Well …"),
// then one spike: time, electrode and amplitude. The header names the units,
// "Time (s)" and "Amplitude(mV)"; seconds and milliseconds, and mV and µV,
// are understood, anything else is an error. Electrodes are named
// <well>_<C><R>: well row letter and column number ("D3"), then the
// electrode's column C and row R (1-based) within the well's grid. Spikes
// must be in time order, as AxIS writes them.
//
// # Layout
//
// The plate is one grid of wells, each a grid of electrodes: a 48-well
// plate (6 × 8 wells of 4 × 4) is a 32 × 24 electrode Layout whose Groups
// name the well of every electrode ("D3") and Names the electrode ("D3_31").
// Electrode C R of the well in row W (A = 0) and column V (1 = 0) has index
// (W·4 + R−1)·32 + V·4 + C−1. Wells hold separate cultures: compare
// electrodes within a group (Layout.InGroup); positions are spaced by the
// electrode pitch within a well, and the grid places wells side by side, so
// distances across wells mean nothing. The pitch is the nominal 350 µm of
// Axion's 48-well plates (not in the file; confirm it for your plate).
// The plate type comes from the file's "Plate Type" setting; 12-, 24-, 48-
// and 96-well Maestro plates are known.
//
// Only electrodes with at least one spike are routed (a spike list cannot
// tell a silent electrode from an unused one); channels follow plate order
// (wells A1, A2, …, then electrode index).
//
// # Amplitudes
//
// AxIS lists each spike's amplitude as a positive magnitude in mV. petri's
// Spike.Amplitude is the negative peak in µV, so it is −1000 × the listed
// value.
//
// # Use
//
//	rec, err := axion.Read("plate1_spike_list.csv.gz")
//	wells, err := axion.ReadLog("plate1_expLog.csv.gz") // treatment per well
//	d3 := rec.Meta.Layout.InGroup("D3")                 // electrodes of well D3
//
// Bad input — a line with the wrong number of fields, a time or amplitude
// that is not a number, unknown units, an electrode that is not on the
// plate, spikes out of time order, a file cut short — is an error naming
// the file and line; nothing is returned with it.
package axion
