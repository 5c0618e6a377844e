// Command petri is a Go notebook kernel and scripting environment for reservoir
// computing with neuronal cultures.
//
//	petri kernel CONNECTION_FILE          serve Jupyter (started by Jupyter itself)
//	petri install [--sys-prefix | --prefix DIR] [--uninstall]
//	petri run NOTEBOOK.ipynb [-o OUT.ipynb] [--allow-errors] [--html OUT.html]
//	petri script FILE.go [args...]
//	petri version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"

	"github.com/petri-mea/petri/install"
	"github.com/petri-mea/petri/kernel"
	"github.com/petri-mea/petri/kernel/notebook"
	"github.com/petri-mea/petri/kernel/session"
)

const usage = `petri: Go notebooks for reservoir computing with neuronal cultures

usage:
  petri install [--sys-prefix | --prefix DIR] [--uninstall]   install the Jupyter kernel "Go (petri)"
  petri run NOTEBOOK.ipynb [-o OUT.ipynb] [--allow-errors] [--html OUT.html]
                                                              run a notebook headless
  petri script FILE.go [args...]                              run a Go file with petri's packages
  petri kernel CONNECTION_FILE                                serve Jupyter (Jupyter starts this)
  petri version
`

func main() {
	session.SourceRoot = sourceRoot()
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	var err error
	switch cmd, args := os.Args[1], os.Args[2:]; cmd {
	case "kernel":
		err = runKernel(args)
	case "install":
		err = runInstall(args)
	case "run":
		err = runNotebook(args)
	case "script":
		err = runScript(args)
	case "version", "--version", "-version":
		fmt.Printf("petri %s (%s, yaegi interpreter)\n", kernel.Version, runtime.Version())
	case "help", "-h", "--help":
		fmt.Print(usage)
	default:
		err = fmt.Errorf("unknown command %q\n\n%s", cmd, usage)
	}
	if err != nil {
		var exit exitCode
		if errors.As(err, &exit) {
			os.Exit(int(exit))
		}
		fmt.Fprintln(os.Stderr, "petri:", err)
		os.Exit(1)
	}
}

// sourceRoot finds petri's source (for the doc comments inspection shows): $PETRI_SOURCE,
// or the module root above the binary or the working directory.
func sourceRoot() string {
	if d := os.Getenv("PETRI_SOURCE"); d != "" {
		return d
	}
	var starts []string
	if exe, err := os.Executable(); err == nil {
		starts = append(starts, filepath.Dir(exe))
	}
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, wd)
	}
	for _, dir := range starts {
		for {
			b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
			if err == nil && strings.HasPrefix(string(b), "module github.com/petri-mea/petri\n") {
				return dir
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	return ""
}

// exitCode ends petri with a status, its message already printed.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

func runKernel(args []string) error {
	if len(args) != 1 {
		return errors.New("usage: petri kernel CONNECTION_FILE (Jupyter passes {connection_file})")
	}
	conn, err := kernel.ReadConnection(args[0])
	if err != nil {
		return err
	}
	// The kernel runs in a child process whose death, if it dies, is reported to the
	// front end (kernel/supervise.go).
	if os.Getenv(kernel.ChildEnv) == "" {
		return kernel.Supervise(conn, os.Args[1:])
	}
	// PETRI_CPUPROFILE=FILE profiles a kernel for its whole life (bench/kernel_bench.py).
	if path := os.Getenv("PETRI_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	return kernel.Serve(context.Background(), conn, os.Stderr)
}

func runInstall(args []string) error {
	fs := flag.NewFlagSet("install", flag.ContinueOnError)
	sysPrefix := fs.Bool("sys-prefix", false, "install into the active Python environment (sys.prefix/share/jupyter)")
	prefix := fs.String("prefix", "", "install into `DIR`/share/jupyter")
	uninstall := fs.Bool("uninstall", false, "remove the kernelspec instead")
	if err := fs.Parse(args); err != nil {
		return err
	}
	w := install.Where{SysPrefix: *sysPrefix, Prefix: *prefix}
	if *uninstall {
		dir, err := install.Uninstall(w)
		if err != nil {
			return err
		}
		fmt.Printf("removed the %s kernelspec from %s\n", install.DisplayName, dir)
		return nil
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	dir, err := install.Install(exe, w)
	if err != nil {
		return err
	}
	fmt.Printf("installed the %s kernelspec in %s\n", install.DisplayName, dir)
	return nil
}

// interruptible returns a context cancelled by the first Ctrl-C; a second one exits.
func interruptible() (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt)
	go func() {
		<-sigs
		fmt.Fprintln(os.Stderr, "\npetri: interrupted; stopping the running cell (Ctrl-C again to quit at once)")
		cancel()
		<-sigs
		os.Exit(130)
	}()
	return ctx, func() { signal.Stop(sigs); cancel() }
}

func runNotebook(args []string) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	out := fs.String("o", "", "write the executed notebook to `OUT.ipynb` (default: in place)")
	allowErrors := fs.Bool("allow-errors", false, "run every cell even after one fails")
	html := fs.String("html", "", "also write a standalone HTML page to `OUT.html`")
	if err := fs.Parse(reorder(args)); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: petri run NOTEBOOK.ipynb [-o OUT.ipynb] [--allow-errors] [--html OUT.html]")
	}
	ctx, stop := interruptible()
	defer stop()
	err := notebook.RunFile(ctx, fs.Arg(0), notebook.RunOptions{
		Out: *out, AllowErrors: *allowErrors, HTML: *html, Progress: os.Stderr,
	})
	if errors.Is(err, notebook.ErrCellFailed) {
		return exitCode(1)
	}
	var exit *notebook.ExitError
	if errors.As(err, &exit) {
		return exitCode(exit.Code)
	}
	return err
}

func runScript(args []string) error {
	fs := flag.NewFlagSet("script", flag.ContinueOnError)
	outDir := fs.String("out", "", "write displayed plots and images to `DIR` (default: beside the script)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() < 1 {
		return errors.New("usage: petri script [--out DIR] FILE.go [args...]")
	}
	ctx, stop := interruptible()
	defer stop()
	err := notebook.RunScript(ctx, fs.Arg(0), fs.Args()[1:], *outDir, os.Stdout, os.Stderr)
	if errors.Is(err, notebook.ErrCellFailed) {
		return exitCode(1)
	}
	var exit *notebook.ExitError
	if errors.As(err, &exit) {
		return exitCode(exit.Code)
	}
	return err
}

// reorder moves flags after the positional argument in front of it, so that
// `petri run nb.ipynb -o out.ipynb` works as people type it.
func reorder(args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if len(a) > 1 && a[0] == '-' {
			flags = append(flags, a)
			if (a == "-o" || a == "--o" || a == "-html" || a == "--html") && i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
			continue
		}
		pos = append(pos, a)
	}
	return append(flags, pos...)
}
