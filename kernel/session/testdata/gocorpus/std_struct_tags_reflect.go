package main

import (
	"fmt"
	"reflect"
)

type Config struct {
	Host string `env:"HOST" default:"localhost"`
	Port int    `env:"PORT" default:"8080"`
}

func main() {
	t := reflect.TypeOf(Config{})
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		fmt.Println(f.Name, f.Type, f.Tag.Get("env"), f.Tag.Get("default"))
	}
	v := reflect.ValueOf(&Config{}).Elem()
	v.Field(1).SetInt(9000)
	fmt.Println(v.Interface())
	fmt.Println(reflect.DeepEqual([]int{1, 2}, []int{1, 2}), reflect.ValueOf(3.5).Kind())
}
