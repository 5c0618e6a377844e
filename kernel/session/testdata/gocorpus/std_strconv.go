package main

import (
	"fmt"
	"strconv"
)

func main() {
	i, err := strconv.Atoi("-42")
	fmt.Println(i, err)
	_, err = strconv.Atoi("abc")
	fmt.Println(err)
	fmt.Println(strconv.Itoa(99) + "!")
	f, _ := strconv.ParseFloat("3.1415", 64)
	fmt.Println(f)
	b, _ := strconv.ParseBool("true")
	fmt.Println(b)
	n, _ := strconv.ParseInt("ff", 16, 64)
	fmt.Println(n)
	fmt.Println(strconv.FormatInt(255, 2), strconv.Quote("hi\n"), strconv.FormatFloat(1.5, 'e', 3, 64))
	u, err := strconv.Unquote(`"a\tb"`)
	fmt.Printf("%q %v\n", u, err)
}
