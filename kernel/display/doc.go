// Package display puts rich output into a notebook: HTML, Markdown, images, JSON, and
// outputs that update in place.
//
// It is preloaded in every petri cell as `display`:
//
//	display.HTML("<b>bold</b>")
//	display.Markdown("# Results\n| a | b |\n|---|---|\n| 1 | 2 |")
//	display.Clear()
//
// Each call publishes a display_data message for the running cell. Outside a kernel
// (in `petri script`, or in plain Go programs and tests) output goes to the Publisher
// set with SetPublisher; with none set it is dropped.
//
// The value of a cell's last expression is rendered by Render: a value with a rich
// form (an HTML or Markdown method, a *plot.Plot, an image) shows in that form, next to
// its text/plain form.
//
// display draws from plain data and imports no other petri package: reservoir and
// devices shape their results into slices and grids that display can draw.
package display
