package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"strings"
)

func main() {
	in := "first_name,last_name\n\"Rob\",\"Pike\"\nKen,Thompson\n"
	r := csv.NewReader(strings.NewReader(in))
	records, err := r.ReadAll()
	fmt.Println(records, err)
	w := csv.NewWriter(os.Stdout)
	w.Write([]string{"a", "b,c", "d\"e"})
	w.Flush()
}
