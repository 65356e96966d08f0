package domain

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/podium-contests/podium/judging"
)

// Decision confidence in the product (judging/confidence.go, judging/plan.go).
//
// A ranking asked for with confidence carries, per entry and cut, the
// probability that the entry truly belongs above the cut (p_above) and the
// probability that re-judging keeps the decision (stability), and for the
// round the expected wrong and changed decisions and the identifiability
// report. Sampling costs CPU, so it runs only on request, with
// ConfidenceSamples draws, and its result is cached with the round's ranking
// (keyed by the scores revision and the cuts).

// ConfidenceSamples is the number of joint draws of the round the server
// uses: enough for probabilities to ±0.025 (one standard error at p = 0.5)
// at a fraction of the engine's default cost.
const ConfidenceSamples = 400

// MaxCuts bounds the cuts of one request.
const MaxCuts = 5

// MaxReviewBudget bounds the extra reviews one plan may propose.
const MaxReviewBudget = 1000

// ParseCuts reads cuts written "top:N" (the top N of the round) or
// "top:N:track" (the top N of every track). The cut's name is its text.
func ParseCuts(field string, specs []string) ([]judging.Cut, error) {
	if len(specs) > MaxCuts {
		return nil, Invalid(map[string]string{field: fmt.Sprintf("at most %d cuts, got %d", MaxCuts, len(specs))})
	}
	var cuts []judging.Cut
	for _, spec := range specs {
		parts := strings.Split(spec, ":")
		bad := Invalid(map[string]string{field: fmt.Sprintf("%q: write top:N or top:N:track with N ≥ 1", spec)})
		if len(parts) < 2 || len(parts) > 3 || parts[0] != "top" || (len(parts) == 3 && parts[2] != "track") {
			return nil, bad
		}
		n, err := strconv.Atoi(parts[1])
		if err != nil || n < 1 || n > 1_000_000 {
			return nil, bad
		}
		for _, c := range cuts {
			if c.Name == spec {
				return nil, Invalid(map[string]string{field: fmt.Sprintf("%q is listed twice", spec)})
			}
		}
		cuts = append(cuts, judging.Cut{Name: spec, Top: n, PerTrack: len(parts) == 3})
	}
	return cuts, nil
}

// DefaultCut is the decision line used when none is given: the number of
// entries already advanced from the round when there are any (the
// organizer's own decision), otherwise the top 10 % of the round's entries
// (at least one).
func DefaultCut(entries []Entry) judging.Cut {
	advanced := 0
	for _, e := range entries {
		if e.Advanced {
			advanced++
		}
	}
	if advanced == 0 {
		advanced = max(1, int(math.Ceil(float64(len(entries))/10)))
	}
	return judging.Cut{Name: "top:" + strconv.Itoa(advanced), Top: advanced}
}

// withConfidence asks the engine for confidence at cuts (none: nothing).
func withConfidence(in *judging.RankInput, cuts []judging.Cut, trackOf map[int64]string) {
	if len(cuts) == 0 {
		return
	}
	in.Cuts, in.Samples, in.Tracks = cuts, ConfidenceSamples, map[string]string{}
	for _, s := range in.Scores {
		id, _ := strconv.ParseInt(s.Entry, 10, 64)
		in.Tracks[s.Entry] = trackOf[id]
	}
}

// cachedFits reports whether a cached ranking answers a request for cuts.
func cachedFits(res *judging.RankResult, cuts []judging.Cut) bool {
	if len(cuts) == 0 {
		return true
	}
	c := res.Confidence
	if c == nil || c.Samples != ConfidenceSamples || len(c.Cuts) != len(cuts) {
		return false
	}
	for i, cut := range cuts {
		if c.Cuts[i].Name != cut.Name || c.Cuts[i].Top != cut.Top || c.Cuts[i].PerTrack != cut.PerTrack {
			return false
		}
	}
	return true
}

// ShiftToCross is how far (in score units) an entry's score would have to
// move for it to cross the cut, read from its probability above the cut
// and the sd of its score: |Φ⁻¹(p)|·sd (p clamped to [0.001, 0.999]).
func ShiftToCross(pAbove, sd float64) float64 {
	p := math.Min(math.Max(pAbove, 0.001), 0.999)
	return math.Abs(math.Sqrt2*math.Erfinv(2*p-1)) * sd
}

