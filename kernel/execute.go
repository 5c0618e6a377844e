package kernel

import (
	"context"
	"errors"
	"regexp"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/petri-mea/petri/kernel/display"
	"github.com/petri-mea/petri/kernel/session"
	"github.com/petri-mea/petri/kernel/streamcap"
	"github.com/petri-mea/petri/kernel/wire"
)

type executeRequest struct {
	Code         string `json:"code"`
	Silent       bool   `json:"silent"`
	StoreHistory *bool  `json:"store_history"`
	AllowStdin   bool   `json:"allow_stdin"`
	StopOnError  *bool  `json:"stop_on_error"`
}

func (k *Kernel) execute(sock zmq4.Socket, req *wire.Message) {
	var c executeRequest
	if err := req.Unmarshal(&c); err != nil {
		k.reply(sock, req, "execute_reply", errorContent("BadRequest", err.Error(), nil, k.sess.Count()))
		return
	}
	count := k.sess.Count() + 1
	if name, ok := helpRequest(c.Code); ok {
		k.page(sock, req, c.Code, name, count)
		return
	}
	if !c.Silent {
		k.publish(req, "execute_input", map[string]any{"code": c.Code, "execution_count": count})
	}
	ctx, cancel := context.WithCancel(context.Background())
	k.execMu.Lock()
	k.cancelExec = cancel
	k.execMu.Unlock()
	sink := &sink{k: k, req: req, allowStdin: c.AllowStdin, ctx: ctx, out: streamcap.New(outputLimits(), time.Now)}
	k.running.report(running{Identities: req.Identities, Header: req.Header, Count: count})
	res, err := k.sess.Execute(ctx, c.Code, sink)
	k.running.report(running{Done: true})
	for _, c := range sink.out.Finish() {
		k.publish(req, "stream", map[string]any{"name": c.Name, "text": c.Text})
	}
	k.execMu.Lock()
	k.cancelExec = nil
	k.execMu.Unlock()
	cancel()

	store := c.StoreHistory == nil || *c.StoreHistory
	var output string
	if err == nil && res.Data != nil {
		output, _ = res.Data[display.MIMEPlain].(string)
	}
	if store && !c.Silent {
		k.history.Add(res.Count, c.Code, output)
	}
	if err != nil {
		ename, evalue, tb := session.Describe(err)
		content := errorContent(ename, evalue, tb, res.Count)
		k.publish(req, "error", map[string]any{"ename": ename, "evalue": evalue, "traceback": tb})
		k.reply(sock, req, "execute_reply", content)
		return
	}
	if res.Data != nil && !c.Silent {
		meta := res.Metadata
		if meta == nil {
			meta = display.Bundle{}
		}
		k.publish(req, "execute_result", map[string]any{
			"execution_count": res.Count, "data": res.Data, "metadata": meta,
		})
	}
	reply := req.Reply(k.id, "execute_reply", map[string]any{
		"status": "ok", "execution_count": res.Count, "user_expressions": map[string]any{}, "payload": []any{},
	})
	if res.Compiled != nil {
		// Which of the cell's declarations run compiled (see session.CompileNote).
		reply.Metadata["petri"] = res.Compiled.Metadata()
	}
	k.send(sock, reply)
}

func errorContent(ename, evalue string, tb []string, count int) map[string]any {
	if tb == nil {
		tb = []string{ename + ": " + evalue}
	}
	return map[string]any{"status": "error", "ename": ename, "evalue": evalue, "traceback": tb,
		"execution_count": count, "user_expressions": map[string]any{}, "payload": []any{}}
}

// sink delivers a running cell's output to IOPub and asks for input on stdin.
type sink struct {
	k          *Kernel
	req        *wire.Message
	allowStdin bool
	ctx        context.Context
	out        *streamcap.Cap
}

func (s *sink) Stream(name, text string) {
	for _, c := range s.out.Take(name, text) {
		s.k.publish(s.req, "stream", map[string]any{"name": c.Name, "text": c.Text})
	}
}

func (s *sink) Display(data, metadata display.Bundle, id string, update bool) {
	if metadata == nil {
		metadata = display.Bundle{}
	}
	transient := map[string]any{}
	if id != "" {
		transient["display_id"] = id
	}
	t := "display_data"
	if update && id != "" {
		t = "update_display_data"
	}
	s.k.publish(s.req, t, map[string]any{"data": data, "metadata": metadata, "transient": transient})
}

func (s *sink) Clear(wait bool) {
	s.k.publish(s.req, "clear_output", map[string]any{"wait": wait})
}

func (s *sink) Input(prompt string, password bool) (string, error) {
	if !s.allowStdin {
		return "", session.ErrNoStdin
	}
	// Drop a stale reply to an earlier, interrupted request.
	select {
	case <-s.k.inputs:
	default:
	}
	m := s.req.Reply(s.k.id, "input_request", map[string]any{"prompt": prompt, "password": password})
	s.k.send(s.k.stdin, m)
	select {
	case r := <-s.k.inputs:
		var c struct {
			Value string `json:"value"`
		}
		if err := r.Unmarshal(&c); err != nil {
			return "", err
		}
		return c.Value, nil
	case <-s.ctx.Done():
		return "", errors.New("interrupted while waiting for input")
	}
}

var helpPattern = regexp.MustCompile(`^\s*(?:\?\s*([\w.]+)|([\w.]+)\s*\?)\s*$`)

// helpRequest recognises IPython's help syntax, `?fmt.Println` or `fmt.Println?`,
// which no Go cell can be.
func helpRequest(code string) (string, bool) {
	m := helpPattern.FindStringSubmatch(code)
	if m == nil {
		return "", false
	}
	return m[1] + m[2], true
}

// page answers a help request with the symbol's documentation in the pager.
func (k *Kernel) page(sock zmq4.Socket, req *wire.Message, code, name string, count int) {
	in := k.sess.Inspect(name, len([]rune(name)))
	if !in.Found {
		in.Text = "no documentation found for " + name
		in.Markdown = in.Text
	}
	k.publish(req, "execute_input", map[string]any{"code": code, "execution_count": count})
	k.reply(sock, req, "execute_reply", map[string]any{
		"status": "ok", "execution_count": count, "user_expressions": map[string]any{},
		"payload": []any{map[string]any{"source": "page", "start": 0,
			"data": map[string]any{"text/plain": in.Text, "text/markdown": in.Markdown}}},
	})
}
