package compile

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// UnavailableError says why this program cannot build and load plugins.
type UnavailableError struct{ Reason string }

func (e *UnavailableError) Error() string {
	return "compiled cells are unavailable: " + e.Reason + "; cells run interpreted"
}

func unavailable(format string, args ...any) error {
	return &UnavailableError{Reason: fmt.Sprintf(format, args...)}
}

// modulePath is petri's module path, as go.mod declares it.
const modulePath = "github.com/petri-mea/petri"

// checkHost reports why plugins cannot work in this program, or nil.
func checkHost() error {
	switch runtime.GOOS {
	case "linux", "darwin", "freebsd":
	default:
		return unavailable("Go plugins do not exist on %s", runtime.GOOS)
	}
	if !cgoEnabled {
		return unavailable("petri was built without cgo (CGO_ENABLED=0), and Go plugins need it: rebuild petri with a C compiler present")
	}
	if raceEnabled {
		return unavailable("petri was built with -race, and plugins would have to be too")
	}
	if v := os.Getenv("PETRI_COMPILE"); v == "off" {
		return unavailable("PETRI_COMPILE=off")
	}
	return nil
}

// sourceDir returns the root of the petri source tree this program was built from:
// the path the compiler recorded for this very file.
func sourceDir() (string, error) {
	if dir := os.Getenv("PETRI_SOURCE"); dir != "" {
		return dir, checkSource(dir)
	}
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return "", unavailable("petri was built with -trimpath, so where its source lives is unknown: rebuild without it, or set PETRI_SOURCE to the source tree it was built from")
	}
	dir := filepath.Dir(filepath.Dir(filepath.Dir(file))) // .../kernel/compile/available.go
	return dir, checkSource(dir)
}

func checkSource(dir string) error {
	mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return unavailable("petri's source tree is not at %s any more (%v): compiled cells are built against it", dir, err)
	}
	first, _, _ := bytes.Cut(mod, []byte("\n"))
	if strings.TrimSpace(string(first)) != "module "+modulePath {
		return unavailable("%s/go.mod is not petri's (%q)", dir, first)
	}
	return nil
}

// goTool finds the go command of the toolchain this program was built with.
func goTool() (string, error) {
	candidates := []string{filepath.Join(runtime.GOROOT(), "bin", "go")}
	if p, err := exec.LookPath("go"); err == nil {
		candidates = append(candidates, p)
	}
	var seen []string
	for _, c := range candidates {
		out, err := exec.Command(c, "env", "GOVERSION").Output()
		if err != nil {
			continue
		}
		v := strings.TrimSpace(string(out))
		if v == runtime.Version() {
			return c, nil
		}
		seen = append(seen, c+" is "+v)
	}
	if len(seen) == 0 {
		return "", unavailable("no go command found (petri was built with %s): install Go to compile cells", runtime.Version())
	}
	return "", unavailable("petri was built with %s but %s: plugins must be built by the same toolchain", runtime.Version(), strings.Join(seen, ", "))
}
