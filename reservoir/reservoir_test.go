package reservoir

import (
	"bytes"
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func near(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.10g, want %.10g ± %g", name, got, want, tol)
	}
}

// Targets must match ../shared/anchors/force_rate_numpy.py bit for bit
// (values printed by its target_fn with nsteps=2000, dt=0.1).
func TestTargetsMatchNumpyAnchor(t *testing.T) {
	x, _, _ := Lorenz(4000, 0.002, 25000)
	for _, c := range []struct {
		i    int
		want float64
	}{{0, -0.15149140836874203}, {1, -0.15375209644457719}, {1000, -0.5123369624594816}, {3999, -0.5318761318000604}} {
		if x[c.i] != c.want {
			t.Errorf("Lorenz x[%d] = %v, numpy anchor %v", c.i, x[c.i], c.want)
		}
	}
	f := FourSine(2000, 0.1)
	near(t, "FourSine[7]", f[7], 0.12154670837661463, 1e-15)
	near(t, "FourSine[1234]", f[1234], 0.5668154855441747, 1e-14)
	near(t, "Triangle[123]", Triangle(200, 0.1, 60, 1)[123], 0.82, 1e-12)
	sq := Square(600, 0.1, 60, 1)
	if sq[0] != 1 || sq[299] != 1 || sq[301] != -1 {
		t.Errorf("Square: %v %v %v, want 1 1 -1", sq[0], sq[299], sq[301])
	}
}

// Mackey–Glass with τ 17 stays in its known range (about 0.2–1.4; Jaeger
// 2001 Fig. 9) and NARMA10 output in [0, 1] for inputs in [0, 0.5].
func TestMackeyGlassNARMA(t *testing.T) {
	mg := MackeyGlass(3000, 1, 17, 500)
	for i, v := range mg {
		if v < 0.15 || v > 1.45 {
			t.Fatalf("MackeyGlass[%d] = %v outside [0.15, 1.45]", i, v)
		}
	}
	u, y := NARMA(2000, 10, 1)
	for i := range y {
		if u[i] < 0 || u[i] > 0.5 || y[i] < 0 || y[i] > 1 || math.IsNaN(y[i]) {
			t.Fatalf("NARMA step %d: u %v y %v", i, u[i], y[i])
		}
	}
}

// Anscombe's quartet, set I (Anscombe 1973, Am. Stat. 27:17): r = 0.816,
// regression R² = 0.667.
func TestMetricsAnscombe(t *testing.T) {
	x := []float64{10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5}
	y := []float64{8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68}
	r, err := Pearson(x, y)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "Pearson", r, 0.81642, 5e-5)
	fit := make([]float64, len(x)) // y = 3.0001 + 0.5001 x
	for i, v := range x {
		fit[i] = 3.0000909 + 0.5000909*v
	}
	r2, _ := R2(fit, y)
	near(t, "R2", r2, 0.6665, 1e-3)
	mae, _ := MAE([]float64{1, 2, 3}, []float64{2, 2, 5})
	near(t, "MAE", mae, 1, 1e-15)
	rmse, _ := RMSE([]float64{1, 2, 3}, []float64{2, 2, 5})
	near(t, "RMSE", rmse, math.Sqrt(5.0/3), 1e-15)
	nr, _ := NRMSE([]float64{0, 0, 0, 0}, []float64{1, -1, 1, -1})
	near(t, "NRMSE of the mean predictor", nr, 1, 1e-15)
}

func TestMetricErrors(t *testing.T) {
	if _, err := MAE(nil, nil); !errors.Is(err, ErrLength) {
		t.Errorf("MAE(empty): %v, want ErrLength", err)
	}
	if _, err := RMSE([]float64{1}, []float64{1, 2}); !errors.Is(err, ErrLength) {
		t.Errorf("RMSE(mismatch): %v, want ErrLength", err)
	}
	_, err := Pearson([]float64{1, math.NaN()}, []float64{1, 2})
	if !errors.Is(err, ErrNotFinite) || !strings.Contains(err.Error(), "[1]") {
		t.Errorf("Pearson(NaN): %v, want ErrNotFinite naming index 1", err)
	}
	if _, err := Pearson([]float64{1, 1}, []float64{1, 2}); err == nil {
		t.Errorf("Pearson(constant) gave no error")
	}
}

