// Package notebook runs Jupyter notebooks (nbformat 4) and Go scripts in-process,
// without Jupyter or ZeroMQ: `petri run` and `petri script`.
//
// Run executes every code cell in order in one session.Session and writes what the
// cells produced — streams, results, display data, errors — into the notebook as
// nbformat 4 outputs, exactly as Jupyter would record them (consecutive stream text
// merged, update_display_data applied to the output with that display_id,
// clear_output honoured). It stops at the first failing cell unless AllowErrors is
// set, and prints one progress line per cell. WriteHTML renders the result as one
// standalone HTML page with images inline.
package notebook
