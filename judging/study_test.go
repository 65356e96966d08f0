package judging

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// The decision-confidence simulation study (judging/README.md, "Decision
// confidence"). The default run uses 2 seeds and 200 draws; the full study
// (20 seeds, 500 draws) runs with
//
//	go test ./judging/ -run TestConfidenceStudy -study -v
var fullStudy = flag.Bool("study", false, "run the full decision-confidence simulation study (20 seeds)")

// studyScenario is the study's round: 2,000 entries, 150 judges, k = 3,
// judge bias sd 0.8, scale sd 0.35, noise sd 0.8 on a 1–10 rubric, random
// assignment.
func studyScenario() simConfig {
	return simConfig{
		entries: 2000, judges: 150, k: 3, criteria: 6, tracks: 1,
		qualitySD: 1.0, criterionSD: 0.8, biasSD: 0.8, scaleSD: 0.35, noiseSD: 0.8,
	}
}

// studyAward is the award cut: the top 5 %.
const studyAward = 100

// studyOutcome is one seed's measurements.
type studyOutcome struct {
	probs   []float64 // p_above of every entry
	inTop   []bool    // planted truth: in the true top 5 %
	recall0 float64   // top-5 % recall before extra reviews
	gain    map[string]float64
	used    int       // reviews the targeted plan spent
	stab    []float64 // predicted stability of every entry's award decision
	kept    []bool    // whether an independent re-judging kept it
	// conditional is p_above with the judges' parameters held at their
	// fitted values (the ablation of the judge draws).
	conditional []float64
	condStab    []float64
	// bootstrap is p_above from the mean and zscore methods' bootstrap.
	bootstrap map[Method][]float64
}

var studyStrategies = []string{"targeted", "random", "spread"}

// runStudySeed simulates one round, ranks it with the calibrated model and
// cuts, then spends a budget of 10 % more reviews three ways and measures
// the gain in top-5 % recall of each.
func runStudySeed(t testing.TB, seed uint64, samples int) studyOutcome {
	c := studyScenario()
	w := simulateWorld(c, seed)
	base := w.in
	base.Cuts = []Cut{{Name: "top5pct", Top: studyAward}}
	base.Samples = samples
	res, err := Rank(base)
	if err != nil {
		t.Fatal(err)
	}
	trueTop := topSet(w.truth, studyAward)
	out := studyOutcome{gain: map[string]float64{}}
	for _, r := range res.Ranking {
		e := entryNumber(r.Entry)
		out.probs = append(out.probs, r.Confidence.Cuts[0].PAbove)
		out.inTop = append(out.inTop, trueTop[e])
	}
	out.recall0 = awardRecall(res, w.truth)
	// An independent re-judging by comparable judges: three fresh judges
	// of the same pool per entry, fresh noise.
	rj := rand.New(rand.NewPCG(seed, 0x3c6ef372fe94f82b))
	again := RankInput{Method: base.Method, Criteria: base.Criteria}
	for e := 0; e < c.entries; e++ {
		for _, j := range pickDistinct(rj, nil, c.judges, c.k) {
			again.Scores = append(again.Scores, w.score(rj, j, e))
		}
	}
	ra, err := Rank(again)
	if err != nil {
		t.Fatal(err)
	}
	won := map[string]bool{}
	for _, id := range TopN(ra.Ranking, studyAward) {
		won[id] = true
	}
	for _, r := range res.Ranking {
		d := r.Confidence.Cuts[0]
		out.stab = append(out.stab, d.Stability)
		out.kept = append(out.kept, won[r.Entry] == d.Selected)
	}
	out.conditional, out.condStab = conditionalOnly(t, base, res)
	out.bootstrap = map[Method][]float64{}
	for _, m := range []Method{MethodMean, MethodZScore} {
		in := base
		in.Method = m
		r, err := Rank(in)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range r.Ranking {
			out.bootstrap[m] = append(out.bootstrap[m], x.Confidence.Cuts[0].PAbove)
		}
		// Same order as probs/inTop: by entry of the calibrated ranking.
		pos := map[string]float64{}
		for _, x := range r.Ranking {
			pos[x.Entry] = x.Confidence.Cuts[0].PAbove
		}
		for i, x := range res.Ranking {
			out.bootstrap[m][i] = pos[x.Entry]
		}
	}
	budget := len(base.Scores) / 10
	const capacity = 10 // more reviews per judge; 150·10 ≫ budget
	for _, strategy := range studyStrategies {
		rng := rand.New(rand.NewPCG(seed, 0xe7037ed1a0b428db))
		var picks [][2]int // (entry, judge)
		switch strategy {
		case "targeted":
			plan := PlanInput{Rank: base, Budget: budget}
			for j := 0; j < c.judges; j++ {
				plan.Judges = append(plan.Judges, PlanJudge{ID: fmt.Sprintf("j%d", j), Capacity: capacity})
			}
			pr, err := PlanReviews(plan)
			if err != nil {
				t.Fatal(err)
			}
			out.used = pr.Planned
			for _, r := range pr.Reviews {
				for _, j := range r.Judges {
					picks = append(picks, [2]int{entryNumber(r.Entry), judgeNumber(j)})
				}
			}
		case "random", "spread":
			order := make([]int, c.entries)
			for i := range order {
				order[i] = i
			}
			if strategy == "random" {
				rng.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
			} else {
				spread := make([]float64, c.entries)
				for _, r := range res.Ranking {
					spread[entryNumber(r.Entry)] = r.Spread
				}
				slices.SortStableFunc(order, func(a, b int) int { return -cmpFloat(spread[a], spread[b]) })
			}
			load := make([]int, c.judges)
			for _, e := range order[:budget] {
				picks = append(picks, [2]int{e, randomJudge(rng, w.judgesOf[e], load, c.judges, capacity)})
			}
		}
		in := base
		in.Scores = slices.Clone(base.Scores)
		in.Cuts, in.Samples = nil, 0
		for _, p := range picks {
			in.Scores = append(in.Scores, w.score(rng, p[1], p[0]))
		}
		after, err := Rank(in)
		if err != nil {
			t.Fatal(err)
		}
		out.gain[strategy] = awardRecall(after, w.truth) - out.recall0
	}
	return out
}

