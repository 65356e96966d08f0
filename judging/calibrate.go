package judging

import (
	"math"
	"slices"
)

// The calibrated model (method "calibrated").
//
// Every total is modelled as
//
//	total(j,e) = m + a_j·(q_e − m) + b_j + noise,   noise ~ N(0, σ²)
//
// where m is the grand mean of all totals, q_e the entry's quality on the
// total scale, a_j the judge's scale (how stretched their marks are) and b_j
// the judge's bias at an average entry. In the a_j·q_e + b'_j form of
// docs/architecture.md, b'_j = b_j + m·(1 − a_j); centring at m is what makes the
// prior b → 0 meaningful for judges whose scale differs from 1.
//
// Priors: a_j ~ N(1, τa²), b_j ~ N(0, τb²); q_e has a flat prior. The flat
// prior on q matters when judges only see their own track: the data then
// cannot tell a track's level from its judges' average bias, and a flat q
// with b → 0 attributes the level to the entries (as the raw mean does), while
// still removing each judge's bias relative to the other judges of the track
// (which the z-score cannot do without also erasing the track's level).
//
// Fitting is alternating ridge least squares (maximum a posteriori):
//  1. for each judge, solve the 2×2 ridge normal equations for (a_j, b_j)
//     given q;
//  2. for each entry, q_e − m = Σ_j a_j·(total − m − b_j) / Σ_j a_j²;
//  3. fix the gauge of each connected component of the judge–entry graph
//     (see components.fixGauge);
//  4. re-estimate σ², τa², τb² by their expectation-maximisation updates
//     (mean square plus posterior variance), within safe bounds;
//
// starting from a = 1, b = 0, q = raw mean, until no q moves by more than
// calibrationTol points or calibrationMaxIter rounds have run. The reported
// uncertainty of q_e is its conditional posterior standard deviation
// σ/√(Σ_j a_j²).
const (
	calibrationTol     = 1e-7
	calibrationMaxIter = 300
)

// Bounds keeping the hyper-parameters (in points² on the 0–100 scale) sane
// for tiny or degenerate inputs.
const (
	minSigma2, maxSigma2 = 1e-3, 2500.0
	minTauA2, maxTauA2   = 1e-4, 1.0
	minTauB2, maxTauB2   = 1e-2, 2500.0
)

// calibration is a fitted model.
type calibration struct {
	quality []float64 // q_e
	sd      []float64 // posterior SD of q_e
	scale   []float64 // a_j
	bias    []float64 // b_j
	center  float64   // m, the grand mean of the totals
	sigma2  float64   // σ², the fitted noise variance
	tauA2   float64   // τa², the fitted prior variance of a_j
	tauB2   float64   // τb², the fitted prior variance of b_j
}

func calibrate(o *observations) *calibration {
	nE, nJ := len(o.entryIDs), len(o.judgeIDs)
	m := mean(o.total)
	y := make([]float64, len(o.total)) // centred totals
	for i, t := range o.total {
		y[i] = t - m
	}
	u := entryMeans(o, y) // q − m
	a := make([]float64, nJ)
	b := make([]float64, nJ)
	varA := make([]float64, nJ)
	varB := make([]float64, nJ)
	for j := range a {
		a[j] = 1
	}
	sigma2 := clamp(initialNoise(o, y, u), minSigma2, maxSigma2)
	tauA2, tauB2 := 0.1, 100.0
	comps := newComponents(o)
	prev := slices.Clone(u)
	for iter := 0; iter < calibrationMaxIter; iter++ {
		lamA, lamB := sigma2/tauA2, sigma2/tauB2
		for j := 0; j < nJ; j++ {
			var suu, su, suy, sy float64
			row := o.byJudge.row(j)
			for _, i := range row {
				ue := u[o.entry[i]]
				suu += ue * ue
				su += ue
				suy += ue * y[i]
				sy += y[i]
			}
			// [suu+λa  su ] [a]   [suy+λa]
			// [su   n+λb ] [b] = [sy    ]
			p, q, r := suu+lamA, su, float64(len(row))+lamB
			det := p*r - q*q
			a[j] = ((suy+lamA)*r - q*sy) / det
			b[j] = (p*sy - q*(suy+lamA)) / det
			varA[j], varB[j] = sigma2*r/det, sigma2*p/det
		}
		for e := 0; e < nE; e++ {
			var saa, say float64
			for _, i := range o.byEntry.row(e) {
				j := o.judge[i]
				saa += a[j] * a[j]
				say += a[j] * (y[i] - b[j])
			}
			if saa > 0 {
				u[e] = say / saa
			}
		}
		comps.fixGauge(u, a, b)
		moved := 0.0
		for e := range u {
			// math.Max, without its cost in this loop (a national round runs
			// it 300 times over 10,000 entries): a NaN stays, as with Max.
			if d := math.Abs(u[e] - prev[e]); d > moved || d != d {
				moved = d
			}
			if moved != moved {
				break
			}
		}
		copy(prev, u)
		sigma2 = clamp(residualVariance(o, y, u, a, b), minSigma2, maxSigma2)
		tauA2 = clamp(emVariance(a, 1, varA), minTauA2, maxTauA2)
		tauB2 = clamp(emVariance(b, 0, varB), minTauB2, maxTauB2)
		if moved < calibrationTol {
			break
		}
	}
	c := &calibration{quality: u, sd: make([]float64, nE), scale: a, bias: b,
		center: m, sigma2: sigma2, tauA2: tauA2, tauB2: tauB2}
	for e := range u {
		saa := 0.0
		for _, i := range o.byEntry.row(e) {
			saa += a[o.judge[i]] * a[o.judge[i]]
		}
		c.sd[e] = math.Sqrt(sigma2 / math.Max(saa, 1e-12))
		c.quality[e] = m + u[e]
	}
	return c
}

