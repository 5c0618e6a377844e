package session

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"io"
	"reflect"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/traefik/yaegi/interp"
	yunsafe "github.com/traefik/yaegi/stdlib/unsafe"

	"github.com/petri-mea/petri/kernel/compile/rt"
	"github.com/petri-mea/petri/kernel/display"
	"github.com/petri-mea/petri/stdlib"
)

// Sink receives everything a running cell produces.
type Sink interface {
	// Stream delivers text written to "stdout" or "stderr".
	Stream(name, text string)
	// Display and Clear publish rich output (see package display).
	display.Publisher
	// Input asks the user for one line; it returns ErrNoStdin if it cannot.
	Input(prompt string, password bool) (string, error)
}

// Options configure a Session.
type Options struct {
	// Args are the cell's os.Args; default: {"petri"}.
	Args []string
	// Grace is how long an interrupted cell may take to stop before Execute returns
	// anyway, reporting compiled code that is still running. Default 1 s.
	Grace time.Duration
	// Compile is CompileAuto (the default), CompileForce or CompileOff: whether the
	// functions and types cells declare run compiled (see compiled.go). Empty means
	// $PETRI_COMPILE, or auto.
	Compile string
	// Program says the session runs one whole Go program (`petri script` of a file
	// with a package clause): its first cell, the program's declarations, is then
	// built whole, variables and init functions included, as `go build` builds it,
	// unless Compile is off or the program uses something compiled code cannot (then
	// it runs as cells do).
	Program bool
}

// A Session is one interpreter whose state lives from cell to cell. Execute runs one
// cell at a time; Complete, Inspect and IsComplete may be called at any time.
type Session struct {
	in     *interp.Interpreter
	opts   Options
	stdout *stream
	stderr *stream
	stdin  *input

	mu       sync.Mutex // guards the fields below and serialises Execute
	count    int
	imported map[string]string   // package name -> import path, in the interpreter's scope
	globals  map[string]bool     // names declared at top level by earlier cells
	types    map[string]string   // type name -> its definition, as first declared
	results  map[string]int      // cell-declared func name -> number of results
	errLast  map[string]bool     // cell-declared func name -> its last result is an error
	methods  map[string][]string // cell-declared type name -> its methods
	bodies   map[string]string   // "T.M" -> the text of an interpreted method, to see it change
	cellBody map[string]string   // the running cell's methods' texts, as written (before rewrites)
	// identity.go: where interpreted cells put a cell type's value into an interface,
	// and where they assert to a type a cell type is confused with.
	boxed, assertedTo map[string]string
	sources           map[string]string // cell-declared name -> its declaration, for inspection

	pendingImports map[string]string // explicit imports of the running cell, once compiled
	stuck          int               // cells given up on whose compiled code still ran, when last counted
	setCtx         *interp.Program
	running        *run
	stdio          *cellStdio     // the cells' os.Stdout and os.Stderr (stdio.go)
	comp           *compiledState // compiled cells (compiled.go)

	lastText string
	lastRich display.Bundle
	lastMeta display.Bundle
	lastErr  error
}

// run is the state of one Execute.
type run struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	sink   Sink
	// goPanic is the first panic of a goroutine the cell started.
	goPanic  *PanicError
	last     display.Bundle
	lastMeta display.Bundle

	mu    sync.Mutex
	trace []Frame
	// stopCompiled forgets the hook that stops compiled recursion when ctx ends;
	// armed is set once compiled cells are pointed at this run (compiled.go).
	stopCompiled func() bool
	armed        bool
}

// tracePattern matches the interpreter's report of one frame of a panicking stack.
var tracePattern = regexp.MustCompile(`(?m)^(\S+:\d+:\d+): panic: (.*)\n?`)

