package reservoir

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// Metrics of output against target. Each returns an error (wrapping
// ErrLength or ErrNotFinite) for empty or unequal series or NaN/Inf values.

// MAE returns the mean absolute error mean|out − target|.
func MAE(out, target []float64) (float64, error) {
	if err := checkPair("MAE", out, target); err != nil {
		return 0, err
	}
	var s float64
	for i, v := range out {
		s += math.Abs(v - target[i])
	}
	return s / float64(len(out)), nil
}

// RMSE returns the root mean squared error sqrt(mean (out − target)²).
func RMSE(out, target []float64) (float64, error) {
	if err := checkPair("RMSE", out, target); err != nil {
		return 0, err
	}
	var s float64
	for i, v := range out {
		d := v - target[i]
		s += d * d
	}
	return math.Sqrt(s / float64(len(out))), nil
}

// NRMSE returns RMSE / SD(target), the root mean squared error normalised by
// the (population) standard deviation of the target: 0 is perfect, 1 is as
// good as predicting the target's mean. A constant target is an error.
func NRMSE(out, target []float64) (float64, error) {
	e, err := RMSE(out, target)
	if err != nil {
		return 0, err
	}
	sd := popSD(target)
	if sd == 0 {
		return 0, fmt.Errorf("reservoir: NRMSE: target is constant (SD 0): use RMSE")
	}
	return e / sd, nil
}

func popSD(x []float64) float64 {
	m := stat.Mean(x, nil)
	var s float64
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return math.Sqrt(s / float64(len(x)))
}

// Pearson returns the Pearson correlation coefficient of out and target. A
// constant series is an error (the coefficient is undefined).
func Pearson(out, target []float64) (float64, error) {
	if err := checkPair("Pearson", out, target); err != nil {
		return 0, err
	}
	if popSD(out) == 0 || popSD(target) == 0 {
		return 0, fmt.Errorf("reservoir: Pearson: a series is constant, correlation undefined: check that the output is not stuck")
	}
	return stat.Correlation(out, target, nil), nil
}

// R2 returns the coefficient of determination 1 − Σ(out−target)²/Σ(target−mean)².
func R2(out, target []float64) (float64, error) {
	if err := checkPair("R2", out, target); err != nil {
		return 0, err
	}
	m := stat.Mean(target, nil)
	var res, tot float64
	for i, v := range out {
		res += (v - target[i]) * (v - target[i])
		tot += (target[i] - m) * (target[i] - m)
	}
	if tot == 0 {
		return 0, fmt.Errorf("reservoir: R2: target is constant: R² undefined")
	}
	return 1 - res/tot, nil
}

// PCASpectrum returns the eigenvalues, in decreasing order, of the
// covariance matrix of states (T×N: one row per time step, one column per
// unit or channel).
func PCASpectrum(states mat.Matrix) ([]float64, error) {
	t, n := states.Dims()
	if t < 2 || n < 1 {
		return nil, fmt.Errorf("reservoir: PCA of a %d×%d state matrix: %w; need at least 2 time steps and 1 unit", t, n, ErrLength)
	}
	if err := finiteMatrix("states", states); err != nil {
		return nil, err
	}
	var cov mat.SymDense
	stat.CovarianceMatrix(&cov, states, nil)
	var eig mat.EigenSym
	if !eig.Factorize(&cov, false) {
		return nil, fmt.Errorf("reservoir: PCA: eigendecomposition failed")
	}
	v := eig.Values(nil)
	for i, j := 0, len(v)-1; i < j; i, j = i+1, j-1 {
		v[i], v[j] = v[j], v[i]
	}
	for i := range v {
		if v[i] < 0 {
			v[i] = 0 // rounding
		}
	}
	return v, nil
}

// EffectiveRank returns exp(H) where H = −Σ p_i ln p_i is the entropy of the
// normalised PCA spectrum p_i = λ_i/Σλ (Roy & Vetterli 2007): between 1 (one
// direction) and N (isotropic). States are T×N.
func EffectiveRank(states mat.Matrix) (float64, error) {
	v, err := PCASpectrum(states)
	if err != nil {
		return 0, err
	}
	var tot float64
	for _, x := range v {
		tot += x
	}
	if tot == 0 {
		return 0, fmt.Errorf("reservoir: EffectiveRank: states are constant")
	}
	var h float64
	for _, x := range v {
		if p := x / tot; p > 0 {
			h -= p * math.Log(p)
		}
	}
	return math.Exp(h), nil
}

