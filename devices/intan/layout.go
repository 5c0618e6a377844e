package intan

import (
	"math"

	"github.com/petri-mea/petri/devices"
)

// GridLayout returns the electrode grid petri assumes for n amplifier
// channels when the Config names none: channel k is electrode k of a grid of
// 16 columns (32 above 256 channels; n columns if n does not divide), with
// a pitch of at most 200 µm that keeps the grid on a 3.85 × 2.1 mm array.
// RHX knows nothing of geometry, so for a real array set Config.Layout to
// its geometry in channel order. The emulator places its channels on the
// simulated array with the same grid, centred.
func GridLayout(n int) devices.Layout {
	cols := 16
	if n > 256 {
		cols = 32
	}
	if n < cols || n%cols != 0 {
		cols = max(n, 1)
	}
	rows := max(n/cols, 1)
	pitch := math.Min(200, math.Min(3850/float64(cols), 2100/float64(rows)))
	pitch = math.Floor(pitch*2) / 2
	return devices.Layout{Cols: cols, Rows: rows, Pitch: pitch}
}
