// Package install writes and removes petri's Jupyter kernelspec.
//
// The kernelspec is the directory kernels/petri holding kernel.json (how Jupyter
// starts the kernel: the absolute path of the petri binary, `kernel`, and the
// connection file) and the logos. It goes to the per-user Jupyter data directory by
// default ($JUPYTER_DATA_DIR, else $XDG_DATA_HOME/jupyter, else ~/.local/share/jupyter
// on Linux and ~/Library/Jupyter on macOS), to sys.prefix/share/jupyter with
// --sys-prefix (the active Python environment's prefix, read from $VIRTUAL_ENV or
// $CONDA_PREFIX or python3's sys.prefix), or to PREFIX/share/jupyter with --prefix.
package install

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// Name is the kernelspec name; DisplayName what front ends show.
const (
	Name        = "petri"
	DisplayName = "Go (petri)"
)

//go:embed logo-64x64.png
var logo64 []byte

//go:embed logo-svg.svg
var logoSVG []byte

// Spec is the content of kernel.json.
type Spec struct {
	Argv          []string          `json:"argv"`
	DisplayName   string            `json:"display_name"`
	Language      string            `json:"language"`
	InterruptMode string            `json:"interrupt_mode"`
	Env           map[string]string `json:"env,omitempty"`
	Metadata      map[string]any    `json:"metadata,omitempty"`
}

// NewSpec returns the kernelspec for the petri binary at exe (made absolute).
func NewSpec(exe string) (*Spec, error) {
	abs, err := filepath.Abs(exe)
	if err != nil {
		return nil, err
	}
	return &Spec{
		Argv:          []string{abs, "kernel", "{connection_file}"},
		DisplayName:   DisplayName,
		Language:      "go",
		InterruptMode: "message",
		Metadata:      map[string]any{"debugger": false},
	}, nil
}

// Where selects the kernelspec location.
type Where struct {
	SysPrefix bool   // the active Python environment's share/jupyter
	Prefix    string // PREFIX/share/jupyter
}

// Dir returns the kernels/petri directory for w.
func Dir(w Where) (string, error) {
	switch {
	case w.Prefix != "":
		p, err := filepath.Abs(w.Prefix)
		if err != nil {
			return "", err
		}
		return filepath.Join(p, "share", "jupyter", "kernels", Name), nil
	case w.SysPrefix:
		p, err := sysPrefix()
		if err != nil {
			return "", err
		}
		return filepath.Join(p, "share", "jupyter", "kernels", Name), nil
	}
	d, err := userDataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "kernels", Name), nil
}

func userDataDir() (string, error) {
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return d, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("install: no home directory (%v); set JUPYTER_DATA_DIR or use --prefix", err)
	}
	if runtime.GOOS == "darwin" {
		return filepath.Join(home, "Library", "Jupyter"), nil
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "jupyter"), nil
	}
	return filepath.Join(home, ".local", "share", "jupyter"), nil
}

func sysPrefix() (string, error) {
	for _, env := range []string{"VIRTUAL_ENV", "CONDA_PREFIX"} {
		if p := os.Getenv(env); p != "" {
			return p, nil
		}
	}
	out, err := exec.Command("python3", "-c", "import sys; print(sys.prefix)").Output()
	if err != nil {
		return "", errors.New("install: --sys-prefix needs an active Python environment " +
			"(VIRTUAL_ENV or CONDA_PREFIX) or python3 on PATH; use --prefix DIR instead")
	}
	return strings.TrimSpace(string(out)), nil
}

// Install writes the kernelspec for the binary exe and returns its directory.
func Install(exe string, w Where) (string, error) {
	spec, err := NewSpec(exe)
	if err != nil {
		return "", err
	}
	dir, err := Dir(w)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("install: %w", err)
	}
	b, _ := json.MarshalIndent(spec, "", "  ")
	files := map[string][]byte{"kernel.json": append(b, '\n'), "logo-64x64.png": logo64, "logo-svg.svg": logoSVG}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return "", fmt.Errorf("install: %w", err)
		}
	}
	return dir, nil
}

// Uninstall removes the kernelspec; it is not an error if there is none.
func Uninstall(w Where) (string, error) {
	dir, err := Dir(w)
	if err != nil {
		return "", err
	}
	if err := os.RemoveAll(dir); err != nil {
		return "", fmt.Errorf("install: %w", err)
	}
	return dir, nil
}
