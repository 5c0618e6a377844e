package notebook

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/petri-mea/petri/kernel/display"
	"github.com/petri-mea/petri/kernel/session"
)

// RunScript runs the Go file at path with every preloaded package available: its
// declarations, then main if it has one. Images it displays are written as files to
// outDir (default: beside the script) and reported on stderr; text output goes to
// stdout and stderr.
func RunScript(ctx context.Context, path string, args []string, outDir string, stdout, stderr io.Writer) error {
	return RunScriptWith(ctx, path, ScriptOptions{Args: args, OutDir: outDir, Stdout: stdout, Stderr: stderr})
}

// ScriptOptions configure RunScriptWith.
type ScriptOptions struct {
	Args           []string // the script's own arguments (os.Args[1:])
	OutDir         string   // where displayed images go; default: beside the script
	Stdout, Stderr io.Writer
	// Parameters set the script's flags (see ScriptFlags), passed before Args.
	Parameters map[string]string
	// Results, if set, is where the named results (display.Result) are written as
	// JSON when the script ends, also when it failed.
	Results string
}

// RunScriptWith is RunScript with parameters and a results file.
func RunScriptWith(ctx context.Context, path string, opts ScriptOptions) error {
	flags, err := ScriptFlags(path, opts.Parameters)
	if err != nil {
		return err // before anything runs
	}
	args, outDir, stdout, stderr := append(flags, opts.Args...), opts.OutDir, opts.Stdout, opts.Stderr
	// The flag package is compiled, not interpreted: it parses the process's own
	// os.Args. A script's flag.Parse must see the script's arguments, as a Go program
	// run with them would, and a fresh set of flags.
	savedArgs, savedFlags := os.Args, flag.CommandLine
	os.Args = append([]string{path}, args...)
	flag.CommandLine = flag.NewFlagSet(path, flag.ExitOnError)
	defer func() { os.Args, flag.CommandLine = savedArgs, savedFlags }()
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if outDir == "" {
		outDir = filepath.Dir(path)
	}
	body, hasMain, program, err := scriptBody(path, src)
	if err != nil {
		return err
	}
	// A file with a package clause is a Go program: it is built whole when it can be,
	// so it means what `go build` makes of it (session.Options.Program).
	sess, err := session.New(session.Options{Args: append([]string{path}, args...), Program: program && hasMain})
	if err != nil {
		return err
	}
	defer sess.Close()
	ctx, stopWatch := watchDeadlock(ctx, sess) // deadlock.go
	defer stopWatch()
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	sink := &fileSink{stdout: stdout, stderr: stderr, dir: outDir, base: base,
		results: Results{Parameters: copyStringMap(opts.Parameters), Results: map[string]any{}, Order: []string{}}}
	if opts.Results != "" {
		defer func() {
			if err := WriteResults(sink.results, opts.Results); err != nil {
				fmt.Fprintf(stderr, "petri: writing the results file: %v\n", err)
			}
		}()
	}
	cells := []string{body}
	if hasMain {
		cells = append(cells, "main()")
	}
	for _, c := range cells {
		res, err := sess.Execute(ctx, c, sink)
		if code, ok := exitCode(err); ok {
			return &ExitError{Code: code}
		}
		var dl *DeadlockError
		if errors.As(context.Cause(ctx), &dl) {
			fmt.Fprintln(stderr, "petri:", dl)
			return &ExitError{Code: 2}
		}
		if err != nil {
			fmt.Fprintln(stderr, plain(err))
			return ErrCellFailed
		}
		if res.Data != nil {
			sink.Display(res.Data, res.Metadata, "", false)
		}
	}
	return nil
}

// scriptBody blanks a script's package clause (keeping every position), so the file
// runs as one cell, and reports whether it declares main and whether it is a Go
// program (it has a package clause).
func scriptBody(path string, src []byte) (body string, hasMain, program bool, err error) {
	f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.PackageClauseOnly)
	if err != nil || f.Name == nil {
		return string(src), bytes.Contains(src, []byte("func main()")), false, nil
	}
	fset := token.NewFileSet()
	full, err := parser.ParseFile(fset, path, src, 0)
	if err != nil {
		return "", false, false, err
	}
	b := append([]byte(nil), src...)
	end := fset.Position(full.Name.End()).Offset
	start := fset.Position(full.Package).Offset
	for i := start; i < end; i++ {
		if b[i] != '\n' {
			b[i] = ' '
		}
	}
	hasMain = full.Scope != nil && full.Scope.Lookup("main") != nil
	return string(b), hasMain, true, nil
}

// fileSink writes a script's text to its streams and its images to files.
type fileSink struct {
	mu             sync.Mutex
	stdout, stderr io.Writer
	dir, base      string
	n              int
	byID           map[string]string
	stdin          *bufio.Reader
	results        Results // recorded with display.Result
}

func (s *fileSink) Stream(name, text string) {
	if name == "stderr" {
		io.WriteString(s.stderr, text)
	} else {
		io.WriteString(s.stdout, text)
	}
}

func (s *fileSink) Display(data, metadata display.Bundle, id string, update bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rec, ok := data[display.MIMEResult].(map[string]any); ok {
		s.results.add(rec)
	}
	var ext string
	var content []byte
	switch {
	case data[display.MIMEPNG] != nil:
		b, err := base64.StdEncoding.DecodeString(fmt.Sprint(data[display.MIMEPNG]))
		if err != nil {
			return
		}
		ext, content = ".png", b
	case data[display.MIMESVG] != nil:
		ext, content = ".svg", []byte(fmt.Sprint(data[display.MIMESVG]))
	case data[display.MIMEHTML] != nil:
		ext, content = ".html", []byte(fmt.Sprint(data[display.MIMEHTML]))
	default:
		if t, ok := data[display.MIMEPlain]; ok {
			fmt.Fprintln(s.stdout, t)
		} else if t, ok := data[display.MIMEMarkdown]; ok {
			fmt.Fprintln(s.stdout, t)
		}
		return
	}
	// An update rewrites the same file; a new output gets the next number.
	name := ""
	if id != "" && s.byID[id] != "" {
		name = s.byID[id]
	} else {
		s.n++
		name = filepath.Join(s.dir, fmt.Sprintf("%s-%d%s", s.base, s.n, ext))
		if id != "" {
			if s.byID == nil {
				s.byID = map[string]string{}
			}
			s.byID[id] = name
		}
	}
	if err := os.WriteFile(name, content, 0o644); err != nil {
		fmt.Fprintf(s.stderr, "petri: writing %s: %v\n", name, err)
		return
	}
	if !update {
		fmt.Fprintf(s.stderr, "petri: wrote %s\n", name)
	}
}

func (s *fileSink) Clear(bool) {}

// Input reads a line of the script's own standard input.
func (s *fileSink) Input(prompt string, password bool) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stdin == nil {
		s.stdin = bufio.NewReader(os.Stdin)
	}
	line, err := s.stdin.ReadString('\n')
	if err != nil && line == "" {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}
