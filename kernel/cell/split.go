package cell

import (
	"fmt"
	"go/scanner"
	"go/token"
)

// Kind is the kind of a top-level segment of a cell.
type Kind int

const (
	Stmt   Kind = iota // a statement, run in order at top level
	Import             // an import declaration
	Decl               // a package-level func, method, type, var or const declaration
)

func (k Kind) String() string {
	switch k {
	case Stmt:
		return "stmt"
	case Import:
		return "import"
	case Decl:
		return "decl"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Segment is a top-level piece of a cell: src[Start:End].
type Segment struct {
	Kind       Kind
	Start, End int
}

// token is one scanned token with its byte offset.
type tok struct {
	off int
	tok token.Token
	lit string
}

// Split cuts src into top-level segments. Adjacent statements are merged into one
// segment. It reports scanner errors (an unterminated string, say) with the cell's
// line and column.
func Split(name, src string) ([]Segment, error) {
	fset := token.NewFileSet()
	file := fset.AddFile(name, -1, len(src))
	var errs scanner.ErrorList
	var s scanner.Scanner
	s.Init(file, []byte(src), func(pos token.Position, msg string) { errs.Add(pos, msg) }, 0)
	var toks []tok
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		toks = append(toks, tok{file.Offset(pos), t, lit})
	}
	if len(errs) > 0 {
		return nil, errs.Err()
	}

	var segs []Segment
	add := func(k Kind, start, end int) {
		if n := len(segs); n > 0 && k == Stmt && segs[n-1].Kind == Stmt {
			segs[n-1].End = end
			return
		}
		segs = append(segs, Segment{k, start, end})
	}
	for i := 0; i < len(toks); {
		if toks[i].tok == token.SEMICOLON {
			i++
			continue
		}
		k := kindAt(toks, i)
		// The segment runs to the next semicolon at depth 0.
		depth, j := 0, i
		for ; j < len(toks); j++ {
			switch toks[j].tok {
			case token.LPAREN, token.LBRACE, token.LBRACK:
				depth++
			case token.RPAREN, token.RBRACE, token.RBRACK:
				depth--
			case token.SEMICOLON:
				if depth <= 0 {
					goto end
				}
			}
		}
	end:
		endOff := len(src)
		if j < len(toks) {
			endOff = toks[j].off
			if toks[j].lit == ";" {
				endOff++ // keep an explicit semicolon with its segment
			}
		}
		add(k, toks[i].off, endOff)
		i = j + 1
	}
	return segs, nil
}

// kindAt tells what the segment starting at toks[i] is.
func kindAt(toks []tok, i int) Kind {
	switch toks[i].tok {
	case token.IMPORT:
		return Import
	case token.TYPE, token.CONST, token.VAR:
		return Decl
	case token.FUNC:
		if i+1 >= len(toks) {
			return Stmt
		}
		switch toks[i+1].tok {
		case token.IDENT:
			return Decl // func name(...)
		case token.LPAREN:
			// func (r T) Name(...) is a method; func(...) ... {...}(...) is a literal.
			depth := 0
			for j := i + 1; j < len(toks); j++ {
				switch toks[j].tok {
				case token.LPAREN:
					depth++
				case token.RPAREN:
					depth--
					if depth == 0 {
						if j+2 < len(toks) && toks[j+1].tok == token.IDENT &&
							(toks[j+2].tok == token.LPAREN || toks[j+2].tok == token.LBRACK) {
							return Decl
						}
						return Stmt
					}
				}
			}
		}
	}
	return Stmt
}
