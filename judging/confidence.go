package judging

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Decision confidence (RankInput.Cuts).
//
// A cut is a decision line of the round: "the top 100 get an award", "the
// top 3 of every track advance". For each cut and entry the ranking reports
//
//   - p_above: the probability that the entry truly belongs above the cut,
//     i.e. that its true quality is among the top N of the round (or of its
//     track);
//   - stability: the probability that the current decision (above or not)
//     would stay the same if the round were judged again by comparable
//     judges.
//
// Both come from S joint draws (RankInput.Samples, default DefaultSamples)
// of the whole round, so that a cut's own uncertainty (who else is near the
// line) is included: in every draw the entries are ranked again and the top
// N taken. A draw has two independent deviation vectors δ1, δ2 from the same
// sampling distribution: the "truth" is score + δ1 and the re-judged round
// is score + δ1 + δ2 (the truth plus a fresh estimation error). p_above is
// the fraction of draws with the entry in the top N of the truth; stability
// the fraction of draws where its membership in the top N of the re-judged
// round equals the current decision. Ties at the line within a draw (the
// bootstrap's draws are discrete) are broken at random, in expectation.
//
// The deviations come from:
//
//   - calibrated: an approximate posterior. Each judge's (a_j, b_j) is drawn
//     from its ridge posterior given the fitted qualities (the Gaussian of
//     the 2×2 ridge system, covariance σ²·(XᵀX + Λ)⁻¹), then every q_e is
//     drawn from its exact conditional posterior given the drawn judges,
//     N(Σa_j(total − m − b_j)/Σa_j², σ²/Σa_j²). The hyper-parameters σ², τa²,
//     τb² are kept at their fitted values. This propagates the judges'
//     uncertainty into q (a judge's error moves all of its entries
//     together); it ignores the feedback of q's uncertainty on the judges'
//     fit, which the simulation study shows to be harmless at k = 3.
//   - mean and zscore: a bootstrap over each entry's judges: the entry's
//     values (totals or z-values) are resampled with replacement and the
//     deviation of their mean is inflated by √(n/(n−1)) to undo the
//     bootstrap's variance bias; an entry with a single judge gets a normal
//     deviation with its pooled standard error (its uncertainty field). The
//     judges' μ_j and σ_j of zscore are kept fixed.
//
// The draws are seeded (RankInput.Seed, default DefaultSeed; PCG of
// math/rand/v2), so the output is deterministic.

// Sampling limits and defaults.
const (
	DefaultSamples        = 500
	MaxSamples            = 20000
	DefaultSeed    uint64 = 1
)

// seedStream is the PCG stream constant of the confidence draws.
const seedStream = 0x6a09e667f3bcc908

// Cut is a decision line: the Top entries of the round, or of every track
// when PerTrack (which needs RankInput.Tracks), are selected. A cut inside a
// shared rank selects all tied entries (TopN, TopNPerTrack).
type Cut struct {
	Name     string `json:"name"`
	Top      int    `json:"top"`
	PerTrack bool   `json:"per_track,omitempty"`
}

// EntryConfidence is the per-entry part of the confidence report.
type EntryConfidence struct {
	// SD is the standard deviation of the entry's score over the draws, in
	// score units (for calibrated it includes the judges' uncertainty, so
	// it is larger than Uncertainty).
	SD float64 `json:"sd"`
	// Cuts has one line per input cut, in input order.
	Cuts []CutDecision `json:"cuts"`
	// ExpectedChanges is Σ over cuts of (1 − stability): how many of this
	// entry's decisions a re-judging would be expected to change.
	ExpectedChanges float64 `json:"expected_changes"`
}

// CutDecision is one entry's decision at one cut and how sure it is.
type CutDecision struct {
	Cut string `json:"cut"`
	// Selected is the current decision: the entry is above the cut.
	Selected bool `json:"selected"`
	// PAbove is the probability that the entry truly belongs above the cut.
	PAbove float64 `json:"p_above"`
	// Stability is the probability that re-judging keeps the decision.
	Stability float64 `json:"stability"`
}

// RoundConfidence is the round-level confidence report.
type RoundConfidence struct {
	Samples int    `json:"samples"`
	Seed    uint64 `json:"seed"`
	// Draws is "posterior" (calibrated) or "bootstrap" (mean, zscore).
	Draws string       `json:"draws"`
	Cuts  []CutSummary `json:"cuts"`
	// ExpectedWrong is Σ over cuts and entries of the probability that the
	// decision is wrong: 1 − p_above for selected entries, p_above for the
	// others.
	ExpectedWrong float64 `json:"expected_wrong"`
	// ExpectedChanges is Σ over cuts and entries of 1 − stability.
	ExpectedChanges float64         `json:"expected_changes"`
	Identifiability Identifiability `json:"identifiability"`
}

