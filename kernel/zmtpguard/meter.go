package zmtpguard

import (
	"encoding/binary"
	"fmt"
)

// greetingLen is the size of the ZMTP 3 greeting (signature, version, mechanism,
// as-server, filler), which precedes the first frame.
const greetingLen = 64

// ZMTP 3 frame flags (RFC 23).
const (
	flagMore    = 0x01
	flagLong    = 0x02
	flagCommand = 0x04
)

// meter follows a ZMTP byte stream one chunk at a time: the greeting, then frames of a
// flags byte, a 1- or 8-byte size and a body.
type meter struct {
	limit int64 // largest frame or message accepted; 0 for none

	greeting int // greeting bytes not yet seen
	state    int // reading the flags, the size or the body
	flags    byte
	size     [8]byte
	sizeHave int
	sizeWant int
	body     int64 // body bytes still to pass
	message  int64 // bytes of the message so far, frames before this one included
}

const (
	stateFlags = iota
	stateSize
	stateBody
)

func newMeter(limit int64) *meter { return &meter{limit: limit, greeting: greetingLen} }

// unitEnd reports a point in the stream where a unit ends: the greeting, a command, or
// the last frame of a message. at is the offset in the chunk just after it.
type unitEnd func(at int, message bool)

// feed follows p. It returns an error as soon as a header declares a frame, or a message
// adds up to, more than the limit.
func (m *meter) feed(p []byte, end unitEnd) error {
	i := 0
	for i < len(p) {
		if m.greeting > 0 {
			n := min(m.greeting, len(p)-i)
			m.greeting -= n
			i += n
			if m.greeting == 0 && end != nil {
				end(i, false)
			}
			continue
		}
		switch m.state {
		case stateFlags:
			m.flags = p[i]
			i++
			m.sizeHave, m.sizeWant = 0, 1
			if m.flags&flagLong != 0 {
				m.sizeWant = 8
			}
			m.state = stateSize
		case stateSize:
			n := min(m.sizeWant-m.sizeHave, len(p)-i)
			copy(m.size[m.sizeHave:], p[i:i+n])
			m.sizeHave += n
			i += n
			if m.sizeHave < m.sizeWant {
				continue
			}
			var size uint64
			if m.sizeWant == 1 {
				size = uint64(m.size[0])
			} else {
				size = binary.BigEndian.Uint64(m.size[:8])
			}
			if m.limit > 0 {
				if size > uint64(m.limit) {
					return &TooLargeError{Declared: size, Limit: m.limit, Frame: true}
				}
				if m.flags&flagCommand == 0 && uint64(m.message)+size > uint64(m.limit) {
					return &TooLargeError{Declared: uint64(m.message) + size, Limit: m.limit}
				}
			}
			m.body = int64(size)
			m.state = stateBody
			if m.body == 0 {
				m.frameDone(i, end)
			}
		case stateBody:
			n := int(min(m.body, int64(len(p)-i)))
			m.body -= int64(n)
			i += n
			if m.body == 0 {
				m.frameDone(i, end)
			}
		}
	}
	return nil
}

func (m *meter) frameDone(at int, end unitEnd) {
	m.state = stateFlags
	size := m.sizeValue()
	switch {
	case m.flags&flagCommand != 0:
		if end != nil {
			end(at, false)
		}
	case m.flags&flagMore != 0:
		m.message += size
	default:
		m.message = 0
		if end != nil {
			end(at, true)
		}
	}
}

func (m *meter) sizeValue() int64 {
	if m.sizeWant == 1 {
		return int64(m.size[0])
	}
	return int64(binary.BigEndian.Uint64(m.size[:8]))
}

// TooLargeError is the error of a connection whose peer declared a frame or message
// over the limit.
type TooLargeError struct {
	Declared uint64 // bytes declared by the frame, or by the message so far
	Limit    int64
	Frame    bool // a single frame (else the sum of a message's frames)
}

func (e *TooLargeError) Error() string {
	what := "a message of"
	if e.Frame {
		what = "a frame of"
	}
	return fmt.Sprintf("zmtpguard: peer declared %s %d bytes, over the %d-byte limit (before authentication); connection closed",
		what, e.Declared, e.Limit)
}
