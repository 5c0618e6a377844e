package session

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"regexp"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/traefik/yaegi/interp"

	"github.com/petri-mea/petri/kernel/cell"
	"github.com/petri-mea/petri/kernel/compile"
	"github.com/petri-mea/petri/kernel/compile/rt"
	"github.com/petri-mea/petri/kernel/modern"
	"github.com/petri-mea/petri/kernel/modern/generic"
	"github.com/petri-mea/petri/stdlib"
)

// Compiled cells: the functions, types and methods a cell declares are built as a Go
// plugin and run at compiled speed when everything they use is something compiled code
// can see: imported packages, constants, and what earlier compiled cells declared. What
// uses the interpreter's state (a variable, a type or function that stayed
// interpreted) stays interpreted, as does every statement and variable. The
// interpreter then refers to the compiled names through a hidden import:
//
//	var sum = __pc_1a2b.sum            // was: func sum(...) {...}
//	type Filter = __pc_1a2b.Filter     // was: type Filter struct{...}; func (f *Filter) Step...
//
// so later cells, compiled or interpreted, use them as before.
//
// Modes: "auto" compiles what can be (types only when interpreted code could use them
// fully: exported fields and methods, not interfaces); "force" compiles every type
// too and says why when something cannot be compiled; "off" never compiles. A cell
// chooses for itself with a line //petri:compile or //petri:interpret.

// Compile modes (Options.Compile, or $PETRI_COMPILE).
const (
	CompileAuto  = "auto"
	CompileForce = "force"
	CompileOff   = "off"
)

// CompileNote says what became of a cell's declarations.
type CompileNote struct {
	// Names are the declarations that run compiled (types with their methods).
	Names []string
	// Cached is set when no build was needed (the same source was built before).
	Cached bool
	// Took is the time the build and load took.
	Took time.Duration
	// Interpreted says why declarations stayed interpreted, one line each, when the
	// cell asked to be compiled or some of it could not be.
	Interpreted []string
}

// Metadata is the note as cell metadata (the kernel's execute_reply metadata and the
// cell's metadata in `petri run`), under the key "petri".
func (n *CompileNote) Metadata() map[string]any {
	m := map[string]any{}
	if len(n.Names) > 0 {
		m["compiled"] = n.Names
		m["build_cached"] = n.Cached
		m["build_seconds"] = n.Took.Seconds()
	}
	if len(n.Interpreted) > 0 {
		m["interpreted"] = n.Interpreted
	}
	return m
}

// compiledName is where a compiled declaration lives now.
type compiledName struct {
	path   string // the package's import path
	isType bool
	cell   int // the cell that compiled it
}

// compiledState is what a session keeps of its compiled cells.
type compiledState struct {
	builder *compile.Builder
	why     error // why there is no builder, once tried
	tried   bool
	noted   bool // the user was told, once, that compilation is unavailable

	names map[string]compiledName // cell-level name -> its compiled home
	// dropped are the type declarations of the running cell that checkRedeclarations
	// took out as unchanged: a compiled type's methods are built with it again.
	dropped map[string]*ast.TypeSpec
	cellOf  map[string]int  // package path -> the cell that built it last
	glued   map[string]bool // package paths the interpreter has imported
	plan    *compileUnit    // the running cell's, from planCompiled
	note    *CompileNote    // the running cell's
	err     error           // a cell that cannot run either way
	src     string          // the running cell's source
	forced  bool            // the running cell asked to be compiled
}

// compileUnit is one cell's compiled part.
type compileUnit struct {
	files   map[string]string
	funcs   []string            // compiled functions
	types   map[string][]string // compiled types -> their methods
	deps    map[string]string   // earlier compiled names it uses -> their package path
	path    string              // set once built
	forced  bool
	skipped []string
	decls   []ast.Decl // the declarations as the cell wrote them, for the session's records
	whole   bool       // a whole program: everything compiled, only main handed over
	all     []string   // what a whole program compiled, for the note
}

func (s *Session) compiledState() *compiledState {
	if s.comp == nil {
		s.comp = &compiledState{names: map[string]compiledName{}, cellOf: map[string]int{}, glued: map[string]bool{}}
	}
	return s.comp
}

