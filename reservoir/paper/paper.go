package paper

import (
	"context"
	"fmt"

	"github.com/petri-mea/petri/devices"
	"github.com/petri-mea/petri/devices/culture"
	"github.com/petri-mea/petri/devices/sim"
	"github.com/petri-mea/petri/reservoir/force"
)

// The culture topologies of the paper.
const (
	Lattice      = "lattice"
	Hierarchical = "hierarchical"
	Homogeneous  = "homogeneous"
)

// Topologies lists the three cultures in the paper's order.
var Topologies = []string{Lattice, Hierarchical, Homogeneous}

// Settings are every number of the experiment besides the condition.
type Settings struct {
	Baseline, Train, Test float64 // s: spontaneous, training, autonomous test
	Controls              float64 // s of each control (feedback off, shuffled); 0 for none
	Scan                  float64 // s of the activity scan that chooses the routing and the sites
	Sites                 int     // stimulation sites
	MinDist               int     // electrodes between sites (Chebyshev)
	Period                float64 // s per tick
	Decay                 float64 // s, the paper's filter decay
	// Slow, if > 0, adds a second bank of filters per channel whose decay
	// is Slow × the target's period (LorenzUnit for Lorenz): the second
	// time scale that lets the loop oscillate (see the package doc). 0 is
	// the paper's state.
	Slow float64
	// Scales, if not empty, replaces Slow with one bank per entry, each
	// with a decay of that multiple of the target's period.
	Scales                []float64
	Alpha, Forget         float64
	Base, Gain, MaxRate   float64 // Hz: the rate coding of the feedback
	Amplitude, PhaseWidth float64 // µA, µs per phase
	LorenzUnit            float64 // s per Lorenz time unit
}

// DefaultSettings returns the settings of the README's table: 30 s baseline,
// 300 s training, 120 s autonomous test, 60 s per control, 16 sites chosen
// from a 5 s scan, 1/3 s ticks, filters of 2 s (the paper's) and of one
// target period, RLS with α = 1, feedback rate 4 ± 4 Hz per unit output (at
// most 20 Hz) of 4 µA × 200 µs pulses.
func DefaultSettings() Settings {
	return Settings{Baseline: 30, Train: 300, Test: 120, Controls: 60, Scan: 5, Sites: 16, MinDist: 4,
		Period: 1.0 / 3, Decay: 2, Slow: 1, Alpha: 1, Forget: 1,
		Base: 4, Gain: 4, MaxRate: 20, Amplitude: 4, PhaseWidth: 200, LorenzUnit: 10}
}

// Quick returns s with every phase shortened for a run in CI: 10 s
// baseline, 120 s training, 60 s test, 30 s per control.
func (s Settings) Quick() Settings {
	s.Baseline, s.Train, s.Test, s.Controls = 10, 120, 60, 30
	return s
}

// Paper returns s with the paper's state: one filter per channel, no
// second time scale.
func (s Settings) Paper() Settings {
	s.Slow, s.Scales = 0, nil
	return s
}

// Condition is one cell of the paper's comparison.
type Condition struct {
	Topology string  // Lattice, Hierarchical or Homogeneous
	Target   string  // "sine", "triangle", "square" or "lorenz"
	Period   float64 // s (ignored for lorenz)
	Feedback bool    // false: the culture is never stimulated
	Seed     uint64
}

func (c Condition) String() string {
	fb := "on"
	if !c.Feedback {
		fb = "off"
	}
	t := c.Target
	if c.Target != "lorenz" {
		t = fmt.Sprintf("%s %gs", c.Target, c.Period)
	}
	return fmt.Sprintf("%s, %s, feedback %s, seed %d", c.Topology, t, fb, c.Seed)
}

