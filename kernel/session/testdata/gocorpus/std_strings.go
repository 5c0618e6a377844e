package main

import (
	"fmt"
	"strings"
	"unicode"
)

func main() {
	s := "The quick brown fox"
	fmt.Println(strings.ToUpper(s), strings.ToLower(s))
	fmt.Println(strings.Contains(s, "quick"), strings.Index(s, "brown"), strings.Count(s, "o"))
	fmt.Println(strings.Split("a,b,c", ","), strings.Join([]string{"x", "y"}, "-"))
	fmt.Println(strings.Replace("oink oink oink", "k", "ky", 2), strings.ReplaceAll("oink oink", "oink", "moo"))
	fmt.Println(strings.TrimSpace("  hi  "), strings.Trim("xxhixx", "x"), strings.TrimPrefix("prefix-body", "prefix-"))
	fmt.Println(strings.Fields(" a  b c "), strings.Repeat("ab", 3), strings.HasSuffix(s, "fox"))
	fmt.Println(strings.Map(func(r rune) rune {
		if unicode.IsUpper(r) {
			return unicode.ToLower(r)
		}
		return unicode.ToUpper(r)
	}, "Hello World"))
	before, after, found := strings.Cut("key=value", "=")
	fmt.Println(before, after, found)
	var b strings.Builder
	for i := 0; i < 3; i++ {
		fmt.Fprintf(&b, "%d...", i)
	}
	b.WriteString("ignition")
	fmt.Println(b.String())
	fmt.Println(strings.EqualFold("Go", "GO"), strings.Title("x") != "", strings.LastIndex("go gopher", "go"))
}
