package main

import (
	"fmt"
	"math/rand"
)

func main() {
	r := rand.New(rand.NewSource(1))
	fmt.Println(r.Intn(100), r.Intn(100), r.Float64() < 1)
	p := r.Perm(5)
	fmt.Println(len(p))
	s := []int{1, 2, 3, 4}
	r.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
	sum := 0
	for _, v := range s {
		sum += v
	}
	fmt.Println(sum)
}
