// sync/atomic typed values.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

type Config struct{ Name string }

func main() {
	var n atomic.Int64
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n.Add(int64(i))
		}()
	}
	wg.Wait()
	fmt.Println(n.Load())
	var ready atomic.Bool
	fmt.Println(ready.Load(), ready.CompareAndSwap(false, true), ready.Load())
	var u atomic.Uint32
	u.Store(7)
	fmt.Println(u.Swap(9), u.Load())
	var p atomic.Pointer[Config]
	fmt.Println(p.Load() == nil)
	p.Store(&Config{Name: "first"})
	old := p.Swap(&Config{Name: "second"})
	fmt.Println(old.Name, p.Load().Name)
	var v atomic.Value
	v.Store("hello")
	fmt.Println(v.Load())
}
