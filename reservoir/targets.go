package reservoir

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Targets. Every generator samples at t = i·dt, i = 0 … n−1, in whatever
// unit dt and period share (τ for rate networks, ms or s for spiking ones).

// Sine returns amp·sin(2π t/period).
func Sine(n int, dt, period, amp float64) []float64 {
	y := make([]float64, n)
	for i := range y {
		y[i] = amp * math.Sin(2*math.Pi*float64(i)*dt/period)
	}
	return y
}

// Triangle returns a triangle wave of amplitude amp in phase with Sine:
// amp·(2/π)·asin(sin(2π t/period)).
func Triangle(n int, dt, period, amp float64) []float64 {
	y := make([]float64, n)
	for i := range y {
		y[i] = amp * 2 / math.Pi * math.Asin(math.Sin(2*math.Pi*float64(i)*dt/period))
	}
	return y
}

// Square returns amp·sign(sin(2π t/period)), +amp where the sine is 0.
func Square(n int, dt, period, amp float64) []float64 {
	y := make([]float64, n)
	for i := range y {
		if math.Sin(2*math.Pi*float64(i)*dt/period) >= 0 {
			y[i] = amp
		} else {
			y[i] = -amp
		}
	}
	return y
}

// SumOfSines returns Σ_q amps[q]·sin(2π t/periods[q]). It panics if the
// slices differ in length.
func SumOfSines(n int, dt float64, periods, amps []float64) []float64 {
	if len(periods) != len(amps) {
		panic(fmt.Sprintf("reservoir: SumOfSines: %d periods, %d amplitudes", len(periods), len(amps)))
	}
	y := make([]float64, n)
	for i := range y {
		t := float64(i) * dt
		var s float64
		for q, p := range periods {
			s += amps[q] * math.Sin(2*math.Pi*t/p)
		}
		y[i] = s
	}
	return y
}

// FourSine is the target of Sussillo & Abbott's demo code (period 120 for
// q = 1/60, time in τ):
//
//	[1.3 sin(πqt) + 0.65 sin(2πqt) + (1.3/6) sin(3πqt) + (1.3/3) sin(4πqt)] / 1.5
func FourSine(n int, dt float64) []float64 {
	const a, q = 1.3, 1.0 / 60
	y := make([]float64, n)
	for i := range y {
		t := float64(i) * dt
		y[i] = (a*math.Sin(math.Pi*q*t) + a/2*math.Sin(2*math.Pi*q*t) +
			a/6*math.Sin(3*math.Pi*q*t) + a/3*math.Sin(4*math.Pi*q*t)) / 1.5
	}
	return y
}

// Lorenz integrates the Lorenz system dx/dt = σ(y−x), dy/dt = x(ρ−z)−y,
// dz/dt = xy − βz with σ 10, ρ 28, β 8/3 by classical RK4 with step h (in
// Lorenz time units) from (1, 1, 1), discards the first burn steps and
// returns n samples of each coordinate, scaled: x/20, y/20 and (z−25)/20,
// so each lies roughly in [−1, 1].
//
// To drive a rate network with dt = 0.1 τ where one Lorenz time unit is
// 50 τ (as in ../shared/anchors/force_rate_numpy.py), use h = 0.002 and
// burn = 25000 (50 Lorenz units).
func Lorenz(n int, h float64, burn int) (x, y, z []float64) {
	const sig, rho, beta = 10.0, 28.0, 8.0 / 3
	f := func(u [3]float64) [3]float64 {
		return [3]float64{sig * (u[1] - u[0]), u[0]*(rho-u[2]) - u[1], u[0]*u[1] - beta*u[2]}
	}
	add := func(u, k [3]float64, s float64) [3]float64 {
		return [3]float64{u[0] + s*k[0], u[1] + s*k[1], u[2] + s*k[2]}
	}
	u := [3]float64{1, 1, 1}
	x, y, z = make([]float64, n), make([]float64, n), make([]float64, n)
	for i := 0; i < burn+n; i++ {
		k1 := f(u)
		k2 := f(add(u, k1, h/2))
		k3 := f(add(u, k2, h/2))
		k4 := f(add(u, k3, h))
		for d := range u {
			u[d] += h / 6 * (k1[d] + 2*k2[d] + 2*k3[d] + k4[d])
		}
		if i >= burn {
			x[i-burn], y[i-burn], z[i-burn] = u[0]/20, u[1]/20, (u[2]-25)/20
		}
	}
	return x, y, z
}

// MackeyGlass integrates dx/dt = 0.2 x(t−τ)/(1 + x(t−τ)^10) − 0.1 x(t)
// (the benchmark form, Jaeger 2001) with delay tau (17 gives mild chaos) by
// Euler steps of h = 0.1, starting from x = 1.2 on [−τ, 0], and returns n
// samples taken every dt (a multiple of h is best; dt = 1 is usual), after
// discarding the first burn samples.
func MackeyGlass(n int, dt, tau float64, burn int) []float64 {
	const h = 0.1
	sub := int(math.Round(dt / h))
	if sub < 1 {
		sub = 1
	}
	lag := int(math.Round(tau / h))
	hist := make([]float64, max(lag, 1)) // ring buffer: hist[pos] is x(t−τ)
	for i := range hist {
		hist[i] = 1.2
	}
	x := 1.2
	pos := 0
	out := make([]float64, n)
	for i := 0; i < burn+n; i++ {
		for s := 0; s < sub; s++ {
			xd := hist[pos] // x(t − τ)
			x += h * (0.2*xd/(1+math.Pow(xd, 10)) - 0.1*x)
			hist[pos] = x
			pos = (pos + 1) % len(hist)
		}
		if i >= burn {
			out[i-burn] = x
		}
	}
	return out
}

// NARMA returns the input u ~ U(0, 0.5) (seeded) and output y of the NARMA
// task of order (10 is standard, Atiya & Parlos 2000):
//
//	y(t+1) = 0.3 y(t) + 0.05 y(t) Σ_{i=0}^{order−1} y(t−i) + 1.5 u(t−order+1) u(t) + 0.1
func NARMA(n, order int, seed uint64) (u, y []float64) {
	rng := rand.New(rand.NewPCG(seed, 0x4a12))
	u = make([]float64, n)
	y = make([]float64, n)
	for i := range u {
		u[i] = 0.5 * rng.Float64()
	}
	for t := order - 1; t+1 < n; t++ {
		var s float64
		for i := 0; i < order; i++ {
			s += y[t-i]
		}
		y[t+1] = 0.3*y[t] + 0.05*y[t]*s + 1.5*u[t-order+1]*u[t] + 0.1
	}
	return u, y
}
