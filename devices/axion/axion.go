package axion

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/petri-mea/petri/devices"
)

// Pitch is the nominal electrode spacing of a Maestro 48-well plate in µm
// (not stored in the spike list).
const Pitch float64 = 350

// Plate describes a Maestro plate: WellRows × WellCols wells, each with
// Cols × Rows electrodes.
type Plate struct {
	Name               string
	WellRows, WellCols int
	Cols, Rows         int     // electrodes per well
	Pitch              float64 // µm
}

// Plates are the Maestro plates this package knows, by wells. The well
// grids follow the plate formats; the electrode pitches are nominal (spike
// lists do not store them) and only the 48-well's 350 µm is quoted by the
// data's README: confirm the others against your plate's datasheet. The
// 96-well plate's 8 electrodes sit on a 3 × 3 grid with one position empty.
var Plates = map[int]Plate{
	12: {Name: "12-Well", WellRows: 3, WellCols: 4, Cols: 8, Rows: 8, Pitch: 300},
	24: {Name: "24-Well", WellRows: 4, WellCols: 6, Cols: 4, Rows: 4, Pitch: 300},
	48: {Name: "48-Well", WellRows: 6, WellCols: 8, Cols: 4, Rows: 4, Pitch: Pitch},
	96: {Name: "96-Well", WellRows: 8, WellCols: 12, Cols: 3, Rows: 3, Pitch: 350},
}

// Layout returns the plate as one electrode grid, with well Groups and
// electrode Names (see the package documentation).
func (p Plate) Layout() devices.Layout {
	cols, rows := p.WellCols*p.Cols, p.WellRows*p.Rows
	l := devices.Layout{Cols: cols, Rows: rows, Pitch: p.Pitch, Names: make([]string, cols*rows), Groups: make([]string, cols*rows)}
	for e := range l.Names {
		c, r := e%cols, e/cols
		w := wellName(r/p.Rows, c/p.Cols)
		l.Groups[e] = w
		l.Names[e] = fmt.Sprintf("%s_%d%d", w, c%p.Cols+1, r%p.Rows+1)
	}
	return l
}

// Electrode returns the index of the electrode named like "D3_31", or an
// error saying why it is not on the plate.
func (p Plate) Electrode(name string) (int, error) {
	w, cr, ok := strings.Cut(name, "_")
	if !ok || len(w) < 2 || len(cr) != 2 {
		return 0, fmt.Errorf("electrode %q is not an Axion name; expected <well>_<column><row>, e.g. D3_31", name)
	}
	wr := int(w[0]) - 'A'
	wc, err := strconv.Atoi(w[1:])
	if err != nil || wr < 0 || wr >= p.WellRows || wc < 1 || wc > p.WellCols {
		return 0, fmt.Errorf("electrode %q: well %q is not on a %s plate (rows A–%c, columns 1–%d)", name, w, p.Name, 'A'+p.WellRows-1, p.WellCols)
	}
	c, r := int(cr[0])-'0', int(cr[1])-'0'
	if c < 1 || c > p.Cols || r < 1 || r > p.Rows {
		return 0, fmt.Errorf("electrode %q: %s is not an electrode of a %s well (columns and rows 1–%d)", name, cr, p.Name, p.Cols)
	}
	return (wr*p.Rows+r-1)*p.WellCols*p.Cols + (wc-1)*p.Cols + c - 1, nil
}

func wellName(row, col int) string { return fmt.Sprintf("%c%d", 'A'+row, col+1) }

// Settings are the key/value lines of a spike list's first two columns,
// keys trimmed ("Sampling Frequency" → "12500 Hz").
type Settings map[string]string

// Read reads the spike list at path (.csv or .csv.gz).
func Read(path string) (*devices.Recording, error) {
	rec, _, err := ReadSettings(path)
	return rec, err
}

// ReadSettings reads the spike list at path and also returns its settings.
func ReadSettings(path string) (*devices.Recording, Settings, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("axion: %w", err)
	}
	defer f.Close()
	return Parse(f, path)
}

