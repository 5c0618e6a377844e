package display

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"strings"
)

// This file builds bundles for media values (PNG, SVG, JSON, images) and shows them.
// Each builder returns the data bundle and its metadata, shared by the package-level
// calls (new outputs) and by Handle (outputs that update in place).

var pngMagic = []byte("\x89PNG\r\n\x1a\n")

// errorBundle is what a call shows instead of a broken output: a plain-text message
// that names the problem and the fix.
func errorBundle(format string, args ...any) (Bundle, Bundle) {
	return Bundle{MIMEPlain: fmt.Sprintf(format, args...)}, Bundle{}
}

func pngBundle(b []byte) (Bundle, Bundle) {
	if !bytes.HasPrefix(b, pngMagic) {
		if len(b) == 0 {
			return errorBundle("display.PNG: no data (0 bytes); pass the bytes of a PNG file")
		}
		return errorBundle("display.PNG: data is not a PNG (it starts with %q); use display.Image for an image.Image or display.SVG for SVG text", head(b, 8))
	}
	data := Bundle{MIMEPNG: base64.StdEncoding.EncodeToString(b), MIMEPlain: "<PNG image>"}
	meta := Bundle{}
	if cfg, err := png.DecodeConfig(bytes.NewReader(b)); err == nil {
		data[MIMEPlain] = fmt.Sprintf("<PNG image %d×%d>", cfg.Width, cfg.Height)
	}
	return data, meta
}

func head(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

func svgBundle(s string) (Bundle, Bundle) {
	if !strings.Contains(s, "<svg") {
		if strings.TrimSpace(s) == "" {
			return errorBundle("display.SVG: empty text; pass the text of an SVG document")
		}
		return errorBundle("display.SVG: text has no <svg> element (it starts with %q); pass the text of an SVG document", head([]byte(s), 20))
	}
	return Bundle{MIMESVG: s, MIMEPlain: "<SVG image>"}, Bundle{}
}

func jsonBundle(v any) (Bundle, Bundle) {
	raw, err := json.Marshal(v)
	if err != nil {
		return errorBundle("display.JSON: cannot encode %T as JSON: %v", v, err)
	}
	// Store plain JSON values (maps, slices, numbers), so every later encoder (the
	// kernel's, the notebook writer's) sees exactly what was checked here.
	var plain any
	if err := json.Unmarshal(raw, &plain); err != nil {
		return errorBundle("display.JSON: %v", err)
	}
	var text bytes.Buffer
	if err := json.Indent(&text, raw, "", "  "); err != nil {
		text.Reset()
		text.Write(raw)
	}
	return Bundle{MIMEJSON: plain, MIMEPlain: text.String()}, Bundle{}
}

func imageBundle(img image.Image) (Bundle, Bundle) {
	if img == nil {
		return errorBundle("display.Image: nil image")
	}
	r := img.Bounds()
	if r.Empty() {
		return errorBundle("display.Image: the image is empty (bounds %v)", r)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return errorBundle("display.Image: cannot encode as PNG: %v", err)
	}
	return Bundle{
		MIMEPNG:   base64.StdEncoding.EncodeToString(buf.Bytes()),
		MIMEPlain: fmt.Sprintf("<image %d×%d>", r.Dx(), r.Dy()),
	}, Bundle{}
}

func htmlBundle(s string) (Bundle, Bundle) {
	return Bundle{MIMEHTML: s, MIMEPlain: "<HTML output>"}, Bundle{}
}

func markdownBundle(s string) (Bundle, Bundle) {
	return Bundle{MIMEMarkdown: s, MIMEPlain: s}, Bundle{}
}

func textBundle(s string) (Bundle, Bundle) { return Bundle{MIMEPlain: s}, Bundle{} }

// showMeta publishes data with metadata as a new output.
func showMeta(data, meta Bundle) {
	if p := current(); p != nil {
		if meta == nil {
			meta = Bundle{}
		}
		p.Display(data, meta, "", false)
	}
}

// PNG shows the bytes of a PNG file. Bytes that are not a PNG show a message instead
// of a broken image.
func PNG(b []byte) { showMeta(pngBundle(b)) }

// SVG shows the text of an SVG document (published as image/svg+xml).
func SVG(s string) { showMeta(svgBundle(s)) }

// JSON shows v as application/json (front ends show a collapsible tree), with its
// indented text as the text/plain twin. A value that cannot be encoded shows why.
func JSON(v any) { showMeta(jsonBundle(v)) }

// Image shows img as a PNG at its own pixel size.
func Image(img image.Image) { showMeta(imageBundle(img)) }

// valueBundle is the rich form of v as a cell result would show it, with %v text.
func valueBundle(v any) (Bundle, Bundle) {
	d, m, ok := RenderMeta(v)
	if !ok {
		return Bundle{MIMEPlain: fmt.Sprintf("%v", v)}, Bundle{}
	}
	if _, has := d[MIMEPlain]; !has {
		c := make(Bundle, len(d)+1)
		for k, x := range d {
			c[k] = x
		}
		c[MIMEPlain] = fmt.Sprintf("%v", v)
		d = c
	}
	return d, m
}
