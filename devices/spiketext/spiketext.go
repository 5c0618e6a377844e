package spiketext

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/petri-mea/petri/devices"
)

// Read reads the spike times at timesPath and the positions at posPath.
func Read(timesPath, posPath string) (*devices.Recording, error) {
	tf, err := os.Open(timesPath)
	if err != nil {
		return nil, fmt.Errorf("spiketext: %w", err)
	}
	defer tf.Close()
	pf, err := os.Open(posPath)
	if err != nil {
		return nil, fmt.Errorf("spiketext: %w", err)
	}
	defer pf.Close()
	return Parse(tf, timesPath, pf, posPath)
}

// Parse reads spike times from times and positions from pos; the names are
// used in errors.
func Parse(times io.Reader, timesName string, pos io.Reader, posName string) (*devices.Recording, error) {
	layout, err := parsePos(pos, posName)
	if err != nil {
		return nil, err
	}
	n := layout.Len()
	cr := reader(times)
	if err := header(cr, timesName, "Channel", "Time"); err != nil {
		return nil, err
	}
	last := make([]float64, n)
	lastLine := make([]int, n)
	var spikes []devices.Spike
	end := 0.0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("spiketext: %s: %w", timesName, fieldCount(err, 2))
		}
		line, _ := cr.FieldPos(0)
		unit := strings.TrimSpace(rec[0])
		e := layout.Lookup(unit)
		if e < 0 {
			return nil, fmt.Errorf("spiketext: %s line %d: unit %q has no position in %s; add it there or remove its spikes", timesName, line, unit, posName)
		}
		t, err := number(rec[1])
		if err != nil {
			return nil, fmt.Errorf("spiketext: %s line %d: time %v", timesName, line, err)
		}
		if lastLine[e] > 0 && t < last[e] {
			return nil, fmt.Errorf("spiketext: %s line %d: unit %s spikes at %g s, before its spike at %g s on line %d; each unit's times must ascend",
				timesName, line, unit, t, last[e], lastLine[e])
		}
		if t < 0 {
			return nil, fmt.Errorf("spiketext: %s line %d: time %g s is negative; times count from the start of the recording", timesName, line, t)
		}
		last[e], lastLine[e] = t, line
		end = max(end, t)
		spikes = append(spikes, devices.Spike{Channel: e, Electrode: e, Time: t})
	}
	devices.SortSpikes(spikes)
	routing := make([]int, n)
	for e := range routing {
		routing[e] = e
	}
	rec, err := devices.NewRecording(layout, routing, spikes, 0, end, devices.DefaultTick)
	if err != nil {
		return nil, fmt.Errorf("spiketext: %s: %w", timesName, err)
	}
	return rec, nil
}

func parsePos(r io.Reader, name string) (devices.Layout, error) {
	var l devices.Layout
	cr := reader(r)
	cr.FieldsPerRecord = 3
	if err := header(cr, name, "Channel", "x", "y"); err != nil {
		return l, err
	}
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return l, fmt.Errorf("spiketext: %s: %w", name, fieldCount(err, 3))
		}
		line, _ := cr.FieldPos(0)
		unit := strings.TrimSpace(rec[0])
		if unit == "" {
			return l, fmt.Errorf("spiketext: %s line %d: the unit name is empty", name, line)
		}
		if prev, ok := seen[unit]; ok {
			return l, fmt.Errorf("spiketext: %s line %d: unit %q is listed again (first on line %d); give each unit one position", name, line, unit, prev)
		}
		seen[unit] = line
		x, err := number(rec[1])
		if err != nil {
			return l, fmt.Errorf("spiketext: %s line %d: x %v", name, line, err)
		}
		y, err := number(rec[2])
		if err != nil {
			return l, fmt.Errorf("spiketext: %s line %d: y %v", name, line, err)
		}
		l.Names = append(l.Names, unit)
		l.X = append(l.X, x)
		l.Y = append(l.Y, y)
	}
	if len(l.Names) == 0 {
		return l, fmt.Errorf("spiketext: %s lists no units; expected lines like \"c1\",70,-242.48 after the header", name)
	}
	l.Cols, l.Rows = len(l.Names), 1
	l.Pitch = math.Inf(1)
	for i := range l.X {
		for j := range i {
			if d := math.Hypot(l.X[i]-l.X[j], l.Y[i]-l.Y[j]); d > 0 {
				l.Pitch = min(l.Pitch, d)
			}
		}
	}
	if math.IsInf(l.Pitch, 1) {
		l.Pitch = 0
	}
	return l, nil
}

func reader(r io.Reader) *csv.Reader {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 2
	cr.ReuseRecord = true
	return cr
}

func header(cr *csv.Reader, name string, want ...string) error {
	h, err := cr.Read()
	if err == io.EOF {
		return fmt.Errorf("spiketext: %s is empty; expected the header %s", name, strings.Join(want, ","))
	}
	if err != nil {
		return fmt.Errorf("spiketext: %s line 1: %v; expected the header %s", name, fieldCount(err, len(want)), strings.Join(want, ","))
	}
	for k, w := range want {
		if strings.TrimSpace(h[k]) != w {
			return fmt.Errorf("spiketext: %s line 1 field %d is %q; expected %q (header %s; times in s, positions in µm)", name, k+1, h[k], w, strings.Join(want, ","))
		}
	}
	return nil
}

func number(f string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a number", f)
	}
	return v, nil
}

func fieldCount(err error, n int) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
		return fmt.Errorf("line %d does not have %d fields (file cut short?)", pe.StartLine, n)
	}
	return err
}
