package culture

import (
	"math"
	"math/rand/v2"
	"slices"
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

// link says that the neurons of one group reach those of group To, each
// ordered pair independently with probability P.
type link struct {
	To int
	P  float64
}

// connect wires the network: neuron i (in group group[i]) reaches each
// neuron j ≠ i of every group in links[group[i]] independently with that
// link's probability. Every ordered pair is still one Bernoulli trial, as
// in the Brian2 anchor, but the trials that succeed are found by geometric
// skips (bernoulli), so the cost is proportional to the number of synapses
// (plus one draw per pre neuron and linked group), not to N². Targets are
// stored in ascending order.
func (net *Network) connect(rng *rand.Rand, group []int, members [][]int32, links [][]link) {
	net.Start = make([]int32, net.N+1)
	net.Targets = net.Targets[:0]
	for i := 0; i < net.N; i++ {
		row := len(net.Targets)
		for _, l := range links[group[i]] {
			m := members[l.To]
			bernoulli(rng, l.P, len(m), func(k int) {
				if int(m[k]) != i {
					net.Targets = append(net.Targets, m[k])
				}
			})
		}
		tg := net.Targets[row:]
		slices.Sort(tg)
		net.Start[i+1] = int32(len(net.Targets))
	}
}

// bernoulli calls visit(k) for each k in 0..n−1 independently with
// probability p, in increasing order: the gap to the next success is
// geometric, floor(log(U)/log(1−p)) for U uniform in (0, 1].
func bernoulli(rng *rand.Rand, p float64, n int, visit func(k int)) {
	switch {
	case !(p > 0) || n <= 0:
		return
	case p >= 1:
		for k := 0; k < n; k++ {
			visit(k)
		}
		return
	}
	lq := math.Log1p(-p)
	for k := -1; ; {
		gap := math.Floor(math.Log1p(-rng.Float64()) / lq)
		if gap >= float64(n-1-k) {
			return
		}
		k += int(gap) + 1
		visit(k)
	}
}

// wellMembers lists the neurons of each well, in index order.
func (net *Network) wellMembers() [][]int32 {
	m := make([][]int32, net.Wells)
	for i, w := range net.Well {
		m[w] = append(m[w], int32(i))
	}
	return m
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
	links := make([][]link, net.Wells)
	for w := range links {
		links[w] = []link{{w, pin}}
		for _, nb := range latticeNeighbours(w, c.Cols, c.Rows) {
			links[w] = append(links[w], link{nb, pnb})
		}
	}
	net.connect(rng, net.Well, net.wellMembers(), links)
	return net, nil
}

// latticeNeighbours returns the distinct wells at lattice distance 1 from w
// on a cols × rows torus (fewer than 4 when a side has fewer than 3 wells).
func latticeNeighbours(w, cols, rows int) []int {
	x, y := w%cols, w/cols
	var out []int
	for _, d := range [][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
		nb := (y+d[1]+rows)%rows*cols + (x+d[0]+cols)%cols
		if nb != w && !slices.Contains(out, nb) {
			out = append(out, nb)
		}
	}
	return out
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
	all := make([]int32, net.N)
	for i := range all {
		all[i] = int32(i)
	}
	net.connect(rng, make([]int, net.N), [][]int32{all}, [][]link{{{0, p}}})
	return net, nil
}

// Hierarchical builds modules of modules on the same wells, joined by the
// same microchannels as the lattice but fewer of them, at several scales:
//
//   - level 1: wells in 2 × 2 blocks, every pair of the four wells joined
//     (the modules of ≈ 60 neurons);
//   - level ℓ ≥ 2: blocks of 2^ℓ × 2^ℓ wells made of 2 × 2 blocks of the
//     level below; each pair of side-by-side sub-blocks is joined by ONE
//     channel, between a well drawn at random in each (so links get longer
//     and rarer with every level);
//   - no periodic edges; partial blocks at the edges follow the same rules.
//
// A channel connects each ordered pair of neurons of its two wells with the
// lattice's probability KNb/(4M), and links within a well are as in
// Lattice. On the 16 × 8 benchmark pattern that is 233 channels against the
// lattice's 256 (mean in-degree ≈ 28.6 against 30): sparser, modular and
// multi-scale, the paper's description of its hierarchical PDMS pattern
// (Sono, Yamamoto et al. 2026), where the earlier builder (link
// probability halving per level, in-degree kept) put most links between
// distant blocks, because the number of partners grows 4× per level, and
// was nearly as synchronous as the homogeneous culture.
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
	pnb := math.Min(1, c.KNb/(4*m))
	links := make([][]link, net.Wells)
	for w := range links {
		links[w] = []link{{w, pin}}
	}
	for _, ch := range hierarchicalChannels(c.Cols, c.Rows, rng) {
		links[ch[0]] = append(links[ch[0]], link{ch[1], pnb})
		links[ch[1]] = append(links[ch[1]], link{ch[0], pnb})
	}
	net.connect(rng, net.Well, net.wellMembers(), links)
	return net, nil
}

