package display

import (
	"fmt"
	"strings"
	"testing"
)

type run struct {
	Seed     int
	Target   string
	Corr     float64 `display:"test r"`
	internal int
	Skipped  string `display:"-"`
}

func TestTableOfStructs(t *testing.T) {
	tv, err := Tabulate([]run{{Seed: 0, Target: "sine", Corr: 0.99971234}, {Seed: 1, Target: "<square>", Corr: -0.16}})
	if err != nil {
		t.Fatal(err)
	}
	// Numbers right-aligned, text left-aligned, floats to 6 significant digits.
	want := "" +
		"Seed  Target      test r\n" +
		"----  --------  --------\n" +
		"   0  sine      0.999712\n" +
		"   1  <square>     -0.16"
	if got := tv.String(); got != want {
		t.Errorf("text:\n%s\nwant:\n%s", got, want)
	}
	html := tv.HTML()
	for _, s := range []string{"<th style=\"text-align:right\">test r</th>", "&lt;square&gt;", "<td style=\"text-align:left\">sine</td>"} {
		if !strings.Contains(html, s) {
			t.Errorf("HTML lacks %s:\n%s", s, html)
		}
	}
	if strings.Contains(html, "Skipped") || strings.Contains(html, "internal") {
		t.Error("hidden or unexported field shown")
	}
}

func TestTableOfPointersAndStrings(t *testing.T) {
	tv, err := Tabulate([]*run{{Seed: 2}, nil})
	if err != nil || len(tv.Rows) != 2 || tv.Rows[1][0] != "" {
		t.Fatalf("pointers: %v, %v", tv, err)
	}
	tv, err = Tabulate([][]string{{"a", "b"}, {"1"}, {"x", "y"}})
	if err != nil || tv.Rows[0][1] != "" || tv.Rows[1][1] != "y" {
		t.Fatalf("[][]string: %v, %v", tv, err)
	}
}

func TestTableBadInput(t *testing.T) {
	for _, v := range []any{nil, 3, []int{1}, [][]string{}, [][]string{{"a"}, {"1", "2"}}, []struct{ x int }{{1}}, (*TableValue)(nil)} {
		if _, err := Tabulate(v); err == nil || !strings.HasPrefix(err.Error(), "display.Table") {
			t.Errorf("%#v: error %v", v, err)
		}
	}
	f := publishing(t)
	Table(42)
	if msg := f.last(t).data[MIMEPlain].(string); !strings.Contains(msg, "slice of structs") {
		t.Errorf("Table(42) shows %q", msg)
	}
}

func TestLongTableIsShortened(t *testing.T) {
	rows := [][]string{{"i"}}
	for i := range 250 {
		rows = append(rows, []string{fmt.Sprint(i)})
	}
	tv, _ := Tabulate(rows)
	text := tv.String()
	if !strings.Contains(text, "… 190 more rows …") || !strings.Contains(text, "249") || strings.Contains(text, "\n100\n") {
		t.Errorf("long table text:\n%s", text)
	}
	if !strings.Contains(tv.HTML(), "190 more rows") {
		t.Error("long table HTML not shortened")
	}
}

func TestHandleTable(t *testing.T) {
	f := publishing(t)
	h := NewHandle()
	h.Table([][]string{{"a"}, {"1"}})
	h.Table([][]string{{"a"}, {"2"}})
	if c := f.last(t); !c.update || !strings.Contains(c.data[MIMEPlain].(string), "2") {
		t.Errorf("%+v", c)
	}
}
