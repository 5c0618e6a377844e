package main

import (
	"errors"
	"fmt"
	"time"
)

func kind(v any) string {
	switch v.(type) {
	case error:
		return "error"
	case fmt.Stringer:
		return "stringer"
	case int, int64:
		return "integer"
	case nil:
		return "nil"
	}
	return "other"
}

func main() {
	i := 2
	switch i {
	case 1:
		fmt.Println("one")
	case 2:
		fmt.Println("two")
	}
	switch time.Now().Weekday() {
	case time.Saturday, time.Sunday:
		fmt.Println("weekend or not")
	default:
		fmt.Println("weekend or not")
	}
	t := 13
	switch {
	case t < 12:
		fmt.Println("before noon")
	default:
		fmt.Println("after noon")
	}
	var x any = errors.New("boom")
	switch v := x.(type) {
	case error:
		fmt.Println("error:", v)
	case string:
		fmt.Println("string")
	}
	fmt.Println(kind(errors.New("e")), kind(time.Second), kind(3), kind(nil), kind(2.5))
	whatAmI := func(i interface{}) {
		switch t := i.(type) {
		case bool:
			fmt.Println("I'm a bool")
		case int:
			fmt.Println("I'm an int")
		default:
			fmt.Printf("Don't know type %T\n", t)
		}
	}
	whatAmI(true)
	whatAmI(1)
	whatAmI("hey")
}
