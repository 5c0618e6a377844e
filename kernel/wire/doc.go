// Package wire is the Jupyter messaging protocol (version 5.3) as bytes: messages, their
// multipart framing over ZeroMQ, and HMAC signatures.
//
// A message on the wire is a list of frames:
//
//	[identities...] "<IDS|MSG>" signature header parent_header metadata content [buffers...]
//
// where signature is the hex HMAC (sha256 by default) over the four JSON frames that
// follow it, keyed by the connection file's key. Decode checks the signature before it
// parses anything, so a message with a bad signature is never acted on.
//
// See https://jupyter-client.readthedocs.io/en/stable/messaging.html.
package wire
