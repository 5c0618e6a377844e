package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
)

// frames from the messaging spec's layout, signed with key "secret" by hand:
// python3 -c 'import hmac,hashlib; print(hmac.new(b"secret", b"".join(parts), hashlib.sha256).hexdigest())'
func sample(s *Signer) [][]byte {
	h := []byte(`{"msg_id":"1","session":"s","username":"u","date":"","msg_type":"kernel_info_request","version":"5.3"}`)
	p, md, c := []byte(`{}`), []byte(`{}`), []byte(`{}`)
	return [][]byte{[]byte("id1"), []byte(Delimiter), s.Sign(h, p, md, c), h, p, md, c}
}

func TestRoundTrip(t *testing.T) {
	s, _ := NewSigner("hmac-sha256", []byte("secret"))
	m, err := s.Decode(sample(s))
	if err != nil {
		t.Fatal(err)
	}
	if m.Header.MsgType != "kernel_info_request" || string(m.Identities[0]) != "id1" {
		t.Fatalf("decoded %+v", m)
	}
	r := m.Reply("k", "kernel_info_reply", map[string]any{"status": "ok"})
	frames, err := s.Encode(r)
	if err != nil {
		t.Fatal(err)
	}
	back, err := s.Decode(frames)
	if err != nil {
		t.Fatal(err)
	}
	var parent Header
	json.Unmarshal(back.Parent, &parent)
	if parent.MsgID != "1" || back.Header.MsgType != "kernel_info_reply" {
		t.Fatalf("reply %+v parent %+v", back.Header, parent)
	}
}

func TestKnownSignature(t *testing.T) {
	// HMAC-SHA256("key", "abc") from RFC 4231-style tooling:
	// python3 -c 'import hmac,hashlib;print(hmac.new(b"key",b"abc",hashlib.sha256).hexdigest())'
	s, _ := NewSigner("", []byte("key"))
	got := string(s.Sign([]byte("a"), []byte("bc")))
	want := "9c196e32dc0175f86f4b1cb89289d6619de6bee699e4c378e68309ed97a1a6ab"
	if got != want {
		t.Fatalf("signature %s, want %s", got, want)
	}
}

func TestBadSignature(t *testing.T) {
	s, _ := NewSigner("hmac-sha256", []byte("secret"))
	f := sample(s)
	f[2] = bytes.Repeat([]byte("0"), 64)
	if _, err := s.Decode(f); !errors.Is(err, ErrSignature) {
		t.Fatalf("got %v", err)
	}
}

func TestMalformed(t *testing.T) {
	s, _ := NewSigner("hmac-sha256", nil)
	for name, f := range map[string][][]byte{
		"no delimiter": {[]byte("a"), []byte("b")},
		"short":        {[]byte(Delimiter), []byte(""), []byte("{}")},
		"bad header":   {[]byte(Delimiter), nil, []byte("{"), []byte("{}"), []byte("{}"), []byte("{}")},
		"no type":      {[]byte(Delimiter), nil, []byte("{}"), []byte("{}"), []byte("{}"), []byte("{}")},
		"bad content":  {[]byte(Delimiter), nil, []byte(`{"msg_type":"x"}`), []byte("{}"), []byte("{}"), []byte("{")},
	} {
		if _, err := s.Decode(f); err == nil {
			t.Errorf("%s: decoded", name)
		}
	}
	if _, err := NewSigner("hmac-md5", nil); err == nil {
		t.Error("hmac-md5 accepted")
	}
}

func FuzzDecode(f *testing.F) {
	s, _ := NewSigner("hmac-sha256", []byte("k"))
	for _, fr := range [][][]byte{sample(s)} {
		f.Add(bytes.Join(fr, []byte{0}))
	}
	f.Add([]byte("<IDS|MSG>\x00\x00{}\x00{}\x00{}\x00{}"))
	keyless, _ := NewSigner("", nil)
	f.Fuzz(func(t *testing.T, data []byte) {
		frames := bytes.Split(data, []byte{0})
		for _, sg := range []*Signer{s, keyless} {
			m, err := sg.Decode(frames)
			if err != nil {
				continue
			}
			// Whatever decodes must encode again.
			if _, err := sg.Encode(m); err != nil {
				t.Fatalf("re-encode: %v", err)
			}
		}
	})
}
