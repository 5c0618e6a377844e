package axion

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strings"
)

// Well is one line of an experiment log: what was done to one well.
type Well struct {
	Well                         string // "A1"
	Project, Date, PlateSN, DIV  string
	Treatment, Size, Dose, Units string
}

// ReadLog reads an experiment log (meaRtools' expLog: CSV, gzip or plain,
// any line ends, header Project,Experiment Date,Plate SN,DIV,Well,
// Treatment,Size,Dose,Units), one Well per line, checking that every well
// is on plate p (Plates[48] for the meaRtools example).
func ReadLog(path string, p Plate) ([]Well, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("axion: %w", err)
	}
	defer f.Close()
	return ParseLog(f, path, p)
}

var logColumns = []string{"Project", "Experiment Date", "Plate SN", "DIV", "Well", "Treatment", "Size", "Dose", "Units"}

// ParseLog reads an experiment log from r; name is used in errors.
func ParseLog(r io.Reader, name string, p Plate) ([]Well, error) {
	in, err := maybeGunzip(r)
	if err != nil {
		return nil, fmt.Errorf("axion: %s: %w", name, err)
	}
	b, err := io.ReadAll(in)
	if err != nil {
		return nil, fmt.Errorf("axion: %s: %w", name, err)
	}
	// Old Mac exports end lines with CR alone; encoding/csv wants LF.
	b = bytes.ReplaceAll(bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
	cr := csv.NewReader(bufio.NewReader(bytes.NewReader(b)))
	cr.FieldsPerRecord = len(logColumns)
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("axion: %s line 1: %v; expected the header %s", name, err, strings.Join(logColumns, ","))
	}
	for k, c := range logColumns {
		if strings.TrimSpace(head[k]) != c {
			return nil, fmt.Errorf("axion: %s line 1 column %d is %q; expected %q (header %s)", name, k+1, head[k], c, strings.Join(logColumns, ","))
		}
	}
	var out []Well
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("axion: %s: %v", name, err)
		}
		line, _ := cr.FieldPos(0)
		t := func(k int) string { return strings.TrimSpace(rec[k]) }
		w := Well{Project: t(0), Date: t(1), PlateSN: t(2), DIV: t(3), Well: t(4), Treatment: t(5), Size: t(6), Dose: t(7), Units: t(8)}
		if _, err := p.Electrode(w.Well + "_11"); err != nil {
			return nil, fmt.Errorf("axion: %s line %d: well %q is not on a %s plate", name, line, w.Well, p.Name)
		}
		if l, ok := seen[w.Well]; ok {
			return nil, fmt.Errorf("axion: %s line %d: well %s is listed again (first on line %d)", name, line, w.Well, l)
		}
		seen[w.Well] = line
		out = append(out, w)
	}
	return out, nil
}
