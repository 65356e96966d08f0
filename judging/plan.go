package judging

import (
	"container/heap"
	"fmt"
	"math"
	"slices"
)

// Planning extra reviews (PlanReviews, "podium judge plan-reviews").
//
// Given the round's scores, its cuts and a budget of B extra reviews, choose
// the entries that get one more judge so that the expected number of wrong
// decisions at the cuts drops the most, then pick the judges.
//
// Value of one more review. For an entry and a cut, let p be its p_above
// (confidence.go) and s its score's sd over the draws. The decision is
// modelled as the side of a threshold t on which a Gaussian belief
// N(μ, s²) lies, with the distance d = μ − t = Φ⁻¹(p)·s read back from p (p
// clamped to [1/(2S), 1 − 1/(2S)]), so that the threshold's own uncertainty,
// which the draws include, is kept. Today's probability of a wrong decision
// is Φ(−|d|/s). After m more reviews the belief's variance is s_m² with
// 1/s_m² = 1/s² + m/v (v is the information of one review as a variance:
// the pooled within-entry variance for mean and zscore,
// (σ² + mean Var b_j)/mean a_j² for calibrated), and its mean moves by
// N(0, s² − s_m²) before the new scores are known (preposterior analysis).
// The expected probability of a wrong decision after them is
//
//	err(m) = ∫ N(x; d, s² − s_m²) · Φ(−|x|/s_m) dx,
//
// computed by Simpson's rule (split at 0). The gain of the m-th review of an
// entry is Σ over cuts of err(m−1) − err(m).
//
// Allocation is greedy: a priority queue holds, for every entry, the best
// average gain per review of its next m reviews (m = 1..4; the KG(*) rule
// of the knowledge-gradient literature, since the value of information is
// not concave: one review can be too little to move a decision while two
// can); the best entry gets one review (ties: the higher-ranked entry), its
// priority is recomputed, until the budget is spent or no review gains
// anything. An entry gets at most as many extra reviews as it has
// eligible judges (listed with capacity > 0, not conflicted, not already
// among its judges, in track under track_rule "require"), and the budget is
// capped by the judges' total capacity. Greedy allocation is optimal when every
// entry's marginal gains decrease with m; in general it is a heuristic, and
// it treats entries as independent (two entries on either side of a line
// are both valued, though reviewing one would settle the question).
//
// Judges are then chosen by the assignment solver (solver.go) in the
// incremental setting of Reassign: existing pairs and conflicts are blocked,
// each chosen entry needs its number of extra reviews, each judge takes at
// most its capacity, affinity is maximised and track_rule applies. When the
// capacities and conflicts cannot cover every chosen review jointly (Hall's
// condition fails), the solver's best partial assignment is used and the
// entries left short keep the judges they got, and the allocation is run
// again without them (at most 5 rounds); what still finds no judge is
// reported as unplaced.

// PlanJudge is a judge available for extra reviews.
type PlanJudge struct {
	ID string `json:"id"`
	// Capacity is how many more entries the judge can take.
	Capacity int      `json:"capacity"`
	Tracks   []string `json:"tracks"`
}

// PlanPair names a judge and an entry by id.
type PlanPair struct {
	Judge, Entry string
}

// PlanAffinity is a judge's affinity for an entry (default 0).
type PlanAffinity struct {
	Judge, Entry string
	Value        float64
}

// PlanInput is the input of PlanReviews: a ranking input with cuts, the
// budget and the available judges.
type PlanInput struct {
	Rank      RankInput
	Budget    int
	Judges    []PlanJudge
	Conflicts []PlanPair
	Affinity  []PlanAffinity
	// TrackRule defaults to TrackPrefer (with DefaultTrackPenalty); entry
	// tracks come from Rank.Tracks.
	TrackRule TrackRule
}

// PlanResult is the output of PlanReviews.
type PlanResult struct {
	Method Method `json:"method"`
	Budget int    `json:"budget"`
	// Planned is the number of extra reviews given a judge; Unplaced those
	// chosen for which capacity and conflicts left no judge.
	Planned  int `json:"planned"`
	Unplaced int `json:"unplaced"`
	// ExpectedWrong is the round's expected number of wrong decisions now
	// (RoundConfidence.ExpectedWrong); ExpectedGain the planned reviews'
	// expected reduction of it (the sum of their gains).
	ExpectedWrong float64 `json:"expected_wrong"`
	ExpectedGain  float64 `json:"expected_gain"`
	// Reviews lists the entries that get extra judges, largest gain first.
	Reviews []PlannedReview `json:"reviews"`
	// Confidence is the round's confidence report before the reviews.
	Confidence *RoundConfidence `json:"confidence"`
}