// explainConfidence says, per cut, how sure the decision is and what would
// change it.
func explainConfidence(c *judging.EntryConfidence) string {
	if c == nil {
		return ""
	}
	var b strings.Builder
	for _, d := range c.Cuts {
		side, move := "below", "rise"
		if d.Selected {
			side, move = "above", "fall"
		}
		fmt.Fprintf(&b, " At the cut %s it is %s: %.0f %% likely truly above, the decision would stay in %.0f %% of re-judgings;",
			d.Cut, side, 100*d.PAbove, 100*d.Stability)
		if d.Stability < 0.9 {
			fmt.Fprintf(&b, " a score %s of about %.1f would change it, so one more judge could settle it.", move, ShiftToCross(d.PAbove, c.SD))
		} else {
			fmt.Fprintf(&b, " only a score %s of about %.1f would change it.", move, ShiftToCross(d.PAbove, c.SD))
		}
	}
	return b.String()
}

// RankingWithConfidence ranks a round like Ranking and adds the decision
// confidence at cuts (ParseCuts; DefaultCut when none). Organizers only.
func (j *Judging) RankingWithConfidence(ctx context.Context, u User, roundID int64, track string, cutSpecs []string) (Ranking, error) {
	r, track, err := j.rankingRound(ctx, u, roundID, track)
	if err != nil {
		return Ranking{}, err
	}
	if _, err := ParseCuts("cut", cutSpecs); err != nil {
		return Ranking{}, err
	}
	rk, err := j.rankingAt(ctx, r, track, true, cutSpecs)
	return PageRanking(rk, 0, 0), err
}

