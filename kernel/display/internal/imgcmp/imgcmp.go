// Package imgcmp compares images tolerantly, for golden-image tests.
//
// It measures the perceived difference of two pixels in the YIQ colour space, as
// gonum/plot's cmpimg does (Kotsarenko & Ramos, "Measuring perceived color difference
// using YIQ NTSC transmission color space in mobile applications"), and — unlike
// cmpimg, whose module needs rsc.io/pdf — also tolerates a small share of differing
// pixels, so anti-aliasing noise passes while a moved line or a lost label does not.
package imgcmp

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
)

// Result describes how two images differ.
type Result struct {
	Pixels    int     // pixels compared
	Differing int     // pixels whose difference exceeds the tolerance
	Worst     float64 // largest normalised difference, 0 (same) to 1 (black vs. white)
}

// Fraction is the share of differing pixels.
func (r Result) Fraction() float64 {
	if r.Pixels == 0 {
		return 0
	}
	return float64(r.Differing) / float64(r.Pixels)
}

func (r Result) String() string {
	return fmt.Sprintf("%d of %d pixels (%.3f%%) differ by more than the tolerance; worst difference %.3f",
		r.Differing, r.Pixels, 100*r.Fraction(), r.Worst)
}

// PNG decodes two PNG files and compares them; see Compare.
func PNG(a, b []byte, delta float64) (Result, error) {
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		return Result{}, fmt.Errorf("imgcmp: first image: %w", err)
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return Result{}, fmt.Errorf("imgcmp: second image: %w", err)
	}
	return Compare(ia, ib, delta)
}

// Compare counts the pixels of a and b whose normalised YIQ difference exceeds delta
// (0 exact, 1 anything). Images of different sizes are an error.
func Compare(a, b image.Image, delta float64) (Result, error) {
	ra, rb := rgba(a), rgba(b)
	if ra.Bounds().Size() != rb.Bounds().Size() {
		return Result{}, fmt.Errorf("imgcmp: sizes differ: %v vs. %v", ra.Bounds().Size(), rb.Bounds().Size())
	}
	res := Result{Pixels: ra.Bounds().Dx() * ra.Bounds().Dy()}
	for i := 0; i+3 < len(ra.Pix); i += 4 {
		d := Diff(color.RGBA{ra.Pix[i], ra.Pix[i+1], ra.Pix[i+2], ra.Pix[i+3]},
			color.RGBA{rb.Pix[i], rb.Pix[i+1], rb.Pix[i+2], rb.Pix[i+3]})
		res.Worst = max(res.Worst, d)
		if d > delta {
			res.Differing++
		}
	}
	return res, nil
}

// Diff is the perceived difference of two colours, normalised so that black vs.
// white is about 1 (0.93).
func Diff(c1, c2 color.RGBA) float64 {
	const maxDiff = 35215.0 // between black and white
	r := float64(c1.R) - float64(c2.R)
	g := float64(c1.G) - float64(c2.G)
	b := float64(c1.B) - float64(c2.B)
	y := r*0.29889531 + g*0.58662247 + b*0.11448223
	i := r*0.59597799 - g*0.27417610 - b*0.32180189
	q := r*0.21147017 - g*0.52261711 + b*0.31114694
	d := (0.5053*y*y + 0.299*i*i + 0.1957*q*q) / maxDiff
	return min(d, 1)
}

func rgba(src image.Image) *image.RGBA {
	if r, ok := src.(*image.RGBA); ok && r.Bounds().Min == (image.Point{}) {
		return r
	}
	b := src.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(dst, dst.Bounds(), src, b.Min, draw.Src)
	return dst
}