// PlannedReview is one entry's extra reviews.
type PlannedReview struct {
	Entry string `json:"entry"`
	Rank  int    `json:"rank"`
	// Judges are the new judges, in the order of the input's judges.
	Judges []string `json:"judges"`
	// Gain is the expected number of wrong decisions these reviews remove.
	Gain float64 `json:"gain"`
	// Cuts are the entry's current decisions.
	Cuts []CutDecision `json:"cuts"`
}

// PlanReviews chooses up to in.Budget extra reviews and their judges (see
// the comment at the top of plan.go). Invalid input is an *InputError.
func PlanReviews(in PlanInput) (*PlanResult, error) {
	if len(in.Rank.Cuts) == 0 {
		return nil, invalid("cuts", "at least one cut is required to plan reviews")
	}
	if in.Budget < 0 {
		return nil, invalid("budget", fmt.Sprintf("must not be negative, got %d", in.Budget))
	}
	res, o, run, err := rank(in.Rank)
	if err != nil {
		return nil, err
	}
	ain, eligible, err := planAssignInput(&in, o)
	if err != nil {
		return nil, err
	}
	rankOf := make(map[string]int, len(res.Ranking))
	confOf := make(map[string]*EntryConfidence, len(res.Ranking))
	for _, r := range res.Ranking {
		rankOf[r.Entry], confOf[r.Entry] = r.Rank, r.Confidence
	}
	var judges [][]int32
	var unplaced int
	for round := 0; round < maxPlanRounds; round++ {
		judges, unplaced = placeReviews(ain, allocate(run, eligible, min(in.Budget, ain.capacity), rankOf, o))
		if unplaced == 0 {
			break
		}
		// Capacity and conflicts could not cover the plan jointly: the
		// entries left short keep what they got, and the budget goes
		// elsewhere.
		for e, js := range judges {
			if len(js) < eligible[e] && ain.short(e, js) {
				eligible[e] = len(js)
			}
		}
	}
	out := &PlanResult{Method: res.Method, Budget: in.Budget, ExpectedWrong: run.result.ExpectedWrong,
		Confidence: run.result, Reviews: []PlannedReview{}, Unplaced: unplaced}
	for e, js := range judges {
		if len(js) == 0 {
			continue
		}
		id := o.entryIDs[e]
		pr := PlannedReview{Entry: id, Rank: rankOf[id], Cuts: confOf[id].Cuts}
		for _, j := range js {
			pr.Judges = append(pr.Judges, ain.in.Judges[j].ID)
		}
		pr.Gain = reviewGain(run, e, len(js))
		out.Planned += len(js)
		out.ExpectedGain += pr.Gain
		pr.Gain = roundObjective(pr.Gain)
		out.Reviews = append(out.Reviews, pr)
	}
	out.ExpectedGain = roundObjective(out.ExpectedGain)
	slices.SortStableFunc(out.Reviews, func(a, b PlannedReview) int {
		switch {
		case a.Gain > b.Gain:
			return -1
		case a.Gain < b.Gain:
			return 1
		}
		return a.Rank - b.Rank
	})
	return out, nil
}

// planAssign is the assignment problem of the extra reviews: every scored
// entry (index as in observations), the judges with capacity.
type planAssign struct {
	in       AssignInput
	blocked  []Pair
	capacity int
	asked    []int // extra reviews per entry of the last placeReviews
}

