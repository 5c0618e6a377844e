package culture

import (
	"math"
	"math/rand/v2"
)

// Network is the wiring and placement of a culture: which neurons are
// excitatory, where each sits (µm, array coordinates), which well it grew in,
// and who it connects to. Neurons 0..NExc-1 are excitatory, NExc..N-1
// inhibitory. Synapses are stored in compressed sparse rows: the targets of
// neuron i are Targets[Start[i]:Start[i+1]].
type Network struct {
	N, NExc int
	X, Y    []float64 // µm
	Well    []int     // well of each neuron, -1 if unpatterned
	Wells   int       // number of wells (0 for unpatterned cultures)
	WellX   []float64 // centre of each well, µm
	WellY   []float64
	Start   []int32
	Targets []int32
	Name    string
}

// Synapses returns the number of synapses.
func (n *Network) Synapses() int { return len(n.Targets) }

// InDegree returns the number of synapses onto each neuron.
func (n *Network) InDegree() []int {
	d := make([]int, n.N)
	for _, t := range n.Targets {
		d[t]++
	}
	return d
}

// Edges returns all synapses as parallel pre and post index slices.
func (n *Network) Edges() (pre, post []int) {
	pre = make([]int, 0, len(n.Targets))
	post = make([]int, 0, len(n.Targets))
	for i := 0; i < n.N; i++ {
		for _, t := range n.Targets[n.Start[i]:n.Start[i+1]] {
			pre = append(pre, i)
			post = append(post, int(t))
		}
	}
	return pre, post
}

// Config describes a patterned culture: Cols × Rows wells of Exc + Inh
// neurons each, WellSize µm square, centred WellPitch µm apart, the whole
// pattern centred at (CenterX, CenterY) µm. KIn and KNb are the target mean
// in-degrees from a neuron's own well and from its neighbouring wells.
type Config struct {
	Cols, Rows       int
	Exc, Inh         int     // neurons per well
	KIn, KNb         float64 // mean in-degree from own well, from neighbour wells
	WellSize         float64 // µm
	WellPitch        float64 // µm
	CenterX, CenterY float64 // µm, centre of the pattern
	Seed             uint64
}

// DefaultConfig is the benchmark culture of DESIGN.md and
// ../shared/anchors/culture_brian2.py: 16 × 8 wells of 12 E + 3 I neurons
// (N = 1920), k_in 14, k_nb 16, wells of 100 µm at 200 µm pitch centred on a
// 220 × 120 array of 17.5 µm pitch (3850 × 2100 µm).
func DefaultConfig() Config {
	return Config{
		Cols: 16, Rows: 8, Exc: 12, Inh: 3, KIn: 14, KNb: 16,
		WellSize: 100, WellPitch: 200, CenterX: 1925, CenterY: 1050, Seed: 1,
	}
}

func (c Config) check() error {
	switch {
	case c.Cols <= 0 || c.Rows <= 0:
		return errorf("culture: Config has %d × %d wells; need at least 1 × 1 (set Cols and Rows)", c.Cols, c.Rows)
	case c.Exc < 0 || c.Inh < 0 || c.Exc+c.Inh == 0:
		return errorf("culture: Config has %d E + %d I neurons per well; need at least one (set Exc, Inh)", c.Exc, c.Inh)
	case c.KIn < 0 || c.KNb < 0:
		return errorf("culture: Config in-degrees KIn %g, KNb %g must be >= 0", c.KIn, c.KNb)
	case !(c.WellSize > 0):
		return errorf("culture: Config.WellSize = %g µm must be > 0", c.WellSize)
	case c.WellPitch < c.WellSize:
		return errorf("culture: Config.WellPitch = %g µm is smaller than WellSize %g µm; wells would overlap", c.WellPitch, c.WellSize)
	}
	// Somata are ≈ 10 µm across: at most one per 10 × 10 µm.
	if max := int(c.WellSize/10) * int(c.WellSize/10); c.Exc+c.Inh > max {
		return errorf("culture: %d neurons do not fit in a %g µm well (at most %d somata of 10 µm); enlarge WellSize or lower Exc+Inh",
			c.Exc+c.Inh, c.WellSize, max)
	}
	return nil
}

// place builds the neuron table (module of each neuron, mirroring the Brian2
// anchor's order: all excitatory neurons well by well, then all inhibitory),
// and places every neuron uniformly inside its well.
func (c Config) place(rng *rand.Rand, name string) *Network {
	nw := c.Cols * c.Rows
	m := c.Exc + c.Inh
	net := &Network{N: nw * m, NExc: nw * c.Exc, Wells: nw, Name: name}
	net.X = make([]float64, net.N)
	net.Y = make([]float64, net.N)
	net.Well = make([]int, net.N)
	net.WellX = make([]float64, nw)
	net.WellY = make([]float64, nw)
	x0 := c.CenterX - c.WellPitch*float64(c.Cols-1)/2
	y0 := c.CenterY - c.WellPitch*float64(c.Rows-1)/2
	for w := 0; w < nw; w++ {
		net.WellX[w] = x0 + c.WellPitch*float64(w%c.Cols)
		net.WellY[w] = y0 + c.WellPitch*float64(w/c.Cols)
	}
	for i := 0; i < net.N; i++ {
		w := i / c.Exc
		if i >= net.NExc {
			w = (i - net.NExc) / c.Inh
		}
		net.Well[i] = w
		net.X[i] = net.WellX[w] + c.WellSize*(rng.Float64()-0.5)
		net.Y[i] = net.WellY[w] + c.WellSize*(rng.Float64()-0.5)
	}
	return net
}

