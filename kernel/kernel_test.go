package kernel

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadConnection(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(s), 0o600)
		return p
	}
	good := write("good.json", `{"transport":"tcp","ip":"127.0.0.1","shell_port":1,"control_port":2,"stdin_port":3,
		"iopub_port":4,"hb_port":5,"key":"k","signature_scheme":"hmac-sha256","kernel_name":"petri"}`)
	c, err := ReadConnection(good)
	if err != nil || c.endpoint(c.ShellPort) != "tcp://127.0.0.1:1" {
		t.Fatalf("%+v %v", c, err)
	}
	for name, tc := range map[string]struct{ path, want string }{
		"missing":   {filepath.Join(dir, "nope.json"), "reading the connection file"},
		"not JSON":  {write("bad.json", "{"), "not valid JSON"},
		"no ip":     {write("noip.json", `{"shell_port":1,"control_port":2,"stdin_port":3,"iopub_port":4,"hb_port":5}`), "has no ip"},
		"bad port":  {write("port.json", `{"ip":"127.0.0.1","shell_port":0,"control_port":2,"stdin_port":3,"iopub_port":4,"hb_port":5}`), "shell_port 0"},
		"transport": {write("udp.json", `{"transport":"udp","ip":"x"}`), `transport "udp"`},
	} {
		_, err := ReadConnection(tc.path)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", name, err, tc.want)
		}
	}
}

func TestHistory(t *testing.T) {
	t.Setenv("JUPYTER_DATA_DIR", t.TempDir())
	h := OpenHistory()
	h.Add(1, "x := 1", "")
	h.Add(2, "1 + 2", "3")
	h.Add(3, "1 + 2", "3")
	h.Add(4, "fmt.Println(x)", "")
	h.Close()
	// A new kernel sees the old session and starts the next one.
	h = OpenHistory()
	defer h.Close()
	h.Add(1, "y := 2", "")
	if got := h.Query(HistoryQuery{HistAccessType: "tail", N: 2}); len(got) != 2 || got[1][2] != "y := 2" || got[1][0] != 2 {
		t.Errorf("tail: %v", got)
	}
	if got := h.Query(HistoryQuery{HistAccessType: "range", Session: 1, Start: 2, Stop: 4}); len(got) != 2 || got[0][1] != 2 {
		t.Errorf("range: %v", got)
	}
	if got := h.Query(HistoryQuery{HistAccessType: "range", Session: 0, Start: 1, Stop: 2}); len(got) != 1 || got[0][2] != "y := 2" {
		t.Errorf("range in this session: %v", got)
	}
	if got := h.Query(HistoryQuery{HistAccessType: "search", Pattern: "1 + *"}); len(got) != 2 {
		t.Errorf("search: %v", got)
	}
	if got := h.Query(HistoryQuery{HistAccessType: "search", Pattern: "1 + *", Unique: true}); len(got) != 1 {
		t.Errorf("search unique: %v", got)
	}
	if got := h.Query(HistoryQuery{HistAccessType: "search", Pattern: "*(x)*"}); len(got) != 1 {
		t.Errorf("search with glob metacharacters: %v", got)
	}
	if got := h.Query(HistoryQuery{HistAccessType: "tail", N: 3, Output: true}); got[0][2].([]any)[1] != "3" {
		t.Errorf("output: %v", got)
	}
}

func TestHelpRequest(t *testing.T) {
	for code, want := range map[string]string{"?fmt.Println": "fmt.Println", "mat.Dense?": "mat.Dense", " ? x ": "x"} {
		if got, ok := helpRequest(code); !ok || got != want {
			t.Errorf("%q: %q %v", code, got, ok)
		}
	}
	for _, code := range []string{"x ? y", "a := 1", "fmt.Println(\"?\")"} {
		if _, ok := helpRequest(code); ok {
			t.Errorf("%q taken for help", code)
		}
	}
}

func TestHistoryIsPrivate(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("JUPYTER_DATA_DIR", dir)
	h := OpenHistory()
	h.Add(1, `token := "secret"`, "")
	h.Close()
	for path, want := range map[string]os.FileMode{filepath.Join(dir, "petri"): 0o700, filepath.Join(dir, "petri", "history.jsonl"): 0o600} {
		st, err := os.Stat(path)
		if err != nil || st.Mode().Perm() != want {
			t.Errorf("%s: %v %v, want mode %o", path, st.Mode().Perm(), err, want)
		}
	}
}

func TestHistoryLineOver16MBKeepsLoadingAndNumbering(t *testing.T) {
	// Issue 12 item 7: a 17 MB line stopped bufio.Scanner, so later lines were lost and
	// every later kernel reused session 2.
	dir := t.TempDir()
	t.Setenv("JUPYTER_DATA_DIR", dir)
	h := OpenHistory()
	h.Add(1, "small := 1", "")
	h.Add(2, strings.Repeat("x", 17<<20), "")
	h.Close()
	h = OpenHistory() // session 2
	h.Add(1, "after := 2", "")
	h.Close()
	h = OpenHistory()
	defer h.Close()
	if h.session != 3 {
		t.Errorf("third kernel runs session %d, want 3", h.session)
	}
	got := h.Query(HistoryQuery{HistAccessType: "tail", N: 10})
	if len(got) != 2 || got[0][2] != "small := 1" || got[1][2] != "after := 2" {
		t.Errorf("history after the long line: %v", got)
	}
}
