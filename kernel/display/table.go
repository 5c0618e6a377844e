package display

import (
	"fmt"
	"html"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// TableValue is a table of text cells under a header. It renders as an HTML table
// with an aligned text/plain twin, so it is also a rich cell result.
type TableValue struct {
	Header []string
	Rows   [][]string
}

// maxShownRows bounds the rows a table shows: longer tables show their first
// headRows and last tailRows rows around a line that says how many are left out.
const (
	maxShownRows = 100
	headRows     = 50
	tailRows     = 10
)

// Table shows v as a table: an HTML table with an aligned text/plain twin.
//
// v is one of
//   - a slice or array of structs (or of pointers to structs): one row per element,
//     one column per exported field, named by the field or by a `display:"name"` tag
//     (`display:"-"` leaves a field out);
//   - [][]string: the first row is the header;
//   - a *TableValue.
//
// Floats are shown with 6 significant digits, other values as with %v; columns of
// numbers are right-aligned. Tables longer than 100 rows show their first 50 and last
// 10 rows. Any other v shows a message saying what Table accepts.
func Table(v any) { showMeta(tableBundle(v)) }

func tableBundle(v any) (Bundle, Bundle) {
	t, err := Tabulate(v)
	if err != nil {
		return errorBundle("%v", err)
	}
	return t.Render(), Bundle{}
}

// Tabulate turns v (as accepted by Table) into a TableValue, or says why it cannot.
func Tabulate(v any) (*TableValue, error) {
	switch x := v.(type) {
	case *TableValue:
		if x == nil {
			return nil, fmt.Errorf("display.Table: nil *TableValue")
		}
		return x, nil
	case TableValue:
		return &x, nil
	case [][]string:
		if len(x) == 0 {
			return nil, fmt.Errorf("display.Table: the [][]string is empty; its first row should be the header")
		}
		for i, row := range x[1:] {
			if len(row) > len(x[0]) {
				return nil, fmt.Errorf("display.Table: row %d has %d cells but the header (row 0) has %d; give every row at most as many cells as the header", i+1, len(row), len(x[0]))
			}
		}
		t := &TableValue{Header: x[0]}
		for _, row := range x[1:] {
			r := make([]string, len(x[0]))
			copy(r, row)
			t.Rows = append(t.Rows, r)
		}
		return t, nil
	}
	return structTable(v)
}

func structTable(v any) (*TableValue, error) {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || (rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array) {
		return nil, fmt.Errorf("display.Table: cannot make a table of %T; pass a slice of structs or a [][]string whose first row is the header", v)
	}
	et := rv.Type().Elem()
	ptr := et.Kind() == reflect.Pointer
	if ptr {
		et = et.Elem()
	}
	if et.Kind() != reflect.Struct {
		return nil, fmt.Errorf("display.Table: cannot make a table of %T (its elements are not structs); pass a slice of structs or a [][]string whose first row is the header", v)
	}
	var fields []int
	t := &TableValue{}
	for i := range et.NumField() {
		f := et.Field(i)
		if !f.IsExported() {
			continue
		}
		name := f.Name
		if tag, ok := f.Tag.Lookup("display"); ok {
			if tag == "-" {
				continue
			}
			if tag != "" {
				name = tag
			}
		}
		fields = append(fields, i)
		t.Header = append(t.Header, name)
	}
	if len(fields) == 0 {
		return nil, fmt.Errorf("display.Table: %v has no exported fields to show as columns", et)
	}
	for r := range rv.Len() {
		e := rv.Index(r)
		row := make([]string, len(fields))
		if ptr {
			if e.IsNil() {
				t.Rows = append(t.Rows, row)
				continue
			}
			e = e.Elem()
		}
		for c, i := range fields {
			row[c] = cell(e.Field(i))
		}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

func cell(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Float32:
		return strconv.FormatFloat(v.Float(), 'g', 6, 32)
	case reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', 6, 64)
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return ""
		}
	}
	if v.CanInterface() {
		return fmt.Sprintf("%v", v.Interface())
	}
	return fmt.Sprintf("%v", v)
}

// numeric reports for each column whether all its non-empty cells are numbers.
func (t *TableValue) numeric() []bool {
	num := make([]bool, len(t.Header))
	for c := range num {
		seen := false
		num[c] = true
		for _, row := range t.Rows {
			if c >= len(row) || row[c] == "" {
				continue
			}
			seen = true
			if _, err := strconv.ParseFloat(row[c], 64); err != nil {
				num[c] = false
				break
			}
		}
		num[c] = num[c] && seen
	}
	return num
}

// shown returns the rows to show and how many are left out after the first part.
func (t *TableValue) shown() (head, tail [][]string, omitted int) {
	if len(t.Rows) <= maxShownRows {
		return t.Rows, nil, 0
	}
	return t.Rows[:headRows], t.Rows[len(t.Rows)-tailRows:], len(t.Rows) - headRows - tailRows
}

func get(row []string, c int) string {
	if c < len(row) {
		return row[c]
	}
	return ""
}

// HTML returns the table as an HTML <table>.
func (t *TableValue) HTML() string {
	num := t.numeric()
	var b strings.Builder
	b.WriteString("<table>\n<thead><tr>")
	for c, h := range t.Header {
		b.WriteString("<th" + align(num, c) + ">" + html.EscapeString(h) + "</th>")
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	row := func(r []string) {
		b.WriteString("<tr>")
		for c := range t.Header {
			b.WriteString("<td" + align(num, c) + ">" + html.EscapeString(get(r, c)) + "</td>")
		}
		b.WriteString("</tr>\n")
	}
	head, tail, omitted := t.shown()
	for _, r := range head {
		row(r)
	}
	if omitted > 0 {
		fmt.Fprintf(&b, "<tr><td colspan=\"%d\" style=\"text-align:center\">… %d more rows …</td></tr>\n", max(len(t.Header), 1), omitted)
	}
	for _, r := range tail {
		row(r)
	}
	b.WriteString("</tbody>\n</table>")
	return b.String()
}

func align(num []bool, c int) string {
	if num[c] {
		return ` style="text-align:right"`
	}
	return ` style="text-align:left"`
}

// String returns the table as aligned plain text: the header, a rule, the rows.
// Columns of numbers are right-aligned.
func (t *TableValue) String() string {
	num := t.numeric()
	head, tail, omitted := t.shown()
	width := make([]int, len(t.Header))
	for c, h := range t.Header {
		width[c] = utf8.RuneCountInString(h)
	}
	for _, part := range [][][]string{head, tail} {
		for _, r := range part {
			for c := range width {
				width[c] = max(width[c], utf8.RuneCountInString(get(r, c)))
			}
		}
	}
	var b strings.Builder
	line := func(cells func(c int) string, pad bool) {
		var l strings.Builder
		for c := range width {
			if c > 0 {
				l.WriteString("  ")
			}
			s := cells(c)
			gap := strings.Repeat(" ", width[c]-utf8.RuneCountInString(s))
			if pad && num[c] {
				l.WriteString(gap + s)
			} else {
				l.WriteString(s + gap)
			}
		}
		b.WriteString(strings.TrimRight(l.String(), " "))
		b.WriteByte('\n')
	}
	line(func(c int) string { return t.Header[c] }, true)
	line(func(c int) string { return strings.Repeat("-", width[c]) }, false)
	for _, r := range head {
		line(func(c int) string { return get(r, c) }, true)
	}
	if omitted > 0 {
		fmt.Fprintf(&b, "… %d more rows …\n", omitted)
	}
	for _, r := range tail {
		line(func(c int) string { return get(r, c) }, true)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// Render returns the table's HTML form and its text/plain twin.
func (t *TableValue) Render() Bundle {
	return Bundle{MIMEHTML: t.HTML(), MIMEPlain: t.String()}
}
