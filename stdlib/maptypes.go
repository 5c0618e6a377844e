package stdlib

// MapTypes tells the interpreter which interfaces a value of a cell-declared type must
// be wrapped in when it is passed to a compiled function taking interface{} that looks
// for them (fmt looks for Formatter, error and Stringer, encoding/json for Marshaler
// ...). Without it the compiled function sees a plain struct and never calls the
// cell's String, Error or MarshalJSON. Functions taking a named interface (sort.Sort,
// plot.Add) need no entry: the interpreter wraps values for those by itself.

import (
	"encoding"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"log"
	"reflect"
)

func init() {
	typeOf := func(p any) reflect.Type { return reflect.TypeOf(p).Elem() }
	printing := []reflect.Type{
		typeOf((*fmt.Formatter)(nil)),
		typeOf((*error)(nil)),
		typeOf((*fmt.Stringer)(nil)),
		typeOf((*fmt.GoStringer)(nil)),
	}
	for _, f := range []any{
		fmt.Errorf, fmt.Fprint, fmt.Fprintf, fmt.Fprintln, fmt.Print, fmt.Printf, fmt.Println,
		fmt.Sprint, fmt.Sprintf, fmt.Sprintln, fmt.Append, fmt.Appendf, fmt.Appendln,
		log.Fatal, log.Fatalf, log.Fatalln, log.Panic, log.Panicf, log.Panicln,
		log.Print, log.Printf, log.Println,
	} {
		MapTypes[reflect.ValueOf(f)] = printing
	}
	scanning := []reflect.Type{typeOf((*fmt.Scanner)(nil))}
	for _, f := range []any{fmt.Scan, fmt.Scanf, fmt.Scanln, fmt.Sscan, fmt.Sscanf, fmt.Sscanln, fmt.Fscan, fmt.Fscanf, fmt.Fscanln} {
		MapTypes[reflect.ValueOf(f)] = scanning
	}
	marshal := []reflect.Type{typeOf((*json.Marshaler)(nil)), typeOf((*encoding.TextMarshaler)(nil))}
	for _, f := range []any{json.Marshal, json.MarshalIndent} {
		MapTypes[reflect.ValueOf(f)] = marshal
	}
	unmarshal := []reflect.Type{typeOf((*json.Unmarshaler)(nil)), typeOf((*encoding.TextUnmarshaler)(nil))}
	for _, f := range []any{json.Unmarshal} {
		MapTypes[reflect.ValueOf(f)] = unmarshal
	}
	MapTypes[reflect.ValueOf(xml.Marshal)] = []reflect.Type{typeOf((*xml.Marshaler)(nil)), typeOf((*encoding.TextMarshaler)(nil))}
	MapTypes[reflect.ValueOf(xml.MarshalIndent)] = MapTypes[reflect.ValueOf(xml.Marshal)]
	MapTypes[reflect.ValueOf(xml.Unmarshal)] = []reflect.Type{typeOf((*xml.Unmarshaler)(nil)), typeOf((*encoding.TextUnmarshaler)(nil))}
	errs := []reflect.Type{typeOf((*error)(nil))}
	MapTypes[reflect.ValueOf(errors.Join)] = errs
}
