package main

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

func main() {
	s := "Hello, 世界!"
	fmt.Println(len(s), utf8.RuneCountInString(s))
	r, size := utf8.DecodeRuneInString("世界")
	fmt.Println(string(r), size)
	for _, c := range "aZ9 !" {
		fmt.Print(unicode.IsLetter(c), unicode.IsDigit(c), unicode.IsSpace(c), " ")
	}
	fmt.Println()
	b := []byte("€")
	fmt.Println(b, utf8.Valid(b), utf8.RuneLen('€'))
	rs := []rune(s)
	fmt.Println(len(rs), string(rs[7:9]))
}
