package main

import "fmt"

type Config struct {
	Name  string
	Scale float64
}

type Named struct {
	Config
	ID int
}

func main() {
	scale := 2.5
	base := Config{Name: "base", Scale: scale}
	n := Named{Config: base, ID: 7}
	fmt.Println(n.Name, n.Scale*2, n.ID)
	var y float64 = scale * 4
	fmt.Println(y)
}
