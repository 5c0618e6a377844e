package zmtpguard

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
)

type logLines struct {
	mu    sync.Mutex
	lines []string
}

func (l *logLines) logf(format string, args ...any) {
	l.mu.Lock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
	l.mu.Unlock()
}

func (l *logLines) has(s string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, line := range l.lines {
		if strings.Contains(line, s) {
			return true
		}
	}
	return false
}

// greeting is a ZMTP 3.0 NULL-mechanism greeting (RFC 23).
func greeting() []byte {
	g := make([]byte, greetingLen)
	g[0], g[9], g[10] = 0xff, 0x7f, 3
	copy(g[12:], "NULL")
	return g
}

func ready(socketType string) []byte {
	body := append([]byte("\x05READY\x0bSocket-Type"), binary.BigEndian.AppendUint32(nil, uint32(len(socketType)))...)
	body = append(body, socketType...)
	return append([]byte{flagCommand, byte(len(body))}, body...)
}

func TestRouterSurvivesAHugeDeclaredFrame(t *testing.T) {
	var log logLines
	if err := Register("test-guarded", "tcp", Limits{MaxMessage: 1 << 20}, log.logf); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	router := zmq4.NewRouter(ctx)
	defer router.Close()
	if err := router.Listen("test-guarded://127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	addr := router.Addr().String()
	// zmq4 v0.17.0 alone: make([]byte, 1<<50) panics in its reader goroutine and
	// the process dies ("makeslice: len out of range").
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	huge := binary.BigEndian.AppendUint64([]byte{flagLong}, 1<<50)
	c.Write(bytes.Join([][]byte{greeting(), ready("DEALER"), huge}, nil))
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		if _, err := c.Read(make([]byte, 4096)); err != nil {
			break // closed by the guard
		}
	}
	c.Close()
	if !log.has("over the 1048576-byte limit") {
		t.Errorf("no log line about the huge frame: %q", log.lines)
	}
	// The socket still serves an honest peer.
	dealer := zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("d")))
	defer dealer.Close()
	if err := dealer.Dial("tcp://" + addr); err != nil {
		t.Fatal(err)
	}
	if err := dealer.Send(zmq4.NewMsgString("hello")); err != nil {
		t.Fatal(err)
	}
	got := make(chan zmq4.Msg, 1)
	go func() { m, _ := router.Recv(); got <- m }()
	select {
	case m := <-got:
		if len(m.Frames) != 2 || string(m.Frames[1]) != "hello" {
			t.Fatalf("router received %q", m.Frames)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the router no longer receives after the huge frame")
	}
}

func TestStalledSubscriberDoesNotStallPublisher(t *testing.T) {
	var log logLines
	if err := Register("test-queued", "tcp", Limits{MaxMessage: 1 << 20, QueueMessages: 16, QueueBytes: 1 << 20}, log.logf); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pub := zmq4.NewPub(ctx)
	defer pub.Close()
	if err := pub.Listen("test-queued://127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	// A subscriber that subscribes to everything and never reads.
	c, err := net.Dial("tcp", pub.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.(*net.TCPConn).SetReadBuffer(4096)
	c.Write(bytes.Join([][]byte{greeting(), ready("SUB"), {0, 1, 1}}, nil))
	time.Sleep(300 * time.Millisecond) // the subscription reaches the publisher
	// 64 MB: far more than the stalled peer's socket buffers hold. zmq4 alone
	// blocks in Send once they are full.
	sent := make(chan error, 1)
	go func() {
		body := bytes.Repeat([]byte("x"), 64<<10)
		for i := 0; i < 1024; i++ {
			if err := pub.Send(zmq4.NewMsgFrom([]byte("topic"), body)); err != nil {
				sent <- err
				return
			}
			time.Sleep(100 * time.Microsecond) // let the queue drain to the socket
		}
		sent <- nil
	}()
	select {
	case err := <-sent:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("publishing stalled behind a subscriber that does not read")
	}
	deadline := time.Now().Add(10 * time.Second)
	for !log.has("peer is not reading") && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if !log.has("peer is not reading") {
		t.Errorf("no log line about the dropped messages: %q", log.lines)
	}
}
