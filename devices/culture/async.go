package culture

// Asynchronous release. After a presynaptic spike, a synapse keeps
// releasing single quanta for hundreds of milliseconds (the asynchronous
// component; Goda & Stevens 1994, PNAS 91:12942), and in cultures this
// delayed release sustains reverberating bursts (Lau & Bi 2005, PNAS
// 102:10333). Each excitatory spike with resources D schedules a Poisson
// number, mean AsyncN·D per synapse, of quanta of JM mV (a mini's size)
// onto random targets among its synapses, each after an exponential delay
// of mean AsyncTau. With AsyncN = 0 (DefaultParams) nothing is drawn and
// the culture is exactly the anchor's model.

// asyncEvent is one pending quantum: JM onto target at step.
type asyncEvent struct {
	step   int64
	target int32
}

// asyncQueue is a binary min-heap of pending quanta by step.
type asyncQueue []asyncEvent

func (q *asyncQueue) push(e asyncEvent) {
	*q = append(*q, e)
	h := *q
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if h[p].step <= h[i].step {
			break
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
}

func (q *asyncQueue) pop() asyncEvent {
	h := *q
	top := h[0]
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	for i := 0; ; {
		l, s := 2*i+1, i
		if l < n && h[l].step < h[s].step {
			s = l
		}
		if r := l + 1; r < n && h[r].step < h[s].step {
			s = r
		}
		if s == i {
			break
		}
		h[s], h[i] = h[i], h[s]
		i = s
	}
	*q = h
	return top
}

// scheduleAsync draws the asynchronous quanta of one excitatory spike with
// resources d onto targets tg.
func (c *Culture) scheduleAsync(d float64, tg []int32) {
	if len(tg) == 0 {
		return
	}
	mean := c.P.AsyncN * d * float64(len(tg))
	for s := c.rng.ExpFloat64(); s < mean; s += c.rng.ExpFloat64() {
		delay := 1 + int64(c.rng.ExpFloat64()*c.asyncScale)
		c.async.push(asyncEvent{c.step + delay, tg[c.rng.IntN(len(tg))]})
	}
}

// applyAsync adds the quanta due in the current step (they act from the
// next step on, like minis).
func (c *Culture) applyAsync() {
	if len(c.async) == 0 || c.async[0].step > c.step {
		return
	}
	jm := c.P.JM / c.sa
	for len(c.async) > 0 && c.async[0].step <= c.step {
		c.as[c.async.pop().target] += jm
	}
}
