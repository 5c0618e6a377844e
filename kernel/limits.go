package kernel

import (
	"fmt"
	"log"
	"os"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/petri-mea/petri/kernel/zmtpguard"
)

// MaxMessage is the largest message (the sum of its frames) a peer may send the
// kernel; a peer that declares more is disconnected before anything is allocated or
// authenticated. Cell sources, the largest messages a front end sends, are far smaller.
const MaxMessage = 64 << 20

// IOPub high-water mark, per subscriber: ZeroMQ's default SNDHWM of 1000 messages, and
// at most 64 MB waiting. A subscriber that falls further behind loses messages.
const (
	iopubQueueMessages = 1000
	iopubQueueBytes    = 64 << 20
)

// Transport names registered with zmq4: guarded reads on every socket, and a
// per-subscriber queue on IOPub.
const (
	guardedTCP = "petri-tcp"
	guardedIPC = "petri-ipc"
	queuedTCP  = "petri-pub-tcp"
	queuedIPC  = "petri-pub-ipc"
)

var (
	registerOnce sync.Once
	registerErr  error
	// guardLog is the log of the kernel being served (transports are process-wide).
	guardLog atomic.Pointer[log.Logger]
)

func registerTransports(l *log.Logger) error {
	guardLog.Store(l)
	registerOnce.Do(func() {
		logf := func(format string, args ...any) {
			if l := guardLog.Load(); l != nil {
				l.Printf(format, args...)
			}
		}
		in := zmtpguard.Limits{MaxMessage: MaxMessage}
		out := zmtpguard.Limits{MaxMessage: MaxMessage, QueueMessages: iopubQueueMessages, QueueBytes: iopubQueueBytes}
		for _, r := range []struct {
			name, network string
			limits        zmtpguard.Limits
		}{{guardedTCP, "tcp", in}, {guardedIPC, "unix", in}, {queuedTCP, "tcp", out}, {queuedIPC, "unix", out}} {
			if err := zmtpguard.Register(r.name, r.network, r.limits, logf); err != nil {
				registerErr = err
				return
			}
		}
	})
	return registerErr
}

// guardedEndpoint is endpoint(port) on petri's guarded transports.
func (c *Connection) guardedEndpoint(port int, queued bool) string {
	ep := c.endpoint(port)
	scheme, rest, _ := strings.Cut(ep, "://")
	switch {
	case scheme == "tcp" && queued:
		scheme = queuedTCP
	case scheme == "tcp":
		scheme = guardedTCP
	case queued:
		scheme = queuedIPC
	default:
		scheme = guardedIPC
	}
	return scheme + "://" + rest
}

// Warnings are the unsafe settings of a connection, each a sentence saying what to do.
func (c *Connection) Warnings() []string {
	var w []string
	if c.Key == "" {
		w = append(w, "WARNING: the connection file has an empty key, so messages are not signed: "+
			"any local process can run code in this kernel. Let Jupyter write the connection file (it sets a random key).")
	}
	if c.Transport == "tcp" {
		switch c.IP {
		case "0.0.0.0", "*", "::", "[::]":
			w = append(w, fmt.Sprintf("WARNING: ip %q listens on every network interface, so the kernel's ports "+
				"are reachable from other machines; use 127.0.0.1 unless you mean it.", c.IP))
		}
	}
	return w
}

// warn writes each warning to the kernel log and, when the log is not stderr, to stderr.
func warn(l *log.Logger, logw any, warnings []string) {
	for _, s := range warnings {
		l.Print(s)
		if logw != os.Stderr {
			fmt.Fprintln(os.Stderr, "petri: "+s)
		}
	}
}
