package display

import "sync"

// MIME type names used in bundles.
const (
	MIMEPlain    = "text/plain"
	MIMEHTML     = "text/html"
	MIMEMarkdown = "text/markdown"
	MIMEPNG      = "image/png"
	MIMESVG      = "image/svg+xml"
	MIMEJSON     = "application/json"
)

// Bundle is one output in several representations, keyed by MIME type, as in Jupyter's
// display_data. Text values are strings; image/png is base64-encoded text; JSON values
// are any JSON-marshalable value.
type Bundle map[string]any

// Publisher receives the outputs of the running cell. The kernel installs one for
// each execution; `petri run` and `petri script` install their own.
type Publisher interface {
	// Display publishes data with metadata. A non-empty id names the output so it can
	// later be replaced in place by a call with update set.
	Display(data, metadata Bundle, id string, update bool)
	// Clear clears the cell's output; with wait set, the front end clears just
	// before the next output arrives, which avoids flicker in animations.
	Clear(wait bool)
}

var (
	mu        sync.RWMutex
	publisher Publisher
)

// SetPublisher routes all later output to p and returns the previous publisher.
// A nil p drops output.
func SetPublisher(p Publisher) (previous Publisher) {
	mu.Lock()
	defer mu.Unlock()
	previous, publisher = publisher, p
	return previous
}

func current() Publisher {
	mu.RLock()
	defer mu.RUnlock()
	return publisher
}

// Show publishes a bundle as a new output of the running cell.
func Show(data Bundle) { showMeta(data, Bundle{}) }

// ShowMeta publishes a bundle with metadata (for example {"image/png": {"width": 600}})
// as a new output of the running cell.
func ShowMeta(data, metadata Bundle) { showMeta(data, metadata) }

// HTML shows s as HTML.
func HTML(s string) { showMeta(htmlBundle(s)) }

// Markdown shows s as Markdown (rendered by the front end).
func Markdown(s string) { showMeta(markdownBundle(s)) }

// Text shows s as plain text output (not on the stdout stream).
func Text(s string) { showMeta(textBundle(s)) }

// Clear clears the running cell's output at once.
func Clear() {
	if p := current(); p != nil {
		p.Clear(false)
	}
}

// ClearWait clears the running cell's output just before the next output arrives.
func ClearWait() {
	if p := current(); p != nil {
		p.Clear(true)
	}
}
