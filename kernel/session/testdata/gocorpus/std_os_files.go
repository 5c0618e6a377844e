package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	dir, err := os.MkdirTemp("", "corpus")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	p := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(p, []byte("alpha\nbeta\n"), 0o644); err != nil {
		panic(err)
	}
	b, err := os.ReadFile(p)
	fmt.Printf("%q %v\n", b, err)
	f, _ := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("gamma\n")
	f.Close()
	b, _ = os.ReadFile(p)
	fmt.Println(strings.Count(string(b), "\n"))
	fi, _ := os.Stat(p)
	fmt.Println(fi.Name(), fi.Size(), fi.IsDir())
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		fmt.Println(e.Name())
	}
	_, err = os.Stat(filepath.Join(dir, "missing"))
	fmt.Println(os.IsNotExist(err))
}
