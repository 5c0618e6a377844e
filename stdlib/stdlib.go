// Package stdlib holds the yaegi symbol tables that petri preloads into every cell: the
// Go standard library of the toolchain that builds petri, gonum, gonum/plot and petri's
// own packages. Every table file is generated; regenerate with `go generate ./stdlib`.
package stdlib

import "reflect"

// Symbols maps "import/path/name" to the exported symbols of that package.
var Symbols = map[string]map[string]reflect.Value{}

// MapTypes lists, for functions that take interface{} but treat some interfaces
// specially (fmt.Stringer, error, ...), which interfaces interpreted values must be
// wrapped in when passed to them.
var MapTypes = map[reflect.Value][]reflect.Type{}

func init() {
	Symbols["."] = map[string]reflect.Value{"MapTypes": reflect.ValueOf(MapTypes)}
}

//go:generate go run ./internal/extract -std
//go:generate go run ./internal/extract -prefix gonum gonum.org/v1/gonum/mat gonum.org/v1/gonum/floats gonum.org/v1/gonum/stat gonum.org/v1/gonum/stat/distuv gonum.org/v1/gonum/blas gonum.org/v1/gonum/blas/blas64 gonum.org/v1/gonum/dsp/fourier gonum.org/v1/gonum/integrate gonum.org/v1/gonum/interp gonum.org/v1/gonum/diff/fd gonum.org/v1/gonum/mathext
//go:generate go run ./internal/extract -prefix plot gonum.org/v1/plot gonum.org/v1/plot/plotter gonum.org/v1/plot/plotutil gonum.org/v1/plot/vg gonum.org/v1/plot/vg/draw gonum.org/v1/plot/vg/vgimg gonum.org/v1/plot/vg/vgsvg gonum.org/v1/plot/palette gonum.org/v1/plot/palette/moreland gonum.org/v1/plot/text gonum.org/v1/plot/font
//go:generate go run ./internal/extract -prefix petri github.com/petri-mea/petri/kernel/display github.com/petri-mea/petri/devices github.com/petri-mea/petri/devices/culture github.com/petri-mea/petri/devices/hdmea github.com/petri-mea/petri/devices/sim github.com/petri-mea/petri/devices/replay github.com/petri-mea/petri/devices/spiketrain github.com/petri-mea/petri/devices/nex github.com/petri-mea/petri/devices/axion github.com/petri-mea/petri/devices/spiketext github.com/petri-mea/petri/devices/rawtrace github.com/petri-mea/petri/devices/maxwell github.com/petri-mea/petri/devices/nwb github.com/petri-mea/petri/devices/intan github.com/petri-mea/petri/reservoir github.com/petri-mea/petri/reservoir/force github.com/petri-mea/petri/reservoir/paper
