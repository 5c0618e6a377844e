package compile

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"plugin"
	"reflect"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// A Builder builds packages into plugins and loads them. Its methods may be called
// from several goroutines; builds run one at a time.
type Builder struct {
	goTool string // the go command of petri's own toolchain
	src    string // petri's source tree
	root   string // the cache for this program: mod/ (sources), so/ (plugins)

	mu     sync.Mutex
	loaded map[string]*Package // by import path
	broken error               // set once loading a plugin proved this program cannot
}

// A Package is a built and loaded package.
type Package struct {
	Path    string                   // its import path
	Symbols map[string]reflect.Value // its Petri_symbols
	Cached  bool                     // it was loaded without a build
	Took    time.Duration            // the build and load
}

// BuildError is the compiler's report on a package that does not build, with
// positions as the source's //line directives give them.
type BuildError struct{ Output string }

func (e *BuildError) Error() string { return e.Output }

// PathPrefix begins the import path of every package a Builder builds.
const PathPrefix = "petricell/"

// New returns a Builder for this program, or an *UnavailableError saying why this
// program cannot have one. The cache lives in $PETRI_CELL_CACHE, or the user's
// cache directory under petri/cells.
func New() (*Builder, error) {
	if err := checkHost(); err != nil {
		return nil, err
	}
	src, err := sourceDir()
	if err != nil {
		return nil, err
	}
	tool, err := goTool()
	if err != nil {
		return nil, err
	}
	base := os.Getenv("PETRI_CELL_CACHE")
	if base == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			return nil, unavailable("no cache directory for builds (%v): set PETRI_CELL_CACHE", err)
		}
		base = filepath.Join(dir, "petri", "cells")
	}
	key, err := hostKey()
	if err != nil {
		return nil, unavailable("cannot identify this program for its build cache: %v", err)
	}
	b := &Builder{goTool: tool, src: src, root: filepath.Join(base, key), loaded: map[string]*Package{}}
	if err := b.prepare(); err != nil {
		return nil, unavailable("preparing the build directory %s: %v", b.root, err)
	}
	return b, nil
}

// hostKey names this program's builds: plugins built for one petri binary are not
// loadable by another.
func hostKey() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	st, err := os.Stat(exe)
	if err != nil {
		return "", err
	}
	h := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d\x00%d\x00%s", exe, st.Size(), st.ModTime().UnixNano(), runtime.Version()))
	return hex.EncodeToString(h[:8]), nil
}

// prepare writes the build module: petri's go.mod under another module path, so the
// build resolves every dependency to the version petri itself was built with, and
// petri itself from its source tree.
func (b *Builder) prepare() error {
	mod := filepath.Join(b.root, "mod")
	if err := os.MkdirAll(mod, 0o755); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(b.root, "so"), 0o755); err != nil {
		return err
	}
	gomod, err := os.ReadFile(filepath.Join(b.src, "go.mod"))
	if err != nil {
		return err
	}
	_, rest, _ := bytes.Cut(gomod, []byte("\n"))
	var m bytes.Buffer
	fmt.Fprintf(&m, "module petricell\n%s\nrequire %s v0.0.0-00010101000000-000000000000\n\nreplace %s => %s\n",
		rest, modulePath, modulePath, b.src)
	if err := writeFile(filepath.Join(mod, "go.mod"), m.Bytes()); err != nil {
		return err
	}
	sum, err := os.ReadFile(filepath.Join(b.src, "go.sum"))
	if err != nil {
		return err
	}
	return writeFile(filepath.Join(mod, "go.sum"), sum)
}

// writeFile writes data to name unless it holds it already, through a rename, so
// concurrent builders never see half a file.
func writeFile(name string, data []byte) error {
	if old, err := os.ReadFile(name); err == nil && bytes.Equal(old, data) {
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// PathOf returns the import path Build gives files.
func PathOf(files map[string]string) string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		fmt.Fprintf(h, "%s\x00%d\x00%s", n, len(files[n]), files[n])
	}
	return PathPrefix + "c" + hex.EncodeToString(h.Sum(nil)[:12])
}

// ProgramPathOf returns the import path BuildProgram gives files.
func ProgramPathOf(files map[string]string) string {
	return PathPrefix + "p" + strings.TrimPrefix(PathOf(files), PathPrefix+"c")
}