// Parse reads a spike list from r (gzip or plain); name is used in errors.
func Parse(r io.Reader, name string) (*devices.Recording, Settings, error) {
	in, err := maybeGunzip(r)
	if err != nil {
		return nil, nil, fmt.Errorf("axion: %s: %w", name, err)
	}
	cr := csv.NewReader(in)
	cr.FieldsPerRecord = 5
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("axion: %s line 1: %v; expected the header Investigator,,Time (s),Electrode,Amplitude(mV)", name, csvErr(err))
	}
	tscale, err := unit(head[2], "Time", map[string]float64{"s": 1, "ms": 1e-3})
	if err != nil {
		return nil, nil, fmt.Errorf("axion: %s line 1 field 3: %v", name, err)
	}
	if strings.TrimSpace(head[3]) != "Electrode" {
		return nil, nil, fmt.Errorf("axion: %s line 1 field 4 is %q; expected Electrode", name, head[3])
	}
	ascale, err := unit(head[4], "Amplitude", map[string]float64{"mV": 1000, "uV": 1, "µV": 1})
	if err != nil {
		return nil, nil, fmt.Errorf("axion: %s line 1 field 5: %v", name, err)
	}
	type row struct {
		t, amp float64
		e      int
		line   int
	}
	var rows []row
	set := Settings{}
	var names []string // electrode names, resolved once the plate is known
	byName := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, nil, fmt.Errorf("axion: %s: %v", name, csvErr(err))
		}
		if k := strings.TrimSpace(rec[0]); k != "" {
			set[k] = strings.TrimSpace(rec[1])
		}
		if strings.TrimSpace(rec[2]) == "" && strings.TrimSpace(rec[3]) == "" && strings.TrimSpace(rec[4]) == "" {
			continue // a settings line without a spike
		}
		t, err := strconv.ParseFloat(strings.TrimSpace(rec[2]), 64)
		if err != nil || math.IsNaN(t) || math.IsInf(t, 0) {
			return nil, nil, fmt.Errorf("axion: %s line %d: time %q is not a number of %s", name, line, rec[2], head[2])
		}
		a, err := strconv.ParseFloat(strings.TrimSpace(rec[4]), 64)
		if err != nil || math.IsNaN(a) || math.IsInf(a, 0) {
			return nil, nil, fmt.Errorf("axion: %s line %d: amplitude %q is not a number of %s", name, line, rec[4], head[4])
		}
		t *= tscale
		if n := len(rows); n > 0 && t < rows[n-1].t {
			return nil, nil, fmt.Errorf("axion: %s line %d: spike at %g s comes before the one on line %d at %g s; a spike list is in time order",
				name, line, t, rows[n-1].line, rows[n-1].t)
		}
		en := strings.TrimSpace(rec[3])
		id, ok := byName[en]
		if !ok {
			id = len(names)
			byName[en] = id
			names = append(names, en)
		}
		rows = append(rows, row{t: t, amp: -math.Abs(a) * ascale, e: id, line: line})
	}
	if set["Plate Type"] == "" && len(rows) == 0 {
		return nil, nil, fmt.Errorf("axion: %s has no settings and no spikes; expected an AxIS spike list", name)
	}
	p, err := plateOf(set["Plate Type"])
	if err != nil {
		return nil, nil, fmt.Errorf("axion: %s: %w", name, err)
	}
	plate := &p
	el := make([]int, len(names))
	for id, n := range names {
		if el[id], err = plate.Electrode(n); err != nil {
			for _, r := range rows {
				if r.e == id {
					return nil, nil, fmt.Errorf("axion: %s line %d: %v", name, r.line, err)
				}
			}
		}
	}
	routing := slices.Clone(el)
	slices.Sort(routing)
	chanOf := make(map[int]int, len(routing))
	for ch, e := range routing {
		chanOf[e] = ch
	}
	spikes := make([]devices.Spike, len(rows))
	end := 0.0
	for k, r := range rows {
		e := el[r.e]
		spikes[k] = devices.Spike{Channel: chanOf[e], Electrode: e, Time: r.t, Amplitude: r.amp}
		end = r.t
	}
	rec, err := devices.NewRecording(plate.Layout(), routing, spikes, 0, end, devices.DefaultTick)
	if err != nil {
		return nil, nil, fmt.Errorf("axion: %s: %w", name, err)
	}
	return rec, set, nil
}

// plateOf maps AxIS's "Plate Type" ("Maestro 48-Well (Transparent)") to a
// Plate.
func plateOf(s string) (Plate, error) {
	for _, n := range []int{12, 24, 48, 96} {
		if strings.Contains(s, fmt.Sprintf("%d-Well", n)) {
			return Plates[n], nil
		}
	}
	if s == "" {
		return Plate{}, errors.New(`no "Plate Type" setting; expected a line like "   Plate Type,Maestro 48-Well (Transparent)" in the first columns`)
	}
	return Plate{}, fmt.Errorf("plate type %q is not a known Maestro plate; known: 12-, 24-, 48- and 96-Well", s)
}

// unit reads "Time (s)" or "Amplitude(mV)" and returns the factor to
// seconds or µV.
func unit(h, quantity string, known map[string]float64) (float64, error) {
	h = strings.TrimSpace(h)
	rest, ok := strings.CutPrefix(h, quantity)
	rest = strings.TrimSpace(rest)
	if !ok || !strings.HasPrefix(rest, "(") || !strings.HasSuffix(rest, ")") {
		return 0, fmt.Errorf("header %q; expected %s(<unit>)", h, quantity)
	}
	u := rest[1 : len(rest)-1]
	f, ok := known[u]
	if !ok {
		var ks []string
		for k := range known {
			ks = append(ks, k)
		}
		slices.Sort(ks)
		return 0, fmt.Errorf("unknown unit %q in %q; this reader knows %s", u, h, strings.Join(ks, ", "))
	}
	return f, nil
}

func csvErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
		return fmt.Errorf("line %d has the wrong number of fields; every line of a spike list has 5 (file cut short or not a spike list?)", pe.StartLine)
	}
	return err
}

// maybeGunzip returns r, decompressed if it starts with the gzip magic.
func maybeGunzip(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	magic, _ := br.Peek(2)
	if bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		z, err := gzip.NewReader(br)
		if err != nil {
			return nil, err
		}
		return &checkedGzip{z}, nil
	}
	return br, nil
}

// checkedGzip turns a gzip stream cut short into a clear error.
type checkedGzip struct{ z *gzip.Reader }

func (c *checkedGzip) Read(p []byte) (int, error) {
	n, err := c.z.Read(p)
	if errors.Is(err, io.ErrUnexpectedEOF) {
		err = errors.New("the gzip stream is cut short (file truncated?)")
	}
	return n, err
}
