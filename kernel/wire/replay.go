package wire

import (
	"errors"
	"sync"
)

// ErrReplay is returned by Decode for a correctly signed message whose signature it has
// seen before: a captured message sent again. jupyter_client refuses these the same way
// ("Duplicate Signature").
var ErrReplay = errors.New("wire: a message with this signature was already received (replayed message refused)")

// ReplayWindow is how many signatures a Signer remembers: jupyter_client's
// digest_history_size default (2**16). Older ones are forgotten first.
const ReplayWindow = 1 << 16

// seen is a bounded set of signatures, forgetting the oldest when full.
type seen struct {
	mu    sync.Mutex
	set   map[string]struct{}
	ring  []string
	next  int
	limit int
}

// add records sig and reports whether it was new.
func (s *seen) add(sig []byte) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.set == nil {
		if s.limit == 0 {
			s.limit = ReplayWindow
		}
		s.set = make(map[string]struct{})
		s.ring = make([]string, 0, min(s.limit, 1024))
	}
	k := string(sig)
	if _, dup := s.set[k]; dup {
		return false
	}
	if len(s.ring) < s.limit {
		s.ring = append(s.ring, k)
	} else {
		delete(s.set, s.ring[s.next])
		s.ring[s.next] = k
		s.next = (s.next + 1) % s.limit
	}
	s.set[k] = struct{}{}
	return true
}
