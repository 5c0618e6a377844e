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
)

// HelpersPath is the import path (and name) of petri's helper package.
const HelpersPath = "__petri_m"

// Package is one generic source package.
type Package struct {
	Path, Source string
}

// Packages lists the packages in the order they must be compiled (dependencies first).
var Packages = []Package{
	{"cmp", cmpSource},
	{"iter", iterSource},
	{"slices", slicesSource},
	{"maps", mapsSource},
	{HelpersPath, helpersSource},
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
