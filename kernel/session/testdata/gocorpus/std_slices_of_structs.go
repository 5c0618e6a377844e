package main

import (
	"fmt"
	"sort"
	"strings"
)

type Employee struct {
	Name   string
	Dept   string
	Salary float64
}

func main() {
	staff := []Employee{
		{"Ann", "eng", 120}, {"Bob", "ops", 90}, {"Cid", "eng", 110}, {"Dee", "ops", 95},
	}
	byDept := map[string][]Employee{}
	for _, e := range staff {
		byDept[e.Dept] = append(byDept[e.Dept], e)
	}
	depts := make([]string, 0, len(byDept))
	for d := range byDept {
		depts = append(depts, d)
	}
	sort.Strings(depts)
	for _, d := range depts {
		total := 0.0
		var names []string
		for _, e := range byDept[d] {
			total += e.Salary
			names = append(names, e.Name)
		}
		fmt.Printf("%s: %s avg %.1f\n", d, strings.Join(names, ","), total/float64(len(byDept[d])))
	}
}
