package main

import "fmt"

type Perm uint8

const (
	Read Perm = 1 << iota
	Write
	Exec
)

type Weekday int

const (
	Sunday Weekday = iota
	Monday
	Tuesday
)

func (p Perm) Has(q Perm) bool { return p&q != 0 }

func main() {
	p := Read | Exec
	fmt.Println(p, p.Has(Write), p.Has(Exec), Read, Write, Exec)
	p &^= Exec
	fmt.Printf("%03b\n", p)
	fmt.Println(Sunday, Monday, Tuesday)
}
