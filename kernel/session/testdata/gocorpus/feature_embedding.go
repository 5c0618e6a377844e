// Struct embedding, promoted methods and fields, interface embedding.
package main

import "fmt"

type Animal struct {
	Name string
}

func (a Animal) Describe() string { return "I am " + a.Name }

func (a *Animal) Rename(n string) { a.Name = n }

type Dog struct {
	Animal
	Breed string
}

func (d Dog) Speak() string { return d.Name + " says woof" }

type Speaker interface{ Speak() string }

type Describer interface{ Describe() string }

type Pet interface {
	Speaker
	Describer
}

type Logger struct {
	prefix string
	lines  []string
}

func (l *Logger) Log(s string) { l.lines = append(l.lines, l.prefix+s) }

type Service struct {
	*Logger
	Name string
}

func main() {
	d := Dog{Animal{"Rex"}, "collie"}
	fmt.Println(d.Describe(), "/", d.Speak(), "/", d.Animal.Name)
	d.Rename("Max")
	fmt.Println(d.Name)
	p := Pet(d)
	fmt.Println(p.Speak(), p.Describe())
	s := Service{&Logger{prefix: "> "}, "api"}
	s.Log("start")
	s.Log("stop")
	fmt.Println(s.lines)
	fmt.Printf("%+v\n", d)
}