// connect draws every ordered pair (pre ≠ post) independently with
// probability prob(pre, post) and stores the result as CSR.
func (net *Network) connect(rng *rand.Rand, prob func(pre, post int) float64) {
	net.Start = make([]int32, net.N+1)
	net.Targets = net.Targets[:0]
	for i := 0; i < net.N; i++ {
		for j := 0; j < net.N; j++ {
			if i == j {
				continue
			}
			if p := prob(i, j); p > 0 && rng.Float64() < p {
				net.Targets = append(net.Targets, int32(j))
			}
		}
		net.Start[i+1] = int32(len(net.Targets))
	}
}

// torusDist returns the lattice distance (dx, dy) between wells a and b on a
// cols × rows torus.
func torusDist(a, b, cols, rows int) (int, int) {
	dx := abs(a%cols - b%cols)
	dx = min(dx, cols-dx)
	dy := abs(a/cols - b/cols)
	dy = min(dy, rows-dy)
	return dx, dy
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Lattice builds wells on a Cols × Rows lattice with periodic edges (a
// torus, so every well has 4 neighbours), as in the Brian2 anchor: each
// ordered pair is connected with probability min(1, KIn/(M−1)) within a well
// and KNb/(4M) between neighbouring wells (M neurons per well).
func Lattice(c Config) (*Network, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(c.Seed, 0x1a77))
	net := c.place(rng, "lattice")
	m := float64(c.Exc + c.Inh)
	pin := 0.0
	if m > 1 {
		pin = math.Min(1, c.KIn/(m-1))
	}
	pnb := math.Min(1, c.KNb/(4*m))
	net.connect(rng, func(i, j int) float64 {
		dx, dy := torusDist(net.Well[i], net.Well[j], c.Cols, c.Rows)
		switch dx + dy {
		case 0:
			return pin
		case 1:
			return pnb
		}
		return 0
	})
	return net, nil
}

// Homogeneous builds the unpatterned control: the same neurons, each ordered
// pair connected with p = (KIn+KNb)/(N−1), positions uniform over the area
// the wells would cover.
func Homogeneous(c Config) (*Network, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(c.Seed, 0x4030))
	net := c.place(rng, "homogeneous")
	w := c.WellPitch*float64(c.Cols-1) + c.WellSize
	h := c.WellPitch*float64(c.Rows-1) + c.WellSize
	for i := range net.X {
		net.X[i] = c.CenterX + w*(rng.Float64()-0.5)
		net.Y[i] = c.CenterY + h*(rng.Float64()-0.5)
		net.Well[i] = -1
	}
	net.Wells = 0
	net.WellX, net.WellY = nil, nil
	p := 0.0
	if net.N > 1 {
		p = math.Min(1, (c.KIn+c.KNb)/float64(net.N-1))
	}
	net.connect(rng, func(i, j int) float64 { return p })
	return net, nil
}

// Hierarchical builds modules of modules on the same wells: wells are grouped
// in 2 × 2 blocks, blocks in 2 × 2 blocks of blocks, and so on (no periodic
// edges). Links between two wells whose smallest common block is of level ℓ
// (ℓ = 1: same 2 × 2 block) are drawn with a probability that halves with
// every level, normalised so that the mean in-degree from other wells is
// still KNb; links within a well are as in Lattice. The result is sparser
// and longer-ranged than the lattice, as in the paper's hierarchical PDMS
// pattern.
func Hierarchical(c Config) (*Network, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(c.Seed, 0x41e7))
	net := c.place(rng, "hierarchical")
	m := float64(c.Exc + c.Inh)
	pin := 0.0
	if m > 1 {
		pin = math.Min(1, c.KIn/(m-1))
	}
	level := func(a, b int) int {
		ax, ay, bx, by := a%c.Cols, a/c.Cols, b%c.Cols, b/c.Cols
		l := 0
		for ax != bx || ay != by {
			ax, ay, bx, by = ax/2, ay/2, bx/2, by/2
			l++
		}
		return l
	}
	// Weight of a pair at level ℓ is 2^-ℓ; normalise the expected number of
	// inputs from other wells (averaged over wells) to KNb.
	nw := c.Cols * c.Rows
	var sum float64
	for a := 0; a < nw; a++ {
		for b := 0; b < nw; b++ {
			if a != b {
				sum += math.Ldexp(1, -level(a, b))
			}
		}
	}
	scale := 0.0
	if sum > 0 {
		scale = c.KNb * float64(nw) / (sum * m)
	}
	net.connect(rng, func(i, j int) float64 {
		l := level(net.Well[i], net.Well[j])
		if l == 0 {
			return pin
		}
		return math.Min(1, scale*math.Ldexp(1, -l))
	})
	return net, nil
}

// Grown builds the generic culture: wells as in c, and connections drawn
// like axons growing from each soma, with probability
// PMax·exp(−d/Lambda) for a soma-to-soma distance d µm, but only within a
// well or between wells joined by a channel (link(a, b) reports true);
// link == nil joins every pair of wells.
func Grown(c Config, pmax, lambda float64, link func(a, b int) bool) (*Network, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	if !(pmax >= 0 && pmax <= 1) || !(lambda > 0) {
		return nil, errorf("culture: Grown needs 0 <= pmax <= 1 (got %g) and lambda > 0 µm (got %g)", pmax, lambda)
	}
	rng := rand.New(rand.NewPCG(c.Seed, 0x6709))
	net := c.place(rng, "grown")
	net.connect(rng, func(i, j int) float64 {
		a, b := net.Well[i], net.Well[j]
		if a != b && link != nil && !link(a, b) {
			return 0
		}
		return pmax * math.Exp(-math.Hypot(net.X[i]-net.X[j], net.Y[i]-net.Y[j])/lambda)
	})
	return net, nil
}
