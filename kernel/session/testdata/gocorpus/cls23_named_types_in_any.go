package main

import "fmt"

// Units as named types, told apart inside an interface: Go keeps the dynamic type,
// the interpreter cannot (a Celsius is a float64 when it runs), so interpreted
// cells fail naming the types; compiled, this prints what go run prints.

type Celsius float64
type Fahrenheit float64

func describe(v any) string {
	switch t := v.(type) {
	case Celsius:
		return fmt.Sprintf("%.1f °C", float64(t))
	case Fahrenheit:
		return fmt.Sprintf("%.1f °F", float64(t))
	case float64:
		return fmt.Sprintf("%.1f (no unit)", t)
	}
	return "?"
}

func main() {
	readings := []any{Celsius(21), Fahrenheit(70), 3.5}
	for _, v := range readings {
		fmt.Println(describe(v))
	}
}
