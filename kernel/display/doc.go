// Package display puts rich output into a notebook: HTML, Markdown, images, JSON,
// tables, plots of reservoir experiments, and outputs that update in place while a
// cell runs.
//
// It is preloaded in every petri cell as `display`.
//
// # Where output goes
//
// Every call publishes to the Publisher set with SetPublisher: the kernel installs one
// per execution (display_data and update_display_data messages on IOPub), `petri run`
// and `petri script` install their own (outputs in the notebook file, plot files next
// to the script). With none set, output is dropped, so library code may call display
// freely.
//
// Each output is a Bundle: one value in several forms keyed by MIME type, plus
// metadata. Front ends show the richest form they understand; every call here also
// sets a text/plain twin for terminals and text-only front ends.
//
//	call                      publishes (besides text/plain)
//	HTML(s)                   text/html
//	Markdown(s)               text/markdown (text/plain is the Markdown source)
//	Text(s)                   text/plain only
//	PNG(b)                    image/png, base64 text as Jupyter expects
//	SVG(s)                    image/svg+xml, the SVG text
//	JSON(v)                   application/json (v encoded and decoded to plain JSON
//	                          values); text/plain is the indented JSON
//	Image(img)                image/png of an image.Image at its pixel size
//	Table(v)                  text/html table; text/plain with aligned columns
//	Plot(p), PlotSize(p,w,h)  image/png at 2× with metadata {"image/png": {"width",
//	                          "height"}} in CSS pixels, or image/svg+xml (PlotFormat)
//	Show(b), ShowMeta(b, m)   the bundle as given
//	Clear(), ClearWait()      clear_output (ClearWait: just before the next output)
//
// Bad input never shows a broken image: a PNG that is not a PNG, JSON that cannot be
// encoded, a table of ints, a plot with no data or one that panics while drawing —
// each shows a text/plain message that names the call, the problem and the fix.
//
// # Cell results
//
// The kernel shows the value of a cell's last expression with RenderMeta (Render is
// the same without metadata). In order it uses MetaRenderer, Renderer, HTMLer (an
// HTML() string method), Markdowner, then *plot.Plot (drawn as Plot draws it) and
// image.Image (PNG). Types declared in a cell may implement these interfaces.
// Anything else has no rich form and shows as text/plain in %v style.
//
// # Plots
//
// A *plot.Plot from gonum/plot is drawn at its preferred size — the domain plots below
// choose sizes that suit their shape — or PlotWidth × PlotHeight (16 × 9 cm), as a PNG
// at Retina (2) image pixels per CSS pixel so it is crisp on high-density screens and
// shown at 1× through its metadata. Set PlotFormat = "svg" for vector output (text
// stays selectable; large for plots of many points). Plots drawn by display use
// Liberation Sans; in SVG, browsers without it fall back to Arial or sans-serif.
//
// # Domain plots
//
// Each is one call from plain data — slices, grids, a gonum mat.Matrix — and returns
// (*plot.Plot, error), so a call is a cell's result and its plot shows. The plot can
// still be changed (titles, ranges, extra plotters) before it is shown. Titles say
// what is drawn and give the key number (spike count, correlation, RMS error, how many
// components reach 90 %); axes carry units; a key appears only where several series
// or a colour scale need one, outside the data area. Labels overrides the title and
// axis labels; options structs carry the rest.
//
//	Raster(times, channels, RasterOptions{Modules})     spikes, time × channel, coloured by module
//	ArrayMap(cols, rows, ArrayOptions{Rate, Routed, Stim, Pitch})
//	                                                   the electrode grid (220 × 120 at 17.5 µm):
//	                                                   colour = rate, routed and stimulating marked
//	TargetOutput(t, target, output, trainEnd)          output vs. target, training shaded,
//	                                                   train and test correlation in the title
//	ErrorOverTime(t, err)                              error signal with its RMS
//	Trajectory2D(x, y), Trajectory3D(x, y, z)          paths, e.g. the Lorenz attractor; 3-D in
//	                                                   an oblique orthographic box with ticked axes
//	Heatmap(m, HeatmapOptions{Unit, Min, Max, Diverging})
//	CorrelationMatrix(m)                               blue–white–red on [−1, 1], mean r in the title
//	VarianceExplained(eigenvalues, VarianceOptions{Cumulative, Components})
//	                                                   PCA: each component and the cumulative share
//
// Bad data is an error, never a blank or misleading image: no data, lengths that do
// not match, NaN or ±Inf anywhere (the error names the first bad index, e.g.
// "output[17] is NaN"; NaN is never skipped silently), times that go backwards,
// indices outside the array, a correlation outside [−1, 1].
//
// # Outputs that update in place
//
// A Handle is one output with a display_id: its first call publishes display_data,
// later calls update_display_data with the same id, so the output changes where it
// is, even from a later cell.
//
//	h := display.NewHandle()
//	h.Markdown("starting…")
//	h.Plot(p)                      // replaces the Markdown with the plot
//
// NewProgress draws a progress bar through a handle (HTML bar plus a text/plain line:
// label, percent, count, rate, time left; green when done, red if Done comes early).
// Add and Set cost two atomic operations; the bar redraws at most every
// ProgressInterval (100 ms, so ≤ 10 updates a second), in the caller's goroutine and
// only when the loop calls in, so a loop may call Add every step and nothing runs in
// the background after it stops.
//
//	bar := display.NewProgress(steps, "training")
//	for i := range steps {
//		step(i)
//		bar.Add(1)
//	}
//	bar.Done()
//
// NewLivePlot redraws a plot function through a handle on Tick, at most every
// LiveInterval (150 ms) or 10 × the plot's own drawing time, whichever is longer, so
// drawing never takes more than about a tenth of the loop's time; Done draws the
// final frame. Preloaded long-running functions that report progress take these as
// plain callbacks (they do not import display).
//
// display draws from plain data and imports no other petri package: reservoir and
// devices shape their results into slices and grids that display can draw. It exports
// no generic functions or types, so yaegi's extract sees all of it.
package display
