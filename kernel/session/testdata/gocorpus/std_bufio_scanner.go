package main

import (
	"bufio"
	"fmt"
	"strings"
)

func main() {
	input := "one two\nthree four five\nsix"
	sc := bufio.NewScanner(strings.NewReader(input))
	n := 0
	for sc.Scan() {
		n++
		fmt.Printf("%d: %s\n", n, sc.Text())
	}
	ws := bufio.NewScanner(strings.NewReader(input))
	ws.Split(bufio.ScanWords)
	count := 0
	for ws.Scan() {
		count++
	}
	fmt.Println("words:", count)
	r := bufio.NewReader(strings.NewReader("abc;def"))
	s, _ := r.ReadString(';')
	fmt.Println(s)
}
