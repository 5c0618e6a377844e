package session

import (
	"go/ast"

	"github.com/petri-mea/petri/kernel/cell"
)

// mainName is what a cell's func main is called inside the interpreter. The
// interpreter runs a package's main after every compilation once one is declared, so
// a notebook that declares main would run it again with every later cell; renamed,
// main runs only when a cell calls it.
const mainName = "__petri_main"

// renameMain renames a package-level func main declared by the cell, and the cell's
// references to it (never the package clause).
func renameMain(pc *cell.Parsed) {
	for _, f := range []*ast.File{pc.Decls, pc.BodyFile} {
		if f == nil {
			continue
		}
		decls := f == pc.Decls
		for _, d := range f.Decls {
			ast.Inspect(d, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncDecl:
					if decls && n.Recv == nil && n.Name.Name == "main" {
						n.Name.Name = mainName
					}
				case *ast.SelectorExpr:
					ast.Inspect(n.X, renameRef)
					return false // n.Sel is a field or method name, never the func
				case *ast.Ident:
					renameRef(n)
				}
				return true
			})
		}
	}
}

func renameRef(n ast.Node) bool {
	if id, ok := n.(*ast.Ident); ok && id.Name == "main" && (id.Obj == nil || id.Obj.Kind == ast.Fun) {
		id.Name = mainName
	}
	return true
}
