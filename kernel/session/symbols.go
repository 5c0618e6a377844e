package session

import "reflect"

// SetSymbol replaces the exported symbol name of the compiled package path (say
// "time", "After") as cells see it, for cells compiled from now on. A program that
// embeds a session uses it to watch what cells call (petri script watches timers).
// It panics if the package is not loaded.
func (s *Session) SetSymbol(path, name string, v reflect.Value) {
	syms := s.in.Symbols(path)[path]
	if syms == nil {
		panic("session: SetSymbol: package " + path + " is not loaded")
	}
	syms[name] = v
}
