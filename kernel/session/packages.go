package session

import (
	"strings"

	"github.com/petri-mea/petri/stdlib"
)

// Preloaded are the packages every cell has imported already, by name.
var Preloaded = map[string]string{
	"display":    "github.com/petri-mea/petri/kernel/display",
	"plot":       "gonum.org/v1/plot",
	"plotter":    "gonum.org/v1/plot/plotter",
	"vg":         "gonum.org/v1/plot/vg",
	"mat":        "gonum.org/v1/gonum/mat",
	"devices":    "github.com/petri-mea/petri/devices",
	"culture":    "github.com/petri-mea/petri/devices/culture",
	"hdmea":      "github.com/petri-mea/petri/devices/hdmea",
	"sim":        "github.com/petri-mea/petri/devices/sim",
	"replay":     "github.com/petri-mea/petri/devices/replay",
	"spiketrain": "github.com/petri-mea/petri/devices/spiketrain",
	"nex":        "github.com/petri-mea/petri/devices/nex",
	"axion":      "github.com/petri-mea/petri/devices/axion",
	"spiketext":  "github.com/petri-mea/petri/devices/spiketext",
	"rawtrace":   "github.com/petri-mea/petri/devices/rawtrace",
	"maxwell":    "github.com/petri-mea/petri/devices/maxwell",
	"nwb":        "github.com/petri-mea/petri/devices/nwb",
	"intan":      "github.com/petri-mea/petri/devices/intan",
	"reservoir":  "github.com/petri-mea/petri/reservoir",
	"force":      "github.com/petri-mea/petri/reservoir/force",
	"paper":      "github.com/petri-mea/petri/reservoir/paper",
}

// preferred resolves standard package names that more than one package has.
var preferred = map[string]string{
	"rand":     "math/rand/v2", // every doc (and Go since 1.22) uses v2
	"template": "text/template",
	"scanner":  "text/scanner",
	"pprof":    "runtime/pprof",
	"constant": "go/constant",
	"parser":   "go/parser",
	"token":    "go/token",
	"format":   "go/format",
	"build":    "go/build",
	"doc":      "go/doc",
	"trace":    "runtime/trace",
	"cmplx":    "math/cmplx",
	"v2":       "",
}

// stdIndex maps a package name to the standard package a cell gets when it uses the
// name without importing it; pkgNames maps every known import path to its name.
var stdIndex, pkgNames = buildIndex()

func buildIndex() (map[string]string, map[string]string) {
	index, names := map[string]string{}, map[string]string{}
	ambiguous := map[string]bool{}
	for key := range stdlib.Symbols {
		i := strings.LastIndex(key, "/")
		if i < 0 {
			continue
		}
		path, name := key[:i], key[i+1:]
		names[path] = name
		if strings.Contains(strings.SplitN(path, "/", 2)[0], ".") {
			continue // not the standard library
		}
		if old, ok := index[name]; ok && old != path {
			ambiguous[name] = true
		}
		index[name] = path
	}
	for name := range ambiguous {
		delete(index, name)
	}
	for name, path := range preferred {
		if path == "" {
			delete(index, name)
		} else if _, ok := names[path]; ok {
			index[name] = path
		}
	}
	return index, names
}