// CutSummary sums one cut's decisions.
type CutSummary struct {
	Name     string `json:"name"`
	Top      int    `json:"top"`
	PerTrack bool   `json:"per_track,omitempty"`
	// Selected is the number of entries currently above the cut.
	Selected        int     `json:"selected"`
	ExpectedWrong   float64 `json:"expected_wrong"`
	ExpectedChanges float64 `json:"expected_changes"`
	// Uncertain counts entries with 0.05 < p_above < 0.95.
	Uncertain int `json:"uncertain"`
}

// validateConfidence checks the confidence options of a RankInput.
func (in *RankInput) validateConfidence() error {
	if len(in.Cuts) == 0 {
		switch {
		case in.Samples != 0:
			return invalid("samples", "is only used with cuts")
		case in.Seed != nil:
			return invalid("seed", "is only used with cuts")
		case len(in.Tracks) > 0:
			return invalid("tracks", "is only used with cuts")
		}
		return nil
	}
	if in.Samples < 0 || in.Samples > MaxSamples {
		return invalid("samples", fmt.Sprintf("must be between 1 and %d (0 for the default %d), got %d", MaxSamples, DefaultSamples, in.Samples))
	}
	for id := range in.Tracks {
		if id == "" {
			return invalid("tracks", "entry ids must not be empty")
		}
	}
	seen := make(map[string]int, len(in.Cuts))
	for i, c := range in.Cuts {
		field := fmt.Sprintf("cuts[%d]", i)
		switch {
		case c.Name == "":
			return invalid(field+".name", "must not be empty")
		case c.Top < 1:
			return invalid(field+".top", fmt.Sprintf("must be at least 1, got %d", c.Top))
		case c.PerTrack && len(in.Tracks) == 0:
			return invalid(field+".per_track", "needs tracks (entry id → track)")
		}
		if j, dup := seen[c.Name]; dup {
			return invalid(field+".name", fmt.Sprintf("duplicate cut %q (also cuts[%d])", c.Name, j))
		}
		seen[c.Name] = i
	}
	return nil
}

func (in *RankInput) samples() int {
	if in.Samples == 0 {
		return DefaultSamples
	}
	return in.Samples
}

func (in *RankInput) seed() uint64 {
	if in.Seed == nil {
		return DefaultSeed
	}
	return *in.Seed
}

// sampler draws deviations of every entry's score from its sampling
// distribution (see the comment at the top of this file).
type sampler interface {
	kind() string
	draw(rng *rand.Rand, dst []float64)
	// reviewVariance is the information one more review brings, as a
	// variance: after it, 1/sd² becomes 1/sd² + 1/reviewVariance.
	reviewVariance() float64
}

func samplerFor(o *observations, values, scores, unc []float64, fit *calibration) sampler {
	if fit != nil {
		return newPosteriorSampler(o, fit)
	}
	return newBootstrapSampler(o, values, scores, unc)
}

// posteriorSampler draws from the calibrated model's approximate posterior.
type posteriorSampler struct {
	o          *observations
	y, u       []float64 // centred totals, fitted q − m
	a, b       []float64
	l11, l21   []float64 // Cholesky factor of the covariance of (a_j, b_j)
	l22        []float64
	sigma      float64
	as, bs     []float64 // drawn judges
	meanVarB   float64
	meanSquare float64 // mean a_j²
}

func newPosteriorSampler(o *observations, fit *calibration) *posteriorSampler {
	nJ := len(o.judgeIDs)
	s := &posteriorSampler{o: o, a: fit.scale, b: fit.bias, sigma: math.Sqrt(fit.sigma2),
		y: make([]float64, len(o.total)), u: make([]float64, len(o.entryIDs)),
		l11: make([]float64, nJ), l21: make([]float64, nJ), l22: make([]float64, nJ),
		as: make([]float64, nJ), bs: make([]float64, nJ)}
	for i, t := range o.total {
		s.y[i] = t - fit.center
	}
	for e, q := range fit.quality {
		s.u[e] = q - fit.center
	}
	lamA, lamB := fit.sigma2/fit.tauA2, fit.sigma2/fit.tauB2
	for j := 0; j < nJ; j++ {
		var suu, su float64
		row := o.byJudge.row(j)
		for _, i := range row {
			ue := s.u[o.entry[i]]
			suu += ue * ue
			su += ue
		}
		p, q, r := suu+lamA, su, float64(len(row))+lamB
		det := p*r - q*q
		c11, c12, c22 := fit.sigma2*r/det, -fit.sigma2*q/det, fit.sigma2*p/det
		s.l11[j] = math.Sqrt(c11)
		s.l21[j] = c12 / s.l11[j]
		s.l22[j] = math.Sqrt(math.Max(c22-s.l21[j]*s.l21[j], 0))
		s.meanVarB += c22 / float64(nJ)
		s.meanSquare += s.a[j] * s.a[j] / float64(nJ)
	}
	return s
}