// takeTrace removes the interpreter's panic frames from text, keeping them as the
// run's traceback.
func (r *run) takeTrace(text string) string {
	if !strings.Contains(text, ": panic: ") {
		return text
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return tracePattern.ReplaceAllStringFunc(text, func(line string) string {
		m := tracePattern.FindStringSubmatch(line)
		fn := strings.TrimSuffix(m[2], "(...)")
		fn = strings.TrimPrefix(fn, "main.")
		if fn == "main" {
			fn = ""
		}
		r.trace = append(r.trace, Frame{Pos: cleanPositions(m[1]), Func: fn})
		return ""
	})
}

// New starts a session with every preloaded package imported.
func New(opts Options) (*Session, error) {
	if opts.Args == nil {
		opts.Args = []string{"petri"}
	}
	if opts.Grace == 0 {
		opts.Grace = time.Second
	}
	s := &Session{
		opts:     opts,
		stdin:    &input{},
		imported: map[string]string{},
		globals:  map[string]bool{},
		types:    map[string]string{},
		results:  map[string]int{},
		errLast:  map[string]bool{},
		methods:  map[string][]string{},
		bodies:   map[string]string{},
		sources:  map[string]string{},
	}
	var err error
	if s.stdout, err = newStream("stdout"); err != nil {
		return nil, err
	}
	if s.stderr, err = newStream("stderr"); err != nil {
		return nil, err
	}
	s.in = interp.New(interp.Options{
		Stdin:        s.stdin,
		Stdout:       s.stdout.w,
		Stderr:       s.stderr.w,
		Args:         opts.Args,
		Unrestricted: true,
	})
	if err := s.in.Use(stdlib.Symbols); err != nil {
		return nil, fmt.Errorf("session: loading the standard library: %w", err)
	}
	if err := s.in.Use(yunsafe.Symbols); err != nil {
		return nil, err
	}
	if err := s.in.Use(s.runtimeSymbols()); err != nil {
		return nil, err
	}
	// os.Stdin in a cell is the Sink's input (an io.Reader), so bufio.NewScanner(os.Stdin)
	// asks the user.
	if osSyms := s.in.Symbols("os")["os"]; osSyms != nil {
		var stdin io.Reader = s.stdin
		osSyms["Stdin"] = reflect.ValueOf(&stdin).Elem()
		if err := s.shareStdio(osSyms); err != nil {
			return nil, fmt.Errorf("session: standard streams: %w", err)
		}
	}
	if err := s.loadGenerics(); err != nil {
		return nil, fmt.Errorf("session: loading generic packages: %w", err)
	}
	if err := s.boot(); err != nil {
		return nil, fmt.Errorf("session: starting: %w", err)
	}
	return s, nil
}

// runtimePath is the hidden package through which rewritten cells call back into the
// session; its name cannot clash with a user's identifiers.
const runtimePath = "petri.internal/rt"

func (s *Session) runtimeSymbols() interp.Exports {
	text, rich, errf := reflect.ValueOf(s.textForm), reflect.ValueOf(s.richForm), reflect.ValueOf(s.errForm)
	return interp.Exports{
		runtimePath + "/__petri": {
			"GoPanic":  reflect.ValueOf(s.goPanic),
			"Callback": reflect.ValueOf(s.callback), // callbacks.go
			"Context":  reflect.ValueOf(s.cellContext),
			"Cell":     reflect.ValueOf(s.Count),
			"Abandon":  reflect.ValueOf(runtime.Goexit),
			"Text":     text,
			"Rich":     rich,
			"Err":      errf,
		},
		// Interpreted values passed to Text and Rich are wrapped in the interfaces
		// they implement, so their String, Error, HTML... methods are called.
		".": {"MapTypes": reflect.ValueOf(map[reflect.Value][]reflect.Type{
			text: {typeOf[fmt.Stringer](), typeOf[error]()},
			errf: {typeOf[error]()},
			rich: {typeOf[display.MetaRenderer](), typeOf[display.Renderer](), typeOf[display.HTMLer](), typeOf[display.Markdowner]()},
		})},
	}
}

func typeOf[T any]() reflect.Type { return reflect.TypeOf((*T)(nil)).Elem() }

// boot imports the preloaded packages and compiles the session's helper programs.
func (s *Session) boot() error {
	var imports []string
	names := make([]string, 0, len(Preloaded))
	for name := range Preloaded {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := Preloaded[name]
		if _, ok := stdlib.Symbols[path+"/"+lastElem(path)]; !ok {
			continue // not generated into stdlib yet
		}
		imports = append(imports, fmt.Sprintf("import %s %q", name, path))
		s.imported[name] = path
	}
	imports = append(imports, fmt.Sprintf("import __petri %q", runtimePath), "import __context \"context\"")
	if _, err := s.in.Eval(strings.Join(imports, "\n")); err != nil {
		return err
	}
	if _, err := s.in.Eval("var ctx __context.Context = __petri.Context()\nvar __petri_cell int"); err != nil {
		return err
	}
	var err error
	if s.setCtx, err = s.in.Compile("ctx = __petri.Context(); __petri_cell = __petri.Cell()"); err != nil {
		return err
	}
	s.globals["ctx"] = true
	return nil
}

// cellFile names the source of cell n. The interpreter scopes imports by the base name
// of a file, so every cell shares the REPL's base name; cleanPositions drops it again
// from what users see.
func cellFile(n int) string { return fmt.Sprintf("cell[%d]/%s", n, interp.DefaultSourceName) }

func lastElem(path string) string {
	if i := strings.LastIndex(path, "/"); i >= 0 {
		return path[i+1:]
	}
	return path
}

// Close releases the session's output pipes. Goroutines that cells left running
// lose their output.
func (s *Session) Close() error {
	s.closeStdio()
	return errors.Join(s.stdout.w.Close(), s.stderr.w.Close())
}

// Count returns the number of cells executed so far.
func (s *Session) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count
}

