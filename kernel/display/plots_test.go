package display

// Golden-image tests of the domain plots.
//
// Each test draws a plot from fixed, seeded data at 1× (96 dpi) and compares it with
// testdata/NAME_golden.png tolerantly (internal/imgcmp: cmpimg's YIQ pixel metric,
// plus a small share of pixels allowed to differ; cmpimg itself needs rsc.io/pdf,
// which go.mod does not have). After an intended change of a plot's look, regenerate
// the golden files and look at them:
//
//	go test ./kernel/display/ -run Golden -regen
//
// A failing comparison writes the new image to testdata/NAME_got.png (ignored by git)
// for inspection.

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"

	"github.com/petri-mea/petri/kernel/display/internal/imgcmp"
)

var regen = flag.Bool("regen", false, "regenerate the golden images in testdata/")

// goldenDelta is the per-pixel tolerance (0 exact, 1 black vs. white) and
// goldenFraction the share of pixels allowed beyond it: small enough to catch a moved
// line or a lost label, large enough for anti-aliasing noise.
const (
	goldenDelta    = 0.05
	goldenFraction = 0.0005
)

func checkGolden(t *testing.T, name string, p *plot.Plot, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	w, h := sizeOf(p, 0, 0)
	got, err := plotPNG(p, w, h, cssDPI)
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", name+"_golden.png")
	if *regen {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -regen to create it)", err)
	}
	res, err := imgcmp.PNG(got, want, goldenDelta)
	if err != nil || res.Fraction() > goldenFraction {
		out := filepath.Join("testdata", name+"_got.png")
		_ = os.WriteFile(out, got, 0o644)
		if err == nil {
			err = fmt.Errorf("%v", res)
		}
		t.Errorf("%s differs from %s: %v; see %s, and run with -regen if the change is intended", name, golden, err, out)
	}
}

// Test data, seeded.

func rasterData() (times []float64, chans, modules []int) {
	rng := rand.New(rand.NewPCG(1, 2))
	modules = make([]int, 24)
	for ch := range modules {
		modules[ch] = ch / 8
	}
	for ch := range 24 {
		for t := rng.ExpFloat64() / 2; t < 10; t += rng.ExpFloat64() / 2 {
			times, chans = append(times, t), append(chans, ch)
		}
	}
	// Network bursts: most channels of a module fire together.
	for _, b := range []struct {
		t float64
		m int
	}{{2.1, 0}, {2.15, 1}, {5.5, 2}, {7.2, 0}, {7.25, 1}, {7.3, 2}} {
		for ch := b.m * 8; ch < b.m*8+8; ch++ {
			for k := range 4 {
				times, chans = append(times, b.t+0.05*float64(k)+0.02*rng.Float64()), append(chans, ch)
			}
		}
	}
	return times, chans, modules
}

func arrayData() ArrayOptions {
	rng := rand.New(rand.NewPCG(3, 4))
	const cols, rows = 220, 120
	seen := map[int]bool{}
	var o ArrayOptions
	// Routed electrodes in 8 × 16 blocks around 128 well centres on a 16 × 8 lattice.
	for w := range 128 {
		cx, cy := 7+(w%16)*13+rng.IntN(3), 8+(w/16)*14+rng.IntN(3)
		for range 8 {
			e := (cy+rng.IntN(6)-3)*cols + cx + rng.IntN(6) - 3
			if seen[e] {
				continue
			}
			seen[e] = true
			o.Routed = append(o.Routed, e)
			r := 0.0
			if rng.Float64() < 0.7 {
				r = rng.ExpFloat64() * 2
			}
			o.Rate = append(o.Rate, r)
		}
	}
	for i := range 32 {
		o.Stim = append(o.Stim, o.Routed[i*len(o.Routed)/32])
	}
	return o
}

func lorenz(n int) (x, y, z []float64) {
	const dt, s, r, b = 0.005, 10, 28, 8.0 / 3
	p := [3]float64{1, 1, 20}
	f := func(p [3]float64) [3]float64 {
		return [3]float64{s * (p[1] - p[0]), p[0]*(r-p[2]) - p[1], p[0]*p[1] - b*p[2]}
	}
	for range n {
		k1 := f(p)
		var q [3]float64
		for i := range q {
			q[i] = p[i] + dt/2*k1[i]
		}
		k2 := f(q)
		for i := range q {
			q[i] = p[i] + dt/2*k2[i]
		}
		k3 := f(q)
		for i := range q {
			q[i] = p[i] + dt*k3[i]
		}
		k4 := f(q)
		for i := range p {
			p[i] += dt / 6 * (k1[i] + 2*k2[i] + 2*k3[i] + k4[i])
		}
		x, y, z = append(x, p[0]), append(y, p[1]), append(z, p[2])
	}
	return
}