// compileMode is the session's mode, overridden by a directive line in src.
func (s *Session) compileMode(src string) (mode string, forced bool) {
	mode = s.opts.Compile
	if mode == "" {
		mode = os.Getenv("PETRI_COMPILE")
	}
	switch mode {
	case CompileForce, CompileOff:
	default:
		mode = CompileAuto
	}
	for _, line := range strings.Split(src, "\n") {
		switch strings.TrimSpace(line) {
		case "//petri:compile":
			return CompileForce, true
		case "//petri:interpret":
			return CompileOff, false
		}
	}
	return mode, mode == CompileForce
}

// builderFor returns the session's builder, making it on first use.
func (c *compiledState) builderFor() (*compile.Builder, error) {
	if !c.tried {
		c.tried = true
		c.builder, c.why = compile.New()
	}
	return c.builder, c.why
}

// planCompiled decides, from the types of the running cell (before any rewrite),
// which of its declarations to compile, and writes their package. It runs inside
// modernize, between the type check and the rewrites.
func (s *Session) planCompiled(pc *cell.Parsed, info *types.Info) {
	c := s.compiledState()
	src := c.src
	c.plan, c.note, c.err, c.forced = nil, nil, nil, false
	if pc.Decls == nil || len(pc.Decls.Decls) == 0 {
		return
	}
	mode, forced := s.compileMode(src)
	c.forced = forced
	if mode == CompileOff {
		return
	}
	if _, err := c.builderFor(); err != nil {
		// Said once per session (and by every cell that asks to be compiled).
		if forced || !c.noted {
			c.noted = true
			c.forced = true
			c.note = &CompileNote{Interpreted: []string{err.Error()}}
		}
		return
	}
	var unit *compileUnit
	var wholeWhy []string
	if s.wholeProgram(pc) {
		p := &planner{s: s, c: c, pc: pc, info: info, forced: forced, fset: s.in.FileSet(), whole: true}
		if unit = p.safePlan(); unit != nil {
			unit.forced = forced
			c.plan = unit
			return
		}
		// It runs as cells do: what can compile still does.
		wholeWhy = p.skipped
	}
	p := &planner{s: s, c: c, pc: pc, info: info, forced: forced, fset: s.in.FileSet()}
	unit = p.safePlan()
	if p.err != nil {
		c.err = p.err
		return
	}
	if len(wholeWhy) > 0 {
		p.skipped = append([]string{"the program cannot be built whole: " + strings.Join(wholeWhy, "; ")}, p.skipped...)
	}
	if unit == nil {
		if forced && len(p.skipped) > 0 {
			c.note = &CompileNote{Interpreted: p.skipped}
		}
		return
	}
	unit.forced = forced
	unit.skipped = p.skipped
	c.plan = unit
}

// safePlan is p.plan, except that planning never takes the kernel down: a cell it
// cannot plan runs interpreted, saying why.
func (p *planner) safePlan() (unit *compileUnit) {
	defer func() {
		if v := recover(); v != nil {
			unit, p.err = nil, nil
			p.skipped = []string{fmt.Sprintf("petri could not plan the compilation (%v): please report it", v)}
		}
	}()
	return p.plan()
}

