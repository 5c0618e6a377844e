package kernel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"sync"
	"syscall"

	"github.com/go-zeromq/zmq4"

	"github.com/petri-mea/petri/kernel/session"
	"github.com/petri-mea/petri/kernel/wire"
)

// Version is petri's version, shown in kernel_info.
var Version = "0.1.0"

// Kernel is one running kernel: its sockets, its session and its history.
type Kernel struct {
	conn    *Connection
	signer  *wire.Signer
	sess    *session.Session
	id      string // the kernel's session id in message headers
	log     *log.Logger
	history *History

	shell, control, stdin, iopub, hb zmq4.Socket
	sendMu                           sync.Mutex // zmq4 sockets are not safe for concurrent sends

	inputs chan *wire.Message // input_reply messages from the stdin socket

	execMu     sync.Mutex
	cancelExec context.CancelFunc

	done     chan struct{}
	doneOnce sync.Once

	running *reporter // tells a supervising process which request runs (supervise.go)
}

// Serve runs a kernel on the ports of conn until it receives shutdown_request or ctx
// ends. Log lines go to logw.
func Serve(ctx context.Context, conn *Connection, logw io.Writer) error {
	signer, err := wire.NewSigner(conn.SignatureScheme, []byte(conn.Key))
	if err != nil {
		return err
	}
	sess, err := session.New(session.Options{})
	if err != nil {
		return err
	}
	k := &Kernel{
		conn: conn, signer: signer, sess: sess, id: wire.NewID(),
		log:     log.New(logw, "petri: ", log.LstdFlags),
		history: OpenHistory(),
		inputs:  make(chan *wire.Message, 1),
		done:    make(chan struct{}),
		running: childReporter(),
	}
	warn(k.log, logw, conn.Warnings())
	if err := registerTransports(k.log); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	k.shell = zmq4.NewRouter(ctx, zmq4.WithLogger(k.log))
	k.control = zmq4.NewRouter(ctx, zmq4.WithLogger(k.log))
	k.stdin = zmq4.NewRouter(ctx, zmq4.WithLogger(k.log))
	k.iopub = zmq4.NewPub(ctx, zmq4.WithLogger(k.log))
	k.hb = zmq4.NewRep(ctx, zmq4.WithLogger(k.log))
	for _, b := range []struct {
		s    zmq4.Socket
		port int
		name string
	}{{k.shell, conn.ShellPort, "shell"}, {k.control, conn.ControlPort, "control"}, {k.stdin, conn.StdinPort, "stdin"},
		{k.iopub, conn.IOPubPort, "iopub"}, {k.hb, conn.HBPort, "heartbeat"}} {
		if err := b.s.Listen(conn.guardedEndpoint(b.port, b.s == k.iopub)); err != nil {
			return fmt.Errorf("kernel: %s socket on %s: %w", b.name, conn.endpoint(b.port), err)
		}
		defer b.s.Close()
	}

	// SIGINT interrupts the running cell; it never ends the kernel.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		for {
			select {
			case sig := <-sigs:
				if sig == syscall.SIGTERM {
					k.stop()
					return
				}
				k.log.Print("SIGINT: interrupting the running cell")
				k.interrupt()
			case <-k.done:
				return
			}
		}
	}()

	// A kernel allocates little per cell but its live heap is small too, so the
	// collector would run every few dozen cells; an untouched, pointer-free ballast
	// raises the heap goal (it costs address space, not memory or scan time).
	ballast := make([]byte, 64<<20)
	defer runtime.KeepAlive(ballast)

	go k.heartbeat()
	go k.serve(k.control, "control")
	go k.serveStdin()
	go k.serve(k.shell, "shell")
	k.publish(nil, "status", map[string]any{"execution_state": "starting"})
	select {
	case <-k.done:
	case <-ctx.Done():
	}
	k.history.Close()
	return nil
}

func (k *Kernel) stop() { k.doneOnce.Do(func() { close(k.done) }) }

func (k *Kernel) heartbeat() {
	for {
		msg, err := k.hb.Recv()
		if err != nil {
			return
		}
		if err := k.hb.Send(msg); err != nil {
			return
		}
	}
}

// serve reads requests from a ROUTER socket and handles them one at a time.
func (k *Kernel) serve(sock zmq4.Socket, name string) {
	for {
		raw, err := sock.Recv()
		if err != nil {
			select {
			case <-k.done:
			default:
				k.log.Printf("%s: receive: %v", name, err)
			}
			return
		}
		msg, err := k.signer.Decode(raw.Frames)
		var bad *wire.ContentError
		if errors.As(err, &bad) {
			// Signed, with a header to answer, but unreadable: say so.
			k.log.Printf("%s: refused a %s: %v", name, msg.Header.MsgType, err)
			k.refuse(sock, msg, err)
			continue
		}
		if err != nil {
			// Never act on a message we cannot trust or read.
			k.log.Printf("%s: dropped a message: %v", name, err)
			continue
		}
		k.handle(sock, name, msg)
	}
}

func (k *Kernel) serveStdin() {
	for {
		raw, err := k.stdin.Recv()
		if err != nil {
			return
		}
		msg, err := k.signer.Decode(raw.Frames)
		if err != nil {
			k.log.Printf("stdin: dropped a message: %v", err)
			continue
		}
		if msg.Header.MsgType != "input_reply" {
			k.log.Printf("stdin: ignored %s", msg.Header.MsgType)
			continue
		}
		select {
		case k.inputs <- msg:
		default:
			k.log.Print("stdin: dropped an input_reply nobody asked for")
		}
	}
}

