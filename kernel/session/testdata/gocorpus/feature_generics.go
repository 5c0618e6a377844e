// Generics written in cells: functions, types, methods, inference (also through
// core types and untyped constants), constraints from cmp and x/exp style.
package main

import (
	"cmp"
	"fmt"
	"strings"
)

type Number interface {
	~int | ~int64 | ~float64
}

func Sum[T Number](xs ...T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

func Map[S ~[]E, E, R any](s S, f func(E) R) []R {
	out := make([]R, 0, len(s))
	for _, v := range s {
		out = append(out, f(v))
	}
	return out
}

func Filter[T any](s []T, keep func(T) bool) []T {
	var out []T
	for _, v := range s {
		if keep(v) {
			out = append(out, v)
		}
	}
	return out
}

func Reduce[T, A any](s []T, init A, f func(A, T) A) A {
	acc := init
	for _, v := range s {
		acc = f(acc, v)
	}
	return acc
}

func MaxOf[T cmp.Ordered](first T, rest ...T) T {
	m := first
	for _, v := range rest {
		if v > m {
			m = v
		}
	}
	return m
}

type Stack[T any] struct {
	items []T
}

func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }

func (s *Stack[T]) Pop() (T, bool) {
	var zero T
	if len(s.items) == 0 {
		return zero, false
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v, true
}

func (s *Stack[T]) Len() int { return len(s.items) }

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

func (p Pair[K, V]) String() string { return fmt.Sprintf("%v=%v", p.Key, p.Val) }

type Meters float64

type IDs []int

func main() {
	fmt.Println(Sum(1, 2, 3), Sum(1.5, 2.5), Sum[Meters](1, 2))
	fmt.Println(Map([]int{1, 2, 3}, func(i int) string { return strings.Repeat("*", i) }))
	fmt.Println(Map(IDs{4, 5}, func(i int) int { return i * 2 }))
	fmt.Println(Filter([]string{"go", "", "yaegi"}, func(s string) bool { return s != "" }))
	fmt.Println(Reduce([]int{1, 2, 3, 4}, "", func(a string, v int) string { return a + fmt.Sprint(v) }))
	fmt.Println(MaxOf(3, 9, 2), MaxOf("b", "a"), MaxOf(2.5, 1))
	s := &Stack[string]{}
	s.Push("a")
	s.Push("b")
	v, ok := s.Pop()
	fmt.Println(v, ok, s.Len())
	p := Pair[string, int]{"x", 1}
	fmt.Println(p.String())
	var total Meters = Sum[Meters](1.5, 2)
	fmt.Println(total)
}
