package reservoir

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// ErrNotFinite is wrapped by errors about NaN or infinite input values.
var ErrNotFinite = errors.New("value is NaN or infinite")

// ErrLength is wrapped by errors about empty or mismatched series.
var ErrLength = errors.New("bad length")

// CheckFinite returns an error naming the first NaN or infinite element of
// x (called name in the message), or nil.
func CheckFinite(name string, x []float64) error {
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("reservoir: %s[%d] = %v: %w; remove or interpolate non-finite samples first", name, i, v, ErrNotFinite)
		}
	}
	return nil
}

func finiteMatrix(name string, a mat.Matrix) error {
	r, c := a.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if v := a.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("reservoir: %s[%d][%d] = %v: %w; remove or interpolate non-finite samples first", name, i, j, v, ErrNotFinite)
			}
		}
	}
	return nil
}

// checkPair checks two series for equal, non-zero length and finite values.
func checkPair(fn string, a, b []float64) error {
	if len(a) == 0 || len(b) == 0 {
		return fmt.Errorf("reservoir: %s: empty series (len %d and %d): %w; pass at least one sample", fn, len(a), len(b), ErrLength)
	}
	if len(a) != len(b) {
		return fmt.Errorf("reservoir: %s: len(output)=%d but len(target)=%d: %w; compare series of the same length", fn, len(a), len(b), ErrLength)
	}
	if err := CheckFinite(fn+" output", a); err != nil {
		return err
	}
	return CheckFinite(fn+" target", b)
}