// send encodes and sends m on sock.
func (k *Kernel) send(sock zmq4.Socket, m *wire.Message) {
	frames, err := k.signer.Encode(m)
	if err != nil {
		k.log.Printf("encoding %s: %v", m.Header.MsgType, err)
		return
	}
	k.sendMu.Lock()
	defer k.sendMu.Unlock()
	if err := sock.Send(zmq4.NewMsgFrom(frames...)); err != nil {
		k.log.Printf("sending %s: %v", m.Header.MsgType, err)
	}
}

// publish sends an IOPub message whose parent is req (nil for none).
func (k *Kernel) publish(req *wire.Message, msgType string, content any) {
	var m *wire.Message
	if req != nil {
		m = req.Reply(k.id, msgType, content)
	} else {
		m = &wire.Message{Header: wire.Header{MsgID: wire.NewID(), Session: k.id, Username: "petri",
			Date: wire.Now(), MsgType: msgType, Version: wire.Version}, Content: content}
	}
	m.Identities = [][]byte{[]byte("kernel." + k.id + "." + msgType)}
	k.send(k.iopub, m)
}

func (k *Kernel) reply(sock zmq4.Socket, req *wire.Message, msgType string, content any) {
	k.send(sock, req.Reply(k.id, msgType, content))
}

func (k *Kernel) handle(sock zmq4.Socket, channel string, req *wire.Message) {
	k.publish(req, "status", map[string]any{"execution_state": "busy"})
	defer k.publish(req, "status", map[string]any{"execution_state": "idle"})
	t := req.Header.MsgType
	switch t {
	case "kernel_info_request":
		k.reply(sock, req, "kernel_info_reply", kernelInfo())
	case "execute_request":
		k.execute(sock, req)
	case "complete_request":
		k.complete(sock, req)
	case "inspect_request":
		k.inspect(sock, req)
	case "is_complete_request":
		k.isComplete(sock, req)
	case "history_request":
		k.historyRequest(sock, req)
	case "comm_info_request":
		k.reply(sock, req, "comm_info_reply", map[string]any{"status": "ok", "comms": map[string]any{}})
	case "comm_open":
		// No comm targets: close it again, as the protocol asks.
		var c struct {
			CommID string `json:"comm_id"`
		}
		req.Unmarshal(&c)
		k.publish(req, "comm_close", map[string]any{"comm_id": c.CommID, "data": map[string]any{}})
	case "comm_msg", "comm_close":
	case "interrupt_request":
		k.interrupt()
		k.reply(sock, req, "interrupt_reply", map[string]any{"status": "ok"})
	case "shutdown_request":
		var c struct {
			Restart bool `json:"restart"`
		}
		req.Unmarshal(&c)
		k.interrupt()
		k.reply(sock, req, "shutdown_reply", map[string]any{"status": "ok", "restart": c.Restart})
		k.publish(req, "status", map[string]any{"execution_state": "idle"})
		k.stop()
	default:
		k.log.Printf("%s: unknown message type %q", channel, t)
		if strings.HasSuffix(t, "_request") {
			k.reply(sock, req, strings.TrimSuffix(t, "_request")+"_reply", map[string]any{
				"status": "error", "ename": "UnknownMessageType",
				"evalue": fmt.Sprintf("petri does not handle %s messages", t), "traceback": []string{},
			})
		}
	}
}

// refuse answers a request that cannot be read with an error reply.
func (k *Kernel) refuse(sock zmq4.Socket, req *wire.Message, err error) {
	t := req.Header.MsgType
	if !strings.HasSuffix(t, "_request") {
		return
	}
	k.publish(req, "status", map[string]any{"execution_state": "busy"})
	k.reply(sock, req, strings.TrimSuffix(t, "_request")+"_reply", errorContent("BadRequest", err.Error(), nil, k.sess.Count()))
	k.publish(req, "status", map[string]any{"execution_state": "idle"})
}

func (k *Kernel) interrupt() {
	k.execMu.Lock()
	defer k.execMu.Unlock()
	if k.cancelExec != nil {
		k.cancelExec()
	}
}

func kernelInfo() map[string]any {
	return map[string]any{
		"status":                 "ok",
		"protocol_version":       wire.Version,
		"implementation":         "petri",
		"implementation_version": Version,
		"language_info": map[string]any{
			"name":               "go",
			"version":            strings.TrimPrefix(runtime.Version(), "go"),
			"mimetype":           "text/x-go",
			"file_extension":     ".go",
			"pygments_lexer":     "go",
			"codemirror_mode":    "go",
			"nbconvert_exporter": "script",
		},
		"banner": fmt.Sprintf("petri %s: Go %s interpreted by yaegi, with gonum, gonum/plot and "+
			"reservoir computing for neuronal cultures preloaded", Version, strings.TrimPrefix(runtime.Version(), "go")),
		"debugger": false,
		"help_links": []map[string]string{
			{"text": "Go documentation", "url": "https://go.dev/doc/"},
			{"text": "Go standard library", "url": "https://pkg.go.dev/std"},
			{"text": "gonum", "url": "https://pkg.go.dev/gonum.org/v1/gonum"},
			{"text": "gonum/plot", "url": "https://pkg.go.dev/gonum.org/v1/plot"},
		},
	}
}
