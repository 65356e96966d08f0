package judging

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
)

// TieTolerance is the score difference below which two entries are tied
// (docs/architecture.md). The same tolerance applies to the median tie-break.
const TieTolerance = 1e-9

// RankedEntry is one line of a ranking. Entry, Rank, Score, Judges and Spread
// are the docs/architecture.md contract; the other fields explain the score.
type RankedEntry struct {
	Entry  string  `json:"entry"`
	Rank   int     `json:"rank"`
	Score  float64 `json:"score"`
	Judges int     `json:"judges"`
	// Spread is the population standard deviation of the entry's totals.
	Spread float64 `json:"spread"`
	// Mean is the raw mean of the entry's totals, shown beside any score.
	Mean float64 `json:"mean"`
	// Median of the entry's totals: the first tie-break.
	Median float64 `json:"median"`
	// Uncertainty is the standard error of Score, in Score's units: the
	// posterior standard deviation of q_e for "calibrated", and the pooled
	// within-entry standard deviation divided by √judges otherwise.
	Uncertainty float64 `json:"uncertainty"`
	// Disagreement flags an unusually large Spread (see disagreementFence).
	Disagreement bool `json:"disagreement"`
	// Confidence is set only when the input asks for cuts (confidence.go).
	Confidence *EntryConfidence `json:"confidence,omitempty"`
}

// JudgeSummary describes one judge's scoring, for explanations.
type JudgeSummary struct {
	Judge   string  `json:"judge"`
	Entries int     `json:"entries"`
	Mean    float64 `json:"mean"`
	// SD is the population standard deviation of the judge's totals (σ_j).
	SD float64 `json:"sd"`
	// Scale (a_j) and Bias (b_j) are set by the "calibrated" method only:
	// the judge's total ≈ Center + Scale·(q_e − Center) + Bias.
	Scale *float64 `json:"scale,omitempty"`
	Bias  *float64 `json:"bias,omitempty"`
}

// RankResult is the output of Rank.
type RankResult struct {
	Method  Method         `json:"method"`
	Ranking []RankedEntry  `json:"ranking"`
	Judges  []JudgeSummary `json:"judges"`
	// Center is the grand mean of all totals (the calibrated model's pivot).
	Center float64 `json:"center"`
	// DisagreementThreshold is the spread above which an entry is flagged.
	DisagreementThreshold float64 `json:"disagreement_threshold"`
	// Confidence summarises the round's decisions at the input's cuts and
	// the identifiability of the scores; set only when the input has cuts.
	Confidence *RoundConfidence `json:"confidence,omitempty"`
}

// Rank validates in, scores every entry that has at least one score with the
// chosen method, and ranks them by score descending with the docs/architecture.md
// tie-breaks: higher median of totals, then more judges; entries still tied
// share a rank (competition ranking 1, 2, 2, 4). Entries tied on everything
// are listed in order of their ids. When in.Cuts is set, every entry and the
// result also carry the decision-confidence report (confidence.go).
func Rank(in RankInput) (*RankResult, error) {
	res, _, _, err := rank(in)
	return res, err
}

// rank is Rank, also returning the observations and, when the input has
// cuts, the confidence run behind res.Confidence.
func rank(in RankInput) (*RankResult, *observations, *confidenceRun, error) {
	method := in.Method
	if method == "" {
		method = DefaultMethod
	}
	if method != MethodMean && method != MethodZScore && method != MethodCalibrated {
		return nil, nil, nil, invalid("method", fmt.Sprintf("unknown method %q (want mean, zscore or calibrated)", in.Method))
	}
	if err := in.validateConfidence(); err != nil {
		return nil, nil, nil, err
	}
	o, err := newObservations(&in)
	if err != nil {
		return nil, nil, nil, err
	}
	res := &RankResult{Method: method, Center: mean(o.total)}
	judges := judgeMoments(o)
	entries := entryMoments(o)
	var scores, unc, values []float64
	var fit *calibration
	switch method {
	case MethodMean:
		values = o.total
		scores = entryMeans(o, o.total)
		unc = standardErrors(o, o.total, scores)
	case MethodZScore:
		values = zValues(o, judges)
		scores = entryMeans(o, values)
		unc = standardErrors(o, values, scores)
	case MethodCalibrated:
		fit = calibrate(o)
		scores, unc = fit.quality, fit.sd
		for j := range judges {
			judges[j].Scale, judges[j].Bias = &fit.scale[j], &fit.bias[j]
		}
	}
	res.Judges = judges
	res.DisagreementThreshold = disagreementFence(entries)
	res.Ranking = make([]RankedEntry, len(o.entryIDs))
	for e := range res.Ranking {
		m := entries[e]
		res.Ranking[e] = RankedEntry{
			Entry: o.entryIDs[e], Score: scores[e], Judges: m.n, Spread: m.spread,
			Mean: m.mean, Median: m.median, Uncertainty: unc[e],
			Disagreement: m.n >= 2 && m.spread > res.DisagreementThreshold,
		}
	}
	orderAndRank(res.Ranking)
	var run *confidenceRun
	if len(in.Cuts) > 0 {
		run = newConfidence(o, &in, res, samplerFor(o, values, scores, unc, fit))
		res.Confidence = run.result
	}
	return res, o, run, nil
}

