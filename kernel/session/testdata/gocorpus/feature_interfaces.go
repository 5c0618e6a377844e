// Cell-declared types through compiled interfaces: fmt.Stringer, error,
// sort.Interface, json.Marshaler, encoding.TextMarshaler, io.Writer.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

type Temp float64

func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }

type Point struct{ X, Y int }

func (p Point) String() string { return fmt.Sprintf("(%d,%d)", p.X, p.Y) }

type MyErr struct{ Code int }

func (e MyErr) Error() string { return fmt.Sprintf("code %d", e.Code) }

type byLen []string

func (b byLen) Len() int           { return len(b) }
func (b byLen) Less(i, j int) bool { return len(b[i]) < len(b[j]) }
func (b byLen) Swap(i, j int)      { b[i], b[j] = b[j], b[i] }

type Color int

func (c Color) MarshalJSON() ([]byte, error) {
	return json.Marshal([]string{"red", "green"}[c])
}

type Level int

func (l Level) MarshalText() ([]byte, error) { return []byte(fmt.Sprintf("L%d", int(l))), nil }

type Item struct {
	Name  string `json:"name"`
	Color Color  `json:"color"`
}

type upper struct{ w io.Writer }

func (u upper) Write(p []byte) (int, error) {
	return u.w.Write([]byte(strings.ToUpper(string(p))))
}

func fail(code int) error {
	if code == 0 {
		return nil
	}
	return MyErr{code}
}

func main() {
	fmt.Println(Temp(21.5), Point{1, 2})
	fmt.Printf("%v %s|%+v\n", Point{3, 4}, Temp(-3), Point{5, 6})
	s := fmt.Sprint(Point{7, 8})
	fmt.Println(s, len(s))
	err := fail(42)
	fmt.Println(err)
	fmt.Println(fmt.Errorf("wrapped: %w", err))
	fmt.Println(fail(0) == nil)
	words := byLen{"banana", "kiwi", "apple", "fig"}
	sort.Sort(words)
	fmt.Println(words)
	sort.Sort(sort.Reverse(words))
	fmt.Println(words)
	b, _ := json.Marshal(Color(1))
	fmt.Println(string(b))
	b, _ = json.Marshal(Item{"ball", 0}.Name)
	fmt.Println(string(b))
	b, _ = json.Marshal(Level(3))
	fmt.Println(string(b))
	fmt.Fprintln(upper{os.Stdout}, "shout", Point{1, 1})
	var sb strings.Builder
	fmt.Fprintf(&sb, "%v", Temp(1))
	fmt.Println(sb.String())
}
