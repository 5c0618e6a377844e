package display

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
)

// Every domain plot refuses bad data with an error that names the call and the bad
// value, and never panics or returns a plot.
func TestPlotsRejectBadInput(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	var nilDense *mat.Dense
	cases := []struct {
		name string
		make func() (*plot.Plot, error)
		want string // part of the message
	}{
		{"raster empty", func() (*plot.Plot, error) { return Raster(nil, nil) }, "no spikes"},
		{"raster lengths", func() (*plot.Plot, error) { return Raster([]float64{1, 2}, []int{0}) }, "times has 2 values but channels has 1"},
		{"raster NaN", func() (*plot.Plot, error) { return Raster([]float64{1, nan}, []int{0, 1}) }, "times[1] is NaN"},
		{"raster negative channel", func() (*plot.Plot, error) { return Raster([]float64{1}, []int{-1}) }, "channels[0] = -1"},
		{"raster modules short", func() (*plot.Plot, error) {
			return Raster([]float64{1}, []int{3}, RasterOptions{Modules: []int{0}})
		}, "Modules has only 1"},
		{"array size", func() (*plot.Plot, error) { return ArrayMap(0, 120, ArrayOptions{Routed: []int{1}}) }, "positive cols and rows"},
		{"array nothing", func() (*plot.Plot, error) { return ArrayMap(220, 120, ArrayOptions{}) }, "nothing to draw"},
		{"array index", func() (*plot.Plot, error) { return ArrayMap(4, 2, ArrayOptions{Stim: []int{8}}) }, "Stim[0] = 8"},
		{"array rate length", func() (*plot.Plot, error) {
			return ArrayMap(4, 2, ArrayOptions{Rate: []float64{1, 2}, Routed: []int{1}})
		}, "Rate has 2 values"},
		{"array rate Inf", func() (*plot.Plot, error) {
			return ArrayMap(4, 2, ArrayOptions{Rate: []float64{inf}, Routed: []int{1}})
		}, "Rate[0] is +Inf"},
		{"array negative rate", func() (*plot.Plot, error) {
			return ArrayMap(4, 2, ArrayOptions{Rate: []float64{-1}, Routed: []int{1}})
		}, "Rate[0] = -1"},
		{"array pitch", func() (*plot.Plot, error) { return ArrayMap(4, 2, ArrayOptions{Routed: []int{1}, Pitch: -3}) }, "Pitch is -3"},
		{"target empty", func() (*plot.Plot, error) { return TargetOutput(nil, nil, nil, 0) }, "t is empty"},
		{"target decreasing", func() (*plot.Plot, error) {
			return TargetOutput([]float64{0, 2, 1}, []float64{0, 0, 0}, []float64{0, 0, 0}, 1)
		}, "t[2] = 1 comes before t[1] = 2"},
		{"target trainEnd", func() (*plot.Plot, error) { return TargetOutput([]float64{0}, []float64{0}, []float64{0}, nan) }, "trainEnd is NaN"},
		{"error lengths", func() (*plot.Plot, error) { return ErrorOverTime([]float64{0, 1}, []float64{0}) }, "t has 2 values but err has 1"},
		{"error NaN", func() (*plot.Plot, error) { return ErrorOverTime([]float64{0, 1}, []float64{nan, 0}) }, "err[0] is NaN"},
		{"traj2d empty", func() (*plot.Plot, error) { return Trajectory2D(nil, nil) }, "x is empty"},
		{"traj2d NaN", func() (*plot.Plot, error) { return Trajectory2D([]float64{0, 1}, []float64{0, nan}) }, "y[1] is NaN"},
		{"traj3d lengths", func() (*plot.Plot, error) { return Trajectory3D([]float64{0}, []float64{0}, []float64{0, 1}) }, "x has 1 values but z has 2"},
		{"heatmap type", func() (*plot.Plot, error) { return Heatmap([]float64{1}) }, "cannot draw a []float64"},
		{"heatmap nil", func() (*plot.Plot, error) { return Heatmap(nil) }, "nil"},
		{"heatmap nil dense", func() (*plot.Plot, error) { return Heatmap(nilDense) }, "nil"},
		{"heatmap empty", func() (*plot.Plot, error) { return Heatmap([][]float64{}) }, "empty"},
		{"heatmap ragged", func() (*plot.Plot, error) { return Heatmap([][]float64{{1, 2}, {3}}) }, "row 1 has 1 values"},
		{"heatmap NaN", func() (*plot.Plot, error) { return Heatmap([][]float64{{1, 2}, {3, nan}}) }, "m[1][1] is NaN"},
		{"heatmap range", func() (*plot.Plot, error) { return Heatmap([][]float64{{1}}, HeatmapOptions{Min: 2, Max: 1}) }, "Min 2, Max 1"},
		{"corr not square", func() (*plot.Plot, error) { return CorrelationMatrix([][]float64{{1, 0}}) }, "square"},
		{"corr range", func() (*plot.Plot, error) { return CorrelationMatrix([][]float64{{1, 2}, {2, 1}}) }, "m[0][1] = 2 is not a correlation"},
		{"variance empty", func() (*plot.Plot, error) { return VarianceExplained(nil) }, "v is empty"},
		{"variance negative", func() (*plot.Plot, error) { return VarianceExplained([]float64{3, -1}) }, "eigenvalue -1 is negative"},
		{"variance zero", func() (*plot.Plot, error) { return VarianceExplained([]float64{0, 0}) }, "all eigenvalues are zero"},
		{"variance cumulative", func() (*plot.Plot, error) {
			return VarianceExplained([]float64{0.5, 0.4}, VarianceOptions{Cumulative: true})
		}, "v[1] = 0.4 is not a cumulative fraction"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := c.make()
			if p != nil || err == nil {
				t.Fatalf("got plot %v, error %v; want no plot and an error", p, err)
			}
			if !strings.HasPrefix(err.Error(), "display.") || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q, want it to start with display. and contain %q", err, c.want)
			}
		})
	}
}