// NewCulture builds the culture of a topology with seed (the benchmark
// network of culture.DefaultConfig: 128 wells of 15 neurons), puts it on
// the simulated array and routes the most active electrodes after a scan of
// scan s; it returns the device and the scan.
func NewCulture(ctx context.Context, topology string, seed uint64, scan float64) (*sim.Device, *devices.Grid, error) {
	cfg := culture.DefaultConfig()
	cfg.Seed = seed
	var net *culture.Network
	var err error
	switch topology {
	case Lattice:
		net, err = culture.Lattice(cfg)
	case Hierarchical:
		net, err = culture.Hierarchical(cfg)
	case Homogeneous:
		net, err = culture.Homogeneous(cfg)
	default:
		return nil, nil, fmt.Errorf("paper: topology %q: use paper.Lattice, paper.Hierarchical or paper.Homogeneous", topology)
	}
	if err != nil {
		return nil, nil, err
	}
	sc := sim.DefaultConfig()
	sc.Seed = seed
	dev, err := sim.New(ctx, net, sc)
	if err != nil {
		return nil, nil, err
	}
	g, err := dev.RouteBest(ctx, scan, 2)
	if err != nil {
		return nil, nil, err
	}
	return dev, g, nil
}

// Target returns the target of a condition and its number of outputs.
func (s Settings) Target(c Condition) (force.Target, error) {
	switch c.Target {
	case "sine":
		return force.SineTarget(c.Period, 1), nil
	case "triangle":
		return force.TriangleTarget(c.Period, 1), nil
	case "square":
		return force.SquareTarget(c.Period, 1), nil
	case "lorenz":
		return force.LorenzTarget(s.LorenzUnit, s.Baseline+s.Train+s.Test+2*s.Controls+10)
	}
	return nil, fmt.Errorf("paper: target %q: use \"sine\", \"triangle\", \"square\" or \"lorenz\"", c.Target)
}

// Experiment returns the closed loop of the settings for condition c on a
// device whose activity scan is scan; it returns the chosen sites too.
func (s Settings) Experiment(scan *devices.Grid, c Condition) (*force.Experiment, []int) {
	outputs, seed := 1, c.Seed
	if c.Target == "lorenz" {
		outputs = 3
	}
	sites := force.Sites(scan, s.Sites, s.MinDist)
	fb := force.NewRateCoding(sites, outputs, seed)
	fb.Base, fb.Gain, fb.MaxRate, fb.Amplitude, fb.PhaseWidth = s.Base, s.Gain, s.MaxRate, s.Amplitude, s.PhaseWidth
	e := force.NewExperiment(fb)
	e.Period, e.Decay, e.Alpha, e.Forget, e.Seed = s.Period, s.Decay, s.Alpha, s.Forget, seed
	scales := s.Scales
	if len(scales) == 0 && s.Slow > 0 {
		scales = []float64{s.Slow}
	}
	for _, k := range scales {
		unit := c.Period
		if c.Target == "lorenz" {
			unit = s.LorenzUnit
		}
		e.More = append(e.More, k*unit)
	}
	e.Keep = 64 // enough channels for the PCA of the state
	return e, sites
}

// Phases returns the phases of a condition.
func (s Settings) Phases(c Condition) []force.Phase {
	if !c.Feedback {
		train := force.Training(s.Train)
		train.Feedback = force.FeedbackOff
		test := force.Autonomous(s.Test)
		test.Feedback = force.FeedbackOff
		return []force.Phase{force.Baseline(s.Baseline), train, test}
	}
	ph := []force.Phase{force.Baseline(s.Baseline), force.Training(s.Train), force.Autonomous(s.Test)}
	if s.Controls > 0 {
		ph = append(ph, force.OpenLoop(s.Controls), force.Shuffled(s.Controls))
	}
	return ph
}

// Run builds the culture of c and runs the experiment on it.
func Run(ctx context.Context, c Condition, s Settings) (*force.Run, error) {
	target, err := s.Target(c)
	if err != nil {
		return nil, err
	}
	dev, scan, err := NewCulture(ctx, c.Topology, c.Seed, s.Scan)
	if err != nil {
		return nil, err
	}
	defer dev.Close()
	e, _ := s.Experiment(scan, c)
	return e.Run(ctx, dev, target, s.Phases(c)...)
}