// orderAndRank sorts by score descending and assigns competition ranks.
// Scores closer than TieTolerance form a tie group (chained: a, b, c with
// |a−b| and |b−c| below the tolerance are one group); within a group the
// higher median wins, then more judges.
func orderAndRank(r []RankedEntry) {
	slices.SortFunc(r, func(a, b RankedEntry) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return strings.Compare(a.Entry, b.Entry)
	})
	for lo := 0; lo < len(r); {
		hi := lo + 1
		for hi < len(r) && r[hi-1].Score-r[hi].Score < TieTolerance {
			hi++
		}
		g := r[lo:hi]
		sort.SliceStable(g, func(a, b int) bool {
			if d := g[a].Median - g[b].Median; math.Abs(d) >= TieTolerance {
				return d > 0
			}
			if g[a].Judges != g[b].Judges {
				return g[a].Judges > g[b].Judges
			}
			return g[a].Entry < g[b].Entry
		})
		for i := range g {
			g[i].Rank = lo + i + 1
			if i > 0 && math.Abs(g[i].Median-g[i-1].Median) < TieTolerance && g[i].Judges == g[i-1].Judges {
				g[i].Rank = g[i-1].Rank
			}
		}
		lo = hi
	}
}

// moments summarises a set of totals.
type moments struct {
	n                    int
	mean, spread, median float64
}

func entryMoments(o *observations) []moments {
	out := make([]moments, len(o.entryIDs))
	buf := make([]float64, 0, 8)
	for e := range out {
		buf = buf[:0]
		for _, i := range o.byEntry.row(e) {
			buf = append(buf, o.total[i])
		}
		out[e] = summarize(buf)
	}
	return out
}

func judgeMoments(o *observations) []JudgeSummary {
	out := make([]JudgeSummary, len(o.judgeIDs))
	var buf []float64
	for j := range out {
		buf = buf[:0]
		for _, i := range o.byJudge.row(j) {
			buf = append(buf, o.total[i])
		}
		m, sd := meanSD(buf)
		out[j] = JudgeSummary{Judge: o.judgeIDs[j], Entries: len(buf), Mean: m, SD: sd}
	}
	return out
}

// summarize computes the moments of xs; it reorders xs.
func summarize(xs []float64) moments {
	m, sd := meanSD(xs)
	sort.Float64s(xs)
	med := xs[len(xs)/2]
	if len(xs)%2 == 0 {
		med = (xs[len(xs)/2-1] + med) / 2
	}
	return moments{n: len(xs), mean: m, spread: sd, median: med}
}

// meanSD returns the mean and population standard deviation (two-pass).
func meanSD(xs []float64) (float64, float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	m := mean(xs)
	ss := 0.0
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	return m, math.Sqrt(ss / float64(len(xs)))
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// entryMeans averages per-observation values over each entry's judges.
func entryMeans(o *observations, v []float64) []float64 {
	out := make([]float64, len(o.entryIDs))
	for e := range out {
		row := o.byEntry.row(e)
		s := 0.0
		for _, i := range row {
			s += v[i]
		}
		out[e] = s / float64(len(row))
	}
	return out
}

// zValues computes z(j,e) of docs/architecture.md. A σ_j below 1e-9 points (on the
// 0–100 scale) is treated as zero: it only arises from rounding when all of a
// judge's totals are equal.
func zValues(o *observations, judges []JudgeSummary) []float64 {
	z := make([]float64, len(o.total))
	for i, t := range o.total {
		j := judges[o.judge[i]]
		if j.Entries >= 2 && j.SD > 1e-9 {
			z[i] = (t - j.Mean) / j.SD
		}
	}
	return z
}

// standardErrors returns s/√n_e for each entry, where s is the pooled
// within-entry standard deviation of v around the entry means (0 when no
// entry has two judges).
func standardErrors(o *observations, v, means []float64) []float64 {
	ss, dof := 0.0, 0
	for e := range means {
		row := o.byEntry.row(e)
		for _, i := range row {
			d := v[i] - means[e]
			ss += d * d
		}
		dof += len(row) - 1
	}
	s := 0.0
	if dof > 0 {
		s = math.Sqrt(ss / float64(dof))
	}
	out := make([]float64, len(means))
	for e := range out {
		out[e] = s / math.Sqrt(float64(len(o.byEntry.row(e))))
	}
	return out
}

// MinDisagreement is the smallest spread (in points on the 0–100 total scale)
// that is ever flagged as a disagreement.
const MinDisagreement = 5.0

// disagreementFence returns the spread above which an entry is flagged: the
// upper Tukey fence Q3 + 1.5·IQR of the spreads of all entries with at least
// two judges, but never less than MinDisagreement points. Spreads beyond the
// fence are outliers relative to how much judges usually disagree in this
// round, which is what "add one more judge" should react to.
func disagreementFence(entries []moments) float64 {
	var s []float64
	for _, m := range entries {
		if m.n >= 2 {
			s = append(s, m.spread)
		}
	}
	if len(s) == 0 {
		return MinDisagreement
	}
	sort.Float64s(s)
	q1, q3 := quantile(s, 0.25), quantile(s, 0.75)
	return math.Max(q3+1.5*(q3-q1), MinDisagreement)
}

// quantile returns the p-quantile of sorted xs by linear interpolation
// between order statistics (Hyndman–Fan type 7, the R and NumPy default).
func quantile(sorted []float64, p float64) float64 {
	h := p * float64(len(sorted)-1)
	lo := int(math.Floor(h))
	if lo+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}
