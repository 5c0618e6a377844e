package kernel

import (
	"github.com/go-zeromq/zmq4"

	"github.com/petri-mea/petri/kernel/session"
	"github.com/petri-mea/petri/kernel/wire"
)

type codeRequest struct {
	Code      string `json:"code"`
	CursorPos *int   `json:"cursor_pos"`
}

func (c codeRequest) cursor() int {
	if c.CursorPos == nil {
		return len([]rune(c.Code))
	}
	return *c.CursorPos
}

func (k *Kernel) complete(sock zmq4.Socket, req *wire.Message) {
	var c codeRequest
	if err := req.Unmarshal(&c); err != nil {
		k.reply(sock, req, "complete_reply", errorContent("BadRequest", err.Error(), nil, 0))
		return
	}
	res := k.sess.Complete(c.Code, c.cursor())
	matches := res.Matches
	if matches == nil {
		matches = []string{}
	}
	k.reply(sock, req, "complete_reply", map[string]any{
		"status": "ok", "matches": matches, "cursor_start": res.Start, "cursor_end": res.End, "metadata": map[string]any{},
	})
}

func (k *Kernel) inspect(sock zmq4.Socket, req *wire.Message) {
	var c codeRequest
	if err := req.Unmarshal(&c); err != nil {
		k.reply(sock, req, "inspect_reply", errorContent("BadRequest", err.Error(), nil, 0))
		return
	}
	in := k.sess.Inspect(c.Code, c.cursor())
	data := map[string]any{}
	if in.Found {
		data["text/plain"] = in.Text
		data["text/markdown"] = in.Markdown
	}
	k.reply(sock, req, "inspect_reply", map[string]any{
		"status": "ok", "found": in.Found, "data": data, "metadata": map[string]any{},
	})
}

func (k *Kernel) isComplete(sock zmq4.Socket, req *wire.Message) {
	var c codeRequest
	if err := req.Unmarshal(&c); err != nil {
		k.reply(sock, req, "is_complete_reply", map[string]any{"status": "unknown"})
		return
	}
	status := session.IsComplete(c.Code)
	content := map[string]any{"status": status}
	if status == "incomplete" {
		content["indent"] = ""
	}
	k.reply(sock, req, "is_complete_reply", content)
}

func (k *Kernel) historyRequest(sock zmq4.Socket, req *wire.Message) {
	var c HistoryQuery
	if err := req.Unmarshal(&c); err != nil {
		k.reply(sock, req, "history_reply", errorContent("BadRequest", err.Error(), nil, 0))
		return
	}
	k.reply(sock, req, "history_reply", map[string]any{"status": "ok", "history": k.history.Query(c)})
}
