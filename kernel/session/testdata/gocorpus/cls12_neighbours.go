package main

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

type Counter struct{ n int }

func (c *Counter) Inc() int { c.n++; return c.n }
func (c Counter) Get() int  { return c.n }

func fib(n int) int {
	a, b := 0, 1
	for i := 0; i < n; i++ {
		a, b = b, a+b
	}
	return a
}

func parse(s string) (n int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	if s == "" {
		panic("empty")
	}
	return strconv.Atoi(s)
}

func minMax(xs []int) (lo, hi int) {
	lo, hi = xs[0], xs[0]
	for _, x := range xs[1:] {
		lo, hi = min(lo, x), max(hi, x)
	}
	return
}

type pair struct {
	k string
	v int
}

func main() {
	a := []int{5, 2, 8, 1}
	for i, j := 0, len(a)-1; i < j; i, j = i+1, j-1 {
		a[i], a[j] = a[j], a[i]
	}
	fmt.Println(a, fib(10))
	lo, hi := minMax(a)
	fmt.Println(lo, hi)
	n, err := parse("")
	fmt.Println(n, err)
	n, err = parse("42")
	fmt.Println(n, err)
	c := &Counter{}
	inc := c.Inc
	inc()
	inc()
	get := c.Get
	c.Inc()
	fmt.Println(c.n, get())
	var p pair
	p.k, p.v = strings.ToUpper("x"), len("abc")
	fmt.Println(p)
	m := map[string]int{"a": 1, "b": 2}
	if v, ok := m["b"]; ok {
		fmt.Println("b", v)
	}
	keys := make([]string, 0)
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Println(keys)
	var fs []func() int
	for i := range 3 {
		fs = append(fs, func() int { return i * i })
	}
	for _, f := range fs {
		fmt.Print(f(), " ")
	}
	fmt.Println()
	e1 := errors.New("first")
	var e error = e1
	if _, ok := e.(interface{ Unwrap() error }); !ok {
		fmt.Println("no unwrap")
	}
	x, y, z := 1, "two", 3.0
	x, y, z = x+1, y+"!", z*2
	fmt.Println(x, y, z)
	s := []int{}
	var ok bool
	for i := 0; i < 3; i++ {
		s, ok = append(s, i*i), len(s) >= 0
	}
	fmt.Println(s, ok)
}
