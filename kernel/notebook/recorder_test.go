package notebook

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/petri-mea/petri/kernel/display"
	"github.com/petri-mea/petri/kernel/streamcap"
)

// The recorder keeps outputs as Jupyter front ends do (nbformat's stream outputs):
// consecutive text on one stream is one output, another stream or a display starts a
// new one, and clear_output(wait) clears at the next output.
func TestRecorderMergesConsecutiveStreamText(t *testing.T) {
	r := &recorder{displays: map[string][]Output{}}
	r.Stream("stdout", "a")
	r.Stream("stdout", "b\n")
	r.Stream("stderr", "warn\n")
	r.Stream("stdout", "c")
	r.Display(display.Bundle{display.MIMEPlain: "plot"}, nil, "", false)
	r.Stream("stdout", "d")
	r.Stream("stdout", "e")
	var got []string
	for _, o := range r.outputs() {
		if o["output_type"] == "stream" {
			got = append(got, o["name"].(string)+":"+o["text"].(string))
		} else {
			got = append(got, o["output_type"].(string))
		}
	}
	want := []string{"stdout:ab\n", "stderr:warn\n", "stdout:c", "display_data", "stdout:de"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("outputs %q, want %q", got, want)
	}
	r.Clear(true)
	r.Stream("stdout", "after")
	r.Stream("stdout", " clear")
	if outs := r.outputs(); len(outs) != 1 || outs[0]["text"] != "after clear" {
		t.Fatalf("after clear_output(wait=True): %v", outs)
	}
}

// BenchmarkRecorderStream records 64 KB chunks, as the session delivers a cell's
// output, 400 of them (25 MB) per op: linear in the text (appending to the
// output's string each time was quadratic, 30 s for 100 MB).
func BenchmarkRecorderStream(b *testing.B) {
	chunk := strings.Repeat("x", 64<<10-1) + "\n"
	for b.Loop() {
		r := &recorder{}
		for range 400 {
			r.Stream("stdout", chunk)
		}
		if n := len(r.outputs()[0]["text"].(string)); n != 400*len(chunk) {
			b.Fatal(n)
		}
	}
}

// A cell's output in a notebook is held to the kernel's sizes: the head, then a
// notice and the tail, in the one stream output.
func TestRecorderCapsACellsOutput(t *testing.T) {
	r := &recorder{limit: streamcap.New(streamcap.Limits{Head: 100, Tail: 30}, time.Now)}
	for i := range 100 {
		r.Stream("stdout", fmt.Sprintf("line %03d\n", i)) // 9 bytes each
	}
	r.finish()
	outs := r.outputs()
	if len(outs) != 1 {
		t.Fatalf("%d outputs, want one stream", len(outs))
	}
	text := outs[0]["text"].(string)
	if !strings.HasPrefix(text, "line 000\n") || !strings.HasSuffix(text, "line 098\nline 099\n") ||
		!strings.Contains(text, "were dropped, over the 100 B limit") {
		t.Fatalf("output %q lacks the head, the notice or the tail", text)
	}
	if len(text) > 100+30+200 {
		t.Errorf("%d bytes kept of 900 against a head of 100 and a tail of 30", len(text))
	}
}
