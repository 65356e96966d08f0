package judging

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
)

// simConfig describes a planted-truth scoring simulation: entries with a true
// quality, judges with a bias and a scale, noisy marks on a 1–10 rubric.
type simConfig struct {
	entries, judges, k, criteria int
	tracks                       int
	inTrack                      bool    // judges only score entries of their own track
	trackSD                      float64 // spread of the tracks' mean quality
	qualitySD                    float64 // spread of entries' quality within a track
	criterionSD                  float64 // per-criterion deviation from the entry's quality
	biasSD, scaleSD, noiseSD     float64
}

// issueScenario is the reference planted-truth simulation of judging/README.md.
func issueScenario(inTrack bool) simConfig {
	return simConfig{
		entries: 10000, judges: 500, k: 3, criteria: 6, tracks: 20, inTrack: inTrack,
		trackSD: 0.9, qualitySD: 1.0, criterionSD: 0.8,
		biasSD: 0.8, scaleSD: 0.35, noiseSD: 0.8,
	}
}

func (c simConfig) String() string {
	mode := "random"
	if c.inTrack {
		mode = "in-track"
	}
	return fmt.Sprintf("%dx%d k=%d %s", c.entries, c.judges, c.k, mode)
}

// simulate returns the scores and the planted true quality of every entry
// (indexed like the entry ids "e<i>").
func simulate(c simConfig, seed uint64) (RankInput, []float64) {
	w := simulateWorld(c, seed)
	return w.in, w.truth
}

// simWorld is a simulated round with its planted truth, kept so that more
// scores can be drawn later (extra reviews).
type simWorld struct {
	c           simConfig
	in          RankInput
	truth       []float64
	scale, bias []float64
	trueVals    [][]float64 // per entry, per criterion
	judgesOf    [][]int     // per entry, its judges
}

// simulateWorld draws a round (the random stream is the one simulate has
// always used, so that the published figures stay reproducible).
func simulateWorld(c simConfig, seed uint64) *simWorld {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	w := &simWorld{c: c}
	in := &w.in
	for i := 0; i < c.criteria; i++ {
		in.Criteria = append(in.Criteria, Criterion{ID: fmt.Sprintf("c%d", i), Weight: 1, Min: 1, Max: 10})
	}
	trackMean := make([]float64, c.tracks)
	for t := range trackMean {
		trackMean[t] = c.trackSD * rng.NormFloat64()
	}
	judgesOf := make([][]int, c.tracks)
	w.scale = make([]float64, c.judges)
	w.bias = make([]float64, c.judges)
	for j := 0; j < c.judges; j++ {
		judgesOf[j%c.tracks] = append(judgesOf[j%c.tracks], j)
		w.scale[j] = math.Max(0.2, 1+c.scaleSD*rng.NormFloat64())
		w.bias[j] = c.biasSD * rng.NormFloat64()
	}
	w.truth = make([]float64, c.entries)
	w.trueVals = make([][]float64, c.entries)
	w.judgesOf = make([][]int, c.entries)
	for e := 0; e < c.entries; e++ {
		t := e % c.tracks
		q := 5.5 + trackMean[t] + c.qualitySD*rng.NormFloat64()
		trueVals := make([]float64, c.criteria)
		for ci := range trueVals {
			trueVals[ci] = q + c.criterionSD*rng.NormFloat64()
			w.truth[e] += trueVals[ci] / float64(c.criteria)
		}
		w.trueVals[e] = trueVals
		pool := judgesOf[t]
		if !c.inTrack {
			pool = nil
		}
		for _, j := range pickDistinct(rng, pool, c.judges, c.k) {
			in.Scores = append(in.Scores, w.score(rng, j, e))
			w.judgesOf[e] = append(w.judgesOf[e], j)
		}
	}
	return w
}

// score draws judge j's marks for entry e.
func (w *simWorld) score(rng *rand.Rand, j, e int) Score {
	vals := make(map[string]float64, w.c.criteria)
	for ci, tv := range w.trueVals[e] {
		v := 5.5 + w.scale[j]*(tv-5.5) + w.bias[j] + w.c.noiseSD*rng.NormFloat64()
		vals[w.in.Criteria[ci].ID] = math.Min(10, math.Max(1, math.Round(v)))
	}
	return Score{Judge: fmt.Sprintf("j%d", j), Entry: fmt.Sprintf("e%d", e), Values: vals}
}

// pickDistinct draws k distinct judges from pool, or from 0..n-1 when pool
// is nil.
func pickDistinct(rng *rand.Rand, pool []int, n, k int) []int {
	if pool == nil {
		pool = make([]int, n)
		for i := range pool {
			pool[i] = i
		}
	} else {
		pool = append([]int(nil), pool...)
	}
	for i := 0; i < k; i++ {
		r := i + rng.IntN(len(pool)-i)
		pool[i], pool[r] = pool[r], pool[i]
	}
	return pool[:k]
}

// quality measures a ranking against the planted truth: Kendall's τ (τ-a,
// over all pairs) and the recall of the true top 10%.
func quality(res *RankResult, truth []float64) (tau, recall float64) {
	est := make([]float64, len(truth))
	for _, r := range res.Ranking {
		var e int
		fmt.Sscanf(r.Entry, "e%d", &e)
		est[e] = r.Score
	}
	return kendallTau(est, truth), topRecall(est, truth, 0.1)
}

// kendallTau computes τ-a in O(n log n) by counting inversions (Knight).
func kendallTau(x, y []float64) float64 {
	n := len(x)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	ys := make([]float64, n)
	for i, k := range idx {
		ys[i] = y[k]
	}
	inv := countInversions(ys, make([]float64, n))
	pairs := float64(n) * float64(n-1) / 2
	return (pairs - 2*float64(inv)) / pairs
}

func countInversions(a, tmp []float64) int {
	if len(a) < 2 {
		return 0
	}
	m := len(a) / 2
	c := countInversions(a[:m], tmp[:m]) + countInversions(a[m:], tmp[m:])
	i, j, k := 0, m, 0
	for i < m && j < len(a) {
		if a[j] < a[i] {
			c += m - i
			tmp[k] = a[j]
			j++
		} else {
			tmp[k] = a[i]
			i++
		}
		k++
	}
	k += copy(tmp[k:], a[i:m])
	copy(tmp[k:], a[j:])
	copy(a, tmp)
	return c
}

func topRecall(est, truth []float64, frac float64) float64 {
	n := int(math.Round(frac * float64(len(truth))))
	top := func(v []float64) map[int]bool {
		idx := make([]int, len(v))
		for i := range idx {
			idx[i] = i
		}
		sort.Slice(idx, func(a, b int) bool { return v[idx[a]] > v[idx[b]] })
		s := make(map[int]bool, n)
		for _, i := range idx[:n] {
			s[i] = true
		}
		return s
	}
	te, tt := top(est), top(truth)
	hit := 0
	for i := range tt {
		if te[i] {
			hit++
		}
	}
	return float64(hit) / float64(n)
}
