package display

import (
	"crypto/rand"
	"encoding/hex"
	"image"
	"sync"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// Handle is one output that can be replaced in place: its first publication is a
// display_data message with a display_id, every later one an update_display_data
// with the same id, so the front end redraws that output wherever it is (also from a
// later cell). Use it for anything that changes while a cell runs:
//
//	h := display.NewHandle()
//	for i := range 10 {
//		h.Markdown(fmt.Sprintf("step **%d**", i))
//	}
//
// A Handle is safe for concurrent use.
type Handle struct {
	id    string
	mu    sync.Mutex
	shown bool
}

// NewHandle returns a handle with a fresh display id. Nothing is shown until its
// first call.
func NewHandle() *Handle { return &Handle{id: newID()} }

func newID() string {
	var b [12]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}

// ID returns the handle's display_id.
func (h *Handle) ID() string { return h.id }

// UpdateMeta replaces the handle's output with data and metadata.
func (h *Handle) UpdateMeta(data, metadata Bundle) {
	if metadata == nil {
		metadata = Bundle{}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	p := current()
	if p == nil {
		return
	}
	p.Display(data, metadata, h.id, h.shown)
	h.shown = true
}

// Update replaces the handle's output with the bundle.
func (h *Handle) Update(data Bundle) { h.UpdateMeta(data, Bundle{}) }

// HTML replaces the handle's output with HTML.
func (h *Handle) HTML(s string) { h.UpdateMeta(htmlBundle(s)) }

// Markdown replaces the handle's output with Markdown.
func (h *Handle) Markdown(s string) { h.UpdateMeta(markdownBundle(s)) }

// Text replaces the handle's output with plain text.
func (h *Handle) Text(s string) { h.UpdateMeta(textBundle(s)) }

// PNG replaces the handle's output with a PNG image.
func (h *Handle) PNG(b []byte) { h.UpdateMeta(pngBundle(b)) }

// SVG replaces the handle's output with an SVG image.
func (h *Handle) SVG(s string) { h.UpdateMeta(svgBundle(s)) }

// JSON replaces the handle's output with v as JSON.
func (h *Handle) JSON(v any) { h.UpdateMeta(jsonBundle(v)) }

// Image replaces the handle's output with img as a PNG.
func (h *Handle) Image(img image.Image) { h.UpdateMeta(imageBundle(img)) }

// Plot replaces the handle's output with p drawn as Plot draws it.
func (h *Handle) Plot(p *plot.Plot) { h.UpdateMeta(plotBundle(p, 0, 0)) }

// PlotSize replaces the handle's output with p drawn at w × h.
func (h *Handle) PlotSize(p *plot.Plot, w, h2 vg.Length) { h.UpdateMeta(plotBundle(p, w, h2)) }

// Table replaces the handle's output with v as a table (see Table).
func (h *Handle) Table(v any) { h.UpdateMeta(tableBundle(v)) }

// Value replaces the handle's output with the rich form of v (as a cell's last value
// would show), or its %v text if it has none.
func (h *Handle) Value(v any) { h.UpdateMeta(valueBundle(v)) }

// Clear empties the handle's output (it stays in place and can be updated again).
func (h *Handle) Clear() { h.UpdateMeta(Bundle{MIMEPlain: ""}, Bundle{}) }