func (s *posteriorSampler) kind() string { return "posterior" }

func (s *posteriorSampler) draw(rng *rand.Rand, dst []float64) {
	for j := range s.a {
		z1, z2 := rng.NormFloat64(), rng.NormFloat64()
		s.as[j] = s.a[j] + s.l11[j]*z1
		s.bs[j] = s.b[j] + s.l21[j]*z1 + s.l22[j]*z2
	}
	o := s.o
	for e := range dst {
		var saa, say float64
		for _, i := range o.byEntry.row(e) {
			j := o.judge[i]
			saa += s.as[j] * s.as[j]
			say += s.as[j] * (s.y[i] - s.bs[j])
		}
		dst[e] = 0
		if saa > 0 {
			dst[e] = say/saa + s.sigma/math.Sqrt(saa)*rng.NormFloat64() - s.u[e]
		}
	}
}

// reviewVariance is (σ² + mean Var b_j)/mean a_j²: one total of an average
// judge, whose bias is known as well as the round's judges' are.
func (s *posteriorSampler) reviewVariance() float64 {
	return (s.sigma*s.sigma + s.meanVarB) / math.Max(s.meanSquare, 1e-12)
}

// bootstrapSampler resamples each entry's judges (mean, zscore).
type bootstrapSampler struct {
	o        *observations
	v, means []float64
	se       []float64
	pooled   float64 // pooled within-entry variance of v
}

func newBootstrapSampler(o *observations, v, means, se []float64) *bootstrapSampler {
	s := &bootstrapSampler{o: o, v: v, means: means, se: se}
	for e := range se {
		n := float64(len(o.byEntry.row(e)))
		s.pooled = se[e] * se[e] * n // the same for every entry
		break
	}
	return s
}

func (s *bootstrapSampler) kind() string { return "bootstrap" }

func (s *bootstrapSampler) draw(rng *rand.Rand, dst []float64) {
	for e := range dst {
		row := s.o.byEntry.row(e)
		n := len(row)
		if n < 2 {
			dst[e] = s.se[e] * rng.NormFloat64()
			continue
		}
		sum := 0.0
		for k := 0; k < n; k++ {
			sum += s.v[row[rng.IntN(n)]]
		}
		dst[e] = (sum/float64(n) - s.means[e]) * math.Sqrt(float64(n)/float64(n-1))
	}
}

func (s *bootstrapSampler) reviewVariance() float64 { return s.pooled }

// confidenceRun is a computed confidence report with the per-entry figures
// (indexed like observations.entryIDs) that planning needs.
type confidenceRun struct {
	result   *RoundConfidence
	pAbove   [][]float64 // per cut, per entry
	selected [][]bool    // per cut, per entry
	sd       []float64   // per entry
	smp      sampler
}