// conditionalOnly recomputes the calibrated confidence with the judges'
// (a_j, b_j) fixed at their fitted values: only q's conditional posterior
// is drawn. It returns p_above and stability in the order of res.Ranking.
func conditionalOnly(t testing.TB, in RankInput, res *RankResult) (p, stab []float64) {
	plain := in
	plain.Cuts, plain.Samples = nil, 0
	r, err := Rank(plain)
	if err != nil {
		t.Fatal(err)
	}
	o, err := newObservations(&in)
	if err != nil {
		t.Fatal(err)
	}
	smp := newPosteriorSampler(o, calibrate(o))
	for j := range smp.l11 {
		smp.l11[j], smp.l21[j], smp.l22[j] = 0, 0, 0
	}
	newConfidence(o, &in, r, smp)
	got := map[string]CutDecision{}
	for _, x := range r.Ranking {
		got[x.Entry] = x.Confidence.Cuts[0]
	}
	for _, x := range res.Ranking {
		p = append(p, got[x.Entry].PAbove)
		stab = append(stab, got[x.Entry].Stability)
	}
	return p, stab
}

// randomJudge picks a judge with capacity left who has not scored the entry.
func randomJudge(rng *rand.Rand, have []int, load []int, n, capacity int) int {
	for {
		j := rng.IntN(n)
		if load[j] < capacity && !slices.Contains(have, j) {
			load[j]++
			return j
		}
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func entryNumber(id string) int {
	var e int
	fmt.Sscanf(id, "e%d", &e)
	return e
}

func judgeNumber(id string) int {
	var j int
	fmt.Sscanf(id, "j%d", &j)
	return j
}

func topSet(v []float64, n int) []bool {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return -cmpFloat(v[a], v[b]) })
	in := make([]bool, len(v))
	for _, i := range idx[:n] {
		in[i] = true
	}
	return in
}

// awardRecall is the share of the true top 5 % that the ranking's top 5 %
// contains.
func awardRecall(res *RankResult, truth []float64) float64 {
	est := make([]float64, len(truth))
	for _, r := range res.Ranking {
		est[entryNumber(r.Entry)] = r.Score
	}
	return topRecall(est, truth, float64(studyAward)/float64(len(truth)))
}

// calibrationError is the expected calibration error of probabilities
// against outcomes over 10 equal-width bins, and the same restricted to
// the entries with 0.02 < p < 0.98 (where the question is hard).
func calibrationError(p []float64, y []bool) (all, hard float64) {
	ece := func(keep func(float64) bool) float64 {
		var n [10]float64
		var sp, sy [10]float64
		total := 0.0
		for i := range p {
			if !keep(p[i]) {
				continue
			}
			b := min(int(p[i]*10), 9)
			n[b]++
			sp[b] += p[i]
			if y[i] {
				sy[b]++
			}
			total++
		}
		e := 0.0
		for b := range n {
			if n[b] > 0 {
				e += n[b] / total * math.Abs(sp[b]/n[b]-sy[b]/n[b])
			}
		}
		return e
	}
	return ece(func(float64) bool { return true }), ece(func(x float64) bool { return x > 0.02 && x < 0.98 })
}

// reliability tabulates predicted probabilities against outcomes in ten
// equal-width bins.
func reliability(p []float64, y []bool) string {
	var n, sp, sy [10]float64
	for i := range p {
		b := min(int(p[i]*10), 9)
		n[b]++
		sp[b] += p[i]
		if y[i] {
			sy[b]++
		}
	}
	var out strings.Builder
	for b := range n {
		if n[b] > 0 {
			fmt.Fprintf(&out, "%.1f–%.1f | %.0f | %.3f | %.3f\n", float64(b)/10, float64(b+1)/10, n[b], sp[b]/n[b], sy[b]/n[b])
		}
	}
	return out.String()
}

