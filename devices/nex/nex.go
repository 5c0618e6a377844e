package nex

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/petri-mea/petri/devices"
)

// Pitch is the electrode spacing of the MCS 8 × 8 MEA in µm.
const Pitch float64 = 200

// MCS8x8 returns the layout of an MCS 60-electrode 8 × 8 MEA at 200 µm:
// electrode CR (column C, row R, 1-based) has index (R−1)·8 + (C−1) and
// name "CR"; the corners 11, 18, 81 and 88 have no name.
func MCS8x8() devices.Layout {
	l := devices.Layout{Cols: 8, Rows: 8, Pitch: Pitch, Names: make([]string, 64)}
	for r := 1; r <= 8; r++ {
		for c := 1; c <= 8; c++ {
			if (c == 1 || c == 8) && (r == 1 || r == 8) {
				continue
			}
			l.Names[(r-1)*8+c-1] = fmt.Sprintf("%d%d", c, r)
		}
	}
	return l
}

// Read reads the NeuroExplorer timestamps file at path.
func Read(path string) (*devices.Recording, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("nex: %w", err)
	}
	defer f.Close()
	return Parse(f, path)
}

// Parse reads a NeuroExplorer timestamps export from r; name (the file
// name) is used in errors.
func Parse(r io.Reader, name string) (*devices.Recording, error) {
	layout := MCS8x8()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	if !sc.Scan() {
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("nex: %s: %w", name, err)
		}
		return nil, fmt.Errorf("nex: %s is empty; expected a header line of channel names", name)
	}
	header := strings.Split(strings.TrimRight(sc.Text(), "\r"), "\t")
	sweepStart, sweepStop := -1, -1
	var routing []int
	var cols []int // column of each channel
	seen := map[int]string{}
	for k, h := range header {
		h = strings.TrimSpace(h)
		switch h {
		case "Sweep_Start":
			sweepStart = k
			continue
		case "Sweep_Stop":
			sweepStop = k
			continue
		}
		e, err := electrode(h, layout)
		if err != nil {
			return nil, fmt.Errorf("nex: %s line 1 column %d: %v", name, k+1, err)
		}
		if prev, ok := seen[e]; ok {
			return nil, fmt.Errorf("nex: %s line 1 column %d: %q is on electrode %s, already read from %q; petri reads one unit per electrode", name, k+1, h, layout.Names[e], prev)
		}
		seen[e] = h
		routing = append(routing, e)
		cols = append(cols, k)
	}
	if len(routing) == 0 {
		return nil, fmt.Errorf("nex: %s line 1 names no channels; expected columns like ch_12A_unit_0", name)
	}
	trains := make([][]float64, len(routing))
	start, stop := math.NaN(), math.NaN()
	line := 1
	for sc.Scan() {
		line++
		fields := strings.Split(strings.TrimRight(sc.Text(), "\r"), "\t")
		if len(fields) != len(header) {
			return nil, fmt.Errorf("nex: %s line %d has %d tab-separated fields; the header has %d (file cut short or not a timestamps export?)", name, line, len(fields), len(header))
		}
		for ch, k := range cols {
			v, ok, err := number(fields[k])
			if err != nil {
				return nil, fmt.Errorf("nex: %s line %d column %d (%s): %v", name, line, k+1, header[k], err)
			}
			if !ok {
				continue
			}
			if n := len(trains[ch]); n > 0 && v < trains[ch][n-1] {
				return nil, fmt.Errorf("nex: %s line %d column %d (%s): spike at %g s comes before the previous one at %g s; each column must be ascending",
					name, line, k+1, header[k], v, trains[ch][n-1])
			}
			trains[ch] = append(trains[ch], v)
		}
		for _, sw := range []struct {
			col int
			dst *float64
		}{{sweepStart, &start}, {sweepStop, &stop}} {
			if sw.col < 0 {
				continue
			}
			v, ok, err := number(fields[sw.col])
			if err != nil {
				return nil, fmt.Errorf("nex: %s line %d column %d (%s): %v", name, line, sw.col+1, header[sw.col], err)
			}
			if ok {
				if !math.IsNaN(*sw.dst) {
					return nil, fmt.Errorf("nex: %s line %d column %d (%s): a second value %g; the sweep is given once, in row 1", name, line, sw.col+1, header[sw.col], v)
				}
				*sw.dst = v
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("nex: %s line %d: %w", name, line+1, err)
	}
	total := 0
	for _, tr := range trains {
		total += len(tr)
	}
	spikes := make([]devices.Spike, 0, total)
	lo, hi := math.Inf(1), math.Inf(-1)
	for ch, tr := range trains {
		for _, t := range tr {
			spikes = append(spikes, devices.Spike{Channel: ch, Electrode: routing[ch], Time: t})
		}
		if len(tr) > 0 {
			lo, hi = min(lo, tr[0]), max(hi, tr[len(tr)-1])
		}
	}
	if math.IsNaN(start) {
		start = min(0, lo)
	}
	if math.IsNaN(stop) {
		stop = max(hi, start)
	}
	if lo < start || hi > stop {
		return nil, fmt.Errorf("nex: %s: spikes span %g–%g s, outside the sweep %g–%g s given in Sweep_Start/Sweep_Stop", name, lo, hi, start, stop)
	}
	devices.SortSpikes(spikes)
	rec, err := devices.NewRecording(layout, routing, spikes, start, stop, devices.DefaultTick)
	if err != nil {
		return nil, fmt.Errorf("nex: %s: %w", name, err)
	}
	return rec, nil
}

// electrode maps a NeuroExplorer channel name ch_<C><R>… to its MCS
// electrode.
func electrode(h string, l devices.Layout) (int, error) {
	s, ok := strings.CutPrefix(h, "ch_")
	if !ok || len(s) < 2 || s[0] < '1' || s[0] > '8' || s[1] < '1' || s[1] > '8' {
		return 0, fmt.Errorf("channel %q is not an MCS 8×8 electrode; expected ch_<column 1-8><row 1-8>…, e.g. ch_12A_unit_0", h)
	}
	e := l.Lookup(s[:2])
	if e < 0 {
		return 0, fmt.Errorf("channel %q names electrode %s, a corner that does not exist on an MCS 60-electrode array", h, s[:2])
	}
	return e, nil
}

// number parses a time in seconds; a blank field is no value.
func number(f string) (float64, bool, error) {
	f = strings.TrimSpace(f)
	if f == "" {
		return 0, false, nil
	}
	v, err := strconv.ParseFloat(f, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false, fmt.Errorf("%q is not a time in seconds", f)
	}
	return v, true, nil
}