func (s *Session) current() *run {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.running
}

func (s *Session) cellContext() context.Context {
	if r := s.current(); r != nil {
		return r.ctx
	}
	return context.Background()
}

// Result is what a cell evaluated to.
type Result struct {
	// Count is the cell's execution count; positions in errors name it as cell[Count].
	Count int
	// Data holds the last expression's value in text/plain and any rich forms; nil if
	// the cell did not end with an expression that has a value.
	Data display.Bundle
	// Metadata goes with Data (e.g. the display size of an image).
	Metadata display.Bundle
	// Compiled says which of the cell's declarations run compiled, if any, and why
	// others did not when the cell asked.
	Compiled *CompileNote
}

// Execute runs src as the next cell. Output goes to sink while it runs. The returned
// error is a *CompileError, a *PanicError, an *InterruptError or another error.
func (s *Session) Execute(ctx context.Context, src string, sink Sink) (Result, error) {
	s.mu.Lock()
	if s.running != nil {
		s.mu.Unlock()
		return Result{}, errors.New("session: a cell is already running")
	}
	s.count++
	res := Result{Count: s.count}
	if err := s.reviveStdio(); err != nil {
		s.running = nil
		s.mu.Unlock()
		return res, fmt.Errorf("session: restoring os.Stdout and os.Stderr: %w", err)
	}
	rctx, cancel := context.WithCancelCause(ctx)
	r := &run{ctx: rctx, cancel: cancel, sink: sink}
	s.running = r
	s.mu.Unlock()
	defer s.watchResources(r)() // limits.go
	s.startCompiled(r)

	s.stdout.setDeliver(func(name, text string) { sink.Stream(name, text) })
	s.stderr.setDeliver(func(name, text string) {
		// The interpreter prints the interpreted stack of a panic on stderr, a line a
		// frame; those lines become the error's traceback instead.
		if text = r.takeTrace(text); text != "" {
			sink.Stream(name, text)
		}
	})
	s.stdin.setAsk(func() (string, error) {
		s.flush()
		return sink.Input("", false)
	})
	prev := display.SetPublisher(flushingPublisher{s, sink})
	defer func() {
		s.flush()
		display.SetPublisher(prev)
		s.stdin.setAsk(nil)
		r.stopCompiled() // the cell ended: nothing to stop
		cancel(nil)
		s.mu.Lock()
		s.running = nil
		s.mu.Unlock()
	}()

	err := s.execute(r, cellFile(res.Count), src)
	s.mu.Lock()
	goPanic := r.goPanic
	s.mu.Unlock()
	if goPanic != nil && (err == nil || isInterrupt(err)) {
		err = goPanic
	}
	var pe *PanicError
	if s.comp != nil {
		res.Compiled, s.comp.note = s.comp.note, nil
		if errors.As(err, &pe) {
			pe.Stack = s.compiledStack(pe.Stack)
			if _, deep := pe.Value.(rt.DepthError); deep {
				// Unbounded compiled recursion is a resource limit, as interpreted
				// recursion is.
				err = &InterruptError{Cause: &ResourceError{What: "recursion", Used: rt.MaxDepth, Ceiling: rt.MaxDepth}}
			}
		}
	}
	if errors.As(err, &pe) && !pe.Goroutine {
		s.stderr.Flush()
		r.mu.Lock()
		pe.Trace = hoistedFrames(r.trace)
		r.mu.Unlock()
		if len(pe.Trace) > 0 && pe.Where == "" {
			pe.Where = pe.Trace[0].Pos
		}
	}
	if err == nil && r.last != nil {
		res.Data, res.Metadata = r.last, r.lastMeta
	}
	return res, err
}

