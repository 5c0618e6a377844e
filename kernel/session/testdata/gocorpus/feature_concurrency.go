// Goroutines, channels, select, sync, time and context.
package main

import (
	"context"
	"fmt"
	"sync"
	"time"
)

func producer(ctx context.Context, out chan<- int) {
	defer close(out)
	for i := 0; ; i++ {
		select {
		case <-ctx.Done():
			return
		case out <- i:
		}
	}
}

func worker(id int, jobs <-chan int, results chan<- string, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		results <- fmt.Sprintf("job %d squared %d", j, j*j)
	}
	_ = id
}

func main() {
	ch := make(chan string)
	go func() { ch <- "ping" }()
	fmt.Println(<-ch)

	buf := make(chan int, 3)
	buf <- 1
	buf <- 2
	close(buf)
	for v := range buf {
		fmt.Print(v, " ")
	}
	fmt.Println()

	jobs := make(chan int, 5)
	results := make(chan string, 5)
	var wg sync.WaitGroup
	for w := 1; w <= 3; w++ {
		wg.Add(1)
		go worker(w, jobs, results, &wg)
	}
	for j := 1; j <= 5; j++ {
		jobs <- j
	}
	close(jobs)
	wg.Wait()
	close(results)
	count := 0
	for range results {
		count++
	}
	fmt.Println("results:", count)

	ctx, cancel := context.WithCancel(context.Background())
	nums := make(chan int)
	go producer(ctx, nums)
	sum := 0
	for v := range nums {
		sum += v
		if v == 10 {
			cancel()
			break
		}
	}
	fmt.Println("sum", sum)

	timeout := time.After(50 * time.Millisecond)
	never := make(chan int)
	select {
	case <-never:
		fmt.Println("impossible")
	case <-timeout:
		fmt.Println("timed out")
	}

	var once sync.Once
	for i := 0; i < 3; i++ {
		once.Do(func() { fmt.Println("once") })
	}
	var mu sync.Mutex
	counter := 0
	var wg2 sync.WaitGroup
	for i := 0; i < 100; i++ {
		wg2.Add(1)
		go func() {
			defer wg2.Done()
			mu.Lock()
			counter++
			mu.Unlock()
		}()
	}
	wg2.Wait()
	fmt.Println("counter", counter)
	ctx2, cancel2 := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel2()
	<-ctx2.Done()
	fmt.Println(ctx2.Err())
	d := 1500 * time.Millisecond
	fmt.Println(d, d.Seconds())
	t0 := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	fmt.Println(t0.Add(36*time.Hour).Format(time.RFC3339), t0.Weekday())
}
