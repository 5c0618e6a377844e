package main

import (
	"encoding/json"
	"fmt"
	"strings"
)

type Address struct {
	City string `json:"city"`
	Zip  string `json:"zip,omitempty"`
}

type User struct {
	Name    string   `json:"name"`
	Age     int      `json:"age"`
	Emails  []string `json:"emails"`
	Address *Address `json:"address,omitempty"`
	secret  string
}

func main() {
	u := User{Name: "Ann", Age: 30, Emails: []string{"a@x.org"}, Address: &Address{City: "Oslo"}, secret: "s"}
	b, err := json.Marshal(u)
	fmt.Println(string(b), err)
	b, _ = json.MarshalIndent(map[string]int{"b": 2, "a": 1}, "", "  ")
	fmt.Println(string(b))
	var back User
	err = json.Unmarshal([]byte(`{"name":"Bo","age":7,"emails":["x","y"]}`), &back)
	fmt.Println(back.Name, back.Age, back.Emails, back.Address == nil, err)
	var anyv map[string]interface{}
	json.Unmarshal([]byte(`{"n":1.5,"s":"t","l":[1,2]}`), &anyv)
	fmt.Println(anyv["n"], anyv["s"], anyv["l"])
	dec := json.NewDecoder(strings.NewReader(`{"city":"Rome"} {"city":"Paris"}`))
	for {
		var a Address
		if err := dec.Decode(&a); err != nil {
			break
		}
		fmt.Println(a.City)
	}
}