func TestConfidenceStudy(t *testing.T) {
	seeds, samples := 2, 200
	if *fullStudy {
		seeds, samples = 20, 500
	}
	var probs, stab, cond, condStab []float64
	var inTop, kept []bool
	boot := map[Method][]float64{}
	gain := map[string]float64{}
	gain2 := map[string]float64{}
	var table strings.Builder
	fmt.Fprintf(&table, "seed | recall | +targeted (reviews) | +random | +spread\n")
	for s := 1; s <= seeds; s++ {
		o := runStudySeed(t, uint64(s), samples)
		probs = append(probs, o.probs...)
		inTop = append(inTop, o.inTop...)
		stab = append(stab, o.stab...)
		cond = append(cond, o.conditional...)
		condStab = append(condStab, o.condStab...)
		kept = append(kept, o.kept...)
		for m, p := range o.bootstrap {
			boot[m] = append(boot[m], p...)
		}
		for k, v := range o.gain {
			gain[k] += v / float64(seeds)
			gain2[k] += v * v / float64(seeds)
		}
		fmt.Fprintf(&table, "%d | %.3f | %+.4f (%d) | %+.4f | %+.4f\n", s, o.recall0, o.gain["targeted"], o.used, o.gain["random"], o.gain["spread"])
	}
	ece, hard := calibrationError(probs, inTop)
	t.Logf("per seed:\n%s", table.String())
	t.Logf("reliability (bin | entries | mean p_above | share truly in the top 5 %%):\n%s", reliability(probs, inTop))
	sAll, sHard := calibrationError(stab, kept)
	changed, predicted := 0.0, 0.0
	for i := range stab {
		predicted += 1 - stab[i]
		if !kept[i] {
			changed++
		}
	}
	t.Logf("stability against an independent re-judging: ECE %.4f (0.02<p<0.98: %.4f); award decisions changed per round %.1f, predicted %.1f",
		sAll, sHard, changed/float64(seeds), predicted/float64(seeds))
	t.Logf("stability reliability (bin | entries | mean stability | share kept):\n%s", reliability(stab, kept))
	cAll, cHard := calibrationError(cond, inTop)
	csAll, csHard := calibrationError(condStab, kept)
	condChanged := 0.0
	for _, x := range condStab {
		condChanged += 1 - x
	}
	t.Logf("ablation, judges fixed at their fit: p_above ECE %.4f (hard %.4f); stability ECE %.4f (hard %.4f), predicted changes per round %.1f",
		cAll, cHard, csAll, csHard, condChanged/float64(seeds))
	t.Logf("ablation reliability of p_above:\n%s", reliability(cond, inTop))
	for _, m := range []Method{MethodMean, MethodZScore} {
		all, hard := calibrationError(boot[m], inTop)
		t.Logf("%s (bootstrap): ECE %.4f (entries with 0.02<p<0.98: %.4f)", m, all, hard)
	}
	for _, k := range studyStrategies {
		se := math.Sqrt(math.Max(gain2[k]-gain[k]*gain[k], 0) / float64(seeds))
		t.Logf("%s: mean recall gain %+.4f ± %.4f (standard error over seeds)", k, gain[k], se)
	}
	t.Logf("%d seeds, %d draws: ECE %.4f (entries with 0.02<p<0.98: %.4f); mean recall gain targeted %+.4f, random %+.4f, spread %+.4f",
		seeds, samples, ece, hard, gain["targeted"], gain["random"], gain["spread"])
	if ece > 0.05 {
		t.Errorf("expected calibration error %.4f > 0.05", ece)
	}
	if gain["targeted"] <= gain["random"] || gain["targeted"] <= gain["spread"] {
		t.Errorf("targeted reviews (%+.4f) do not beat random (%+.4f) and spread (%+.4f)", gain["targeted"], gain["random"], gain["spread"])
	}
}

// BenchmarkPlanReviews plans a 60-review budget for the study's round
// (2,000 entries, 150 judges, 6,000 scores; calibrated, 500 draws, one
// top-5 % cut), decoding excluded:
//
//	go test ./judging/ -run XXX -bench PlanReviews -benchtime 5x
func BenchmarkPlanReviews(b *testing.B) {
	c := studyScenario()
	w := simulateWorld(c, 1)
	in := PlanInput{Rank: w.in, Budget: 60}
	in.Rank.Cuts = []Cut{{Name: "top5pct", Top: studyAward}}
	for j := 0; j < c.judges; j++ {
		in.Judges = append(in.Judges, PlanJudge{ID: fmt.Sprintf("j%d", j), Capacity: 5})
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		res, err := PlanReviews(in)
		if err != nil {
			b.Fatal(err)
		}
		if res.Planned != 60 {
			b.Fatalf("planned %d reviews", res.Planned)
		}
	}
}
