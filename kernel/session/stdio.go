package session

import (
	"os"
	"reflect"
	"syscall"
)

// cellStdio gives cells os.Stdout and os.Stderr of their own: *os.File duplicates of the
// session's pipes. A cell that closes one (os.Stdout.Close()) closes only its
// duplicate, so the pipe and the pump behind it live on; the next cell gets a fresh
// duplicate. fmt.Print and log keep writing to the pipes themselves.
type cellStdio struct {
	stdout, stderr *os.File      // the cell's current duplicates
	outVar, errVar reflect.Value // os.Stdout and os.Stderr as the interpreter sees them
}

// shareStdio installs the duplicates in the interpreter's os package (a hook in New).
func (s *Session) shareStdio(osSyms map[string]reflect.Value) error {
	c := &cellStdio{}
	c.outVar = reflect.New(reflect.TypeFor[*os.File]()).Elem()
	c.errVar = reflect.New(reflect.TypeFor[*os.File]()).Elem()
	osSyms["Stdout"], osSyms["Stderr"] = c.outVar, c.errVar
	s.stdio = c
	return s.reviveStdio()
}

// reviveStdio replaces a duplicate the last cell closed (a hook at the start of Execute).
func (s *Session) reviveStdio() error {
	c := s.stdio
	if c == nil {
		return nil
	}
	for _, d := range []struct {
		cur  **os.File
		pipe *os.File
		v    reflect.Value
	}{{&c.stdout, s.stdout.w, c.outVar}, {&c.stderr, s.stderr.w, c.errVar}} {
		if *d.cur != nil && !closed(*d.cur) {
			continue
		}
		fd, err := dup(d.pipe)
		if err != nil {
			return err
		}
		syscall.CloseOnExec(fd)
		*d.cur = os.NewFile(uintptr(fd), d.pipe.Name())
		d.v.Set(reflect.ValueOf(*d.cur))
	}
	return nil
}

// closed reports whether f has been closed (a write of nothing fails only then).
func closed(f *os.File) bool {
	_, err := f.Write(nil)
	return err != nil
}

// dup duplicates f's descriptor without switching f to blocking mode (as Fd would).
func dup(f *os.File) (int, error) {
	rc, err := f.SyscallConn()
	if err != nil {
		return -1, err
	}
	fd, derr := -1, error(nil)
	if err := rc.Control(func(p uintptr) { fd, derr = syscall.Dup(int(p)) }); err != nil {
		return -1, err
	}
	return fd, derr
}

// closeStdio closes the duplicates (a hook in Close), so the pumps see the end.
func (s *Session) closeStdio() {
	if c := s.stdio; c != nil {
		for _, f := range []*os.File{c.stdout, c.stderr} {
			if f != nil {
				f.Close()
			}
		}
	}
}