// Effective rank of isotropic variance in k of n dimensions is k; functional
// complexity is 0 when all pairs share one correlation (Zamora-López et al.
// 2016: all values in one bin).
func TestStateMetrics(t *testing.T) {
	const T = 400
	s := mat.NewDense(T, 5, nil)
	for i := 0; i < T; i++ {
		a := math.Sin(2 * math.Pi * float64(i) / 40)
		b := math.Cos(2 * math.Pi * float64(i) / 40)
		s.SetRow(i, []float64{a, b, a, b, 0})
	}
	er, err := EffectiveRank(s)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "EffectiveRank", er, 2, 1e-9)
	cv, _ := CumulativeVariance(s)
	near(t, "CumulativeVariance[1]", cv[1], 1, 1e-12)
	c := mat.NewDense(T, 4, nil)
	for i := 0; i < T; i++ {
		v := math.Sin(float64(i) / 7)
		c.SetRow(i, []float64{v, 2 * v, 3*v + 1, v - 4})
	}
	mc, _ := MeanCorr(c)
	near(t, "MeanCorr of identical signals", mc, 1, 1e-12)
	fc, _ := FunctionalComplexity(c, 20)
	near(t, "FunctionalComplexity of one bin", fc, 0, 1e-12)
	// 120 pairs spread 6 per bin give C = 1: check the formula directly.
	n := 16
	sym := mat.NewSymDense(n, nil)
	k := 0
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			sym.SetSym(i, j, (float64(k%20)+0.5)/20)
			k++
		}
	}
	u, _ := complexityOf(sym, 20)
	near(t, "FunctionalComplexity uniform", u, 1, 1e-12)
}

// A double-exponential filter fed one spike at t=0 equals the kernel
// (e^{−t/τd} − e^{−t/τr})/(τd − τr), whatever the ticks.
func TestDoubleExpFilter(t *testing.T) {
	f := NewDoubleExpFilter(2, 0.05, 2)
	if err := f.Advance(0.001, Spikes{{0}, nil}); err != nil { // a spike at the tick's start is in it
		t.Fatal(err)
	}
	for _, tick := range []float64{0.1, 0.3, 1.0, 2.5} {
		if err := f.Advance(tick, nil); err != nil {
			t.Fatal(err)
		}
		d := tick
		want := (math.Exp(-d/2) - math.Exp(-d/0.05)) / 1.95
		near(t, "DoubleExp", f.State()[0], want, 1e-14)
		near(t, "DoubleExp silent channel", f.State()[1], 0, 0)
	}
	if err := f.Advance(3, Spikes{{1}}); err == nil {
		t.Error("spike before Now accepted")
	}
	if err := f.Advance(3.5, Spikes{{3.5}}); err == nil {
		t.Error("spike at the tick's end accepted: it belongs to the next tick")
	}
	e := NewExpFilter(1, 0.5)
	m, err := FilterSeries(e, Spikes{{0.25, 0.75}}, 0.5, 2)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "ExpFilter tick 1", m.At(0, 0), math.Exp(-0.5)/0.5, 1e-14)
	near(t, "ExpFilter tick 2", m.At(1, 0), (math.Exp(-1.5)+math.Exp(-0.5))/0.5, 1e-14)
	b := NewBinFilter(1)
	_ = b.Advance(0.5, Spikes{{0.1, 0.2, 0.3}})
	near(t, "BinFilter", b.State()[0], 6, 0)
}

// Ridge recovers an exact linear map (with bias) from noiseless data.
func TestRidgeExact(t *testing.T) {
	const T, n = 200, 4
	x := mat.NewDense(T, n, nil)
	y := mat.NewDense(T, 2, nil)
	for i := 0; i < T; i++ {
		row := []float64{math.Sin(float64(i)), math.Cos(float64(i) * 0.3), float64(i%7) / 7, math.Sin(float64(i) * 0.11)}
		x.SetRow(i, row)
		y.Set(i, 0, 2*row[0]-row[3]+0.5)
		y.Set(i, 1, row[1]+row[2])
	}
	r, err := Ridge(x, y, 10, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "W[0][0]", r.W.At(0, 0), 2, 1e-9)
	near(t, "W[0][3]", r.W.At(0, 3), -1, 1e-9)
	near(t, "B[0]", r.B[0], 0.5, 1e-9)
	near(t, "W[1][2]", r.W.At(1, 2), 1, 1e-9)
	x.Set(5, 1, math.Inf(1))
	if _, err := Ridge(x, y, 0, 1e-6, false); !errors.Is(err, ErrNotFinite) {
		t.Errorf("Ridge(Inf): %v, want ErrNotFinite", err)
	}
	if _, err := Ridge(x, y, T, 1e-6, false); err == nil {
		t.Error("Ridge with washout = T: no error")
	}
}