// newConfidence draws the round S times and fills res.Ranking[*].Confidence.
func newConfidence(o *observations, in *RankInput, res *RankResult, smp sampler) *confidenceRun {
	nE := len(o.entryIDs)
	S := in.samples()
	index := make(map[string]int, nE)
	for e, id := range o.entryIDs {
		index[id] = e
	}
	score := make([]float64, nE)
	for _, r := range res.Ranking {
		score[index[r.Entry]] = r.Score
	}
	run := &confidenceRun{smp: smp, sd: make([]float64, nE),
		result: &RoundConfidence{Samples: S, Seed: in.seed(), Draws: smp.kind()}}
	groups := make([][][]int32, len(in.Cuts))
	for c, cut := range in.Cuts {
		groups[c] = cutGroups(o, in.Tracks, cut.PerTrack)
		sel := make([]bool, nE)
		var ids []string
		if cut.PerTrack {
			ids = TopNPerTrack(res.Ranking, in.Tracks, cut.Top)
		} else {
			ids = TopN(res.Ranking, cut.Top)
		}
		for _, id := range ids {
			sel[index[id]] = true
		}
		run.selected = append(run.selected, sel)
	}
	above := make([][]float64, len(in.Cuts))
	same := make([][]float64, len(in.Cuts))
	for c := range above {
		above[c], same[c] = make([]float64, nE), make([]float64, nE)
	}
	rng := rand.New(rand.NewPCG(in.seed(), seedStream))
	d1, d2 := make([]float64, nE), make([]float64, nE)
	truth, again := make([]float64, nE), make([]float64, nE)
	ss := make([]float64, nE)
	var scratch []float64
	for s := 0; s < S; s++ {
		smp.draw(rng, d1)
		smp.draw(rng, d2)
		for e := range truth {
			truth[e] = score[e] + d1[e]
			again[e] = truth[e] + d2[e]
			ss[e] += d1[e] * d1[e]
		}
		for c, cut := range in.Cuts {
			for _, g := range groups[c] {
				var tT, tA float64
				tT, scratch = nthLargest(truth, g, cut.Top, scratch)
				tA, scratch = nthLargest(again, g, cut.Top, scratch)
				fT, fA := tieShare(truth, g, cut.Top, tT), tieShare(again, g, cut.Top, tA)
				for _, e := range g {
					inT, inA := membership(truth[e], tT, fT), membership(again[e], tA, fA)
					above[c][e] += inT
					if run.selected[c][e] {
						same[c][e] += inA
					} else {
						same[c][e] += 1 - inA
					}
				}
			}
		}
	}
	for e := range ss {
		run.sd[e] = math.Sqrt(ss[e] / float64(S))
	}
	rc := run.result
	perEntry := make([]EntryConfidence, nE)
	for e := range perEntry {
		perEntry[e] = EntryConfidence{SD: run.sd[e], Cuts: make([]CutDecision, len(in.Cuts))}
	}
	for c, cut := range in.Cuts {
		sum := CutSummary{Name: cut.Name, Top: cut.Top, PerTrack: cut.PerTrack}
		p := make([]float64, nE)
		for e := range p {
			p[e] = above[c][e] / float64(S)
			stab := same[c][e] / float64(S)
			sel := run.selected[c][e]
			perEntry[e].Cuts[c] = CutDecision{Cut: cut.Name, Selected: sel, PAbove: p[e], Stability: stab}
			perEntry[e].ExpectedChanges += 1 - stab
			if sel {
				sum.Selected++
				sum.ExpectedWrong += 1 - p[e]
			} else {
				sum.ExpectedWrong += p[e]
			}
			sum.ExpectedChanges += 1 - stab
			if p[e] > 0.05 && p[e] < 0.95 {
				sum.Uncertain++
			}
		}
		run.pAbove = append(run.pAbove, p)
		rc.ExpectedWrong += sum.ExpectedWrong
		rc.ExpectedChanges += sum.ExpectedChanges
		sum.ExpectedWrong, sum.ExpectedChanges = roundObjective(sum.ExpectedWrong), roundObjective(sum.ExpectedChanges)
		rc.Cuts = append(rc.Cuts, sum)
	}
	// Sums are rounded to 1e-9 so that float summation noise does not show.
	rc.ExpectedWrong, rc.ExpectedChanges = roundObjective(rc.ExpectedWrong), roundObjective(rc.ExpectedChanges)
	for e := range perEntry {
		perEntry[e].ExpectedChanges = roundObjective(perEntry[e].ExpectedChanges)
	}
	for i := range res.Ranking {
		res.Ranking[i].Confidence = &perEntry[index[res.Ranking[i].Entry]]
	}
	rc.Identifiability = identify(o, in.Tracks)
	return run
}

// cutGroups returns the groups of entries within which a cut selects: all
// entries, or one group per track (tracks in sorted order).
func cutGroups(o *observations, tracks map[string]string, perTrack bool) [][]int32 {
	if !perTrack {
		all := make([]int32, len(o.entryIDs))
		for e := range all {
			all[e] = int32(e)
		}
		return [][]int32{all}
	}
	byTrack := map[string][]int32{}
	for e, id := range o.entryIDs {
		byTrack[tracks[id]] = append(byTrack[tracks[id]], int32(e))
	}
	names := make([]string, 0, len(byTrack))
	for t := range byTrack {
		names = append(names, t)
	}
	slices.Sort(names)
	out := make([][]int32, len(names))
	for i, t := range names {
		out[i] = byTrack[t]
	}
	return out
}

// tieShare is the share of the remaining places that each entry tied at
// the threshold t gets: the draws of mean and zscore are discrete and can
// tie at the line, and a tie is broken at random (in expectation: each tied
// entry counts as the fraction (top − strictly above)/tied).
func tieShare(v []float64, group []int32, top int, t float64) float64 {
	if math.IsInf(t, -1) {
		return 1
	}
	gt, eq := 0, 0
	for _, e := range group {
		switch {
		case v[e] > t:
			gt++
		case v[e] == t:
			eq++
		}
	}
	return float64(top-gt) / float64(eq)
}

// membership is how much a value x counts as above the threshold t.
func membership(x, t, share float64) float64 {
	switch {
	case x > t:
		return 1
	case x == t:
		return share
	}
	return 0
}

// nthLargest returns the top-th largest of v over the group (−Inf when the
// group has at most top entries, so that all are selected), reusing scratch.
func nthLargest(v []float64, group []int32, top int, scratch []float64) (float64, []float64) {
	if top >= len(group) {
		return math.Inf(-1), scratch
	}
	scratch = scratch[:0]
	for _, e := range group {
		scratch = append(scratch, v[e])
	}
	slices.Sort(scratch)
	return scratch[len(scratch)-top], scratch
}