// cutsFor parses the requested cuts or falls back to the default cut.
func (j *Judging) cutsFor(ctx context.Context, r Round, specs []string) ([]judging.Cut, error) {
	cuts, err := ParseCuts("cut", specs)
	if err != nil || len(cuts) > 0 {
		return cuts, err
	}
	entries, err := j.Store.RoundEntries(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	return []judging.Cut{DefaultCut(entries)}, nil
}

// ReviewPlanInput asks for a plan of extra reviews: Budget extra reviews
// (1..MaxReviewBudget) at the given cuts (default as for the ranking).
type ReviewPlanInput struct {
	Budget *int     `json:"budget"`
	Cuts   []string `json:"cuts"`
}

// ProposedJudge is a judge proposed for an extra review.
type ProposedJudge struct {
	JudgeID int64  `json:"judge_id"`
	Email   string `json:"email"`
	Name    string `json:"name"`
}

// PlannedReview is one entry of a review plan: its new judges, why it was
// chosen and the expected number of wrong decisions they remove.
type PlannedReview struct {
	EntryID  int64                 `json:"entry_id"`
	Rank     int                   `json:"rank"`
	TeamName string                `json:"team_name"`
	Title    string                `json:"title"`
	Track    string                `json:"track"`
	Judges   []ProposedJudge       `json:"judges"`
	Gain     float64               `json:"gain"`
	Cuts     []judging.CutDecision `json:"cuts"`
	Why      string                `json:"why"`
}

// ReviewPlan is a proposal of extra reviews (nothing is assigned until it
// is accepted).
type ReviewPlan struct {
	RoundID       int64                    `json:"round_id"`
	Budget        int                      `json:"budget"`
	Planned       int                      `json:"planned"`
	Unplaced      int                      `json:"unplaced"`
	ExpectedWrong float64                  `json:"expected_wrong"`
	ExpectedGain  float64                  `json:"expected_gain"`
	Reviews       []PlannedReview          `json:"reviews"`
	Confidence    *judging.RoundConfidence `json:"confidence"`
}

// reviewWhy says why an entry was chosen for more reviews.
func reviewWhy(pr judging.PlannedReview) string {
	var parts []string
	for _, d := range pr.Cuts {
		parts = append(parts, fmt.Sprintf("at %s: %.0f %% likely above, stays in %.0f %% of re-judgings", d.Cut, 100*d.PAbove, 100*d.Stability))
	}
	return fmt.Sprintf("close to the line (%s); %d more judge(s) remove %.2f expected wrong decisions", strings.Join(parts, "; "), len(pr.Judges), pr.Gain)
}

// PlanReviews proposes which entries get one more judge, under a budget,
// so that the expected number of wrong decisions at the cuts drops the
// most, and which of the pool's judges review them. Judges can take up to
// the round's load cap plus one (as for an extra judge), conflicts and
// existing assignments are respected. Organizers only; nothing is stored.
func (j *Judging) PlanReviews(ctx context.Context, u User, roundID int64, in ReviewPlanInput) (ReviewPlan, error) {
	r, _, err := j.organizerRound(ctx, u, roundID)
	if err != nil {
		return ReviewPlan{}, err
	}
	f := Fields{}
	switch {
	case in.Budget == nil:
		f.Add("budget", "is required")
	case *in.Budget < 1 || *in.Budget > MaxReviewBudget:
		f.Add("budget", fmt.Sprintf("must be between 1 and %d", MaxReviewBudget))
	}
	if err := f.Err(); err != nil {
		return ReviewPlan{}, err
	}
	cuts, err := j.cutsFor(ctx, r, in.Cuts)
	if err != nil {
		return ReviewPlan{}, err
	}
	p, err := j.buildProblem(ctx, r)
	if err != nil {
		return ReviewPlan{}, err
	}
	scores, err := j.Store.RoundScores(ctx, r.ID, true)
	if err != nil {
		return ReviewPlan{}, err
	}
	out := ReviewPlan{RoundID: r.ID, Budget: *in.Budget, Reviews: []PlannedReview{}}
	rin := rankInput(r, scores, func(ScoreSheet) bool { return true })
	if len(rin.Scores) == 0 {
		return out, Errorf(CodeConflict, "the round has no submitted scores yet")
	}
	trackOf := map[int64]string{}
	byID := map[int64]Entry{}
	for _, e := range p.entries {
		trackOf[e.SubmissionID], byID[e.SubmissionID] = e.Track, e
	}
	withConfidence(&rin, cuts, trackOf)
	res, err := judging.PlanReviews(planInput(p, rin, *in.Budget))
	if err != nil {
		return ReviewPlan{}, engineError(err)
	}
	judgeByID := map[string]JudgeInfo{}
	for _, jd := range p.judges {
		judgeByID[strconv.FormatInt(jd.UserID, 10)] = jd
	}
	out.Planned, out.Unplaced, out.ExpectedWrong, out.ExpectedGain, out.Confidence = res.Planned, res.Unplaced, res.ExpectedWrong, res.ExpectedGain, res.Confidence
	for _, pr := range res.Reviews {
		id, _ := strconv.ParseInt(pr.Entry, 10, 64)
		e := byID[id]
		line := PlannedReview{EntryID: id, Rank: pr.Rank, TeamName: e.TeamName, Title: e.Title, Track: e.Track,
			Gain: pr.Gain, Cuts: pr.Cuts, Why: reviewWhy(pr), Judges: []ProposedJudge{}}
		for _, jid := range pr.Judges {
			jd := judgeByID[jid]
			line.Judges = append(line.Judges, ProposedJudge{JudgeID: jd.UserID, Email: jd.Email, Name: jd.Name})
		}
		out.Reviews = append(out.Reviews, line)
	}
	return out, nil
}

// planInput builds the engine's plan problem from a round's assignment
// problem: every pool judge with their remaining capacity (load cap + 1
// minus active assignments), conflicts and active pairs blocked, the
// assignment's affinities, restricted to the scored entries.
func planInput(p *problem, rin judging.RankInput, budget int) judging.PlanInput {
	scored := map[string]bool{}
	for _, s := range rin.Scores {
		scored[s.Entry] = true
	}
	load := map[string]int{}
	var conflicts []judging.PlanPair
	for _, a := range p.active {
		jid, eid := strconv.FormatInt(a.JudgeID, 10), strconv.FormatInt(a.SubmissionID, 10)
		load[jid]++
		if scored[eid] {
			conflicts = append(conflicts, judging.PlanPair{Judge: jid, Entry: eid})
		}
	}
	in := judging.PlanInput{Rank: rin, Budget: budget, TrackRule: judging.TrackPrefer}
	for i, jd := range p.input.Judges {
		in.Judges = append(in.Judges, judging.PlanJudge{ID: jd.ID, Capacity: max(jd.MaxLoad+1-load[jd.ID], 0), Tracks: p.judges[i].Tracks})
	}
	for _, c := range p.input.Conflicts {
		if e := p.input.Entries[c.Entry].ID; scored[e] {
			conflicts = append(conflicts, judging.PlanPair{Judge: p.input.Judges[c.Judge].ID, Entry: e})
		}
	}
	in.Conflicts = conflicts
	for _, a := range p.input.Affinity {
		if e := p.input.Entries[a.Entry].ID; scored[e] {
			in.Affinity = append(in.Affinity, judging.PlanAffinity{Judge: p.input.Judges[a.Judge].ID, Entry: e, Value: a.Value})
		}
	}
	return in
}

// ReviewPair is one accepted extra review: a judge for an entry.
type ReviewPair struct {
	EntryID int64 `json:"entry_id"`
	JudgeID int64 `json:"judge_id"`
}

// AcceptReviewPlanInput lists the extra reviews the organizer accepts
// (normally the pairs of a plan).
type AcceptReviewPlanInput struct {
	Reviews []ReviewPair `json:"reviews"`
}

// AcceptedReviews reports the extra assignments made.
type AcceptedReviews struct {
	Assigned []ReviewPair `json:"assigned"`
}

// AcceptReviewPlan assigns the accepted extra reviews through the
// incremental assignment path (the judges are e-mailed their new entries,
// the change is audited). Every pair is checked again: the judge is in the
// round's pool, has no conflict with the entry, is not already on it, and
// stays within the round's load cap plus one. Any bad pair rejects all.
func (j *Judging) AcceptReviewPlan(ctx context.Context, u User, roundID int64, in AcceptReviewPlanInput) (AcceptedReviews, error) {
	r, _, err := j.organizerRound(ctx, u, roundID)
	if err != nil {
		return AcceptedReviews{}, err
	}
	if len(in.Reviews) == 0 || len(in.Reviews) > MaxReviewBudget {
		return AcceptedReviews{}, Invalid(map[string]string{"reviews": fmt.Sprintf("must list 1 to %d (entry_id, judge_id) pairs", MaxReviewBudget)})
	}
	p, err := j.buildProblem(ctx, r)
	if err != nil {
		return AcceptedReviews{}, err
	}
	pairs, err := checkReviewPairs(p, in.Reviews)
	if err != nil {
		return AcceptedReviews{}, err
	}
	audit := &AuditEntry{ContestID: r.ContestID, ActorID: u.ID, Action: "round.review_plan", ObjectType: "round",
		ObjectID: strconv.FormatInt(r.ID, 10), Detail: mustJSON(map[string]any{"reviews": in.Reviews})}
	if err := j.addAssignments(ctx, p, nil, pairs, audit); err != nil {
		return AcceptedReviews{}, err
	}
	return AcceptedReviews{Assigned: in.Reviews}, nil
}

// checkReviewPairs validates accepted extra reviews against the round's
// assignment problem (see AcceptReviewPlan).
func checkReviewPairs(p *problem, reviews []ReviewPair) ([]AssignmentPair, error) {
	entryIdx, judgeIdx := p.indexes()
	conflict := map[judging.Pair]bool{}
	for _, c := range p.input.Conflicts {
		conflict[c] = true
	}
	on := map[[2]int64]bool{}
	load := map[int64]int{}
	for _, a := range p.active {
		on[[2]int64{a.JudgeID, a.SubmissionID}] = true
		load[a.JudgeID]++
	}
	var pairs []AssignmentPair
	for i, rv := range reviews {
		field := fmt.Sprintf("reviews[%d]", i)
		ei, okE := entryIdx[rv.EntryID]
		ji, okJ := judgeIdx[rv.JudgeID]
		switch {
		case !okE:
			return nil, Invalid(map[string]string{field + ".entry_id": "is not an entry of this round"})
		case !okJ:
			return nil, Invalid(map[string]string{field + ".judge_id": "is not a judge in this round's pool"})
		case conflict[pairOf(ji, ei)]:
			return nil, Invalid(map[string]string{field + ".judge_id": "has a conflict with this entry"})
		case on[[2]int64{rv.JudgeID, rv.EntryID}]:
			return nil, Invalid(map[string]string{field + ".judge_id": "already reviews this entry (or is listed twice)"})
		}
		on[[2]int64{rv.JudgeID, rv.EntryID}] = true
		load[rv.JudgeID]++
		if load[rv.JudgeID] > p.input.Judges[ji].MaxLoad+1 {
			return nil, Invalid(map[string]string{field + ".judge_id": "would exceed the round's load cap plus one"})
		}
		pairs = append(pairs, AssignmentPair{SubmissionID: rv.EntryID, JudgeID: rv.JudgeID})
	}
	return pairs, nil
}

// confidenceCells are an entry's CSV cells of its confidence: p_above and
// stability per cut, then the expected changes (none without confidence).
func confidenceCells(c *judging.EntryConfidence) []string {
	if c == nil {
		return nil
	}
	var out []string
	for _, d := range c.Cuts {
		out = append(out, strconv.FormatFloat(d.PAbove, 'f', 4, 64), strconv.FormatFloat(d.Stability, 'f', 4, 64))
	}
	return append(out, strconv.FormatFloat(c.ExpectedChanges, 'f', 4, 64))
}
