package wire

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"time"
)

// Version is the messaging protocol version petri speaks.
const Version = "5.3"

// Delimiter separates routing identities from the message proper.
const Delimiter = "<IDS|MSG>"

// Header is a message header.
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is one Jupyter message. Content and Metadata stay raw on decode, so a
// handler parses only what it needs; on encode Content may be any JSON value.
type Message struct {
	Identities [][]byte
	Header     Header
	// Parent is the parent header; it is raw so a header from another client is
	// echoed back exactly as it came.
	Parent   json.RawMessage
	Metadata map[string]any
	Content  any
	Buffers  [][]byte

	raw json.RawMessage // content as received
}

// RawContent is the content of a received message as JSON.
func (m *Message) RawContent() json.RawMessage { return m.raw }

// Unmarshal parses the content of a received message into v.
func (m *Message) Unmarshal(v any) error {
	if len(m.raw) == 0 {
		return errors.New("wire: message has no content")
	}
	if err := json.Unmarshal(m.raw, v); err != nil {
		return fmt.Errorf("wire: %s content: %w", m.Header.MsgType, err)
	}
	return nil
}

// Signer signs and verifies messages with a connection's key. A Signer with an empty
// key signs nothing and accepts everything, as the protocol specifies.
type Signer struct {
	key    []byte
	scheme string
	seen   seen // signatures of messages decoded so far
}

// NewSigner returns a signer for scheme (only "hmac-sha256" is supported; "" means it).
func NewSigner(scheme string, key []byte) (*Signer, error) {
	if scheme != "" && scheme != "hmac-sha256" {
		return nil, fmt.Errorf("wire: signature scheme %q is not supported; use hmac-sha256", scheme)
	}
	return &Signer{key: key, scheme: "hmac-sha256"}, nil
}

func (s *Signer) mac() hash.Hash { return hmac.New(sha256.New, s.key) }

// Sign returns the hex signature of the four JSON frames.
func (s *Signer) Sign(frames ...[]byte) []byte {
	if len(s.key) == 0 {
		return nil
	}
	h := s.mac()
	for _, f := range frames {
		h.Write(f)
	}
	sum := h.Sum(nil)
	out := make([]byte, hex.EncodedLen(len(sum)))
	hex.Encode(out, sum)
	return out
}

// ErrSignature is returned by Decode for a message whose signature does not match.
var ErrSignature = errors.New("wire: invalid message signature")

// Decode parses a multipart message, verifying its signature first.
func (s *Signer) Decode(frames [][]byte) (*Message, error) {
	i := 0
	for i < len(frames) && !bytes.Equal(frames[i], []byte(Delimiter)) {
		i++
	}
	if i == len(frames) {
		return nil, fmt.Errorf("wire: no %s delimiter in %d frames", Delimiter, len(frames))
	}
	if len(frames) < i+6 {
		return nil, fmt.Errorf("wire: message has %d frames after the delimiter, want at least 5", len(frames)-i-1)
	}
	sig, body := frames[i+1], frames[i+2:i+6]
	if len(s.key) > 0 {
		want := s.Sign(body...)
		if !hmac.Equal(want, sig) {
			return nil, ErrSignature
		}
		if !s.seen.add(sig) {
			return nil, ErrReplay
		}
	}
	m := &Message{Identities: frames[:i], Buffers: frames[i+6:]}
	if err := json.Unmarshal(body[0], &m.Header); err != nil {
		return nil, fmt.Errorf("wire: header: %w", err)
	}
	if m.Header.MsgType == "" {
		return nil, errors.New("wire: header has no msg_type")
	}
	// From here on the message has a header to reply to: a bad part is a
	// *ContentError returned with the message, so the sender gets an error reply.
	if !json.Valid(body[1]) {
		return m, &ContentError{Part: "parent header", Problem: "is not JSON (or is nested too deeply)"}
	}
	m.Parent = append(json.RawMessage(nil), body[1]...)
	if err := json.Unmarshal(body[2], &m.Metadata); err != nil {
		return m, &ContentError{Part: "metadata", Problem: err.Error()}
	}
	if !json.Valid(body[3]) {
		return m, &ContentError{Part: "content", Problem: "is not JSON (or is nested more than 10000 deep)"}
	}
	if c := bytes.TrimLeft(body[3], " \t\r\n"); len(c) == 0 || c[0] != '{' {
		return m, &ContentError{Part: "content", Problem: fmt.Sprintf("must be a JSON object, not %.20s", c)}
	}
	m.raw = append(json.RawMessage(nil), body[3]...)
	m.Content = m.raw
	return m, nil
}

// ContentError is returned by Decode, with the message, when the header is good but
// another part is not: the kernel answers such a request with an error reply.
type ContentError struct {
	Part, Problem string
}

func (e *ContentError) Error() string { return "wire: message " + e.Part + " " + e.Problem }

// Encode returns the frames of m, signed.
func (s *Signer) Encode(m *Message) ([][]byte, error) {
	header, err := json.Marshal(m.Header)
	if err != nil {
		return nil, err
	}
	parent := []byte(m.Parent)
	if len(parent) == 0 {
		parent = []byte("{}")
	}
	meta := m.Metadata
	if meta == nil {
		meta = map[string]any{}
	}
	metadata, err := json.Marshal(meta)
	if err != nil {
		return nil, err
	}
	content := []byte("{}")
	if m.Content != nil {
		if content, err = json.Marshal(m.Content); err != nil {
			return nil, fmt.Errorf("wire: %s content: %w", m.Header.MsgType, err)
		}
	}
	frames := make([][]byte, 0, len(m.Identities)+6+len(m.Buffers))
	frames = append(frames, m.Identities...)
	frames = append(frames, []byte(Delimiter), s.Sign(header, parent, metadata, content), header, parent, metadata, content)
	frames = append(frames, m.Buffers...)
	return frames, nil
}

// NewID returns a fresh message id (a random UUID v4).
func NewID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// Now is the ISO 8601 timestamp for a header.
func Now() string { return time.Now().UTC().Format("2006-01-02T15:04:05.000000Z") }

// Reply returns a new message of type msgType whose parent is m, sent to m's identities.
func (m *Message) Reply(session, msgType string, content any) *Message {
	parent, _ := json.Marshal(m.Header)
	return &Message{
		Identities: m.Identities,
		Header: Header{MsgID: NewID(), Session: session, Username: m.Header.Username, Date: Now(),
			MsgType: msgType, Version: Version},
		Parent:   parent,
		Metadata: map[string]any{},
		Content:  content,
	}
}
