package main

import (
	"fmt"
	"sync"
)

type Pt struct{ X int }

func (p Pt) Show(out chan<- string) { out <- fmt.Sprint("pt ", p.X) }

func main() {
	var wg sync.WaitGroup
	results := make([]int, 3)
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			results[k] = k * 10
		}(i)
	}
	wg.Wait()
	fmt.Println(results)
	ch := make(chan string, 1)
	p := Pt{1}
	go p.Show(ch)
	fmt.Println(<-ch)
	x := 5
	done := make(chan int)
	go func(v int) { done <- v }(x)
	x = 6
	fmt.Println(<-done, x)
	var mu sync.Mutex
	total := 0
	for i := 1; i <= 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			total += i
		}()
	}
	wg.Wait()
	fmt.Println(total)
}
