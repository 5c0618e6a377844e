// Known gap: the interpreter loses the index and the length of an out-of-range
// index by the time it panics, so the message lacks Go's "[5] with length 3".
package main

import "fmt"

func main() {
	defer func() { fmt.Println(recover()) }()
	s := []int{1, 2, 3}
	i := 5
	fmt.Println(s[i])
}