// planAssignInput validates the judges, conflicts and affinity of in and
// builds the assignment problem; eligible counts, per entry, the judges
// that could give it one more review.
func planAssignInput(in *PlanInput, o *observations) (*planAssign, []int, error) {
	pa := &planAssign{}
	pa.in.TrackRule = in.TrackRule
	switch in.TrackRule {
	case "", TrackPrefer, TrackRequire:
	default:
		return nil, nil, invalid("track_rule", fmt.Sprintf("unknown rule %q (want prefer or require)", in.TrackRule))
	}
	entryIdx := make(map[string]int32, len(o.entryIDs))
	for e, id := range o.entryIDs {
		entryIdx[id] = int32(e)
		pa.in.Entries = append(pa.in.Entries, Entry{ID: id, Track: in.Rank.Tracks[id]})
	}
	judgeIdx := make(map[string]int32, len(in.Judges))
	for i, j := range in.Judges {
		field := fmt.Sprintf("judges[%d]", i)
		switch {
		case j.ID == "":
			return nil, nil, invalid(field+".id", "must not be empty")
		case j.Capacity < 0:
			return nil, nil, invalid(field+".capacity", fmt.Sprintf("must not be negative, got %d", j.Capacity))
		case j.Capacity > math.MaxInt32/4:
			return nil, nil, invalid(field+".capacity", "is too large")
		}
		if prev, dup := judgeIdx[j.ID]; dup {
			return nil, nil, invalid(field+".id", fmt.Sprintf("duplicate id %q (also judges[%d])", j.ID, prev))
		}
		judgeIdx[j.ID] = int32(i)
		pa.in.Judges = append(pa.in.Judges, Judge{ID: j.ID, Tracks: j.Tracks, MaxLoad: j.Capacity})
		pa.capacity += j.Capacity
	}
	pair := func(field, judge, entry string) (Pair, error) {
		j, ok := judgeIdx[judge]
		if !ok {
			return Pair{}, invalid(field, fmt.Sprintf("unknown judge %q (not in judges)", judge))
		}
		e, ok := entryIdx[entry]
		if !ok {
			return Pair{}, invalid(field, fmt.Sprintf("unknown entry %q (no scores)", entry))
		}
		return Pair{Judge: j, Entry: e}, nil
	}
	for i, c := range in.Conflicts {
		p, err := pair(fmt.Sprintf("conflicts[%d]", i), c.Judge, c.Entry)
		if err != nil {
			return nil, nil, err
		}
		pa.blocked = append(pa.blocked, p)
	}
	for i, a := range in.Affinity {
		field := fmt.Sprintf("affinity[%d]", i)
		p, err := pair(field, a.Judge, a.Entry)
		if err != nil {
			return nil, nil, err
		}
		if !finite(a.Value) || math.Abs(a.Value) > MaxAffinity {
			return nil, nil, invalid(field, fmt.Sprintf("value must be a finite number in [-%g, %g], got %v", MaxAffinity, MaxAffinity, a.Value))
		}
		pa.in.Affinity = append(pa.in.Affinity, Affinity{Pair: p, Value: a.Value})
	}
	// A judge who already scored an entry cannot review it again.
	for i := range o.judge {
		if j, ok := judgeIdx[o.judgeIDs[o.judge[i]]]; ok {
			pa.blocked = append(pa.blocked, Pair{Judge: j, Entry: o.entry[i]})
		}
	}
	m, err := newModel(&pa.in)
	if err != nil {
		return nil, nil, err
	}
	m.block(pa.blocked)
	eligible := make([]int, len(o.entryIDs))
	for e := range eligible {
		blocked := m.blockJ[m.blocked.start[e]:m.blocked.start[e+1]]
		for j, jd := range pa.in.Judges {
			if jd.MaxLoad > 0 && (!m.require || m.inTrack(e, j)) {
				if _, found := slices.BinarySearch(blocked, int32(j)); !found {
					eligible[e]++
				}
			}
		}
	}
	return pa, eligible, nil
}

// maxPlanRounds bounds the allocate-and-place rounds of PlanReviews.
const maxPlanRounds = 5

// short reports whether entry e got fewer judges (js) than placeReviews was
// last asked for.
func (pa *planAssign) short(e int, js []int32) bool {
	return len(js) < pa.asked[e]
}

// placeReviews assigns judges to the extra reviews: per entry, the new
// judges (indices into pa.in.Judges, ascending) and the number of reviews
// that found no judge.
func placeReviews(pa *planAssign, extra []int) ([][]int32, int) {
	pa.asked = extra
	want := 0
	for _, x := range extra {
		want += x
	}
	if want == 0 {
		return make([][]int32, len(extra)), 0
	}
	pa.in.K = 1
	m, err := newModel(&pa.in)
	if err != nil { // duplicate affinity pairs: reported by planAssignInput first
		return make([][]int32, len(extra)), want
	}
	m.block(pa.blocked)
	p := newProblem(&pa.in, m)
	for e, x := range extra {
		p.demand[e] = int32(x)
	}
	s := p.solve()
	placed := 0
	for _, js := range s.judges {
		placed += len(js)
	}
	return s.judges, want - placed
}

// allocate runs the greedy allocation of budget reviews; it returns the
// number of extra reviews per entry.
func allocate(run *confidenceRun, eligible []int, budget int, rankOf map[string]int, o *observations) []int {
	extra := make([]int, len(eligible))
	h := &gainHeap{}
	for e := range eligible {
		if eligible[e] > 0 {
			h.items = append(h.items, gainItem{entry: e, rank: rankOf[o.entryIDs[e]], gain: priority(run, e, 0, eligible[e])})
		}
	}
	heap.Init(h)
	for spent := 0; spent < budget && h.Len() > 0; spent++ {
		it := heap.Pop(h).(gainItem)
		if it.gain < MinReviewGain {
			break
		}
		e := it.entry
		extra[e]++
		if extra[e] < eligible[e] {
			it.gain = priority(run, e, extra[e], eligible[e])
			heap.Push(h, it)
		}
	}
	return extra
}