// hierarchicalChannels returns the channels (pairs of wells, each once) of
// the hierarchical pattern on cols × rows wells (see Hierarchical).
func hierarchicalChannels(cols, rows int, rng *rand.Rand) [][2]int {
	var out [][2]int
	seen := map[[2]int]bool{}
	add := func(a, b int) {
		if a > b {
			a, b = b, a
		}
		if a != b && !seen[[2]int{a, b}] {
			seen[[2]int{a, b}] = true
			out = append(out, [2]int{a, b})
		}
	}
	// Level 1: all pairs within each 2 × 2 block.
	for by := 0; by < rows; by += 2 {
		for bx := 0; bx < cols; bx += 2 {
			var ws []int
			for y := by; y < min(by+2, rows); y++ {
				for x := bx; x < min(bx+2, cols); x++ {
					ws = append(ws, y*cols+x)
				}
			}
			for i := range ws {
				for j := i + 1; j < len(ws); j++ {
					add(ws[i], ws[j])
				}
			}
		}
	}
	// Level ℓ ≥ 2: sub-blocks of s × s wells, s = 2^(ℓ−1); side-by-side
	// sub-blocks within the same 2s × 2s block get one channel.
	pick := func(sx, sy, s int) int { // a random well of sub-block (sx, sy)
		x0, y0 := sx*s, sy*s
		w, h := min(s, cols-x0), min(s, rows-y0)
		return (y0+rng.IntN(h))*cols + x0 + rng.IntN(w)
	}
	for s := 2; s < max(cols, rows); s *= 2 {
		nx, ny := (cols+s-1)/s, (rows+s-1)/s
		for sy := 0; sy < ny; sy++ {
			for sx := 0; sx < nx; sx++ {
				if sx%2 == 0 && sx+1 < nx { // right neighbour in the same block
					add(pick(sx, sy, s), pick(sx+1, sy, s))
				}
				if sy%2 == 0 && sy+1 < ny { // lower neighbour in the same block
					add(pick(sx, sy, s), pick(sx, sy+1, s))
				}
			}
		}
	}
	return out
}

// Grown builds the generic culture: wells as in c, and connections drawn
// like axons growing from each soma, with probability
// PMax·exp(−d/Lambda) for a soma-to-soma distance d µm, but only within a
// well or between wells joined by a channel (link(a, b) reports true);
// link == nil joins every pair of wells. Candidates are drawn per pair of
// wells at the bound PMax and kept with probability exp(−d/Lambda)
// (thinning: the same independent trial per pair), so the cost is
// proportional to N × linked wells plus the candidates.
func Grown(c Config, pmax, lambda float64, link func(a, b int) bool) (*Network, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	if !(pmax >= 0 && pmax <= 1) || !(lambda > 0) {
		return nil, errorf("culture: Grown needs 0 <= pmax <= 1 (got %g) and lambda > 0 µm (got %g)", pmax, lambda)
	}
	rng := rand.New(rand.NewPCG(c.Seed, 0x6709))
	net := c.place(rng, "grown")
	members := net.wellMembers()
	net.Start = make([]int32, net.N+1)
	for i := 0; i < net.N; i++ {
		row := len(net.Targets)
		a := net.Well[i]
		for b, m := range members {
			if a != b && link != nil && !link(a, b) {
				continue
			}
			bernoulli(rng, pmax, len(m), func(k int) {
				j := m[k]
				d := math.Hypot(net.X[i]-net.X[j], net.Y[i]-net.Y[j])
				if int(j) != i && rng.Float64() < math.Exp(-d/lambda) {
					net.Targets = append(net.Targets, j)
				}
			})
		}
		slices.Sort(net.Targets[row:])
		net.Start[i+1] = int32(len(net.Targets))
	}
	return net, nil
}
