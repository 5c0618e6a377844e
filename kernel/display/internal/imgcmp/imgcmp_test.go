package imgcmp

import (
	"image"
	"image/color"
	"testing"
)

func TestCompare(t *testing.T) {
	a := image.NewRGBA(image.Rect(0, 0, 10, 10))
	b := image.NewRGBA(image.Rect(0, 0, 10, 10))
	for i := range a.Pix {
		a.Pix[i], b.Pix[i] = 255, 255
	}
	r, err := Compare(a, b, 0)
	if err != nil || r.Differing != 0 || r.Pixels != 100 {
		t.Fatalf("identical: %v, %v", r, err)
	}
	b.Set(3, 3, color.RGBA{250, 250, 250, 255}) // anti-aliasing-sized change
	b.Set(4, 4, color.Black)                    // a real change
	r, _ = Compare(a, b, 0.01)
	if r.Differing != 1 || r.Worst < 0.9 {
		t.Fatalf("got %v, want 1 differing pixel and worst about 1", r)
	}
	if _, err := Compare(a, image.NewRGBA(image.Rect(0, 0, 5, 5)), 0); err == nil {
		t.Fatal("no error for different sizes")
	}
}
