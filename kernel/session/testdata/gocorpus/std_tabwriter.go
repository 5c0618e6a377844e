package main

import (
	"fmt"
	"os"
	"text/tabwriter"
)

func main() {
	w := tabwriter.NewWriter(os.Stdout, 0, 8, 1, ' ', tabwriter.AlignRight|tabwriter.Debug)
	fmt.Fprintln(w, "a\tb\tc")
	fmt.Fprintln(w, "aaa\tbbbbb\tc")
	fmt.Fprintln(w, "aa\tb\tccccc")
	w.Flush()
	w = tabwriter.NewWriter(os.Stdout, 5, 0, 2, ' ', 0)
	fmt.Fprintln(w, "Name\tAge\tCity")
	fmt.Fprintln(w, "Alice\t30\tOslo")
	w.Flush()
}
