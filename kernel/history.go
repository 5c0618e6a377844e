package kernel

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// History keeps the cells run by this and earlier kernels, in a JSON-lines file in the
// Jupyter data directory (so `history` works across restarts), and in memory.
type History struct {
	mu      sync.Mutex
	session int
	entries []HistoryEntry
	file    *os.File
}

// HistoryEntry is one executed cell.
type HistoryEntry struct {
	Session int    `json:"session"`
	Line    int    `json:"line"`
	Input   string `json:"input"`
	Output  string `json:"output,omitempty"`
}

// HistoryQuery is the content of a history_request.
type HistoryQuery struct {
	Output         bool   `json:"output"`
	Raw            bool   `json:"raw"`
	HistAccessType string `json:"hist_access_type"`
	Session        int    `json:"session"`
	Start          int    `json:"start"`
	Stop           int    `json:"stop"`
	N              int    `json:"n"`
	Pattern        string `json:"pattern"`
	Unique         bool   `json:"unique"`
}

// OpenHistory loads the history file, if any, and starts a new session in it. Without
// a usable file the history lives in memory only.
func OpenHistory() *History {
	h := &History{session: 1}
	dir := dataDir()
	if dir == "" {
		return h
	}
	name := filepath.Join(dir, "petri", "history.jsonl")
	if f, err := os.Open(name); err == nil {
		h.load(f)
		f.Close()
	}
	// The history holds every cell's source, secrets included: only its owner may
	// read it (as IPython's history.sqlite).
	if os.MkdirAll(filepath.Dir(name), 0o700) == nil {
		os.Chmod(filepath.Dir(name), 0o700)
		h.file, _ = os.OpenFile(name, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if h.file != nil {
			h.file.Chmod(0o600)
		}
	}
	return h
}

// load reads the entries of a history file. A line of any length is read (one too long
// to keep, over maxHistoryLine, is skipped whole, but its session still counts), so
// one huge cell never stops the loading or the session numbering.
func (h *History) load(f *os.File) {
	r := bufio.NewReaderSize(f, 64<<10)
	for {
		line, tooLong, err := readLine(r, maxHistoryLine)
		if len(line) > 0 || tooLong {
			var e HistoryEntry
			if tooLong {
				// Read the session number from the line's start, all it needs.
				if m := sessionPrefix.FindSubmatch(line); m != nil {
					e.Session, _ = strconv.Atoi(string(m[1]))
				}
				if e.Session >= h.session {
					h.session = e.Session + 1
				}
			} else if json.Unmarshal(line, &e) == nil {
				h.entries = append(h.entries, e)
				if e.Session >= h.session {
					h.session = e.Session + 1
				}
			}
		}
		if err != nil {
			return
		}
	}
}

// maxHistoryLine is the longest history line kept in memory.
const maxHistoryLine = 16 << 20

var sessionPrefix = regexp.MustCompile(`^\{"session":(\d+)`)

// readLine returns the next line without its newline; a line longer than max is
// consumed to its end and returned truncated to max with tooLong set.
func readLine(r *bufio.Reader, max int) (line []byte, tooLong bool, err error) {
	total := 0
	for {
		chunk, isPrefix, e := r.ReadLine()
		total += len(chunk)
		if len(line) < max {
			line = append(line, chunk[:min(len(chunk), max-len(line))]...)
		}
		if e != nil || !isPrefix {
			return line, total > max, e
		}
	}
}

// dataDir is the per-user Jupyter data directory.
func dataDir() string {
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return d
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "jupyter")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "share", "jupyter")
	}
	return ""
}

// Add records a cell of the current session.
func (h *History) Add(line int, input, output string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	e := HistoryEntry{Session: h.session, Line: line, Input: input, Output: output}
	h.entries = append(h.entries, e)
	if h.file != nil {
		b, _ := json.Marshal(e)
		h.file.Write(append(b, '\n'))
	}
}

// Close closes the history file.
func (h *History) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.file != nil {
		h.file.Close()
		h.file = nil
	}
}

// Query answers a history_request: a list of [session, line, input] (or
// [session, line, [input, output]] with Output set).
func (h *History) Query(q HistoryQuery) [][]any {
	h.mu.Lock()
	defer h.mu.Unlock()
	var sel []HistoryEntry
	switch q.HistAccessType {
	case "tail":
		sel = lastN(h.entries, q.N)
	case "range":
		s := q.Session
		if s <= 0 {
			s = h.session + s // 0 is this session, -1 the one before
		}
		for _, e := range h.entries {
			if e.Session == s && e.Line >= q.Start && (q.Stop <= 0 || e.Line < q.Stop) {
				sel = append(sel, e)
			}
		}
	case "search":
		match := glob(q.Pattern)
		seen := map[string]bool{}
		for i := len(h.entries) - 1; i >= 0; i-- {
			e := h.entries[i]
			if !match.MatchString(e.Input) {
				continue
			}
			if q.Unique && seen[e.Input] {
				continue
			}
			seen[e.Input] = true
			sel = append([]HistoryEntry{e}, sel...)
		}
		sel = lastN(sel, q.N)
	}
	out := make([][]any, 0, len(sel))
	for _, e := range sel {
		if q.Output {
			var o any
			if e.Output != "" {
				o = e.Output
			}
			out = append(out, []any{e.Session, e.Line, []any{e.Input, o}})
		} else {
			out = append(out, []any{e.Session, e.Line, e.Input})
		}
	}
	return out
}

// glob compiles a history search pattern as IPython reads it (fnmatch: * and ? match
// any characters, newlines included).
func glob(pattern string) *regexp.Regexp {
	if pattern == "" {
		pattern = "*"
	}
	var b strings.Builder
	b.WriteString("(?s)^")
	for _, r := range pattern {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

func lastN(es []HistoryEntry, n int) []HistoryEntry {
	if n > 0 && len(es) > n {
		return es[len(es)-n:]
	}
	return es
}
