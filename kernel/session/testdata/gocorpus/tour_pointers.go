package main

import "fmt"

type Vertex struct{ X, Y int }

func main() {
	i, j := 42, 2701
	p := &i
	fmt.Println(*p)
	*p = 21
	fmt.Println(i)
	p = &j
	*p = *p / 37
	fmt.Println(j)
	v := Vertex{1, 2}
	q := &v
	q.X = 1e9
	fmt.Println(v)
	var (
		v1 = Vertex{1, 2}
		v2 = Vertex{X: 1}
		v3 = Vertex{}
		pp = &Vertex{1, 2}
	)
	fmt.Println(v1, v2, v3, *pp)
}
