package main

import (
	"fmt"
	"regexp"
)

func main() {
	re := regexp.MustCompile(`(\w+)@(\w+)\.com`)
	s := "alice@example.com, bob@test.com"
	fmt.Println(re.MatchString(s))
	fmt.Println(re.FindString(s))
	fmt.Println(re.FindAllString(s, -1))
	fmt.Println(re.FindStringSubmatch(s))
	fmt.Println(re.ReplaceAllString(s, "$2:$1"))
	digits := regexp.MustCompile(`\d+`)
	fmt.Println(digits.FindAllStringIndex("a1b22c333", -1))
	fmt.Println(digits.Split("a1b22c", -1))
}
