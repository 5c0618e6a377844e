package notebook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
)

// Notebook is an nbformat 4 notebook. Fields petri does not touch are kept as they
// were read.
type Notebook struct {
	Cells         []*Cell        `json:"cells"`
	Metadata      map[string]any `json:"metadata"`
	NBFormat      int            `json:"nbformat"`
	NBFormatMinor int            `json:"nbformat_minor"`

	extra extra // keys petri does not know, written back as read
}

// Cell is one notebook cell.
type Cell struct {
	CellType       string         `json:"cell_type"`
	ID             string         `json:"id,omitempty"`
	Metadata       map[string]any `json:"metadata"`
	Source         Source         `json:"source"`
	ExecutionCount *int           `json:"execution_count,omitempty"`
	Outputs        []Output       `json:"outputs,omitempty"`
	Attachments    map[string]any `json:"attachments,omitempty"`

	extra extra // keys petri does not know, written back as read
}

// Output is one nbformat output (stream, display_data, execute_result or error).
type Output map[string]any

// Source is cell source, stored in files as a string or a list of lines.
type Source string

// UnmarshalJSON accepts both forms.
func (s *Source) UnmarshalJSON(b []byte) error {
	var str string
	if err := json.Unmarshal(b, &str); err == nil {
		*s = Source(str)
		return nil
	}
	var lines []string
	if err := json.Unmarshal(b, &lines); err != nil {
		return errors.New("cell source is neither a string nor a list of strings")
	}
	*s = Source(strings.Join(lines, ""))
	return nil
}

// MarshalJSON writes the list-of-lines form Jupyter writes.
func (s Source) MarshalJSON() ([]byte, error) { return json.Marshal(lines(string(s))) }

func lines(s string) []string {
	out := []string{}
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

// MarshalJSON writes code cells with execution_count and outputs always present, as
// nbformat requires, and other cells without them.
func (c *Cell) MarshalJSON() ([]byte, error) {
	m := map[string]any{"cell_type": c.CellType, "metadata": c.Metadata, "source": c.Source}
	if m["metadata"] == nil {
		m["metadata"] = map[string]any{}
	}
	if c.ID != "" {
		m["id"] = c.ID
	}
	if c.CellType == "code" {
		if c.ExecutionCount != nil {
			m["execution_count"] = *c.ExecutionCount
		} else {
			m["execution_count"] = nil
		}
		outs := c.Outputs
		if outs == nil {
			outs = []Output{}
		}
		m["outputs"] = outs
	}
	if c.Attachments != nil {
		m["attachments"] = c.Attachments
	}
	c.extra.merge(m)
	return json.Marshal(m)
}

// Read reads a notebook file, with a clear error for files that are not nbformat 4.
func Read(path string) (*Notebook, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, b)
}

// Parse parses notebook JSON; name is used in errors.
func Parse(name string, b []byte) (*Notebook, error) {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, fmt.Errorf("%s is not a notebook: it is not valid JSON (%v)", name, err)
	}
	var v int
	if raw, ok := probe["nbformat"]; !ok || json.Unmarshal(raw, &v) != nil {
		return nil, fmt.Errorf("%s is not a notebook: it has no nbformat version", name)
	}
	if v != 4 {
		return nil, fmt.Errorf("%s is nbformat %d; petri runs nbformat 4 notebooks "+
			"(convert it with `jupyter nbconvert --to notebook --nbformat 4`)", name, v)
	}
	var nb Notebook
	if err := json.Unmarshal(b, &nb); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	for i, c := range nb.Cells {
		if c == nil {
			return nil, fmt.Errorf("%s: cell %d is null", name, i+1)
		}
		switch c.CellType {
		case "code", "markdown", "raw":
		default:
			return nil, fmt.Errorf("%s: cell %d has cell_type %q; want code, markdown or raw", name, i+1, c.CellType)
		}
	}
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	return &nb, nil
}

// Write writes nb as indented JSON, as Jupyter does.
func (nb *Notebook) Write(path string) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(nb); err != nil {
		return err
	}
	return writeFileAtomic(path, buf.Bytes())
}
