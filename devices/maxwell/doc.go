// Package maxwell reads and writes MaxWell Biosystems' ".raw.h5" files,
// the HDF5 recordings of MaxOne HD-MEAs (26,400 electrodes at 17.5 µm in a
// 220 × 120 grid, up to 1,024 routed channels, 20 kHz, 10-bit samples,
// 6.29 µV per count at gain 512), through the pure-Go HDF5 library
// github.com/scigolib/hdf5 (no cgo).
//
// # Layout of a file
//
// The layout is the one neo.rawio.MaxwellRawIO and SpikeInterface read
// (format versions after 20160704):
//
//	/version                                 ["20190530"]
//	/wells/well000/rec0000/settings/sampling [20000]        Hz
//	/wells/well000/rec0000/settings/lsb      [6.29e-6]      V per count
//	/wells/well000/rec0000/settings/gain     [512]
//	/wells/well000/rec0000/settings/mapping  channel, electrode, x, y (µm)
//	/wells/well000/rec0000/groups/routed/raw uint16 [channels × frames]
//	/wells/well000/rec0000/groups/routed/frame_nos  frame number of each sample
//	/wells/well000/rec0000/spikes            frameno, channel, amplitude (µV)
//
// Row k of raw is the k-th channel of mapping (channel ≥ 0), as neo reads
// it. MaxWell electrode numbers are petri's: row·220 + column of
// devices.MaxOne(). Samples are unsigned around mid-scale 512 (10-bit ADC);
// petri's int16 counts are sample − 512, so µV = (sample − 512) × lsb × 1e6.
// Times count from the first raw frame (frame_nos[0]), or from frame 0 in a
// file without raw traces.
//
// # What petri writes differently
//
// MaxWell stores mapping and spikes as HDF5 compound datasets; the HDF5
// library has no public way to write compound types, so Write stores each
// field as its own dataset in a group of the same name (mapping/channel,
// mapping/electrode, …). neo and h5py code that indexes mapping['channel']
// reads both; code that reads mapping as one table does not. Read accepts
// both forms. Write also stores the recording's span in
// rec0000/petri_span ([start, end] s) so a spike-only file keeps its end.
//
// Files compressed with MaxWell's proprietary HDF5 filter cannot be read
// by any open library (neo asks for MaxWell's plug-in); Read says so.
// Legacy files (version 20160704) are refused with a pointer to neo.
//
// # Use
//
//	rec, err := maxwell.Read("data.raw.h5")        // spikes and raw traces
//	rec, err := maxwell.ReadSpikes("data.raw.h5")  // spikes only, for long files
//	err = maxwell.Write("out.raw.h5", rec)        // a MaxOne recording
//
// Bad input — a missing dataset, a channel in spikes that is not in the
// mapping, an electrode off the array, spikes out of order, samples that
// do not fit — is an error naming the file and the dataset; nothing is
// returned with it.
package maxwell
