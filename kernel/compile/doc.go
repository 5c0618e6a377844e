// Package compile builds Go packages as plugins linked against the running program and
// loads them, so code written in a cell runs as compiled Go.
//
// A Builder is tied to the program that made it: a plugin can only be loaded by a
// program built from the same sources with the same toolchain and flags, so the
// Builder builds in a module that requires petri's own source tree (found where this
// program was built from) at exactly the versions petri was built with. Each package
// is content-addressed: its import path is petricell/c<hash of its files>, so two
// different sources never claim the same path, and a package built once — in this
// process or an earlier one — is loaded from the cache without building again.
//
//	b, err := compile.New()
//	if err != nil {
//		// err is an *UnavailableError saying why (no cgo, no go command, a petri
//		// built with -trimpath, ...); run the code some other way.
//	}
//	pkg, err := b.Build(ctx, map[string]string{"cell.go": src})
//	f := pkg.Symbols["sum"] // the reflect.Value of every name the source exports in Petri_symbols
//
// The source must be package cell and declare
//
//	var Petri_symbols = map[string]reflect.Value{...}
//
// naming what the loader may use; a later package reaches an earlier one by importing
// its Path. BuildProgram builds a whole program instead: package main, with the same
// Petri_symbols, loaded as the plugin itself. Plugins cannot be unloaded: every distinct package built stays in memory
// for the life of the process (see Builder.Loaded).
//
// Package compile knows nothing of cells, notebooks or interpreters; package session
// decides what to compile and how to name it. Package rt holds the few functions
// compiled cells call instead of ones that would escape the session (os.Exit, the
// print builtins, the process's own standard output).
package compile
