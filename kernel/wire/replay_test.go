package wire

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestReplayedMessageIsRefused(t *testing.T) {
	s, _ := NewSigner("hmac-sha256", []byte("secret"))
	f := sample(s)
	if _, err := s.Decode(f); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Decode(f); !errors.Is(err, ErrReplay) {
		t.Fatalf("second decode of the same signed message: %v, want ErrReplay", err)
	}
}

func TestReplayWindowForgetsOldestFirst(t *testing.T) {
	var w seen
	w.limit = 3
	for i := range 4 {
		if !w.add(fmt.Appendf(nil, "sig%d", i)) {
			t.Fatalf("sig%d reported as seen", i)
		}
	}
	if len(w.set) != 3 {
		t.Fatalf("window holds %d signatures, want 3", len(w.set))
	}
	if w.add([]byte("sig3")) {
		t.Error("sig3, still in the window, accepted again")
	}
	if !w.add([]byte("sig0")) {
		t.Error("sig0, evicted, refused")
	}
}

func TestUnreadableContentKeepsTheHeaderForAnErrorReply(t *testing.T) {
	s, _ := NewSigner("hmac-sha256", []byte("secret"))
	h := []byte(`{"msg_id":"1","session":"s","username":"u","date":"","msg_type":"execute_request","version":"5.3"}`)
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	for name, content := range map[string]string{
		"null":         "null",
		"array":        "[1]",
		"nested 20000": `{"code":` + deep + `}`,
	} {
		p, md, c := []byte(`{}`), []byte(`{}`), []byte(content)
		m, err := s.Decode([][]byte{[]byte(Delimiter), s.Sign(h, p, md, c), h, p, md, c})
		var ce *ContentError
		if !errors.As(err, &ce) || m == nil || m.Header.MsgType != "execute_request" {
			t.Errorf("%s: %v, %v; want a ContentError with the message", name, m, err)
		}
	}
}
