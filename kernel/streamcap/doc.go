// Package streamcap limits what a cell prints, as Jupyter servers limit IOPub data,
// so that a cell printing a gigabyte neither floods a front end nor makes the kernel
// (or a notebook written by petri run) hold the gigabyte:
//
//   - by rate, when Limits.Rate is set: when what the cell printed over the last
//     Limits.Window exceeds Rate bytes a second (Jupyter's iopub_data_rate_limit and
//     rate_limit_window), output is dropped until the rate falls below 80% of the
//     limit (Jupyter's headroom); then a line says how much was dropped, the last bytes
//     dropped follow, and output flows again;
//   - by size: the first Limits.Head bytes go out; past that, only the last
//     Limits.Tail bytes of each stream are kept, given by Finish when the cell ends
//     after a line saying how much was dropped.
//
// A Cap serves one cell: Take for each piece of text the cell prints (from any
// goroutine), then Finish. Dropping never blocks: printing costs the same whether
// the text is kept or not, and a Cap's memory is bounded by twice Tail per stream.
// The rate is measured on a clock given to New, so tests drive it without waiting.
package streamcap
