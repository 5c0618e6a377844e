package main

import (
	"bytes"
	"fmt"
	"os"
)

func main() {
	var b bytes.Buffer
	b.Write([]byte("Hello "))
	fmt.Fprintf(&b, "world! %d", 42)
	b.WriteTo(os.Stdout)
	fmt.Println()
	buf := bytes.NewBufferString("line1\nline2\n")
	line, _ := buf.ReadString('\n')
	fmt.Printf("%q %q\n", line, buf.String())
	fmt.Println(bytes.Equal([]byte("a"), []byte("a")), bytes.Contains([]byte("seafood"), []byte("foo")))
	fmt.Println(string(bytes.ToUpper([]byte("gopher"))), bytes.Fields([]byte(" a b ")))
}