func outputData() (t, target, output []float64) {
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range 600 {
		ti := float64(i) * 0.1
		f := math.Sin(2 * math.Pi * ti / 10)
		drift := 0.0
		if ti > 40 {
			drift = 0.04 * (ti - 40)
		}
		t = append(t, ti)
		target = append(target, f)
		output = append(output, f*(1-drift/2)+drift*math.Sin(ti)+0.05*rng.NormFloat64())
	}
	return
}

func corrData() *mat.SymDense {
	rng := rand.New(rand.NewPCG(7, 8))
	const n = 16
	c := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			v := 0.1 * rng.NormFloat64()
			if i/4 == j/4 {
				v += 0.6
			}
			if i == j {
				v = 1
			}
			c.SetSym(i, j, math.Max(-1, math.Min(1, v)))
		}
	}
	return c
}

func TestGoldenRaster(t *testing.T) {
	times, chans, mods := rasterData()
	p, err := Raster(times, chans, RasterOptions{Modules: mods})
	checkGolden(t, "raster", p, err)
}

func TestGoldenArrayMap(t *testing.T) {
	p, err := ArrayMap(220, 120, arrayData())
	checkGolden(t, "arraymap", p, err)
}

func TestGoldenArrayMapPerElectrode(t *testing.T) {
	rate := make([]float64, 40*24)
	for e := range rate {
		c, r := float64(e%40), float64(e/40)
		rate[e] = 10 * math.Exp(-((c-12)*(c-12)+(r-8)*(r-8))/30)
		if rate[e] < 0.5 {
			rate[e] = 0
		}
	}
	p, err := ArrayMap(40, 24, ArrayOptions{Rate: rate, Routed: []int{8*40 + 12, 8*40 + 13, 20*40 + 30}, Stim: []int{3*40 + 3}})
	checkGolden(t, "arraymap_electrodes", p, err)
}

func TestGoldenTargetOutput(t *testing.T) {
	ts, target, output := outputData()
	p, err := TargetOutput(ts, target, output, 40)
	checkGolden(t, "targetoutput", p, err)
}

func TestGoldenErrorOverTime(t *testing.T) {
	ts, target, output := outputData()
	e := make([]float64, len(ts))
	for i := range e {
		e[i] = output[i] - target[i]
	}
	p, err := ErrorOverTime(ts, e)
	checkGolden(t, "error", p, err)
}

func TestGoldenTrajectory2D(t *testing.T) {
	x, _, z := lorenz(4000)
	p, err := Trajectory2D(x, z, Labels{Title: "Lorenz attractor", Y: "z"})
	checkGolden(t, "trajectory2d", p, err)
}

func TestGoldenTrajectory3D(t *testing.T) {
	x, y, z := lorenz(4000)
	p, err := Trajectory3D(x, y, z, Labels{Title: "Lorenz attractor"})
	checkGolden(t, "trajectory3d", p, err)
}

func TestGoldenCorrelationMatrix(t *testing.T) {
	p, err := CorrelationMatrix(corrData())
	checkGolden(t, "correlation", p, err)
}

func TestGoldenHeatmap(t *testing.T) {
	m := make([][]float64, 6)
	for r := range m {
		m[r] = make([]float64, 10)
		for c := range m[r] {
			m[r][c] = float64(r*c) + 0.5*float64(c)
		}
	}
	p, err := Heatmap(m, HeatmapOptions{Unit: "rate (Hz)", Labels: Labels{X: "time bin", Y: "module"}})
	checkGolden(t, "heatmap", p, err)
}

func TestGoldenVarianceExplained(t *testing.T) {
	ev := make([]float64, 40)
	for i := range ev {
		ev[i] = math.Exp(-float64(i) / 3) // ascending order would be fine too
	}
	p, err := VarianceExplained(ev)
	checkGolden(t, "variance", p, err)
}
