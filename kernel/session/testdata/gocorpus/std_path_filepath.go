package main

import (
	"fmt"
	"path"
	"path/filepath"
)

func main() {
	fmt.Println(path.Join("a", "b/../c", "/d"), path.Base("/x/y.go"), path.Ext("f.tar.gz"), path.Dir("/a/b/c"))
	fmt.Println(filepath.Join("dir", "sub", "file.txt"), filepath.Clean("/a/./b/../c/"))
	m, _ := filepath.Match("*.go", "main.go")
	fmt.Println(m)
	dir, file := filepath.Split("/home/user/notes.txt")
	fmt.Println(dir, file)
	rel, _ := filepath.Rel("/a/b", "/a/b/c/d")
	fmt.Println(rel)
}
