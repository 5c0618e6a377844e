// Command petri is a Go notebook kernel and scripting environment for reservoir
// computing with neuronal cultures.
//
//	petri kernel CONNECTION_FILE          serve Jupyter (started by Jupyter itself)
//	petri install [--sys-prefix | --prefix DIR] [--uninstall]
//	petri run NOTEBOOK.ipynb [-o OUT.ipynb] [--allow-errors] [--html OUT.html]
//	petri script FILE.go [args...]
//	petri sweep SPEC.json
//	petri rig serve --protocol intan-rhx [--cmd-port N] [--wave-port N] [--spike-port N]
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
	"github.com/petri-mea/petri/kernel/sweep"
)

const usage = `petri: Go notebooks for reservoir computing with neuronal cultures

usage:
  petri install [--sys-prefix | --prefix DIR] [--uninstall]   install the Jupyter kernel "Go (petri)"
  petri run NOTEBOOK.ipynb [-o OUT.ipynb] [--allow-errors] [--html OUT.html]
                                                              run a notebook headless
  petri script FILE.go [args...]                              run a Go file with petri's packages
  petri sweep SPEC.json                                       run a notebook over a grid of parameters
  petri rig serve --protocol intan-rhx                        emulate a rig (Intan RHX TCP) on loopback
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
	case "sweep":
		err = runSweep(args)
	case "rig":
		err = runRig(args)
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
	params := parameterFlags(fs)
	results := fs.String("results", "", "write the named results (display.Result) and parameters as JSON to `FILE`")
	if err := fs.Parse(reorder(fs, args)); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: petri run NOTEBOOK.ipynb [-o OUT.ipynb] [--allow-errors] [--html OUT.html] [-p name=value ...] [--parameters FILE.json] [--results FILE.json]")
	}
	values, err := params()
	if err != nil {
		return err
	}
	ctx, stop := interruptible()
	defer stop()
	err = notebook.RunFile(ctx, fs.Arg(0), notebook.RunOptions{
		Out: *out, AllowErrors: *allowErrors, HTML: *html, Progress: os.Stderr,
		Parameters: values, Results: *results,
	})
	if errors.Is(err, notebook.ErrCellFailed) {
		return exitCode(1)
	}
	return err
}

func runScript(args []string) error {
	fs := flag.NewFlagSet("script", flag.ContinueOnError)
	outDir := fs.String("out", "", "write displayed plots and images to `DIR` (default: beside the script)")
	params := parameterFlags(fs)
	results := fs.String("results", "", "write the named results (display.Result) and parameters as JSON to `FILE`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() < 1 {
		return errors.New("usage: petri script [--out DIR] [-p name=value ...] [--results FILE.json] FILE.go [args...]")
	}
	// -p after the file is petri's too: petri script sim.go -p seed=3.
	scriptArgs, extra := splitParamArgs(fs.Args()[1:])
	for _, p := range extra {
		fs.Set("p", p)
	}
	values, err := params()
	if err != nil {
		return err
	}
	ctx, stop := interruptible()
	defer stop()
	err = notebook.RunScriptWith(ctx, fs.Arg(0), notebook.ScriptOptions{Args: scriptArgs, OutDir: *outDir,
		Stdout: os.Stdout, Stderr: os.Stderr, Parameters: values, Results: *results})
	if errors.Is(err, notebook.ErrCellFailed) {
		return exitCode(1)
	}
	return err
}

// reorder moves flags after the positional argument in front of it, so that
// `petri run nb.ipynb -o out.ipynb` works as people type it.
func reorder(fs *flag.FlagSet, args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if len(a) > 1 && a[0] == '-' {
			flags = append(flags, a)
			if takesValue(fs, a) && i+1 < len(args) {
				flags = append(flags, args[i+1])
				i++
			}
			continue
		}
		pos = append(pos, a)
	}
	return append(flags, pos...)
}

// takesValue reports whether arg is a flag of fs written without "=value" whose
// value is the next argument.
func takesValue(fs *flag.FlagSet, arg string) bool {
	name := strings.TrimLeft(arg, "-")
	if strings.Contains(name, "=") {
		return false
	}
	f := fs.Lookup(name)
	if f == nil {
		return false
	}
	if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
		return false
	}
	return true
}

// parameterFlags adds -p name=value (repeatable) and --parameters FILE.json to fs; the
// function it returns gives the values after parsing, the file's first and -p's over
// them.
func parameterFlags(fs *flag.FlagSet) func() (map[string]string, error) {
	var ps paramList
	fs.Var(&ps, "p", "set the notebook parameter `name=value` (repeatable; Go literal of the default's type)")
	file := fs.String("parameters", "", "read parameters from the JSON object in `FILE.json`")
	return func() (map[string]string, error) {
		values := map[string]string{}
		if *file != "" {
			if err := notebook.ReadParameterFile(*file, values); err != nil {
				return nil, err
			}
		}
		if err := notebook.ParseParameterArgs(ps, values); err != nil {
			return nil, err
		}
		return values, nil
	}
}

// paramList collects repeated -p flags.
type paramList []string

func (p *paramList) String() string     { return strings.Join(*p, " ") }
func (p *paramList) Set(v string) error { *p = append(*p, v); return nil }

// runSweep is `petri sweep SPEC`: the points of a spec, locally or as a Slurm array
// (package kernel/sweep); `--point I OUT/spec.json` is what one Slurm task runs.
func runSweep(args []string) error {
	fs := flag.NewFlagSet("sweep", flag.ContinueOnError)
	point := fs.Int("point", -1, "run only point `I` of the saved spec (what a Slurm task runs)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "usage: petri sweep SPEC.json\n\nSPEC is a JSON file; its fields are documented in kernel/sweep/doc.go and the README.\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(reorder(fs, args)); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitCode(2)
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	opts := sweep.Options{Petri: exe, Version: kernel.Version, Progress: os.Stderr}
	ctx, stop := interruptible()
	defer stop()
	if *point >= 0 {
		rec, err := sweep.RunPoint(ctx, fs.Arg(0), *point, opts)
		if err == nil {
			fmt.Fprintf(os.Stderr, "petri sweep: point %d (%s) %s in %.1fs\n", rec.Point, rec.ID, rec.Status, rec.Duration)
		}
		return err
	}
	spec, err := sweep.Load(fs.Arg(0))
	if err != nil {
		return err
	}
	sum, err := sweep.Sweep(ctx, spec, opts)
	if sum.Table != "" {
		fmt.Fprintf(os.Stderr, "petri sweep: %d points: %d ok, %d failed now, %d complete before; table %s, summary %s\n",
			sum.Points, sum.OK, sum.Failed, sum.Skipped, sum.Table, sum.Page)
	}
	return err
}

// splitParamArgs takes "-p name=value" (and "-p=name=value") out of a script's
// arguments.
func splitParamArgs(args []string) (rest, params []string) {
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case (a == "-p" || a == "--p") && i+1 < len(args):
			params = append(params, args[i+1])
			i++
		case strings.HasPrefix(a, "-p=") || strings.HasPrefix(a, "--p="):
			params = append(params, a[strings.Index(a, "=")+1:])
		default:
			rest = append(rest, a)
		}
	}
	return rest, params
}
