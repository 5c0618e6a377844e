// Parallel assignments in if/for/switch headers and for post statements, and range
// loops that assign to index and selector expressions or existing variables.
package main

import "fmt"

func two() (int, int) { return 3, 4 }
func next(j int) int  { return j - 1 }
func six() int        { return 6 }

type P struct{ a, b int }

func main() {
	var s []int
	ok := false
	for s, ok = append(s, 1), true; ok && len(s) < 3; s, ok = append(s, len(s)), len(s) < 5 {
	}
	fmt.Println(s, ok)
	n := 0
	if n, s = 1, append(s, 10); n > 0 {
		fmt.Println(n, s)
	}
	switch n, s = len(s), append(s, 11); n {
	case 4:
		fmt.Println("four", s)
	default:
		fmt.Println("n", n, s)
	}
	x, y := 0, 0
	for x, y = two(); x < 5; x, y = x+1, y+x {
	}
	fmt.Println(x, y)
	var fns []func() int
	for i, j := 0, six(); i < j; i, j = i+1, next(j) {
		fns = append(fns, func() int { return i*10 + j })
	}
	for _, fn := range fns {
		fmt.Print(fn(), " ")
	}
	fmt.Println()
	for a, b := six(), next(3); a > b; a, b = next(a), b+1 {
		fmt.Print(a, b, ";")
	}
	fmt.Println()

	var t P
	arr := []int{0, 0, 0}
	j := 0
	for arr[j], t.a = range []int{7, 8} {
		j++
	}
	fmt.Println(arr, t, j)
	mm := map[int]string{}
	for mm[len(mm)], t.b = range map[string]int{"z": 9} {
	}
	fmt.Println(mm, t)
	p := &t
	for p.a = range 4 {
	}
	fmt.Println(t)
	ch := make(chan int, 3)
	ch <- 5
	ch <- 6
	close(ch)
	for arr[2] = range ch {
	}
	fmt.Println(arr)
	i := 0
	a := []int{1, 2, 3}
	for i, a[i] = range []int{9, 8, 7} {
	}
	fmt.Println(i, a)
	ps := []P{{}, {}}
	var k int
L:
	for k, ps[k].b = range []int{4, 5} {
		if k > 5 {
			break L
		}
		continue L
	}
	fmt.Println(ps, k)
	var str string
	for _, str = range []string{"a", "b"} {
	}
	var rs [4]rune
	for i, rs[i] = range "héé" {
	}
	fmt.Println(str, rs, i)
	count := 0
	for _, _ = range map[int]int{1: 1, 2: 2} {
		count++
	}
	for _ = range "abc" {
		count++
	}
	fmt.Println(count)
}
