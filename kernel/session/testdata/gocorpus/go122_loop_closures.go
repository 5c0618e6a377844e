package main

import "fmt"

func main() {
	done := make(chan bool)
	values := []string{"a", "b", "c"}
	results := make([]string, len(values))
	for i, v := range values {
		go func() {
			results[i] = v + v
			done <- true
		}()
	}
	for range values {
		<-done
	}
	fmt.Println(results)
}
