package display

import (
	"image"

	"gonum.org/v1/plot"
)

// HTMLer is a value with an HTML form. Cell-declared types may implement it.
type HTMLer interface{ HTML() string }

// Markdowner is a value with a Markdown form.
type Markdowner interface{ Markdown() string }

// Renderer is a value that renders itself into a full bundle.
type Renderer interface{ Render() Bundle }

// MetaRenderer is a value that renders itself into a bundle with metadata (for
// example the display size of an image).
type MetaRenderer interface {
	RenderMeta() (data, metadata Bundle)
}

// Render returns the rich forms of v, and false if v has none. The kernel calls it on
// the value of a cell's last expression and adds the text/plain form itself.
// Render drops metadata; RenderMeta keeps it (plots need it to show at 1× size).
func Render(v any) (Bundle, bool) {
	b, _, ok := RenderMeta(v)
	return b, ok
}

// RenderMeta returns the rich forms of v with their metadata, and false if v has none.
// In order: MetaRenderer, Renderer, HTMLer, Markdowner, *plot.Plot (PNG at 2×, or SVG
// with PlotFormat "svg"), image.Image (PNG). A plot that cannot be drawn renders as a
// text/plain message saying why.
func RenderMeta(v any) (data, metadata Bundle, ok bool) {
	switch x := v.(type) {
	case nil:
		return nil, nil, false
	case MetaRenderer:
		d, m := x.RenderMeta()
		if m == nil {
			m = Bundle{}
		}
		return d, m, len(d) > 0
	case Renderer:
		b := x.Render()
		return b, Bundle{}, len(b) > 0
	case HTMLer:
		return Bundle{MIMEHTML: x.HTML()}, Bundle{}, true
	case Markdowner:
		return Bundle{MIMEMarkdown: x.Markdown()}, Bundle{}, true
	}
	for _, r := range renderers {
		if d, m, ok := r(v); ok {
			return d, m, true
		}
	}
	return nil, nil, false
}

// renderers are further rich forms, tried in order after the interfaces above.
var renderers = []func(v any) (Bundle, Bundle, bool){
	func(v any) (Bundle, Bundle, bool) {
		p, ok := v.(*plot.Plot)
		if !ok {
			return nil, nil, false
		}
		d, m := plotBundle(p, 0, 0)
		return d, m, true
	},
	func(v any) (Bundle, Bundle, bool) {
		img, ok := v.(image.Image)
		if !ok {
			return nil, nil, false
		}
		d, m := imageBundle(img)
		return d, m, true
	},
}
