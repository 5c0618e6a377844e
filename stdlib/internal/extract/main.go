// Command extract writes the yaegi symbol tables of package stdlib.
//
// It is run by `go generate ./stdlib` and is not part of petri itself:
//
//	extract -std                 every importable package of the running Go toolchain
//	extract -prefix NAME PKG...  the named packages (gonum, gonum/plot, petri's own)
//
// Each package becomes one file, NAME_path_to_pkg.go, marked as generated. Tables of the
// standard library carry a lower-bound build tag only (go1.N), so a build on a newer Go
// keeps every symbol; regenerate on the newer Go to gain its additions.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"

	"github.com/traefik/yaegi/extract"
)

// skipStd lists standard packages that cells cannot use: the interpreter provides
// unsafe itself, syscall and cgo-bound packages are platform plumbing, and js/wasm
// packages do not build here.
var skipStd = regexp.MustCompile(`(^|/)internal(/|$)|^vendor/|^cmd/|^unsafe$|^syscall|^runtime/cgo$|^runtime/race|^runtime/msan|^runtime/asan|^plugin$|^testing/synctest$|^iter$|^unique$|^weak$|^structs$`)

func main() {
	std := flag.Bool("std", false, "extract every importable package of the Go standard library")
	prefix := flag.String("prefix", "", "file name prefix for non-standard packages")
	flag.Parse()

	var pkgs []string
	var filePrefix string
	if *std {
		out, err := exec.Command("go", "list", "std").Output()
		if err != nil {
			log.Fatalf("go list std: %v", err)
		}
		for _, p := range strings.Fields(string(out)) {
			if !skipStd.MatchString(p) {
				pkgs = append(pkgs, p)
			}
		}
		parts := strings.Split(runtime.Version(), ".")
		filePrefix = parts[0] + "_" + extract.GetMinor(parts[1])
	} else {
		pkgs = flag.Args()
		filePrefix = *prefix
		if filePrefix == "" {
			log.Fatal("extract: -prefix is required for non-standard packages")
		}
	}
	if len(pkgs) == 0 {
		log.Fatal("extract: no packages")
	}

	wd, err := os.Getwd()
	if err != nil {
		log.Fatal(err)
	}
	ext := extract.Extractor{Dest: filepath.Base(wd)}
	for _, p := range pkgs {
		var buf bytes.Buffer
		importPath, err := ext.Extract(p, "", &buf)
		if err != nil {
			log.Fatalf("extract %s: %v", p, err)
		}
		name := strings.NewReplacer("/", "_", ".", "_", "-", "_").Replace(importPath)
		file := fmt.Sprintf("%s_%s.go", filePrefix, name)
		if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	log.Printf("extract: wrote %d packages", len(pkgs))
}
