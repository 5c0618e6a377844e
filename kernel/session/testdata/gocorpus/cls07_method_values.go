package main

import "fmt"

type Pt struct{ X, Y int }

func (p Pt) Add(q Pt) Pt    { return Pt{p.X + q.X, p.Y + q.Y} }
func (p Pt) String() string { return fmt.Sprintf("(%d,%d)", p.X, p.Y) }
func (p *Pt) Move(dx int)   { p.X += dx }

func main() {
	p := Pt{1, 2}
	f := p.String
	p.X = 100
	fmt.Println(f())
	add := Pt.Add
	fmt.Println(add(Pt{1, 1}, Pt{2, 2}))
	mv := (*Pt).Move
	mv(&p, 5)
	fmt.Println(p.X)
	g := p.Move
	g(1)
	fmt.Println(p.X)
}
