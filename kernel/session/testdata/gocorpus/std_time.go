package main

import (
	"fmt"
	"time"
)

func main() {
	t := time.Date(2023, time.March, 15, 14, 30, 0, 0, time.UTC)
	fmt.Println(t)
	fmt.Println(t.Format("2006-01-02 15:04"), t.Weekday(), t.YearDay())
	t2 := t.Add(90 * time.Minute)
	fmt.Println(t2.Sub(t), t2.After(t), t.AddDate(0, 1, 20).Format(time.DateOnly))
	d, _ := time.ParseDuration("1h15m30.5s")
	fmt.Println(d, d.Minutes(), d.Round(time.Minute), d.Truncate(time.Hour))
	p, err := time.Parse(time.RFC3339, "2024-02-29T12:00:00Z")
	fmt.Println(p, err, p.Unix())
	fmt.Println(time.Duration(1500)*time.Microsecond, time.Unix(0, 0).UTC())
}
