package modern

import (
	"go/ast"
	"go/types"
)

// detached returns a copy of a global for one cell's package scope.
//
// Scope.Insert makes the scope the parent of an object that has none, and an object
// keeps its parent for good. Inserting the objects of earlier cells themselves into
// each new cell's scope chained every cell's scope (with its dozens of package names)
// to the next: a variable redefined in every cell kept all earlier cells' scopes live
// (issue 12 item 9). A fresh variable, function or constant per cell pins nothing;
// a type name is inserted as it is (a cell's uses of a type must be that type), which
// keeps only the scope of the cell that declared it.
func detached(obj types.Object, pkg *types.Package) types.Object {
	if obj.Pkg() == nil || obj.Pkg().Path() != pkg.Path() {
		return obj
	}
	switch o := obj.(type) {
	case *types.Var:
		return types.NewVar(o.Pos(), pkg, o.Name(), o.Type())
	case *types.Func:
		return types.NewFunc(o.Pos(), pkg, o.Name(), o.Type().(*types.Signature))
	case *types.Const:
		return types.NewConst(o.Pos(), pkg, o.Name(), o.Type(), o.Val())
	}
	return obj
}

// usedNames returns every identifier in files. A cell's package scope gets only the
// globals and package names it mentions: each function a cell declares keeps that
// scope alive (its signature's parameters point into it), so a scope holding every
// global made n cells cost n² entries.
func usedNames(files ...*ast.File) map[string]bool {
	used := map[string]bool{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				used[id.Name] = true
			}
			return true
		})
	}
	return used
}
