package main

import (
	"fmt"
	"sync"
)

type Cache struct {
	mu sync.RWMutex
	m  map[string]int
}

func (c *Cache) Get(k string) (int, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.m[k]
	return v, ok
}

func (c *Cache) Set(k string, v int) {
	c.mu.Lock()
	c.m[k] = v
	c.mu.Unlock()
}

func main() {
	c := &Cache{m: map[string]int{}}
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func(n int) {
			defer wg.Done()
			c.Set(fmt.Sprint(n%3), n)
		}(i)
	}
	wg.Wait()
	_, ok := c.Get("1")
	fmt.Println(len(c.m), ok)
	var sm sync.Map
	sm.Store("a", 1)
	v, _ := sm.Load("a")
	fmt.Println(v)
	pool := sync.Pool{New: func() any { return new(int) }}
	p := pool.Get().(*int)
	*p = 5
	fmt.Println(*p)
	get := sync.OnceValue(func() int { fmt.Println("computing"); return 42 })
	fmt.Println(get(), get())
}
