package kernel

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/petri-mea/petri/kernel/wire"
)

// Some failures no Go program can recover from: a fatal runtime error (concurrent map
// writes, a stack overflow past the ceiling's reach), an allocation larger than the
// machine, the kernel's OOM killer. So that the front end learns the kernel died and
// why, `petri kernel` supervises: it runs the kernel in a child process (this
// executable again, with ChildEnv set) and, when the child dies other than by shutting
// down,
//
//   - answers the cell that was running with an error reply (ename "KernelDied", the
//     runtime's reason as evalue) and an error and idle status on IOPub, from sockets
//     it binds on the dead child's ports once the front end has reconnected, and
//   - ends its stderr, the kernel log Jupyter shows, with one line saying so.
//
// Jupyter then restarts the kernel as for any kernel that died. The child reports the
// request it is running on file descriptor 3, one JSON line per change.

// ChildEnv marks the supervised kernel process.
const ChildEnv = "PETRI_KERNEL_CHILD"

// running is the child's report of the request it is executing.
type running struct {
	Identities [][]byte    `json:"ids,omitempty"`
	Header     wire.Header `json:"header"`
	Count      int         `json:"count"`
	Done       bool        `json:"done,omitempty"`
}

// reporter writes the child's reports (nil writer: not supervised).
type reporter struct {
	mu sync.Mutex
	w  io.WriteCloser
}

func childReporter() *reporter {
	if os.Getenv(ChildEnv) == "" {
		return &reporter{}
	}
	// Processes the kernel's cells start must not take their fd 3 for the report.
	os.Unsetenv(ChildEnv)
	return &reporter{w: os.NewFile(3, "petri-supervisor")}
}

func (r *reporter) report(v running) {
	if r == nil || r.w == nil {
		return
	}
	b, _ := json.Marshal(v)
	r.mu.Lock()
	r.w.Write(append(b, '\n'))
	r.mu.Unlock()
}

// KernelDiedError is returned by Supervise when the kernel process died.
type KernelDiedError struct {
	Why  string // the runtime's reason, or the signal or status
	Cell int    // the execution count of the cell that was running, 0 for none
}

func (e *KernelDiedError) Error() string {
	s := "the kernel process died: " + e.Why
	if e.Cell > 0 {
		s += fmt.Sprintf(" (while running cell %d; the front end got an error reply)", e.Cell)
	}
	return s + "; Jupyter restarts it, and the state of earlier cells is lost"
}

// Supervise runs `petri kernel` with args (the connection file) in a child process,
// as the package comment describes. It returns nil when the kernel shut down.
func Supervise(conn *Connection, args []string) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), ChildEnv+"=1")
	cmd.Stdin, cmd.Stdout = os.Stdin, os.Stdout
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	rep, repw, err := os.Pipe()
	if err != nil {
		return err
	}
	cmd.ExtraFiles = []*os.File{repw}
	// The child dies with this process (Jupyter kills the kernel's process group, but
	// a kill of this process alone must not leave the child serving).
	runtime.LockOSThread() // Pdeathsig follows the thread that started the child
	defer runtime.UnlockOSThread()
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return err
	}
	repw.Close()

	// SIGINT reaches the child with the process group (Jupyter signals the group);
	// SIGTERM sent to this process alone is passed on.
	signal.Ignore(os.Interrupt)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		for range sigs {
			cmd.Process.Signal(syscall.SIGTERM)
		}
	}()

	var tail lastLines
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(os.Stderr, line)
			tail.add(line)
		}
		io.Copy(os.Stderr, stderr)
	}()
	var mu sync.Mutex
	var current *running
	reported := make(chan struct{})
	go func() {
		defer close(reported)
		sc := bufio.NewScanner(rep)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			var r running
			if json.Unmarshal(sc.Bytes(), &r) != nil {
				continue
			}
			mu.Lock()
			if r.Done {
				current = nil
			} else {
				current = &r
			}
			mu.Unlock()
		}
	}()
	werr := cmd.Wait()
	<-copied
	<-reported
	if werr == nil {
		return nil
	}
	died := &KernelDiedError{Why: tail.reason(cmd.ProcessState)}
	mu.Lock()
	r := current
	mu.Unlock()
	if r != nil {
		died.Cell = r.Count
		if err := answerDeath(conn, r, died, tail.lines()); err != nil {
			fmt.Fprintf(os.Stderr, "petri: could not tell the front end: %v\n", err)
		}
	}
	return died
}

// answerDeath sends the error reply and IOPub messages for the request r.
func answerDeath(conn *Connection, r *running, died *KernelDiedError, lines []string) error {
	signer, err := wire.NewSigner(conn.SignatureScheme, []byte(conn.Key))
	if err != nil {
		return err
	}
	quiet := log.New(io.Discard, "", 0)
	if err := registerTransports(quiet); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	shell := zmq4.NewRouter(ctx, zmq4.WithLogger(quiet))
	defer shell.Close()
	iopub := zmq4.NewPub(ctx, zmq4.WithLogger(quiet))
	defer iopub.Close()
	if err := shell.Listen(conn.guardedEndpoint(conn.ShellPort, false)); err != nil {
		return err
	}
	if err := iopub.Listen(conn.guardedEndpoint(conn.IOPubPort, true)); err != nil {
		return err
	}
	// Front ends reconnect every 100 ms or so and subscribe again.
	time.Sleep(1500 * time.Millisecond)
	req := &wire.Message{Identities: r.Identities, Header: r.Header}
	id := wire.NewID()
	tb := append([]string{"\x1b[0;31mKernelDied\x1b[0m: " + died.Why}, lines...)
	send := func(s zmq4.Socket, m *wire.Message) error {
		frames, err := signer.Encode(m)
		if err != nil {
			return err
		}
		return s.Send(zmq4.NewMsgFrom(frames...))
	}
	pub := func(msgType string, content any) error {
		m := req.Reply(id, msgType, content)
		m.Identities = [][]byte{[]byte("kernel." + id + "." + msgType)}
		return send(iopub, m)
	}
	errs := []error{
		pub("error", map[string]any{"ename": "KernelDied", "evalue": died.Why, "traceback": tb}),
		send(shell, req.Reply(id, "execute_reply", errorContent("KernelDied", died.Why, tb, r.Count))),
		pub("status", map[string]any{"execution_state": "idle"}),
	}
	time.Sleep(300 * time.Millisecond) // let the queues reach the front end
	return errors.Join(errs...)
}

// lastLines keeps the last lines of the child's stderr.
type lastLines struct {
	mu    sync.Mutex
	buf   []string
	fatal string // the first "fatal error:" line, or a runtime reason
}

const keepLines = 20

func (t *lastLines) add(line string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.fatal == "" {
		for _, p := range []string{"fatal error: ", "runtime: out of memory", "panic: ", "SIGSEGV", "SIGBUS"} {
			if strings.HasPrefix(line, p) {
				t.fatal = line
				break
			}
		}
	}
	if len(t.buf) == keepLines {
		t.buf = t.buf[1:]
	}
	t.buf = append(t.buf, line)
}

func (t *lastLines) lines() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]string(nil), t.buf...)
}

// reason says why the child ended: the runtime's fatal line, else its signal or status.
func (t *lastLines) reason(st *os.ProcessState) string {
	t.mu.Lock()
	fatal := t.fatal
	t.mu.Unlock()
	how := st.String() // "exit status 2", "signal: killed"
	if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
		how += " (the kernel's out-of-memory killer, or kill -9)"
	}
	if fatal != "" {
		return fatal + " (" + how + ")"
	}
	return how
}
