package session

import (
	"bytes"
	"errors"
	"io"
	"os"
	"sync"
	"unicode/utf8"
)

// stream carries what a cell writes to os.Stdout or os.Stderr (interpreted code sees a
// real *os.File, so any Go that writes to it works) to the Sink of the running cell.
// Flush waits until everything written so far has been delivered, so output and
// results arrive in the order the cell produced them.
type stream struct {
	name string
	w    *os.File
	r    *os.File

	mu      sync.Mutex
	deliver func(name, text string)
	synced  chan struct{}
	pending []byte
}

// syncMark is written by Flush and never forwarded; it cannot appear in valid text.
var syncMark = []byte("\x00\xffpetri-flush\xff\x00")

func newStream(name string) (*stream, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	s := &stream{name: name, r: r, w: w, synced: make(chan struct{}, 1)}
	go s.pump()
	return s, nil
}

func (s *stream) setDeliver(f func(name, text string)) {
	s.mu.Lock()
	s.deliver = f
	s.mu.Unlock()
}

func (s *stream) pump() {
	buf := make([]byte, 64<<10)
	for {
		n, err := s.r.Read(buf)
		if n > 0 {
			s.take(buf[:n])
		}
		if err != nil {
			return
		}
	}
}

func (s *stream) take(b []byte) {
	s.pending = append(s.pending, b...)
	for {
		i := bytes.Index(s.pending, syncMark)
		if i < 0 {
			break
		}
		s.emit(s.pending[:i])
		s.pending = append(s.pending[:0], s.pending[i+len(syncMark):]...)
		select {
		case s.synced <- struct{}{}:
		default:
		}
	}
	// Hold back a possible start of the mark and an incomplete UTF-8 sequence.
	keep := 0
	for k := len(syncMark) - 1; k > 0; k-- {
		if len(s.pending) >= k && bytes.Equal(s.pending[len(s.pending)-k:], syncMark[:k]) {
			keep = k
			break
		}
	}
	cut := len(s.pending) - keep
	for back := 1; back <= 3 && cut-back >= 0; back++ {
		c := s.pending[cut-back]
		if c < utf8.RuneSelf {
			break
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(s.pending[cut-back : cut]) {
				cut -= back
			}
			break
		}
	}
	s.emit(s.pending[:cut])
	s.pending = append(s.pending[:0], s.pending[cut:]...)
}

func (s *stream) emit(b []byte) {
	if len(b) == 0 {
		return
	}
	s.mu.Lock()
	f := s.deliver
	s.mu.Unlock()
	if f != nil {
		f(s.name, string(b))
	}
}

// Flush returns once everything written before it has been delivered.
func (s *stream) Flush() {
	if _, err := s.w.Write(syncMark); err != nil {
		return
	}
	<-s.synced
}

// ErrNoStdin is returned by reads of os.Stdin when the front end does not take input.
var ErrNoStdin = errors.New("this cell reads standard input, but the front end does not accept input " +
	"(allow_stdin is false, e.g. in nbclient or `petri run`); give the cell its data another way, " +
	"such as a variable or a file")

// input is the cell's os.Stdin: each read that finds its buffer empty asks the Sink
// for a line (input_request in Jupyter).
type input struct {
	mu  sync.Mutex
	ask func() (string, error)
	buf []byte
}

func (in *input) setAsk(f func() (string, error)) {
	in.mu.Lock()
	in.ask, in.buf = f, nil
	in.mu.Unlock()
}

func (in *input) Read(p []byte) (int, error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if len(in.buf) == 0 {
		if in.ask == nil {
			return 0, ErrNoStdin
		}
		line, err := in.ask()
		if err != nil {
			return 0, err
		}
		in.buf = append(in.buf, line...)
		in.buf = append(in.buf, '\n')
	}
	n := copy(p, in.buf)
	in.buf = in.buf[n:]
	return n, nil
}

var _ io.Reader = (*input)(nil)