// initialNoise is the pooled within-entry variance: an upper bound of σ²
// (it also contains the judges' bias), a reasonable start.
func initialNoise(o *observations, y, u []float64) float64 {
	ss, dof := 0.0, 0
	for e := range u {
		row := o.byEntry.row(e)
		for _, i := range row {
			ss += (y[i] - u[e]) * (y[i] - u[e])
		}
		dof += len(row) - 1
	}
	if dof == 0 {
		return 1
	}
	return ss / float64(dof)
}

// residualVariance estimates σ² with the degrees of freedom used by q
// removed (one per entry); it falls back to the plain mean square when there
// are too few observations for that.
func residualVariance(o *observations, y, u, a, b []float64) float64 {
	ss := 0.0
	for i := range y {
		r := y[i] - a[o.judge[i]]*u[o.entry[i]] - b[o.judge[i]]
		ss += r * r
	}
	dof := len(y) - len(u)
	if dof < len(y)/4 || dof == 0 {
		dof = len(y)
	}
	return ss / float64(dof)
}

// emVariance is the EM update of a prior variance: the mean of the squared
// deviation from the prior mean plus the posterior variance.
func emVariance(x []float64, prior float64, post []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	s := 0.0
	for i := range x {
		d := x[i] - prior
		s += d*d + post[i]
	}
	return s / float64(len(x))
}

func clamp(x, lo, hi float64) float64 { return math.Min(math.Max(x, lo), hi) }

// components are the connected components of the judge–entry graph. Within
// each, the likelihood is unchanged by u → u/r, a → a·r (scale) and by
// u → u+δ, b → b−a·δ (shift); only the priors pin these directions, and
// alternating least squares moves along them very slowly. fixGauge jumps
// straight to the prior-optimal point of both directions after every sweep,
// which keeps the fit a descent method and makes it converge in a few dozen
// sweeps.
type components struct {
	ofJudge, ofEntry []int32
	n                int
}

func newComponents(o *observations) *components {
	nJ := len(o.judgeIDs)
	parent := make([]int32, nJ+len(o.entryIDs)) // judges, then entries
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for i := range o.judge {
		a, b := find(o.judge[i]), find(int32(nJ)+o.entry[i])
		if a != b {
			parent[max(a, b)] = min(a, b)
		}
	}
	c := &components{ofJudge: make([]int32, nJ), ofEntry: make([]int32, len(o.entryIDs))}
	label := make(map[int32]int32)
	for x := range parent {
		r := find(int32(x))
		l, ok := label[r]
		if !ok {
			l = int32(len(label))
			label[r] = l
		}
		if x < nJ {
			c.ofJudge[x] = l
		} else {
			c.ofEntry[x-nJ] = l
		}
	}
	c.n = len(label)
	return c
}

// fixGauge applies, per component, the scale r = Σa/Σa² minimising
// Σ(a·r − 1)², then the shift δ = Σab/Σa² minimising Σ(b − a·δ)².
func (c *components) fixGauge(u, a, b []float64) {
	sa := make([]float64, c.n)
	saa := make([]float64, c.n)
	for j, k := range c.ofJudge {
		sa[k] += a[j]
		saa[k] += a[j] * a[j]
	}
	r := make([]float64, c.n)
	for k := range r {
		r[k] = 1
		if saa[k] > 0 && sa[k] > 0 {
			r[k] = sa[k] / saa[k]
		}
	}
	sab := make([]float64, c.n)
	for k := range saa {
		saa[k] = 0
	}
	for j, k := range c.ofJudge {
		a[j] *= r[k]
		sab[k] += a[j] * b[j]
		saa[k] += a[j] * a[j]
	}
	d := make([]float64, c.n)
	for k := range d {
		if saa[k] > 0 {
			d[k] = sab[k] / saa[k]
		}
	}
	for j, k := range c.ofJudge {
		b[j] -= a[j] * d[k]
	}
	for e, k := range c.ofEntry {
		u[e] = u[e]/r[k] + d[k]
	}
}
