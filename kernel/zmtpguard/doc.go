// Package zmtpguard is a zmq4 transport that watches the ZMTP 3 frames passing over
// each connection, so that what a peer sends cannot make the kernel allocate without
// bound and a peer that stops reading cannot stall the sender.
//
// go-zeromq/zmq4 v0.17.0 reads a frame header and then allocates the body it declares
// (make([]byte, size)) before anything is authenticated: one ~100-byte packet
// declaring a 2^40-byte frame ends the process. The guard parses frame headers as the
// bytes go by and closes the connection, with a log line naming the peer and the
// sizes, as soon as a declared frame or the sum of a message's frames exceeds
// Limits.MaxMessage — before zmq4 sees the header. The same fix is proposed upstream
// in https://github.com/go-zeromq/zmq4/pull/161 ("Conn.read: guard frame size below
// maxAlloc"), which caps frames at 1 GiB; once a zmq4 release with a configurable
// maximum message size is in go.mod, the read side of this package can go.
//
// zmq4's PUB socket writes each message to every subscriber in turn, blocking on a
// subscriber whose TCP window is full, so one stalled client stops output for all and
// the socket's queue grows without bound. With Limits.QueueMessages set, writes go to a
// per-connection queue drained by a goroutine of its own; a message that does not fit
// (more than QueueMessages messages or QueueBytes bytes waiting) is dropped whole,
// which is ZeroMQ's high-water-mark behaviour for PUB sockets. Handshake commands are
// never dropped.
//
// Register the transports once with Register, then listen on "NAME://host:port" (the
// name given to Register) instead of "tcp://host:port".
package zmtpguard
