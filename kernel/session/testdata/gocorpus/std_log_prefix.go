package main

import (
	"log"
	"os"
)

func main() {
	l := log.New(os.Stdout, "app: ", 0)
	l.Println("starting")
	l.Printf("value=%d", 42)
	l.SetPrefix("db: ")
	l.Print("connected")
}
