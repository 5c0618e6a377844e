// Go 1.22: each iteration of a loop has its own variables, so closures and
// goroutines capture the value of their iteration.
package main

import (
	"fmt"
	"sort"
	"sync"
)

func main() {
	var prints []func()
	for i := 0; i < 3; i++ {
		prints = append(prints, func() { fmt.Print(i, " ") })
	}
	for _, p := range prints {
		p()
	}
	fmt.Println()

	var ptrs []*int
	for i := 0; i < 3; i++ {
		ptrs = append(ptrs, &i)
	}
	for _, p := range ptrs {
		fmt.Print(*p, " ")
	}
	fmt.Println()

	var fs []func() string
	for _, s := range []string{"a", "b", "c"} {
		fs = append(fs, func() string { return s })
	}
	for k, v := range map[string]int{"only": 1} {
		fs = append(fs, func() string { return fmt.Sprint(k, v) })
	}
	for _, f := range fs {
		fmt.Print(f(), " ")
	}
	fmt.Println()

	var mu sync.Mutex
	var wg sync.WaitGroup
	var got []int
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			got = append(got, i)
			mu.Unlock()
		}()
	}
	wg.Wait()
	sort.Ints(got)
	fmt.Println(got)

	// The body may change the variable; the next iteration starts from it.
	var seen []func() int
	for i := 0; i < 10; i++ {
		if i%2 == 0 {
			i++
			seen = append(seen, func() int { return i })
			continue
		}
		seen = append(seen, func() int { return -i })
	}
	for _, f := range seen {
		fmt.Print(f(), " ")
	}
	fmt.Println()
}
