package paper

import (
	"fmt"

	"gonum.org/v1/gonum/stat"
)

// Attractor compares a generated Lorenz x (output 0, x/20) with the
// target's over the same time by the attractor's shape rather than by
// correlation, which is meaningless for a chaotic signal in free run: how
// often the trajectory switches lobes (sign changes of x with a hysteresis
// of ±0.15, a third of the lobe centres' ±0.42), the fraction of time on
// each lobe, and the ratio of the standard deviations.
type Attractor struct {
	Switches, TargetSwitches int     // lobe switches
	Pos, Neg                 float64 // fraction of time with x > 0.15, x < −0.15
	TargetPos, TargetNeg     float64
	SDRatio                  float64 // SD(output) / SD(target)
}

// BothLobes reports whether the output visits both lobes (each at least
// 10 % of the time) and switches between them at least twice.
func (a Attractor) BothLobes() bool { return a.Pos > 0.1 && a.Neg > 0.1 && a.Switches >= 2 }

func (a Attractor) String() string {
	return fmt.Sprintf("lobe switches %d (target %d), time on lobes %.0f%%/%.0f%% (target %.0f%%/%.0f%%), SD ratio %.2f",
		a.Switches, a.TargetSwitches, 100*a.Pos, 100*a.Neg, 100*a.TargetPos, 100*a.TargetNeg, a.SDRatio)
}

// Compare measures output x against target x.
func Compare(x, target []float64) Attractor {
	var a Attractor
	a.Switches, a.Pos, a.Neg = lobes(x)
	a.TargetSwitches, a.TargetPos, a.TargetNeg = lobes(target)
	if sd := stat.StdDev(target, nil); sd > 0 {
		a.SDRatio = stat.StdDev(x, nil) / sd
	}
	return a
}

func lobes(x []float64) (switches int, pos, neg float64) {
	const h = 0.15
	side := 0
	for _, v := range x {
		switch {
		case v > h:
			pos++
			if side == -1 {
				switches++
			}
			side = 1
		case v < -h:
			neg++
			if side == 1 {
				switches++
			}
			side = -1
		}
	}
	if n := float64(len(x)); n > 0 {
		pos, neg = pos/n, neg/n
	}
	return switches, pos, neg
}
