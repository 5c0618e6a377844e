package session

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"github.com/petri-mea/petri/kernel/cell"
)

// A whole program (Options.Program: `petri script` of a Go file with a package
// clause) is built whole, as `go build` builds it: its variables, init functions,
// generic functions and types, methods and main all go into one compiled package,
// and the interpreter sees only main. Nothing of it stays interpreted, so nothing of
// it can mean anything else than Go means: the interpreter's gaps (issue 14) do not
// reach a script that compiles. A program that cannot be built whole (compilation
// unavailable or off, a function without a body, an escape such as log.Fatal, a
// package compiled code cannot import) runs as cells do, and the reasons are kept
// in the cell's note (printed when compilation was forced).

// wholeProgram reports whether the running cell is to be planned as a whole program:
// the first cell of a Program session, with declarations and no statements.
func (s *Session) wholeProgram(pc *cell.Parsed) bool {
	return s.opts.Program && s.count == 1 && pc.Decls != nil && (pc.Body == nil || len(pc.Body.List) == 0)
}

// planWhole plans pc's declarations as one compiled package, or returns nil with
// p.skipped saying why it cannot be.
func (p *planner) planWhole() *compileUnit {
	p.cands, p.here, p.varOwner = map[string]*candidate{}, map[types.Object]bool{}, map[string]string{}
	var methods []*ast.FuncDecl
	for i, d := range p.pc.Decls.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Body == nil {
				p.skipped = append(p.skipped, "func "+d.Name.Name+" has no body (it is implemented outside Go)")
				return nil
			}
			if d.Recv != nil {
				methods = append(methods, d)
				continue
			}
			if obj := p.info.Defs[d.Name]; obj != nil {
				p.here[obj] = true
			}
			name := d.Name.Name
			if name == "init" || name == "_" {
				name = fmt.Sprintf("%s·%d", name, i) // there may be many
			}
			p.add(&candidate{name: name, fn: d, hidden: name != mainName})
		case *ast.GenDecl:
			for j, sp := range d.Specs {
				switch sp := sp.(type) {
				case *ast.TypeSpec:
					if obj := p.info.Defs[sp.Name]; obj != nil {
						p.here[obj] = true
					}
					name := sp.Name.Name
					if name == "_" {
						name = fmt.Sprintf("_·%d·%d", i, j)
					}
					p.add(&candidate{name: name, spec: sp, hidden: true})
				case *ast.ValueSpec:
					if d.Tok == token.CONST {
						for _, n := range sp.Names {
							if obj := p.info.Defs[n]; obj != nil {
								p.here[obj] = true
							}
						}
						if j == 0 {
							p.add(&candidate{name: fmt.Sprintf("const·%d", i), constDecl: d, hidden: true})
						}
						continue
					}
					key := fmt.Sprintf("var·%d·%d", i, j)
					for _, n := range sp.Names {
						if obj := p.info.Defs[n]; obj != nil {
							p.here[obj] = true
						}
						if n.Name != "_" {
							p.varOwner[n.Name] = key
						}
					}
					p.add(&candidate{name: key, vspec: sp, hidden: true})
				}
			}
		}
	}
	for _, m := range methods {
		cd := p.cands[recvName(m.Recv.List[0].Type)]
		if cd == nil || cd.spec == nil {
			p.skipped = append(p.skipped, "method "+m.Name.Name+" has no type declared in the program")
			return nil
		}
		cd.methods = append(cd.methods, m)
	}
	if p.cands[mainName] == nil {
		p.skipped = append(p.skipped, "the program has no func main")
		return nil
	}
	for _, name := range p.order {
		cd := p.cands[name]
		switch {
		case cd.constDecl != nil:
			p.scan(cd, cd.constDecl)
		case cd.vspec != nil:
			p.scan(cd, cd.vspec)
		case cd.spec != nil:
			p.scan(cd, cd.spec.Type)
			if cd.spec.TypeParams != nil {
				p.scan(cd, cd.spec.TypeParams)
			}
			for _, m := range cd.methods {
				p.scan(cd, m)
			}
		default:
			p.scan(cd, cd.fn)
		}
	}
	p.propagate()
	var chosen []*candidate
	for _, name := range p.order {
		cd := p.cands[name]
		if cd.blocked != "" {
			p.skipped = append(p.skipped, strings.SplitN(name, "·", 2)[0]+": "+cd.blocked)
		}
		chosen = append(chosen, cd)
	}
	if len(p.skipped) > 0 {
		return nil
	}
	p.findRecursion(chosen)
	u := &compileUnit{whole: true, types: map[string][]string{}, deps: map[string]string{}, funcs: []string{mainName}}
	for _, cd := range chosen {
		if cd.vspec == nil && cd.consts == nil && !strings.Contains(cd.name, "·") {
			u.all = append(u.all, strings.TrimPrefix(cd.name, "__petri_"))
		}
	}
	sort.Strings(u.all)
	u.files = map[string]string{"cell.go": p.source(chosen, u)}
	u.decls = p.pc.Decls.Decls
	return u
}

// isStd reports whether path is a standard-library package: compiled code can import
// any of them, also those the interpreter has no table of.
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".") && !strings.HasPrefix(path, "petri")
}
