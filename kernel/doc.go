// Package kernel is petri's Jupyter kernel: it speaks the Jupyter messaging protocol
// (5.3) over ZeroMQ and runs cells in a session.Session.
//
// Sockets: shell, control and stdin are ROUTER sockets, IOPub a PUB socket and the
// heartbeat a REP socket, bound on the ports of the connection file the front end
// writes. Shell requests are served one at a time; control is served while a cell
// runs, so interrupt_request and shutdown_request always get through. Every request
// is wrapped in status busy ... idle on IOPub, and its reply goes out on the socket it
// came in on. Messages with a bad signature are logged and dropped, never acted on.
//
// A cell's stream output is limited as Jupyter servers limit IOPub data (package
// streamcap): printed faster than OutputRateLimit bytes a second over
// OutputRateWindow ($PETRI_OUTPUT_RATE_LIMIT, $PETRI_OUTPUT_RATE_WINDOW; Jupyter's
// defaults, 1e6 over 3 s), it is dropped until the rate falls, and past 4 MB only
// the last 64 KB are kept; a line says how much was dropped and the tail follows.
//
// Serve runs a kernel until it is shut down; cmd petri calls it with the connection
// file Jupyter passes as {connection_file}.
package kernel
