// Package nwb exports petri recordings as Neurodata Without Borders (NWB
// 2.x) HDF5 files, through the pure-Go HDF5 library github.com/scigolib/hdf5
// (no cgo), for sharing with DANDI-style tools.
//
// # What is written
//
//	/identifier, /session_description, /session_start_time,
//	/timestamps_reference_time, /file_create_date
//	/general/devices/<device>                          Device
//	/general/extracellular_ephys/array                 ElectrodeGroup
//	/general/extracellular_ephys/electrodes            DynamicTable: id, x, y (µm),
//	                                                   location, group_name, and the
//	                                                   maker's electrode name
//	/acquisition/ElectricalSeries                      raw traces (if any): data
//	                                                   float32 volts [frames × channels],
//	                                                   timestamps (s), electrodes (rows)
//	/units                                             DynamicTable: one unit per
//	                                                   routed channel, spike_times with
//	                                                   spike_times_index, electrodes
//	/stimulus/presentation/stimulation                 TimeIntervals of delivered
//	                                                   stimulation, if any
//	/acquisition, /analysis, /processing, /stimulus/templates
//
// with neurodata_type and namespace ("core" or "hdmf-common") attributes
// on every typed object, and object_id on typed datasets (derived from the
// identifier, so the same recording exports to the same file). Typed
// groups carry no object_id and short descriptions: the library loses
// every attribute of a group whose attributes outgrow its object header. Strings are fixed-length: it corrupts
// variable-length string datasets that carry three or more attributes.
//
// # Limits of this export
//
// The HDF5 library (v0.14.0) cannot write HDF5 object references, nor
// floating-point attributes correctly, nor attributes on the root group,
// so the file omits what needs them: the root's nwb_version and
// neurodata_type (/petri_nwb_version holds the version), the electrodes table's group column (group_name holds the
// group), the table attribute of DynamicTableRegion columns and the target
// attribute of VectorIndex columns (the columns they point to are named in
// the docs above, and are next to them). Raw traces are therefore stored
// in volts (conversion 1, the schema's default) rather than as counts with
// a conversion attribute, with per-frame timestamps rather than a rate
// attribute. h5py opens the files and finds every group and dataset; the
// pynwb validator will report the missing references.
//
// # Use
//
//	err := nwb.Write("session.nwb", rec, nwb.Info{Description: "TC89 replay"})
package nwb