// MinReviewGain is the smallest expected reduction of wrong decisions per
// review worth a review (10,000 such reviews would fix one decision): below
// it the budget is left unspent.
const MinReviewGain = 1e-4

// lookahead is how many reviews ahead priority looks.
const lookahead = 4

// priority is the queue key of entry e holding x extra reviews: the best
// average gain per review of its next m reviews, m = 1..lookahead (the
// KG(*) rule). The value of information is not concave in the number of
// reviews — one review may be too little to move a decision while two can —
// so the gain of the next review alone would undervalue such entries.
func priority(run *confidenceRun, e, x, eligible int) float64 {
	base := reviewGain(run, e, x)
	best := 0.0
	for m := 1; m <= lookahead && x+m <= eligible; m++ {
		best = math.Max(best, (reviewGain(run, e, x+m)-base)/float64(m))
	}
	return best
}

// reviewGain is the expected number of wrong decisions that m extra reviews
// of entry e remove, summed over the cuts.
func reviewGain(run *confidenceRun, e, m int) float64 {
	if m == 0 {
		return 0
	}
	s := run.sd[e]
	v := run.smp.reviewVariance()
	if s <= 0 || v <= 0 {
		return 0
	}
	S := float64(run.result.Samples)
	s2 := s * s
	sm2 := 1 / (1/s2 + float64(m)/v)
	g := 0.0
	for _, p := range run.pAbove {
		pc := clamp(p[e], 1/(2*S), 1-1/(2*S))
		d := normalQuantile(pc) * s
		g += normalCDF(-math.Abs(d)/s) - expectedError(d, s2, sm2)
	}
	return g
}

// expectedError is err(m) of the comment at the top of plan.go: the
// expected probability of a wrong decision once the belief N(d, s2) about
// the distance to the threshold has been sharpened to variance sm2.
func expectedError(d, s2, sm2 float64) float64 {
	w := s2 - sm2
	sm := math.Sqrt(sm2)
	if w <= 0 {
		return normalCDF(-math.Abs(d) / math.Sqrt(s2))
	}
	sw := math.Sqrt(w)
	f := func(x float64) float64 {
		z := (x - d) / sw
		return math.Exp(-z*z/2) / (sw * math.Sqrt(2*math.Pi)) * normalCDF(-math.Abs(x)/sm)
	}
	// Pieces split at 0 (the kink of |x|) and at ±6·sm (where Φ(−|x|/sm)
	// changes on its own scale), so that Simpson's rule is accurate even
	// when sm ≪ sw.
	lo, hi := d-8*sw, d+8*sw
	cuts := []float64{lo}
	for _, c := range []float64{-6 * sm, 0, 6 * sm} {
		if c > lo && c < hi {
			cuts = append(cuts, c)
		}
	}
	cuts = append(cuts, hi)
	total := 0.0
	for i := 1; i < len(cuts); i++ {
		total += simpson(f, cuts[i-1], cuts[i])
	}
	return total
}

// simpson integrates f over [a, b] with composite Simpson's rule.
func simpson(f func(float64) float64, a, b float64) float64 {
	const n = 64 // even
	h := (b - a) / n
	s := f(a) + f(b)
	for i := 1; i < n; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		s += w * f(a+float64(i)*h)
	}
	return s * h / 3
}

func normalCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

func normalQuantile(p float64) float64 { return -math.Sqrt2 * math.Erfcinv(2*p) }

type gainItem struct {
	entry, rank int
	gain        float64
}

// gainHeap is a max-heap of gains; ties go to the better-ranked entry, then
// the lower index, so that allocation is deterministic.
type gainHeap struct{ items []gainItem }

func (h *gainHeap) Len() int { return len(h.items) }
func (h *gainHeap) Less(a, b int) bool {
	x, y := h.items[a], h.items[b]
	if x.gain != y.gain {
		return x.gain > y.gain
	}
	if x.rank != y.rank {
		return x.rank < y.rank
	}
	return x.entry < y.entry
}
func (h *gainHeap) Swap(a, b int) { h.items[a], h.items[b] = h.items[b], h.items[a] }
func (h *gainHeap) Push(x any)    { h.items = append(h.items, x.(gainItem)) }
func (h *gainHeap) Pop() any {
	x := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return x
}
