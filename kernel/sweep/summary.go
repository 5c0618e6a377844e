package sweep

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"

	"github.com/petri-mea/petri/kernel/notebook"
)

// WriteSummary writes summary.html in the output directory: the counts, a plot per
// numeric result and the whole table, each point linked to its executed notebook.
// It returns the page's path.
func WriteSummary(spec *Spec, points []Point) (string, error) {
	t := Collect(spec, points)
	var b strings.Builder
	name := filepath.Base(spec.path)
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>petri sweep %s</title>\n", html.EscapeString(name))
	b.WriteString(`<style>body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}
th{background:#f3f3f3}td.failed{background:#fdecea}img{max-width:560px;margin:0 1em 1em 0}</style></head><body>
`)
	ok, failed := 0, 0
	status := column(t, "status")
	for _, s := range status.Text {
		if s == StatusOK {
			ok++
		} else {
			failed++
		}
	}
	fmt.Fprintf(&b, "<h1>petri sweep %s</h1>\n<p><code>%s</code>: %d points, %d ok, %d failed, %d not run yet. Table: <a href=\"results.csv\">results.csv</a>, <a href=\"results.parquet\">results.parquet</a>.</p>\n",
		html.EscapeString(name), html.EscapeString(spec.Target()), len(points), ok, failed, len(points)-ok-failed)
	seedName := ""
	if spec.Seeds != nil {
		seedName = spec.Seeds.Name
	}
	x := xAxis(t, seedName)
	for _, c := range t.Columns {
		if !c.Result || (c.Kind != kindFloat && c.Kind != kindInt) {
			continue
		}
		png, err := resultPlot(t, c, x)
		if err != nil {
			fmt.Fprintf(&b, "<p>%s: no plot (%s)</p>\n", html.EscapeString(c.Name), html.EscapeString(err.Error()))
			continue
		}
		fmt.Fprintf(&b, "<img alt=\"%s\" src=\"data:image/png;base64,%s\">\n", html.EscapeString(c.Name), base64.StdEncoding.EncodeToString(png))
	}
	b.WriteString("<table>\n<tr>")
	for _, c := range t.Columns {
		b.WriteString("<th>" + html.EscapeString(c.Name) + "</th>")
	}
	b.WriteString("</tr>\n")
	for r := 0; r < t.Rows; r++ {
		cls := ""
		if status.Text[r] != StatusOK {
			cls = ` class="failed"`
		}
		b.WriteString("<tr>")
		for _, c := range t.Columns {
			v := html.EscapeString(c.Text[r])
			if c.Name == "output" {
				v = `<a href="` + v + `">` + v + `</a>`
			}
			b.WriteString("<td" + cls + ">" + v + "</td>")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</table>\n</body></html>\n")
	path := filepath.Join(spec.Out, "summary.html")
	return path, notebook.ReplaceFile(path, []byte(b.String()))
}

func column(t Table, name string) Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return Column{Text: make([]string, t.Rows)}
}

// xAxis picks what results are plotted against: the first numeric parameter that
// varies, else the point's index. The first other varying parameter, if any, groups
// the points into series. The seeds are neither: they are the spread at each x.
type axis struct {
	x     Column
	group *Column
}

func xAxis(t Table, seedName string) axis {
	a := axis{x: column(t, "point")}
	var varying []Column
	for _, c := range t.Columns[2:] {
		if c.Result || isBookkeeping(c.Name) || c.Name == seedName {
			continue
		}
		if distinct(c) > 1 {
			varying = append(varying, c)
		}
	}
	for i, c := range varying {
		if c.Kind == kindInt || c.Kind == kindFloat {
			a.x = c
			varying = append(varying[:i:i], varying[i+1:]...)
			break
		}
	}
	if len(varying) > 0 {
		a.group = &varying[0]
	}
	return a
}

func distinct(c Column) int {
	set := map[string]bool{}
	for _, t := range c.Text {
		set[t] = true
	}
	return len(set)
}

// resultPlot draws result c against the x axis, one series per group value.
func resultPlot(t Table, c Column, a axis) ([]byte, error) {
	series := map[string]plotter.XYs{}
	status := column(t, "status")
	for r := 0; r < t.Rows; r++ {
		if !c.Valid[r] || status.Text[r] != StatusOK {
			continue
		}
		y, err := strconv.ParseFloat(c.Text[r], 64)
		x, errx := strconv.ParseFloat(a.x.Text[r], 64)
		if err != nil || errx != nil || math.IsNaN(y) || math.IsInf(y, 0) {
			continue
		}
		g := ""
		if a.group != nil {
			g = a.group.Name + "=" + a.group.Text[r]
		}
		series[g] = append(series[g], plotter.XY{X: x, Y: y})
	}
	if len(series) == 0 {
		return nil, fmt.Errorf("no finite values")
	}
	p := plot.New()
	p.Title.Text = c.Name + " over the sweep (line: mean at each " + a.x.Name + ")"
	p.X.Label.Text = a.x.Name
	p.Y.Label.Text = c.Name
	names := make([]string, 0, len(series))
	for g := range series {
		names = append(names, g)
	}
	sort.Strings(names)
	for i, g := range names {
		pts := series[g]
		sort.SliceStable(pts, func(i, j int) bool { return pts[i].X < pts[j].X })
		// Every point (all seeds), and a line through the mean at each x.
		var means plotter.XYs
		for j := 0; j < len(pts); {
			k, sum := j, 0.0
			for ; k < len(pts) && pts[k].X == pts[j].X; k++ {
				sum += pts[k].Y
			}
			means = append(means, plotter.XY{X: pts[j].X, Y: sum / float64(k-j)})
			j = k
		}
		s, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, err
		}
		l, err := plotter.NewLine(means)
		if err != nil {
			return nil, err
		}
		l.Color, s.Color = plotutil.Color(i), plotutil.Color(i)
		s.Shape = plotutil.Shape(i)
		s.Radius = vg.Points(3.5)
		p.Add(l, s)
		if len(names) > 1 {
			p.Legend.Add(g, l, s)
		}
	}
	// Points at the ends are drawn whole.
	if pad := (p.X.Max - p.X.Min) * 0.04; pad > 0 {
		p.X.Min, p.X.Max = p.X.Min-pad, p.X.Max+pad
	}
	if len(names) > 1 {
		// Room above the data for the key, so it never hides a point.
		p.Legend.Top, p.Legend.Left = true, true
		p.Legend.XOffs = vg.Points(6)
		span := p.Y.Max - p.Y.Min
		if span == 0 {
			span = math.Abs(p.Y.Max) + 1
		}
		p.Y.Max += span * 0.12 * float64(len(names)+1)
	}
	p.Add(plotter.NewGrid())
	w, err := p.WriterTo(14*vg.Centimeter, 9*vg.Centimeter, "png")
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