// Edge cases that are valid data draw without error or panic.
func TestPlotsAcceptEdgeCases(t *testing.T) {
	cases := map[string]func() (*plot.Plot, error){
		"one spike": func() (*plot.Plot, error) { return Raster([]float64{3}, []int{0}) },
		"many modules": func() (*plot.Plot, error) {
			return Raster([]float64{1, 2}, []int{0, 1}, RasterOptions{Modules: []int{0, 17}})
		},
		"silent array": func() (*plot.Plot, error) { return ArrayMap(4, 2, ArrayOptions{Rate: make([]float64, 8)}) },
		"routed only":  func() (*plot.Plot, error) { return ArrayMap(4, 2, ArrayOptions{Routed: []int{0, 7}}) },
		"one sample":   func() (*plot.Plot, error) { return TargetOutput([]float64{1}, []float64{2}, []float64{2}, 0) },
		"all training": func() (*plot.Plot, error) {
			return TargetOutput([]float64{0, 1}, []float64{0, 1}, []float64{0, 1}, math.Inf(1))
		},
		"constant error":    func() (*plot.Plot, error) { return ErrorOverTime([]float64{0, 0}, []float64{1, 1}) },
		"point trajectory":  func() (*plot.Plot, error) { return Trajectory3D([]float64{1}, []float64{1}, []float64{1}) },
		"constant matrix":   func() (*plot.Plot, error) { return Heatmap(mat.NewDense(2, 3, nil)) },
		"diverging":         func() (*plot.Plot, error) { return Heatmap([][]float64{{-1, 3}}, HeatmapOptions{Diverging: true}) },
		"1×1 correlation":   func() (*plot.Plot, error) { return CorrelationMatrix([][]float64{{1}}) },
		"rounding negative": func() (*plot.Plot, error) { return VarianceExplained([]float64{-1e-17, 2, 1}) },
		"cumulative": func() (*plot.Plot, error) {
			return VarianceExplained([]float64{0.5, 0.8, 1}, VarianceOptions{Cumulative: true})
		},
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			p, err := f()
			if err != nil {
				t.Fatal(err)
			}
			data, _, _ := RenderMeta(p)
			if data[MIMEPNG] == nil {
				t.Errorf("not drawn: %v", data[MIMEPlain])
			}
		})
	}
}

// An unpatterned culture marks its neurons' module −1 (culture.Homogeneous):
// the raster draws them in grey instead of refusing them.
func TestRasterNoModule(t *testing.T) {
	if _, err := Raster([]float64{0.1, 0.2}, []int{0, 1}, RasterOptions{Modules: []int{-1, -1}}); err != nil {
		t.Fatalf("Raster with module -1: %v", err)
	}
}
