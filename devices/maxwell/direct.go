package maxwell

import (
	"encoding/binary"
	"fmt"
	"os"
	"strings"

	"github.com/scigolib/hdf5"
)

// direct reads an uncompressed, contiguous uint16 dataset straight from the
// file: the HDF5 library reads hyperslabs of contiguous datasets one element
// per system call, which takes seconds per second of a MaxOne recording.
// The library still locates the data; openDirect checks the first samples
// against the library's own reading before it is trusted.
// useDirect is false in the test that reads through the library alone.
var useDirect = true

type direct struct {
	f          *os.File
	addr       int64
	rows, cols int
}

// openDirect returns a direct reader for d, or nil (read through the
// library) if d is not contiguous 2-byte data that decodes as uint16.
func openDirect(path string, d *hdf5.Dataset, rows, cols int) (*direct, error) {
	if !useDirect {
		return nil, nil
	}
	info, err := d.Info()
	if err != nil {
		return nil, err
	}
	i := strings.Index(info, "contiguous (address=")
	if i < 0 || !strings.Contains(info, "integer (size=2 bytes)") {
		return nil, nil
	}
	var addr, size int64
	if _, err := fmt.Sscanf(info[i+len("contiguous (address="):], "0x%x, size=%d)", &addr, &size); err != nil || size != int64(2*rows*cols) {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	dr := &direct{f: f, addr: addr, rows: rows, cols: cols}
	n := min(cols, 64)
	got, err := dr.slice(0, n)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("the file is cut short: %w", err)
	}
	want, err := d.ReadSlice([]uint64{0, 0}, []uint64{1, uint64(n)})
	w, ok := want.([]float64)
	if err != nil || !ok || len(w) != n {
		f.Close()
		return nil, nil
	}
	for k := range w {
		if got[k] != w[k] {
			f.Close()
			return nil, nil // not little-endian uint16: let the library decode it
		}
	}
	return dr, nil
}

// slice returns frames [f0, f1) of every row, row-major, as the library's
// ReadSlice does.
func (d *direct) slice(f0, f1 int) ([]float64, error) {
	n := f1 - f0
	buf := make([]byte, 2*n)
	out := make([]float64, 0, d.rows*n)
	for r := 0; r < d.rows; r++ {
		if _, err := d.f.ReadAt(buf, d.addr+int64(2*(r*d.cols+f0))); err != nil {
			return nil, fmt.Errorf("row %d frames %d–%d: %w", r, f0, f1, err)
		}
		for k := 0; k < n; k++ {
			out = append(out, float64(binary.LittleEndian.Uint16(buf[2*k:])))
		}
	}
	return out, nil
}
