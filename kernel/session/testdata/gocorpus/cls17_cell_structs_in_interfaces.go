// Cell struct types in compiled interfaces (error, fmt.Stringer) and in any: type
// assertions, type switches and errors.As back to the type, printing through an
// interface-typed variable, conversions and declarations with an interface type.
package main

import (
	"errors"
	"fmt"
	"log"
	"os"
)

type MyErr struct {
	Code int
	Msg  string
}

func (e MyErr) Error() string { return fmt.Sprint("code ", e.Code, " ", e.Msg) }

type Temp struct{ C float64 }

func (t Temp) String() string { return fmt.Sprintf("%.1f°C", t.C) }

type Both struct{ N int }

func (b Both) Error() string  { return "E" }
func (b Both) String() string { return "S" }

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1fC", float64(c)) }

type P struct{ X int }

func (p *P) String() string { return fmt.Sprint("P", p.X) }

var ErrBase = errors.New("base")

type Temporary struct{ code int }

func (t Temporary) Error() string        { return fmt.Sprint("temporary ", t.code) }
func (t Temporary) Is(target error) bool { return target == ErrBase && t.code > 0 }

type Empty struct{}

func (Empty) String() string { return "empty" }

func fail(c int) error { return MyErr{c, "m"} }

func check(e error) string {
	if m, ok := e.(MyErr); ok {
		return fmt.Sprint("MyErr ", m.Code)
	}
	switch v := e.(type) {
	case Temporary:
		return fmt.Sprint("Temporary ", v.code)
	case nil:
		return "nil"
	}
	return "other"
}

func main() {
	err := fail(1)
	fmt.Println(err, check(err), check(MyErr{2, "x"}), check(Temporary{3}), check(nil), check(ErrBase))
	var e3 error = MyErr{3, "v"}
	fmt.Println(check(e3))
	e4 := error(MyErr{4, "c"})
	fmt.Println(check(e4), e4)
	var e5 error
	e5 = MyErr{5, "a"}
	fmt.Println(check(e5))
	var t MyErr
	fmt.Println(errors.As(fmt.Errorf("w: %w", err), &t), t.Code, t.Msg)
	fmt.Println(errors.Is(Temporary{1}, ErrBase), errors.Is(Temporary{0}, ErrBase), errors.Is(fmt.Errorf("x: %w", Temporary{2}), ErrBase))
	var s fmt.Stringer = Temp{21.5}
	tt, ok := s.(Temp)
	fmt.Println(s, tt.C, ok)
	var a any = MyErr{6, "any"}
	var b any = Both{1}
	var st fmt.Stringer = Both{2}
	items := []any{Celsius(1), &P{2}, P{3}, 4, Empty{}, Temp{-1}}
	fmt.Println(a, b, st)
	fmt.Printf("%v %s|%v\n", a, b, s)
	for _, it := range items {
		fmt.Print(it, " ")
	}
	fmt.Println()
	_, isEmpty := items[4].(Empty)
	_, isStringer := items[4].(fmt.Stringer)
	fmt.Println(isEmpty, isStringer)
	log.SetOutput(os.Stdout)
	log.SetFlags(0)
	log.Println(a, s)
}
