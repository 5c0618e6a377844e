package zmtpguard

import (
	"context"
	"log"
	"net"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/transport"
)

// Limits bound one connection.
type Limits struct {
	// MaxMessage is the largest frame, and the largest sum of a message's frames, a peer
	// may send; a larger one closes the connection. 0 means no limit.
	MaxMessage int64
	// QueueMessages and QueueBytes bound the messages waiting to be written to one
	// peer; a message over either is dropped. QueueMessages 0 writes synchronously.
	QueueMessages int
	QueueBytes    int64
}

// Register registers the transport name for network ("tcp" or "unix", zmq4's "ipc"),
// with limits; lines about closed connections and dropped messages go to logf.
// Registering a name twice is an error (zmq4 keeps one transport per name).
func Register(name, network string, limits Limits, logf func(format string, args ...any)) error {
	if logf == nil {
		logf = log.Printf
	}
	return zmq4.RegisterTransport(name, &guarded{base: transport.New(network), limits: limits, logf: logf})
}

type guarded struct {
	base   transport.Transport
	limits Limits
	logf   func(format string, args ...any)
}

func (g *guarded) Dial(ctx context.Context, d transport.Dialer, addr string) (net.Conn, error) {
	c, err := g.base.Dial(ctx, d, addr)
	if err != nil {
		return nil, err
	}
	return g.wrap(c), nil
}

func (g *guarded) Listen(ctx context.Context, addr string) (net.Listener, error) {
	l, err := g.base.Listen(ctx, addr)
	if err != nil {
		return nil, err
	}
	return &listener{Listener: l, g: g}, nil
}

func (g *guarded) Addr(ep string) (string, error) { return g.base.Addr(ep) }

type listener struct {
	net.Listener
	g *guarded
}

func (l *listener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return l.g.wrap(c), nil
}

func (g *guarded) wrap(c net.Conn) net.Conn {
	gc := &conn{Conn: c, g: g, in: newMeter(g.limits.MaxMessage)}
	if g.limits.QueueMessages > 0 {
		gc.out = newMeter(0)
		gc.cond = sync.NewCond(&gc.mu)
		gc.drained = make(chan struct{})
		go gc.drain()
	}
	return gc
}

// conn meters what it reads and, with a queue, writes through it.
type conn struct {
	net.Conn
	g  *guarded
	in *meter

	// The write queue (nil out: writes are synchronous).
	out      *meter
	mu       sync.Mutex
	cond     *sync.Cond
	pending  []byte   // the unit being written
	queue    [][]byte // complete units waiting for the drain
	queued   int64
	dropped  int
	werr     error
	closed   bool
	drained  chan struct{} // closed when the drain has stopped
	reported bool          // the current run of drops has been logged
}

func (c *conn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		if e := c.in.feed(p[:n], nil); e != nil {
			c.g.logf("%s: %v", c.Conn.RemoteAddr(), e)
			c.Conn.Close()
			return 0, e
		}
	}
	return n, err
}

func (c *conn) Write(p []byte) (int, error) {
	if c.out == nil {
		return c.Conn.Write(p)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.werr != nil {
		return 0, c.werr
	}
	start := 0
	c.out.feed(p, func(at int, message bool) {
		c.pending = append(c.pending, p[start:at]...)
		start = at
		c.push(message)
	})
	c.pending = append(c.pending, p[start:]...)
	return len(p), nil
}

// push queues the unit in pending, or drops it if it is a message and the queue is full.
func (c *conn) push(message bool) {
	unit := c.pending
	c.pending = nil
	lim := c.g.limits
	if message && (len(c.queue) >= lim.QueueMessages || (lim.QueueBytes > 0 && c.queued+int64(len(unit)) > lim.QueueBytes)) {
		c.dropped++
		if !c.reported {
			c.reported = true
			c.g.logf("%s: peer is not reading; dropping messages to it (queue full at %d messages, %d bytes)",
				c.Conn.RemoteAddr(), len(c.queue), c.queued)
		}
		return
	}
	if c.reported && len(c.queue) == 0 {
		c.g.logf("%s: peer is reading again; %d messages to it were dropped", c.Conn.RemoteAddr(), c.dropped)
		c.reported, c.dropped = false, 0
	}
	c.queue = append(c.queue, unit)
	c.queued += int64(len(unit))
	c.cond.Signal()
}

func (c *conn) drain() {
	for {
		c.mu.Lock()
		for len(c.queue) == 0 && !c.closed {
			c.cond.Wait()
		}
		if len(c.queue) == 0 || c.werr != nil {
			c.mu.Unlock()
			close(c.drained)
			return
		}
		unit := c.queue[0]
		c.queue[0] = nil
		c.queue = c.queue[1:]
		c.mu.Unlock()
		_, err := c.Conn.Write(unit)
		c.mu.Lock()
		c.queued -= int64(len(unit))
		if err != nil {
			c.werr = err
			c.queue = nil
		}
		c.mu.Unlock()
	}
}

// Close gives the queue up to closeGrace to reach the peer (the last status message
// of a kernel that shuts down), then closes the connection.
func (c *conn) Close() error {
	if c.out != nil {
		c.mu.Lock()
		c.closed = true
		c.cond.Broadcast()
		c.mu.Unlock()
		select {
		case <-c.drained:
		case <-time.After(closeGrace):
		}
	}
	return c.Conn.Close()
}

const closeGrace = time.Second