// buildCompiled builds the running cell's plan, loads it, points the interpreter's
// names at it and takes the compiled declarations out of pc. A build that fails in
// auto mode leaves the cell interpreted; in force mode it fails the cell.
func (s *Session) buildCompiled(ctx context.Context, pc *cell.Parsed, sink Sink) error {
	c := s.compiledState()
	defer func() {
		// A cell that asked to be compiled hears why what stayed interpreted did.
		if c.forced && c.note != nil && len(c.note.Interpreted) > 0 {
			sink.Stream("stderr", "petri: kept interpreted: "+strings.Join(c.note.Interpreted, "\npetri: kept interpreted: ")+"\n")
		}
	}()
	if c.err != nil {
		return c.err
	}
	u := c.plan
	c.plan = nil
	if u == nil {
		return nil
	}
	{
		b, _ := c.builderFor()
		if u.whole {
			// Loading runs the program's initialisation: its output goes to the cell,
			// and a panic or os.Exit there ends the cell as one in main would.
			s.mu.Lock()
			r := s.running
			s.mu.Unlock()
			if r != nil {
				s.armCompiled(r)
			}
		}
		pkg, err := s.buildCatching(ctx, b, u)
		if err != nil {
			var pe *PanicError
			if errors.As(err, &pe) {
				return err
			}
			if ctx.Err() != nil {
				return &InterruptError{Cause: context.Cause(ctx)}
			}
			var be *compile.BuildError
			if errors.As(err, &be) {
				msg := s.cellPositions(be.Output, s.count)
				if u.forced || (u.whole && compiledPos.MatchString(be.Output)) {
					// A whole program the compiler refuses (its messages are at the
					// program's lines) is not one the interpreter should be trusted to
					// run instead; a build that failed for want of room, a limit or a
					// tool leaves it to run as cells do.
					return &CompileError{Msg: "compiling the cell: " + msg}
				}
				c.note = &CompileNote{Interpreted: []string{"the compiler refused the cell: " + firstLine(msg)}}
				return nil
			}
			var ue *compile.UnavailableError
			if errors.As(err, &ue) {
				c.why, c.builder = err, nil
				if u.forced {
					c.note = &CompileNote{Interpreted: []string{err.Error()}}
				}
				return nil
			}
			return err
		}
		if err := s.in.Use(interp.Exports{pkg.Path + "/" + lastElem(pkg.Path): pkg.Symbols}); err != nil {
			return fmt.Errorf("loading the compiled cell: %w", err)
		}
		u.path = pkg.Path
		c.note = &CompileNote{Cached: pkg.Cached, Took: pkg.Took}
	}
	if c.note == nil {
		c.note = &CompileNote{Cached: true}
	}
	c.note.Names = u.names()
	if u.whole {
		c.note.Names = u.all
	}
	c.note.Interpreted = u.skipped
	if err := s.glue(u); err != nil {
		return fmt.Errorf("loading the compiled cell: %w", err)
	}
	removeCompiled(pc, u)
	s.recordDecls(&ast.File{Name: ast.NewIdent("main"), Decls: u.decls})
	for _, name := range u.funcs {
		c.names[name] = compiledName{path: u.path, cell: s.count}
	}
	for name := range u.types {
		c.names[name] = compiledName{path: u.path, isType: true, cell: s.count}
	}
	s.mu.Lock()
	c.cellOf[u.path] = s.count
	r := s.running
	s.mu.Unlock()
	if r != nil {
		s.armCompiled(r) // the session's first compiled cell
	}
	return nil
}

// buildCatching is b.Build, with a panic of the package's initialisation (loading a
// plugin runs it) returned as the cell's *PanicError.
func (s *Session) buildCatching(ctx context.Context, b *compile.Builder, u *compileUnit) (pkg *compile.Package, err error) {
	if !u.whole {
		return b.Build(ctx, u.files)
	}
	path := compile.ProgramPathOf(u.files)
	s.mu.Lock()
	s.compiledState().cellOf[path] = s.count // for the frames of a panic in its initialisation
	s.mu.Unlock()
	defer func() {
		if v := recover(); v != nil {
			// The frames above the loader's are the program's.
			stack, _, _ := strings.Cut(string(debug.Stack()), "\nplugin.open(")
			pkg, err = nil, &PanicError{Value: modern.Translate(v), Stack: compiledFrames([]byte(stack))}
		}
	}()
	return b.BuildProgram(ctx, u.files)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// names lists what u compiles, types first.
func (u *compileUnit) names() []string {
	var out []string
	for t := range u.types {
		out = append(out, t)
	}
	sort.Strings(out)
	return append(out, u.funcs...)
}

// glue declares the compiled names in the interpreter.
func (s *Session) glue(u *compileUnit) error {
	alias := "__pc_" + lastElem(u.path)[1:9]
	var b strings.Builder
	b.WriteString("package main\n")
	if !s.comp.glued[u.path] {
		fmt.Fprintf(&b, "import %s %q\n", alias, u.path)
	}
	for t := range u.types {
		fmt.Fprintf(&b, "type %s = %s.%s\n", t, alias, t)
	}
	for _, f := range u.funcs {
		fmt.Fprintf(&b, "var %s = %s.%s\n", f, alias, f)
	}
	if _, err := s.in.Eval(b.String()); err != nil {
		return err
	}
	s.comp.glued[u.path] = true
	return nil
}

// removeCompiled takes u's declarations out of the interpreted part of pc.
func removeCompiled(pc *cell.Parsed, u *compileUnit) {
	if u.whole {
		pc.Decls = nil
		return
	}
	funcs := map[string]bool{}
	for _, f := range u.funcs {
		funcs[f] = true
	}
	keep := pc.Decls.Decls[:0]
	for _, d := range pc.Decls.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && funcs[d.Name.Name] {
				continue
			}
			if d.Recv != nil && len(d.Recv.List) == 1 {
				if _, ok := u.types[recvName(d.Recv.List[0].Type)]; ok {
					continue
				}
			}
		case *ast.GenDecl:
			if d.Tok == token.TYPE {
				specs := d.Specs[:0]
				for _, sp := range d.Specs {
					if _, ok := u.types[sp.(*ast.TypeSpec).Name.Name]; !ok {
						specs = append(specs, sp)
					}
				}
				d.Specs = specs
				if len(specs) == 0 {
					continue
				}
			}
		}
		keep = append(keep, d)
	}
	pc.Decls.Decls = keep
	if len(keep) == 0 {
		pc.Decls = nil
	}
}