// Build builds files (file name -> source of package cell) as a plugin, unless it was
// built before, loads it and returns its symbols. A compile error is a *BuildError;
// a program that turns out unable to load plugins gets an *UnavailableError, now and
// on every later call. Cancelling ctx stops a build.
func (b *Builder) Build(ctx context.Context, files map[string]string) (*Package, error) {
	return b.load(ctx, files, false)
}

// BuildProgram is Build for files of package main: a whole program, built as the
// plugin itself, so its types are main's (`%T` prints main.T, as `go build` makes
// it) and no other package can import it. Its import path is petricell/p<hash>.
func (b *Builder) BuildProgram(ctx context.Context, files map[string]string) (*Package, error) {
	return b.load(ctx, files, true)
}

func (b *Builder) load(ctx context.Context, files map[string]string, program bool) (*Package, error) {
	start := time.Now()
	path := PathOf(files)
	if program {
		path = ProgramPathOf(files)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.broken != nil {
		return nil, b.broken
	}
	if p, ok := b.loaded[path]; ok {
		return &Package{Path: p.Path, Symbols: p.Symbols, Cached: true, Took: time.Since(start)}, nil
	}
	name := strings.TrimPrefix(path, PathPrefix)
	so := filepath.Join(b.root, "so", name+".so")
	cached := true
	if _, err := os.Stat(so); err != nil {
		cached = false
		if err := b.build(ctx, name, files, so, program); err != nil {
			return nil, err
		}
	}
	plug, err := plugin.Open(so)
	if err != nil {
		if strings.Contains(err.Error(), "different version of package") {
			b.broken = unavailable("petri's source at %s changed since this petri was built (%v): rebuild petri", b.src, firstLine(err.Error()))
			return nil, b.broken
		}
		return nil, fmt.Errorf("loading the compiled cell: %w", err)
	}
	symbols := "Symbols"
	if program {
		symbols = "Petri_symbols"
	}
	sym, err := plug.Lookup(symbols)
	if err != nil {
		return nil, fmt.Errorf("the compiled cell has no symbol table: %w", err)
	}
	table, ok := sym.(*map[string]reflect.Value)
	if !ok {
		return nil, fmt.Errorf("the compiled cell's symbol table is a %T", sym)
	}
	p := &Package{Path: path, Symbols: *table, Cached: cached, Took: time.Since(start)}
	b.loaded[path] = p
	return p, nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// build writes the package and a main package exporting its table, and runs
// go build -buildmode=plugin.
func (b *Builder) build(ctx context.Context, name string, files map[string]string, so string, program bool) error {
	mod := filepath.Join(b.root, "mod")
	dir := filepath.Join(mod, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for n, text := range files {
		if err := writeFile(filepath.Join(dir, n), []byte(text)); err != nil {
			return err
		}
	}
	mainDir := dir
	if !program {
		mainDir = filepath.Join(mod, "p"+strings.TrimPrefix(name, "c"))
		if err := os.MkdirAll(mainDir, 0o755); err != nil {
			return err
		}
		main := fmt.Sprintf("package main\n\nimport c %q\n\n// Symbols is what the loader reads.\nvar Symbols = c.Petri_symbols\n", PathPrefix+name)
		if err := writeFile(filepath.Join(mainDir, "main.go"), []byte(main)); err != nil {
			return err
		}
	}
	tmp := so + fmt.Sprintf(".%d.tmp", os.Getpid())
	cmd := exec.CommandContext(ctx, b.goTool, "build", "-buildmode=plugin", "-o", tmp, "./"+filepath.Base(mainDir))
	cmd.Dir = mod
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1", "GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=local", "GOPROXY=off", "GO111MODULE=on")
	out, err := cmd.CombinedOutput()
	if err != nil {
		os.Remove(tmp)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &BuildError{Output: cleanBuildOutput(string(out), dir)}
	}
	return os.Rename(tmp, so)
}

var buildPrefix = regexp.MustCompile(`(?m)^# .*\n`)

// cleanBuildOutput drops the go command's package headers and directory prefixes, so
// what remains is the compiler's messages at the source's own positions.
func cleanBuildOutput(out, dir string) string {
	out = buildPrefix.ReplaceAllString(out, "")
	out = strings.ReplaceAll(out, dir+string(filepath.Separator), "")
	base := filepath.Base(dir) + string(filepath.Separator)
	out = strings.ReplaceAll(out, "./"+base, "")
	out = strings.ReplaceAll(out, base, "")
	return strings.TrimSpace(out)
}

// Loaded returns how many packages this Builder holds loaded: plugins cannot be
// unloaded, so each distinct build stays for the life of the process.
func (b *Builder) Loaded() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.loaded)
}
