// Package generic holds the Go source of the generic standard packages (and of
// petri's own generic helpers) that the interpreter cannot take from compiled symbol
// tables: yaegi's extract skips generic functions and types. The same source is
// type-checked by go/types, so a cell's calls are checked against Go's real
// signatures, and compiled by the interpreter.
package generic

import _ "embed"

var (
	//go:embed cmp.go.txt
	cmpSource string
	//go:embed iter.go.txt
	iterSource string
	//go:embed slices.go.txt
	slicesSource string
	//go:embed maps.go.txt
	mapsSource string
	//go:embed helpers.go.txt
	helpersSource string
	//go:embed errors.go.txt
	errorsSource string
	//go:embed atomic.go.txt
	atomicSource string
)

// HelpersPath is the import path (and name) of petri's helper package.
const HelpersPath = "__petri_m"

// Package is one generic source package.
type Package struct {
	Path, Source string
	// Extends is set when the source only adds the generic part of a package that is
	// also compiled: the interpreter needs it to re-export the compiled symbols too.
	Extends bool
}

// Packages lists the packages in the order they must be compiled (dependencies first).
var Packages = []Package{
	{"cmp", cmpSource, false},
	{"iter", iterSource, false},
	{"slices", slicesSource, false},
	{"maps", mapsSource, false},
	{HelpersPath, helpersSource, false},
	{"errors", errorsSource, true},
	{"sync/atomic", atomicSource, true},
}

// Source returns the source of the package at path, if it is one of Packages.
func Source(path string) (string, bool) {
	for _, p := range Packages {
		if p.Path == path {
			return p.Source, true
		}
	}
	return "", false
}
