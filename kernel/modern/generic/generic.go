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
	//go:embed sync.go.txt
	syncSource string
)

// HelpersPath is the import path (and name) of petri's helper package.
const HelpersPath = "__petri_m"

// Package is one generic source package.
type Package struct {
	Path, Source string
	// Extends is set when the source only adds the generic part of a package that is
	// also compiled: the interpreter needs it to re-export the compiled symbols too.
	Extends bool
	// TypesOnly is set for source that only tells go/types the signatures: the
	// rewrites redirect uses of it to petri's helpers (see Redirects). (The
	// interpreter confuses a source package named like a compiled one with it.)
	TypesOnly bool
}

// Packages lists the packages in the order they must be compiled (dependencies first).
var Packages = []Package{
	{"cmp", cmpSource, false, false},
	{"iter", iterSource, false, false},
	{"slices", slicesSource, false, false},
	{"maps", mapsSource, false, false},
	{HelpersPath, helpersSource, false, false},
	{"errors", errorsSource, true, true},
	{"sync/atomic", atomicSource, true, true},
	{"sync", syncSource, true, true},
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

// Redirects maps generic symbols of TypesOnly packages ("path.Name") to the helper
// that implements them.
var Redirects = map[string]string{
	"sync/atomic.Pointer": "Pointer",
	"sync.OnceValue":      "OnceValue",
	"sync.OnceValues":     "OnceValues",
}