func (s *Session) flush() {
	s.stdout.Flush()
	s.stderr.Flush()
}

type flushingPublisher struct {
	s    *Session
	sink Sink
}

func (p flushingPublisher) Display(data, metadata display.Bundle, id string, update bool) {
	p.s.flush()
	p.sink.Display(data, metadata, id, update)
}

func (p flushingPublisher) Clear(wait bool) {
	p.s.flush()
	p.sink.Clear(wait)
}

func (s *Session) execute(r *run, name, src string) error {
	pc, err := s.parse(name, src)
	if err != nil {
		return err
	}
	if err := s.checkRedeclarations(pc); err != nil {
		return err
	}
	renameMain(pc)
	s.compiledState().src = src
	if err := s.modernize(pc); err != nil {
		return err
	}
	if err := s.autoImport(pc); err != nil {
		return err
	}
	if pc.Imports != nil {
		if err := s.importFile(pc.Imports); err != nil {
			return err
		}
	}
	s.mu.Lock()
	for name, path := range s.pendingImports {
		s.imported[name] = path
	}
	s.pendingImports = nil
	s.mu.Unlock()
	if err := s.buildCompiled(r.ctx, pc, r.sink); err != nil {
		return err
	}
	if pc.Decls != nil {
		s.rewriteGo(pc.Decls, s.count)
		if err := s.run(r, pc.Decls); err != nil {
			return s.explain(pc, err)
		}
		s.recordDecls(pc.Decls)
		s.forgetCompiled(pc.Decls)
	}
	if pc.Body == nil || len(pc.Body.List) == 0 {
		return nil
	}
	s.rewriteGo(pc.Body, s.count)
	if _, err := s.in.Execute(s.setCtx); err != nil {
		return err
	}
	last, kind := s.lastValue(pc.Body)
	var prog *interp.Program
	orig := pc.Body.List
	tries := []single{kind}
	for _, try := range append(tries, no) {
		if last == nil || try == no {
			last = nil
			pc.Body.List = orig
		} else {
			pc.Body.List = showLast(orig, last, try == withErr)
		}
		hoisted := s.modern().hoisted && !modernOff
		if !hoisted {
			wrapCompound(pc.Body)
		}
		s.guard(pc.Body, s.count)
		if hoisted {
			prog, err = s.compileHoisted(pc.Body)
		} else {
			prog, err = s.compile(pc.Body)
		}
		if err == nil || kind != unknown || try == no {
			break
		}
	}
	if err != nil {
		return s.explain(pc, err)
	}
	s.recordStmts(pc.Body)
	s.lastText, s.lastRich, s.lastMeta, s.lastErr = "", nil, nil, nil
	if err := s.exec(r, prog); err != nil {
		return err
	}
	if s.lastErr != nil && last != nil {
		err := s.lastErr
		s.lastErr = nil
		pos := cleanPositions(s.in.FileSet().Position(last.Pos()).String())
		return &CallError{Pos: pos, Err: err}
	}
	if last != nil {
		r.last, r.lastMeta = s.rendered()
		// A call whose one result is a nil error (w.Flush(), f.Close()) has nothing
		// to show.
		if _, isCall := last.(*ast.CallExpr); isCall && r.last[display.MIMEPlain] == "<nil>" && len(r.last) == 1 {
			r.last = nil
		}
	}
	return nil
}

