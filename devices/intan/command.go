package intan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strings"
	"sync"
	"time"
)

// commander talks to RHX's command port. RHX answers a successful set or
// execute with nothing and an error with unterminated free text, so every
// exchange ends with a barrier, "get RunMode", whose reply marks the end:
// whatever arrived before it belongs to the batch (PROTOCOLS.md §1.3).
type commander struct {
	conn    net.Conn
	timeout time.Duration

	mu     sync.Mutex // guards text, err
	text   bytes.Buffer
	err    error         // the connection's end; fatal
	mode   string        // run mode in the last barrier reply
	signal chan struct{} // poked when text or err changes
	dead   chan struct{} // closed when the connection ends
	sent   int64         // bytes written, for Stats
	wmu    sync.Mutex    // one writer at a time
}

var barrier = regexp.MustCompile(`(?i)Return: RunMode (Stop|Run|Record|Trigger)$`)

func newCommander(conn net.Conn, timeout time.Duration) *commander {
	c := &commander{conn: conn, timeout: timeout, signal: make(chan struct{}, 1), dead: make(chan struct{})}
	go c.read()
	return c
}

func (c *commander) read() {
	buf := make([]byte, 4096)
	for {
		n, err := c.conn.Read(buf)
		c.mu.Lock()
		c.text.Write(buf[:n])
		if err != nil {
			c.err = err
		}
		c.mu.Unlock()
		select {
		case c.signal <- struct{}{}:
		default:
		}
		if err != nil {
			close(c.dead)
			return
		}
	}
}

// lost returns the error that ended the connection, or nil.
func (c *commander) lost() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// unsolicited returns and clears text that arrived outside an exchange
// (errors about fire-and-forget triggers).
func (c *commander) unsolicited() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.text.String()
	c.text.Reset()
	return s
}

// send writes cmds as one ";"-joined batch in a single write, since RHX
// splits what one read returns on ";" and would misparse a command cut in
// two. It does not wait for anything.
func (c *commander) send(ctx context.Context, cmds ...string) error {
	if err := c.lost(); err != nil {
		return err
	}
	msg := strings.Join(cmds, ";") + ";"
	c.wmu.Lock()
	defer c.wmu.Unlock()
	dl := time.Now().Add(c.timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(dl) {
		dl = d
	}
	c.conn.SetWriteDeadline(dl)
	n, err := c.conn.Write([]byte(msg))
	c.sent += int64(n)
	return err
}

// exec sends cmds plus the barrier and waits for the barrier's reply; the
// text before it is returned (replies to gets, or errors).
func (c *commander) exec(ctx context.Context, cmds ...string) (string, error) {
	if s := c.unsolicited(); s != "" {
		return "", fmt.Errorf("intan: RHX reported %q about an earlier command", s)
	}
	if err := c.send(ctx, append(cmds, "get RunMode")...); err != nil {
		return "", err
	}
	timer := time.NewTimer(c.timeout)
	defer timer.Stop()
	for {
		c.mu.Lock()
		s, err := c.text.String(), c.err
		if loc := barrier.FindStringSubmatchIndex(s); loc != nil {
			c.mode = s[loc[2]:loc[3]]
			c.text.Reset()
			c.mu.Unlock()
			return s[:loc[0]], nil
		}
		c.mu.Unlock()
		if err != nil {
			return "", err
		}
		select {
		case <-c.signal:
		case <-ctx.Done():
			return "", ctx.Err()
		case <-timer.C:
			return "", fmt.Errorf("intan: no reply from RHX within %v to %q (got %q)", c.timeout, strings.Join(cmds, ";"), s)
		}
	}
}

// do runs set/execute commands and fails with RHX's error text if any.
func (c *commander) do(ctx context.Context, cmds ...string) error {
	out, err := c.exec(ctx, cmds...)
	if err != nil {
		return err
	}
	if strings.TrimSpace(out) != "" {
		return &RHXError{Commands: cmds, Text: out}
	}
	return nil
}

// get returns the value of one parameter.
func (c *commander) get(ctx context.Context, param string) (string, error) {
	if strings.EqualFold(param, "RunMode") {
		return c.runMode(ctx)
	}
	out, err := c.exec(ctx, "get "+param)
	if err != nil {
		return "", err
	}
	const pre = "Return: "
	if !strings.HasPrefix(out, pre) {
		return "", &RHXError{Commands: []string{"get " + param}, Text: out}
	}
	rest := strings.TrimPrefix(out, pre)
	// Channel- and port-scoped gets answer with the bare parameter name.
	name := param
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	if len(rest) > len(name) && strings.EqualFold(rest[:len(name)], name) && rest[len(name)] == ' ' {
		return rest[len(name)+1:], nil
	}
	if !strings.Contains(rest, " ") { // e.g. "Return: 1234" for CurrentTimestamp
		return rest, nil
	}
	return "", &RHXError{Commands: []string{"get " + param}, Text: out}
}

// runMode returns RHX's run mode (Stop, Run, Record, Trigger).
func (c *commander) runMode(ctx context.Context) (string, error) {
	out, err := c.exec(ctx)
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(out) != "" {
		return "", &RHXError{Commands: []string{"get RunMode"}, Text: out}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.mode, nil
}

// RHXError is an error text RHX sent in answer to a batch of commands.
// RHX's errors have no terminator and no common prefix, so several errors
// of one batch arrive as one text.
type RHXError struct {
	Commands []string
	Text     string
}

func (e *RHXError) Error() string {
	return fmt.Sprintf("intan: RHX refused %q: %s", strings.Join(e.Commands, ";"), e.Text)
}

// ErrCommandLost is returned (wrapped) once the command connection is gone.
// RHX does not listen on its command port again after a client leaves, so
// this is fatal for the Rig: an operator must press Connect in RHX's
// Network → Remote TCP Control panel and Dial again.
var ErrCommandLost = errors.New("intan: the command connection to RHX was lost")