// forgetCompiled drops compiled names a cell redeclares in the interpreter.
func (s *Session) forgetCompiled(f *ast.File) {
	if s.comp == nil || f == nil {
		return
	}
	for _, d := range f.Decls {
		for _, n := range modern.DeclNames(d) {
			delete(s.comp.names, n)
		}
	}
}

// compiledPos matches positions in compiled code: the file is "cell" (so a build does
// not depend on the cell's number) and the session names the cell.
var compiledPos = regexp.MustCompile(`(^|[\s(])(?:\S*/)?cell:(\d+)(:\d+)?`)

// cellPositions names cell n in positions of compiled code.
func (s *Session) cellPositions(text string, n int) string {
	return compiledPos.ReplaceAllString(text, fmt.Sprintf("${1}cell[%d]:${2}${3}", n))
}

// compiledStack rewrites a compiled stack's frames of compiled cells into the cells'
// own names and positions.
func (s *Session) compiledStack(stack string) string {
	if s.comp == nil || !strings.Contains(stack, compile.PathPrefix) {
		return stack
	}
	lines := strings.Split(stack, "\n")
	for i := 0; i+1 < len(lines); i++ {
		fn := lines[i]
		if !strings.HasPrefix(fn, compile.PathPrefix) {
			continue
		}
		path, rest, _ := strings.Cut(fn, ".")
		n := s.comp.cellOf[path]
		lines[i] = rest
		if j := strings.LastIndex(rest, "("); j > 0 {
			lines[i] = rest[:j]
		}
		lines[i] += " [compiled]"
		lines[i+1] = s.cellPositions(strings.Fields(lines[i+1])[0], n)
		lines[i+1] = "\t" + lines[i+1]
	}
	return strings.Join(lines, "\n")
}

// startCompiled prepares compiled cells for the cell r runs (a hook at the start of
// Execute), once the session has any: see armCompiled.
func (s *Session) startCompiled(r *run) {
	r.stopCompiled = func() bool { return true }
	if s.comp != nil && len(s.comp.cellOf) > 0 {
		s.armCompiled(r)
	}
}

// armCompiled points compiled cells at the cell r runs: their output goes to the
// session's streams, their recursion stops when r is stopped, and a panic in a
// goroutine they started fails the cell that started it.
func (s *Session) armCompiled(r *run) {
	if r.armed {
		return
	}
	r.armed = true
	if s.stdio != nil {
		rt.SetOutput(s.stdio.stdout, s.stdio.stderr)
	}
	rt.Reset()
	r.stopCompiled = context.AfterFunc(r.ctx, func() {
		cause := context.Cause(r.ctx)
		if cause == nil {
			cause = r.ctx.Err()
		}
		rt.Stop(cause)
	})
	rt.SetHooks(s.compiledGoPanic, s.Count)
	rt.SetTranslate(modern.Translate)
}

// compiledGoPanic reports a panic of a goroutine a compiled cell started, at the go
// statement (function fn of a compiled package, line of its cell).
func (s *Session) compiledGoPanic(v any, fn string, line, count int) {
	where := fmt.Sprintf("line %d of %s", line, fn)
	if path, name, ok := strings.Cut(fn, "."); ok && strings.HasPrefix(path, compile.PathPrefix) {
		s.mu.Lock()
		n := 0
		if s.comp != nil {
			n = s.comp.cellOf[path]
		}
		s.mu.Unlock()
		where = fmt.Sprintf("cell[%d]:%d (in %s, compiled)", n, line, name)
	}
	s.goPanic(v, where, count)
}

// importable reports whether compiled code can import path: a real package petri was
// built with (its symbols are preloaded), not one of the session's hidden ones.
func importable(path string) bool {
	if strings.HasPrefix(path, "petri.internal") {
		return false
	}
	if _, ok := generic.Source(path); ok {
		return true
	}
	if strings.HasPrefix(path, compile.PathPrefix) {
		return true
	}
	_, ok := stdlib.Symbols[path+"/"+lastElem(path)]
	return ok
}
