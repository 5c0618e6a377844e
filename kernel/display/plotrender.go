package display

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"math"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"weak"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Plot output settings. Set them in a cell to change every later plot:
//
//	display.PlotFormat = "svg"
//	display.PlotWidth, display.PlotHeight = 20*vg.Centimeter, 10*vg.Centimeter
var (
	// PlotWidth and PlotHeight are the size at which a plot is shown when the call
	// gives none and the plot has no preferred size (the domain plots of this package
	// prefer sizes that suit their shape, e.g. square for a correlation matrix).
	PlotWidth  = 16 * vg.Centimeter
	PlotHeight = 9 * vg.Centimeter

	// PlotFormat is "png" (the default: drawn at 2× resolution and shown at 1×, so it
	// is crisp on high-density screens) or "svg" (vector, text stays selectable, large
	// for plots with many points).
	PlotFormat = "png"
)

// Retina is how many image pixels a PNG plot has per CSS pixel.
const Retina = 2

// cssDPI is the resolution of CSS pixels: 96 per inch.
const cssDPI = 96

// Plot shows p at its preferred size (or PlotWidth × PlotHeight), in PlotFormat.
func Plot(p *plot.Plot) { showMeta(plotBundle(p, 0, 0)) }

// PlotSize shows p at width w and height h (e.g. 12*vg.Centimeter, 4*vg.Inch).
func PlotSize(p *plot.Plot, w, h vg.Length) { showMeta(plotBundle(p, w, h)) }

// preferred sizes of plots made by this package, keyed weakly so plots can be
// collected.
var preferred sync.Map // weak.Pointer[plot.Plot] -> [2]vg.Length

func prefer(p *plot.Plot, w, h vg.Length) {
	k := weak.Make(p)
	if _, loaded := preferred.Swap(k, [2]vg.Length{w, h}); !loaded {
		runtime.AddCleanup(p, func(k weak.Pointer[plot.Plot]) { preferred.Delete(k) }, k)
	}
}

func sizeOf(p *plot.Plot, w, h vg.Length) (vg.Length, vg.Length) {
	if w > 0 && h > 0 {
		return w, h
	}
	if v, ok := preferred.Load(weak.Make(p)); ok {
		s := v.([2]vg.Length)
		return s[0], s[1]
	}
	return PlotWidth, PlotHeight
}

// cssPixels converts a length to CSS pixels.
func cssPixels(l vg.Length) int { return int(math.Round(l.Dots(cssDPI))) }

// plotBundle draws p. A plot that cannot be drawn yields a text/plain message naming
// the problem rather than a blank image or a panic.
func plotBundle(p *plot.Plot, w, h vg.Length) (data, meta Bundle) {
	if p == nil {
		return errorBundle("display.Plot: nil plot; make one with plot.New() or a display plot function, and check its error")
	}
	if math.IsInf(p.X.Min, 1) || math.IsInf(p.Y.Min, 1) || p.X.Min > p.X.Max || p.Y.Min > p.Y.Max {
		return errorBundle("display.Plot: the plot %shas no data: add a plotter with data (p.Add) or set the axis ranges (p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)", titled(p))
	}
	w, h = sizeOf(p, w, h)
	if !(w > 0 && h > 0) || w > 200*vg.Centimeter || h > 200*vg.Centimeter {
		return errorBundle("display.Plot: size %v × %v is not usable; give a width and height between 0 and 2 m, e.g. 16*vg.Centimeter", w, h)
	}
	format := strings.ToLower(PlotFormat)
	if format != "svg" {
		format = "png"
	}
	defer func() {
		if r := recover(); r != nil {
			data, meta = errorBundle("display.Plot: the plot %scould not be drawn: %v", titled(p), r)
		}
	}()
	text := fmt.Sprintf("<plot %s%d×%d>", titled(p), cssPixels(w), cssPixels(h))
	if format == "svg" {
		c := vgsvg.New(w, h)
		p.Draw(draw.New(c))
		var buf bytes.Buffer
		if _, err := c.WriteTo(&buf); err != nil {
			return errorBundle("display.Plot: cannot write SVG: %v", err)
		}
		return Bundle{MIMESVG: fontFallbacks(buf.String()), MIMEPlain: text}, Bundle{}
	}
	b, err := plotPNG(p, w, h, Retina*cssDPI)
	if err != nil {
		return errorBundle("display.Plot: cannot write PNG: %v", err)
	}
	return Bundle{MIMEPNG: base64.StdEncoding.EncodeToString(b), MIMEPlain: text},
		Bundle{MIMEPNG: map[string]any{"width": cssPixels(w), "height": cssPixels(h)}}
}

// plotPNG draws p as a PNG of w × h at dpi dots per inch.
func plotPNG(p *plot.Plot, w, h vg.Length, dpi int) ([]byte, error) {
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi))
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// plotImage draws p into an image of w × h at dpi dots per inch.
func plotImage(p *plot.Plot, w, h vg.Length, dpi int) image.Image {
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi))
	p.Draw(draw.New(c))
	return c.Image()
}

func titled(p *plot.Plot) string {
	if p.Title.Text == "" {
		return ""
	}
	return fmt.Sprintf("%q ", p.Title.Text)
}

var svgFamily = regexp.MustCompile(`font-family:"?(Liberation (Sans|Serif|Mono))"?`)

// fontFallbacks lets browsers without the Liberation fonts use a metric-compatible
// or similar face instead of their default serif.
func fontFallbacks(svg string) string {
	return svgFamily.ReplaceAllStringFunc(svg, func(m string) string {
		sub := svgFamily.FindStringSubmatch(m)
		switch sub[2] {
		case "Sans":
			return `font-family:'` + sub[1] + `',Arial,Helvetica,sans-serif`
		case "Mono":
			return `font-family:'` + sub[1] + `','Courier New',monospace`
		}
		return `font-family:'` + sub[1] + `','Times New Roman',serif`
	})
}
