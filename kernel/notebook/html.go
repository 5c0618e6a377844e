package notebook

import (
	"fmt"
	"html"
	"regexp"
	"sort"
	"strings"
)

// WriteHTML writes nb as one standalone HTML page: code, outputs, images inline.
func WriteHTML(nb *Notebook, path string) error {
	var b strings.Builder
	title := "petri notebook"
	b.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + html.EscapeString(title) + "</title>\n")
	b.WriteString(`<style>
body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}
.cell{margin:1.2em 0}.prompt{color:#888;font:12px monospace}
pre{background:#f7f7f7;border:1px solid #e3e3e3;padding:.6em;overflow:auto;font-size:13px}
pre.out{background:#fff;border:none;border-left:3px solid #ddd}
pre.err{background:#fdecea;border-color:#f5c2c0}
img{max-width:100%}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}
</style></head><body>
`)
	for _, c := range nb.Cells {
		b.WriteString(`<div class="cell">`)
		switch c.CellType {
		case "markdown":
			b.WriteString(markdownHTML(string(c.Source)))
		case "raw":
			b.WriteString("<pre>" + html.EscapeString(string(c.Source)) + "</pre>")
		case "code":
			n := " "
			if c.ExecutionCount != nil {
				n = fmt.Sprint(*c.ExecutionCount)
			}
			fmt.Fprintf(&b, `<div class="prompt">In [%s]:</div><pre>%s</pre>`, n, html.EscapeString(string(c.Source)))
			for _, o := range c.Outputs {
				b.WriteString(outputHTML(o))
			}
		}
		b.WriteString("</div>\n")
	}
	b.WriteString("</body></html>\n")
	return writeFileAtomic(path, []byte(b.String()))
}

func outputHTML(o Output) string {
	switch o["output_type"] {
	case "stream":
		text, _ := o["text"].(string)
		cls := "out"
		if o["name"] == "stderr" {
			cls = "out err"
		}
		return fmt.Sprintf(`<pre class="%s">%s</pre>`, cls, html.EscapeString(text))
	case "error":
		var lines []string
		if tb, ok := o["traceback"].([]string); ok {
			lines = tb
		} else if tb, ok := o["traceback"].([]any); ok {
			for _, l := range tb {
				lines = append(lines, fmt.Sprint(l))
			}
		}
		return `<pre class="err">` + html.EscapeString(stripANSI(strings.Join(lines, "\n"))) + "</pre>"
	case "display_data", "execute_result":
		data, _ := o["data"].(map[string]any)
		return dataHTML(data)
	}
	return ""
}

// dataHTML shows the richest representation of a bundle.
func dataHTML(data map[string]any) string {
	str := func(k string) (string, bool) {
		v, ok := data[k]
		if !ok {
			return "", false
		}
		if s, ok := v.(string); ok {
			return s, true
		}
		if l, ok := v.([]any); ok {
			var parts []string
			for _, p := range l {
				parts = append(parts, fmt.Sprint(p))
			}
			return strings.Join(parts, ""), true
		}
		return fmt.Sprint(v), true
	}
	if s, ok := str("image/png"); ok {
		return `<img src="data:image/png;base64,` + strings.TrimSpace(s) + `">`
	}
	if s, ok := str("image/svg+xml"); ok {
		return "<div>" + s + "</div>"
	}
	if s, ok := str("text/html"); ok {
		return "<div>" + s + "</div>"
	}
	if s, ok := str("text/markdown"); ok {
		return markdownHTML(s)
	}
	if s, ok := str("text/plain"); ok {
		return `<pre class="out">` + html.EscapeString(s) + "</pre>"
	}
	keys := make([]string, 0, len(data))
	for k := range data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return "<pre class=\"out\">[" + html.EscapeString(strings.Join(keys, ", ")) + "]</pre>"
}

var (
	mdBold   = regexp.MustCompile(`\*\*([^*]+)\*\*`)
	mdItalic = regexp.MustCompile(`\*([^*]+)\*`)
	mdCode   = regexp.MustCompile("`([^`]+)`")
	mdLink   = regexp.MustCompile(`\[([^\]]+)\]\(([^)\s]+)\)`)
)

// markdownHTML renders the Markdown notebooks use most (headings, paragraphs, lists,
// code blocks, emphasis, links); anything else shows as text.
func markdownHTML(src string) string {
	var b strings.Builder
	inCode, inList := false, false
	var para []string
	flush := func() {
		if len(para) > 0 {
			b.WriteString("<p>" + inline(strings.Join(para, " ")) + "</p>\n")
			para = nil
		}
		if inList {
			b.WriteString("</ul>\n")
			inList = false
		}
	}
	for _, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(t, "```"):
			if inCode {
				b.WriteString("</pre>\n")
			} else {
				flush()
				b.WriteString("<pre>")
			}
			inCode = !inCode
		case inCode:
			b.WriteString(html.EscapeString(line) + "\n")
		case strings.HasPrefix(t, "#"):
			flush()
			level := len(t) - len(strings.TrimLeft(t, "#"))
			if level > 6 {
				level = 6
			}
			fmt.Fprintf(&b, "<h%d>%s</h%d>\n", level, inline(strings.TrimSpace(t[level:])), level)
		case strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* "):
			if len(para) > 0 {
				b.WriteString("<p>" + inline(strings.Join(para, " ")) + "</p>\n")
				para = nil
			}
			if !inList {
				b.WriteString("<ul>\n")
				inList = true
			}
			b.WriteString("<li>" + inline(t[2:]) + "</li>\n")
		case t == "":
			flush()
		default:
			para = append(para, t)
		}
	}
	if inCode {
		b.WriteString("</pre>\n")
	}
	flush()
	return b.String()
}

func inline(s string) string {
	s = html.EscapeString(s)
	s = mdCode.ReplaceAllString(s, "<code>$1</code>")
	s = mdBold.ReplaceAllString(s, "<b>$1</b>")
	s = mdItalic.ReplaceAllString(s, "<i>$1</i>")
	s = mdLink.ReplaceAllString(s, `<a href="$2">$1</a>`)
	return s
}
