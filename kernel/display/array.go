package display

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ArrayOptions is what ArrayMap draws on the electrode grid. Electrodes are numbered
// row by row: electrode e is at column e % cols, row e / cols.
type ArrayOptions struct {
	// Rate is the firing rate in Hz, either one per electrode (cols·rows values) or
	// one per routed electrode (len(Routed) values, in the order of Routed).
	// Electrodes with a rate above zero count as active.
	Rate []float64
	// Routed are the electrodes routed to readout channels.
	Routed []int
	// Stim are the stimulating electrodes.
	Stim []int
	// Pitch is the electrode pitch in µm (default 17.5).
	Pitch  float64
	Labels Labels
}

// ArrayMap draws the electrode array — cols × rows electrodes, e.g. 220 × 120 at
// 17.5 µm — seen from above with row 0 at the top: colour is the firing rate, rings
// mark routed electrodes, red rings stimulating ones. Positions are in mm.
//
//	display.ArrayMap(220, 120, display.ArrayOptions{Rate: rates, Routed: routed, Stim: stim})
func ArrayMap(cols, rows int, o ArrayOptions) (*plot.Plot, error) {
	const fn = "ArrayMap"
	if cols <= 0 || rows <= 0 {
		return nil, fmt.Errorf("display.%s: the array is %d × %d electrodes; give positive cols and rows (e.g. 220, 120)", fn, cols, rows)
	}
	n := cols * rows
	pitch := o.Pitch
	if pitch == 0 {
		pitch = 17.5
	}
	if !(pitch > 0) || math.IsInf(pitch, 0) {
		return nil, fmt.Errorf("display.%s: Pitch is %v µm; give a positive pitch (17.5 for the usual HD-MEA) or leave it 0", fn, pitch)
	}
	if len(o.Rate) == 0 && len(o.Routed) == 0 && len(o.Stim) == 0 {
		return nil, fmt.Errorf("display.%s: nothing to draw: give Rate, Routed or Stim electrodes", fn)
	}
	for _, list := range []struct {
		name string
		v    []int
	}{{"Routed", o.Routed}, {"Stim", o.Stim}} {
		for i, e := range list.v {
			if e < 0 || e >= n {
				return nil, fmt.Errorf("display.%s: %s[%d] = %d is not an electrode of a %d × %d array (0 to %d); electrode = row·cols + col", fn, list.name, i, e, cols, rows, n-1)
			}
		}
	}
	perElectrode := len(o.Rate) == n
	if len(o.Rate) > 0 && !perElectrode && len(o.Rate) != len(o.Routed) {
		return nil, fmt.Errorf("display.%s: Rate has %d values; give one per electrode (%d × %d = %d) or one per routed electrode (%d)", fn, len(o.Rate), cols, rows, n, len(o.Routed))
	}
	if err := checkFinite(fn, "Rate", o.Rate); err != nil {
		return nil, err
	}
	hi := 0.0
	for i, r := range o.Rate {
		if r < 0 {
			return nil, fmt.Errorf("display.%s: Rate[%d] = %v is negative; rates are spikes per second", fn, i, r)
		}
		hi = math.Max(hi, r)
	}
	mm := pitch / 1000
	sc := scale{cmap: viridis, lo: 0, hi: hi, label: "rate (Hz)"}
	if hi == 0 {
		sc.hi = 1
	}
	active := 0
	for _, r := range o.Rate {
		if r > 0 {
			active++
		}
	}

	var parts []string
	if len(o.Routed) > 0 {
		parts = append(parts, fmt.Sprintf("%d routed", len(o.Routed)))
	}
	if len(o.Rate) > 0 {
		parts = append(parts, fmt.Sprintf("%d active", active))
	}
	if len(o.Stim) > 0 {
		parts = append(parts, fmt.Sprintf("%d stimulating", len(o.Stim)))
	}
	title := fmt.Sprintf("Electrode array %d × %d at %g µm: %s", cols, rows, pitch, join(parts, ", "))
	p := newPlot(o.Labels.or(title, "x (mm)", "y (mm)"))
	p.Y.Scale = plot.InvertedScale{Normalizer: plot.LinearScale{}}

	// The chip, then the rate of every electrode if given per electrode.
	p.Add(&cells{cols: 1, rows: 1, dx: float64(cols) * mm, dy: float64(rows) * mm,
		colour: func(int, int) color.Color { return rgb(0xf0f0f0) }})
	if perElectrode {
		p.Add(&cells{cols: cols, rows: rows, dx: mm, dy: mm, colour: func(c, r int) color.Color {
			v := o.Rate[r*cols+c]
			if v <= 0 {
				return color.Transparent
			}
			return sc.colour(v)
		}})
	}
	at := func(e int) (x, y float64) {
		return (float64(e%cols) + 0.5) * mm, (float64(e/cols) + 0.5) * mm
	}
	k := &key{}
	silent := draw.GlyphStyle{Color: rgb(0x888888), Radius: vg.Points(2), Shape: draw.RingGlyph{}}
	activeGlyph := draw.GlyphStyle{Color: sc.colour(hi * 0.75), Radius: vg.Points(2.4), Shape: draw.CircleGlyph{}}
	if len(o.Routed) > 0 {
		var ms []mark
		nSilent := 0
		for i, e := range o.Routed {
			x, y := at(e)
			switch {
			case perElectrode:
				g := silent
				g.Color = colDark
				ms = append(ms, mark{x: x, y: y, glyph: g})
			case len(o.Rate) > 0 && o.Rate[i] > 0:
				g := activeGlyph
				g.Color = sc.colour(o.Rate[i])
				ms = append(ms, mark{x: x, y: y, glyph: g})
			default:
				nSilent++
				ms = append(ms, mark{x: x, y: y, glyph: silent})
			}
		}
		p.Add(&marks{pts: ms})
		switch {
		case perElectrode:
			g := silent
			g.Color = colDark
			k.entries = append(k.entries, keyEntry{label: "routed", glyph: &g})
		case len(o.Rate) > 0:
			k.entries = append(k.entries, keyEntry{label: "routed, active", glyph: &activeGlyph},
				keyEntry{label: "routed, silent", glyph: &silent})
		default:
			k.entries = append(k.entries, keyEntry{label: "routed", glyph: &silent})
		}
	}
	if len(o.Stim) > 0 {
		stim := draw.GlyphStyle{Color: colRed, Radius: vg.Points(4), Shape: thickRing{width: vg.Points(1.3)}}
		var ms []mark
		for _, e := range o.Stim {
			x, y := at(e)
			ms = append(ms, mark{x: x, y: y, glyph: stim})
		}
		p.Add(&marks{pts: ms})
		k.entries = append(k.entries, keyEntry{label: "stimulating", glyph: &stim})
	}
	if len(o.Rate) > 0 {
		k.bar = &sc
	}
	p.Add(k)
	p.X.Min, p.X.Max = 0, float64(cols)*mm
	p.Y.Min, p.Y.Max = 0, float64(rows)*mm

	// Prefer a size that keeps electrodes square: about 4.6 cm of the width and 2.2 cm
	// of the height go to axes, title and key.
	w := 16 * vg.Centimeter
	h := (w-4.6*vg.Centimeter)*vg.Length(float64(rows)/float64(cols)) + 2.2*vg.Centimeter
	prefer(p, w, min(max(h, 6*vg.Centimeter), 16*vg.Centimeter))
	return p, nil
}

// thickRing is a ring glyph with its own line width.
type thickRing struct{ width vg.Length }

func (g thickRing) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: g.width})
	var p vg.Path
	p.Move(vg.Point{X: pt.X + sty.Radius, Y: pt.Y})
	p.Arc(pt, sty.Radius, 0, 2*math.Pi)
	p.Close()
	c.Stroke(p)
}