// An ESN with ridge readout solves NARMA10 far better than the mean
// predictor (typical NRMSE 0.2–0.5 for N=200; Lukoševičius 2012).
func TestESNNARMA(t *testing.T) {
	e, err := NewESN(ESNConfig{N: 200, SpectralRadius: 0.9, InputScale: 0.5, Leak: 1, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	u, y := NARMA(3000, 10, 7)
	states, err := e.Collect(context.Background(), mat.NewDense(len(u), 1, u))
	if err != nil {
		t.Fatal(err)
	}
	const train = 2000
	r, err := Ridge(states.Slice(0, train, 0, 200), mat.NewDense(train, 1, y[:train]), 100, 1e-8, true)
	if err != nil {
		t.Fatal(err)
	}
	out := r.Apply(states.Slice(train, 3000, 0, 200))
	nr, err := NRMSE(mat.Col(nil, 0, out), y[train:])
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("NARMA10 test NRMSE %.3f", nr)
	if nr > 0.6 {
		t.Errorf("NARMA10 NRMSE %.3f, want < 0.6", nr)
	}
}

func TestSaveLoad(t *testing.T) {
	net, err := NewRateNetwork(RateConfig{N: 50, Feedback: 2, Inputs: 1, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := net.Save(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := LoadRateNetwork(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		net.Step([]float64{0.1}, []float64{0.2, -0.3})
		got.Step([]float64{0.1}, []float64{0.2, -0.3})
	}
	for i, v := range net.State() {
		if got.State()[i] != v {
			t.Fatalf("loaded network diverges at unit %d: %v vs %v", i, got.State()[i], v)
		}
	}
	bad := strings.Replace(buf.String(), RateFormat, "petri.rate/v9", 1)
	if _, err := LoadRateNetwork(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "petri.rate/v9") {
		t.Errorf("wrong version: %v", err)
	}

	ro := &Readout{W: mat.NewDense(2, 3, []float64{1.0 / 3, math.Pi, -1e-300, 5, 6, 7}), B: []float64{0.1, 0.2}}
	buf.Reset()
	if err := ro.Save(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := LoadReadout(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(back.W, ro.W) || back.B[1] != 0.2 {
		t.Errorf("readout round trip: %v", mat.Formatted(back.W))
	}
	bad = strings.Replace(buf.String(), ReadoutFormat, "other/v1", 1)
	if _, err := LoadReadout(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "petri.readout/v1") {
		t.Errorf("wrong format: %v", err)
	}

	e, _ := NewESN(ESNConfig{N: 30, Seed: 1})
	buf.Reset()
	_ = e.Save(&buf)
	e2, err := LoadESN(&buf)
	if err != nil {
		t.Fatal(err)
	}
	e.Step([]float64{1}, nil)
	e2.Step([]float64{1}, nil)
	if e.State()[3] != e2.State()[3] {
		t.Error("ESN round trip differs")
	}
}

// Same seed, same network, bit for bit.
func TestDeterminism(t *testing.T) {
	a, _ := NewIzhikevich(SpikingConfig{N: 200, Seed: 4})
	b, _ := NewIzhikevich(SpikingConfig{N: 200, Seed: 4})
	for i := 0; i < 2000; i++ {
		a.Step(nil, []float64{0.01})
		b.Step(nil, []float64{0.01})
	}
	for i := range a.State() {
		if a.State()[i] != b.State()[i] {
			t.Fatalf("unit %d differs", i)
		}
	}
	l, _ := NewLIF(SpikingConfig{N: 200, Seed: 4})
	n := 0
	for i := 0; i < 4000; i++ { // 200 ms
		l.Step(nil, nil)
		n += len(l.Spiked())
	}
	if n == 0 {
		t.Error("LIF network silent for 200 ms")
	}
}

func TestConfigErrors(t *testing.T) {
	if _, err := NewRateNetwork(RateConfig{P: 2}); err == nil || !strings.Contains(err.Error(), "RateConfig.P") {
		t.Errorf("bad P: %v", err)
	}
	if _, err := NewESN(ESNConfig{Leak: 1.5}); err == nil {
		t.Error("bad leak accepted")
	}
	if _, err := NewIzhikevich(SpikingConfig{DT: 5}); err == nil {
		t.Error("bad dt accepted")
	}
}