// showLast replaces the last statement of list, the expression last, with
//
//	__petri_v := last                  or   __petri_v, __petri_e := last
//	__petri.Rich(__petri_v); __petri.Text(__petri_v)  [; __petri.Err(__petri_e)]
//
// keeping the value in a variable of its static type, so its methods (String, HTML,
// ...) survive the trip into the renderer.
func showLast(list []ast.Stmt, last ast.Expr, withErr bool) []ast.Stmt {
	pos := last.Pos()
	id := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	call := func(fn, arg string) ast.Stmt {
		return &ast.ExprStmt{X: &ast.CallExpr{
			Fun:    &ast.SelectorExpr{X: id("__petri"), Sel: id(fn)},
			Lparen: pos, Args: []ast.Expr{id(arg)}, Rparen: pos}}
	}
	lhs := []ast.Expr{id("__petri_v")}
	if withErr {
		lhs = append(lhs, id("__petri_e"))
	}
	out := append([]ast.Stmt{}, list[:len(list)-1]...)
	out = append(out,
		&ast.AssignStmt{Lhs: lhs, Tok: token.DEFINE, TokPos: pos, Rhs: []ast.Expr{last}},
		call("Rich", "__petri_v"), call("Text", "__petri_v"))
	if withErr {
		out = append(out, call("Err", "__petri_e"))
	}
	return out
}

// run compiles and executes a file of declarations.
func (s *Session) run(r *run, f *ast.File) error {
	prog, err := s.compile(f)
	if err != nil {
		return err
	}
	return s.exec(r, prog)
}

func (s *Session) importFile(f *ast.File) error {
	prog, err := s.compile(f)
	if err != nil {
		return err
	}
	_, err = s.in.Execute(prog)
	return err
}

// compile compiles n, turning the interpreter's internal panics into errors.
func (s *Session) compile(n ast.Node) (prog *interp.Program, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &CompileError{Msg: fmt.Sprintf("the interpreter failed on this cell: %v", p)}
		}
	}()
	prog, err = s.in.CompileAST(n)
	forgetRoots(s.in) // retention.go
	if err != nil {
		return nil, compileError(err)
	}
	return prog, nil
}

// exec runs prog until it ends or the cell is interrupted.
func (s *Session) exec(r *run, prog *interp.Program) error {
	_, err := s.in.ExecuteWithContext(r.ctx, prog)
	if err == nil || r.ctx.Err() == nil {
		return panicError(err)
	}
	// Interrupted: the interpreter stops at its next step, and compiled code that
	// honours ctx returns; compiled code that ignores it runs on, and we say so. Cells
	// given up on earlier may still be running too (s.stuck of them, when last seen).
	ie := &InterruptError{Cause: context.Cause(r.ctx)}
	deadline := time.Now().Add(s.opts.Grace)
	for {
		n, top := runningCells(s.in)
		if n <= s.stuck {
			s.stuck = n
			return ie
		}
		if time.Now().After(deadline) {
			s.stuck = n
			ie.Stuck = top
			return ie
		}
		time.Sleep(5 * time.Millisecond)
	}
}
