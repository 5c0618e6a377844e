package zmtpguard

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
)

// frame encodes one ZMTP 3 frame as RFC 23 lays it out.
func frame(flags byte, body []byte) []byte {
	if len(body) > 255 {
		h := make([]byte, 9)
		h[0] = flags | flagLong
		binary.BigEndian.PutUint64(h[1:], uint64(len(body)))
		return append(h, body...)
	}
	return append([]byte{flags, byte(len(body))}, body...)
}

func stream(frames ...[]byte) []byte {
	return append(make([]byte, greetingLen), bytes.Join(frames, nil)...)
}

func TestMeterSplitsUnitsAtAnyChunking(t *testing.T) {
	s := stream(frame(flagCommand, []byte("READY")), frame(flagMore, []byte("a")), frame(0, bytes.Repeat([]byte("b"), 300)), frame(0, nil))
	// Units: greeting, command, message of two frames, empty message.
	want := []int{greetingLen, greetingLen + 7, greetingLen + 7 + 3 + 309, len(s)}
	for chunk := 1; chunk <= len(s); chunk++ {
		m := newMeter(1000)
		var got []int
		for off := 0; off < len(s); off += chunk {
			end := min(off+chunk, len(s))
			if err := m.feed(s[off:end], func(at int, _ bool) { got = append(got, off+at) }); err != nil {
				t.Fatalf("chunk %d: %v", chunk, err)
			}
		}
		if len(got) != len(want) {
			t.Fatalf("chunk %d: units end at %v, want %v", chunk, got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("chunk %d: units end at %v, want %v", chunk, got, want)
			}
		}
	}
}

func TestMeterRefusesHugeDeclaredFrameBeforeItsBody(t *testing.T) {
	// The attack of issue 12 item 1: a header declaring 2^40 bytes and no body.
	h := make([]byte, 9)
	h[0] = flagLong
	binary.BigEndian.PutUint64(h[1:], 1<<40)
	m := newMeter(64 << 20)
	err := m.feed(append(make([]byte, greetingLen), h...), nil)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Declared != 1<<40 || !tl.Frame {
		t.Fatalf("feed: %v, want a TooLargeError declaring 2^40 bytes", err)
	}
}

func TestMeterRefusesMessageWhoseFramesAddUpOverLimit(t *testing.T) {
	m := newMeter(1000)
	part := frame(flagMore, bytes.Repeat([]byte("x"), 600))
	err := m.feed(stream(part, part), nil)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Frame || tl.Declared != 1200 {
		t.Fatalf("feed: %v, want a message-sum TooLargeError of 1200 bytes", err)
	}
	// Two 600-byte messages are fine: the sum restarts at each message.
	m = newMeter(1000)
	one := frame(0, bytes.Repeat([]byte("x"), 600))
	if err := m.feed(stream(one, one), nil); err != nil {
		t.Fatal(err)
	}
}