// CumulativeVariance returns the fraction of variance explained by the
// first 1, 2, … N principal components of states (T×N).
func CumulativeVariance(states mat.Matrix) ([]float64, error) {
	v, err := PCASpectrum(states)
	if err != nil {
		return nil, err
	}
	var tot float64
	for _, x := range v {
		tot += x
	}
	if tot == 0 {
		return nil, fmt.Errorf("reservoir: CumulativeVariance: states are constant")
	}
	out := make([]float64, len(v))
	var s float64
	for i, x := range v {
		s += x
		out[i] = s / tot
	}
	return out, nil
}

// CorrMatrix returns the N×N Pearson correlation matrix of the columns of
// states (T×N). A constant column has correlation 0 with every other column
// (and 1 with itself), rather than NaN.
func CorrMatrix(states mat.Matrix) (*mat.SymDense, error) {
	t, n := states.Dims()
	if t < 2 || n < 1 {
		return nil, fmt.Errorf("reservoir: CorrMatrix of a %d×%d state matrix: %w; need at least 2 time steps", t, n, ErrLength)
	}
	if err := finiteMatrix("states", states); err != nil {
		return nil, err
	}
	var cov mat.SymDense
	stat.CovarianceMatrix(&cov, states, nil)
	sd := make([]float64, n)
	for i := range sd {
		sd[i] = math.Sqrt(cov.At(i, i))
	}
	c := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		c.SetSym(i, i, 1)
		for j := i + 1; j < n; j++ {
			if sd[i] > 0 && sd[j] > 0 {
				c.SetSym(i, j, cov.At(i, j)/(sd[i]*sd[j]))
			}
		}
	}
	return c, nil
}

// MeanCorr returns the mean of the off-diagonal entries of the correlation
// matrix of states (T×N, N ≥ 2): the "mean pairwise correlation" of the
// paper (0.45 homogeneous, 0.11 lattice cultures).
func MeanCorr(states mat.Matrix) (float64, error) {
	c, err := CorrMatrix(states)
	if err != nil {
		return 0, err
	}
	n := c.SymmetricDim()
	if n < 2 {
		return 0, fmt.Errorf("reservoir: MeanCorr: need at least 2 columns, have %d", n)
	}
	var s float64
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			s += c.At(i, j)
		}
	}
	return s / float64(n*(n-1)/2), nil
}

// FunctionalComplexity returns the functional complexity of Zamora-López et
// al. (2016, Sci. Rep. 6:38424), as used by Yamamoto et al. (2023):
//
//	C = 1 − m/(2(m−1)) · Σ_μ |p_μ − 1/m|
//
// where p_μ is the fraction of pairwise correlations r_ij (i < j) falling in
// bin μ of m = bins equal bins over [0, 1] (negative correlations count in
// the first bin, 1 in the last). C is 0 when all pairs fall in one bin
// (all independent or all synchronous) and 1 for a uniform distribution.
// bins is usually 20.
func FunctionalComplexity(states mat.Matrix, bins int) (float64, error) {
	if bins < 2 {
		return 0, fmt.Errorf("reservoir: FunctionalComplexity: bins=%d: need at least 2 (20 is usual)", bins)
	}
	c, err := CorrMatrix(states)
	if err != nil {
		return 0, err
	}
	return complexityOf(c, bins)
}

func complexityOf(c mat.Symmetric, bins int) (float64, error) {
	n := c.SymmetricDim()
	if n < 2 {
		return 0, fmt.Errorf("reservoir: FunctionalComplexity: need at least 2 columns, have %d", n)
	}
	counts := make([]float64, bins)
	var total float64
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			r := c.At(i, j)
			b := int(r * float64(bins))
			if b < 0 {
				b = 0
			}
			if b >= bins {
				b = bins - 1
			}
			counts[b]++
			total++
		}
	}
	m := float64(bins)
	var s float64
	for _, k := range counts {
		s += math.Abs(k/total - 1/m)
	}
	return 1 - m/(2*(m-1))*s, nil
}
