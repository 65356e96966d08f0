package domain

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/podium-contests/podium/judging"
)

// JudgeScore is one judge's scores of an entry, as organizers see them.
type JudgeScore struct {
	JudgeID    int64              `json:"judge_id"`
	JudgeEmail string             `json:"judge_email"`
	Total      float64            `json:"total"`
	Values     map[string]float64 `json:"values"`
	Comment    string             `json:"comment"`
	Bias       *float64           `json:"bias,omitempty"`
	Scale      *float64           `json:"scale,omitempty"`
}

// RankedEntry is one line of a round's ranking with its explanation.
type RankedEntry struct {
	judging.RankedEntry
	EntryID     int64        `json:"entry_id"`
	TeamID      int64        `json:"team_id"`
	TeamName    string       `json:"team_name"`
	Track       string       `json:"track"`
	Title       string       `json:"title"`
	Advanced    bool         `json:"advanced"`
	Scores      []JudgeScore `json:"scores"`
	Explanation Explanation  `json:"explanation"`
	// Planned is how many judges the entry should have: the round's
	// judges per entry, or more when extra judges were assigned. Complete
	// is false while fewer judges than planned have submitted scores
	// (Judges): the line is provisional.
	Planned  int  `json:"planned"`
	Complete bool `json:"complete"`
	// TrackRank is the entry's rank in its track's own ranking (the one
	// advancing by top_per_track uses), which may differ from its place
	// among its track's entries in the overall ranking when scores are
	// normalized.
	TrackRank int `json:"track_rank"`
}

// PlannedJudges is how many judges an entry should have in a round: its
// active assignments (extra judges count), never fewer than the round's k.
func PlannedJudges(k, active int) int {
	return max(k, active)
}

// Explanation says why an entry ranks where it does, as statements with a
// code and parameters that clients word in their user's language, and in
// English (Text) for API users.
type Explanation struct {
	Statements []Statement `json:"statements"`
	Text       string      `json:"text"`
}

// Statement is one sentence of an explanation: a code (one of the
// Explain* constants) and its parameters.
type Statement struct {
	Code   string         `json:"code"`
	Params map[string]any `json:"params"`
}

// The statements of a ranking explanation, with their parameters.
const (
	// ExplainRank: {rank, of, method, score, uncertainty, judges, mean, spread}.
	ExplainRank = "rank"
	// ExplainIncomplete: {judges, planned}, while fewer judges than planned
	// have scored (the rank may change).
	ExplainIncomplete = "incomplete"
	// ExplainDisagreement: {threshold}, the spread above which judges disagree.
	ExplainDisagreement = "disagreement"
	// ExplainJudge: {judge, total}, and {bias, scale} when the method
	// estimated them (calibrated).
	ExplainJudge = "judge"
)

// Ranking is a round's ranking, overall or for one track.
type Ranking struct {
	RoundID               int64                  `json:"round_id"`
	Track                 string                 `json:"track,omitempty"`
	Method                string                 `json:"method"`
	Entries               []RankedEntry          `json:"entries"`
	Unscored              []Entry                `json:"unscored"`
	Judges                []judging.JudgeSummary `json:"judges"`
	DisagreementThreshold float64                `json:"disagreement_threshold"`
	// Confidence is the round's decision-confidence report at the
	// ranking's cuts (expected wrong and changed decisions,
	// identifiability); set only when confidence was asked for, as is every
	// entry's confidence block.
	Confidence *judging.RoundConfidence `json:"confidence,omitempty"`
	// Total and TotalUnscored count all the round's ranked and unscored
	// entries when Entries and Unscored are one page of them (PageRanking).
	Total         int `json:"total"`
	TotalUnscored int `json:"total_unscored"`
}

// rankInput turns a round's final scores into the engine's input.
func rankInput(r Round, scores []ScoreSheet, keep func(ScoreSheet) bool) judging.RankInput {
	in := judging.RankInput{Method: judging.Method(r.Method), Criteria: r.Criteria()}
	for _, s := range scores {
		if keep(s) {
			in.Scores = append(in.Scores, judging.Score{Judge: strconv.FormatInt(s.JudgeID, 10),
				Entry: strconv.FormatInt(s.SubmissionID, 10), Values: s.Values})
		}
	}
	return in
}

// rank computes (or reads from the cache, for the whole round with cuts)
// the engine's ranking of the round's final scores.
// With cuts, the result carries the decision-confidence report (seconds of
// sampling for a national round); the cache (one row per round, keyed by
// the scores revision) holds it across replicas and restarts for later
// requests for the same cuts. A plain ranking is not cached there: running
// the engine again costs less than reading, decoding and writing the
// result (tens of milliseconds for 10,000 entries, on the path of the
// first reader after every change).
func (j *Judging) rank(ctx context.Context, r Round, in judging.RankInput, track string, trackOf map[int64]string, cuts []judging.Cut) (*judging.RankResult, error) {
	cache := track == "" && len(cuts) > 0
	if cache {
		if cached, err := j.Store.CachedRanking(ctx, r.ID, r.ScoresRevision); err == nil {
			var res judging.RankResult
			if json.Unmarshal(cached, &res) == nil && cachedFits(&res, cuts) {
				return &res, nil
			}
		} else if ErrorCode(err) != CodeNotFound {
			return nil, err
		}
	}
	if len(in.Scores) == 0 {
		return &judging.RankResult{Method: in.Method, Ranking: []judging.RankedEntry{}, Judges: []judging.JudgeSummary{}}, nil
	}
	withConfidence(&in, cuts, trackOf)
	res, err := judging.Rank(in)
	if err != nil {
		return nil, fmt.Errorf("rank round %d: %w", r.ID, err)
	}
	if cache {
		b, _ := json.Marshal(res)
		if err := j.Store.CacheRanking(ctx, r.ID, r.ScoresRevision, b); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// Ranking ranks a round's entries (optionally one track's) and explains
// every line. Organizers only.
func (j *Judging) Ranking(ctx context.Context, u User, roundID int64, track string) (Ranking, error) {
	r, track, err := j.rankingRound(ctx, u, roundID, track)
	if err != nil {
		return Ranking{}, err
	}
	rk, err := j.ranking(ctx, r, track)
	return PageRanking(rk, 0, 0), err
}

// rankingRound loads a round whose ranking u may read and the track it
// shows (see RankingTrack: a track lead sees one of their tracks).
func (j *Judging) rankingRound(ctx context.Context, u User, roundID int64, track string) (Round, string, error) {
	r, c, sc, err := j.scopedRound(ctx, u, roundID)
	if err != nil {
		return Round{}, "", err
	}
	if _, ok := c.TrackBySlug(track); track != "" && !ok {
		return Round{}, "", Invalid(map[string]string{"track": "is not a track of this contest"})
	}
	track, err = RankingTrack(sc, track)
	return r, track, err
}

func (j *Judging) ranking(ctx context.Context, r Round, track string) (Ranking, error) {
	return j.rankingAt(ctx, r, track, false, nil)
}

// rankingAt is ranking, with decision confidence at the cuts specs
// (ParseCuts; DefaultCut when none) when confidence is set. The view is
// computed once per scores revision of the round (every change of a sheet,
// of the assignments or of the advanced entries moves it) and kept by this
// replica; the result is shared and must not be modified, and its lines
// carry no explanation (PageRanking adds them).
func (j *Judging) rankingAt(ctx context.Context, r Round, track string, confidence bool, specs []string) (Ranking, error) {
	v, err := j.rankingView(ctx, r, track, confidence, specs)
	if err != nil {
		return Ranking{}, err
	}
	return v.rk, nil
}

// RankingPage is Ranking (or RankingWithConfidence when confidence is set)
// cut to entries [offset, offset+limit) by PageRanking and encoded by
// encode, which must be the same for every caller: the encoded page is
// kept with the view it was cut from, so reading a warm page again costs
// the authorisation only, not a copy and an encoding of its entries.
func (j *Judging) RankingPage(ctx context.Context, u User, roundID int64, track string, confidence bool, cutSpecs []string, offset, limit int, encode func(Ranking) ([]byte, error)) ([]byte, error) {
	v, err := j.askedView(ctx, u, roundID, track, confidence, cutSpecs)
	if err != nil {
		return nil, err
	}
	return v.pageOf(offset, limit, encode)
}

// RankingOf is Ranking (or RankingWithConfidence when confidence is set)
// cut to the listed entries by SelectEntries: what a page that already
// shows those entries needs, such as their decision confidence in the
// whole round's ranking beside a track's page.
func (j *Judging) RankingOf(ctx context.Context, u User, roundID int64, track string, confidence bool, cutSpecs []string, ids []int64) (Ranking, error) {
	v, err := j.askedView(ctx, u, roundID, track, confidence, cutSpecs)
	if err != nil {
		return Ranking{}, err
	}
	return SelectEntries(v.rk, ids), nil
}

// askedView authorises a request for a ranking view and returns the view.
func (j *Judging) askedView(ctx context.Context, u User, roundID int64, track string, confidence bool, cutSpecs []string) (*view, error) {
	r, track, err := j.rankingRound(ctx, u, roundID, track)
	if err != nil {
		return nil, err
	}
	if !confidence {
		cutSpecs = nil
	} else if _, err := ParseCuts("cut", cutSpecs); err != nil {
		return nil, err
	}
	return j.rankingView(ctx, r, track, confidence, cutSpecs)
}

// rankingView is rankingAt returning the cached view itself. A plain view
// is computed with every other plain view of the round, in one pass (see
// viewCache.roundView); a view with confidence alone.
func (j *Judging) rankingView(ctx context.Context, r Round, track string, confidence bool, specs []string) (*view, error) {
	key := viewKey{round: r.ID, revision: r.ScoresRevision, track: track, confidence: confidence, cuts: strings.Join(specs, "\n")}
	if !confidence {
		return j.views.roundView(ctx, key, func(ctx context.Context, track string, first func(Ranking)) (map[string]Ranking, error) {
			return j.computeViews(ctx, r, track, nil, true, first)
		})
	}
	return j.views.view(ctx, key, func(ctx context.Context) (Ranking, error) {
		cuts, err := j.cutsFor(ctx, r, specs)
		if err != nil {
			return Ranking{}, err
		}
		views, err := j.computeViews(ctx, r, track, cuts, false, nil)
		return views[track], err
	})
}

// roundSheets is what a round's ranking views are built from: one read of
// its entries (with their active assignments counted), submitted sheets
// (with their totals) and judges.
type roundSheets struct {
	entries  []Entry
	scores   []ScoreSheet
	totals   []float64        // of scores, in the same order
	sheetsOf map[int64][]int  // indexes into scores, by entry
	byID     map[int64]Entry  // entries by id
	trackOf  map[int64]string // entries' tracks by id
	email    map[string]string
}

// readRound reads a round's sheets for its ranking views: the three reads
// run together, each only what a ranking shows (RankingEntries,
// RankingScores).
func (j *Judging) readRound(ctx context.Context, r Round) (*roundSheets, error) {
	var (
		d      roundSheets
		judges []JudgeInfo
		errs   [3]error
		wg     sync.WaitGroup
	)
	wg.Go(func() { d.entries, errs[0] = j.Store.RankingEntries(ctx, r.ID) })
	wg.Go(func() { d.scores, errs[1] = j.Store.RankingScores(ctx, r.ID) })
	wg.Go(func() { judges, errs[2] = j.Store.Judges(ctx, r.ContestID) })
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return nil, err
	}
	d.email = make(map[string]string, len(judges))
	for _, jd := range judges {
		d.email[strconv.FormatInt(jd.UserID, 10)] = jd.Email
	}
	d.byID, d.trackOf = make(map[int64]Entry, len(d.entries)), make(map[int64]string, len(d.entries))
	for i := range d.entries {
		d.entries[i].Fields = nil // a view's unscored entries do not show their answers
	}
	for _, e := range d.entries {
		d.byID[e.SubmissionID] = e
		d.trackOf[e.SubmissionID] = e.Track
	}
	criteria := r.Criteria()
	d.totals = make([]float64, len(d.scores))
	d.sheetsOf = make(map[int64][]int, len(d.entries))
	for i, s := range d.scores {
		total, err := judging.Total(criteria, s.Values)
		if err != nil {
			return nil, fmt.Errorf("score %d: %w", s.AssignmentID, err)
		}
		d.totals[i] = total
		d.sheetsOf[s.SubmissionID] = append(d.sheetsOf[s.SubmissionID], i)
	}
	return &d, nil
}

// tracks lists the tracks of the round's entries, sorted.
func (d *roundSheets) tracks() []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range d.trackOf {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}

// computeViews builds the ranking view of track ("" for the whole round)
// ranked at cuts, and with all the plain views of the round too (the whole
// round's and each of its entries' tracks'), from one read of the round's
// sheets. Every track's own ranking is computed once: the whole round's
// view takes its entries' track ranks from them. The engine runs in
// parallel. The view of track is built first and given to first (when not
// nil) before the others are built.
func (j *Judging) computeViews(ctx context.Context, r Round, track string, cuts []judging.Cut, all bool, first func(Ranking)) (map[string]Ranking, error) {
	d, err := j.readRound(ctx, r)
	if err != nil {
		return nil, err
	}
	want := []string{track} // the view asked for first
	if all {
		for _, t := range append([]string{""}, d.tracks()...) {
			if t != track {
				want = append(want, t)
			}
		}
	}
	whole := slices.Contains(want, "")
	// The engine's input of the whole round, and of each track: the same
	// scores (their ids formatted once), in the same order.
	round := rankInput(r, d.scores, func(ScoreSheet) bool { return true })
	inputs := map[string]judging.RankInput{"": round}
	for i, s := range round.Scores {
		t := d.trackOf[d.scores[i].SubmissionID]
		in, ok := inputs[t]
		if !ok {
			in = judging.RankInput{Method: round.Method, Criteria: round.Criteria}
		}
		in.Scores = append(in.Scores, s)
		inputs[t] = in
	}
	inputFor := func(t string) judging.RankInput {
		if in, ok := inputs[t]; ok {
			return in
		}
		return judging.RankInput{Method: round.Method, Criteria: round.Criteria}
	}
	// at: each wanted view's ranking (at cuts); plain: every entry track's
	// own ranking without cuts, for the whole round's track ranks.
	var (
		mu     sync.Mutex
		wg     sync.WaitGroup
		failed error
		at     = map[string]*judging.RankResult{}
		plain  = map[string]*judging.RankResult{}
	)
	run := func(t string, cuts []judging.Cut, into ...map[string]*judging.RankResult) {
		wg.Go(func() {
			res, err := j.rank(ctx, r, inputFor(t), t, d.trackOf, cuts)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				failed = err
				return
			}
			for _, m := range into {
				m[t] = res
			}
		})
	}
	for _, t := range want {
		if whole && t != "" && len(cuts) == 0 {
			run(t, nil, at, plain)
		} else {
			run(t, cuts, at)
		}
	}
	if whole {
		for _, t := range d.tracks() {
			if len(cuts) > 0 || !slices.Contains(want, t) {
				run(t, nil, plain)
			}
		}
	}
	wg.Wait()
	if failed != nil {
		return nil, failed
	}
	out := make(map[string]Ranking, len(want))
	for _, t := range want {
		trackRank := map[string]int{}
		ranks := []*judging.RankResult{at[t]}
		if t == "" {
			ranks = slices.Collect(maps.Values(plain))
		}
		for _, res := range ranks {
			for _, re := range res.Ranking {
				trackRank[re.Entry] = re.Rank
			}
		}
		out[t] = d.view(r, t, at[t], trackRank)
		if t == track && first != nil {
			first(out[t])
		}
	}
	return out, nil
}

// view builds the ranking view of track ("" for the whole round) from the
// engine's ranking res of its sheets, with each entry's rank in its own
// track's ranking from trackRank.
func (d *roundSheets) view(r Round, track string, res *judging.RankResult, trackRank map[string]int) Ranking {
	// What each sheet's line shows of its judge, by judge id: read once
	// per judge, not once per sheet (a national round has 30,000).
	type judgeFacts struct {
		email       string
		bias, scale *float64
	}
	judges := make(map[int64]judgeFacts, len(res.Judges))
	for _, s := range res.Judges {
		id, _ := strconv.ParseInt(s.Judge, 10, 64)
		judges[id] = judgeFacts{email: d.email[s.Judge], bias: s.Bias, scale: s.Scale}
	}
	out := Ranking{RoundID: r.ID, Track: track, Method: string(res.Method), Entries: make([]RankedEntry, 0, len(res.Ranking)), Unscored: []Entry{},
		Judges: res.Judges, DisagreementThreshold: res.DisagreementThreshold, Confidence: res.Confidence}
	ranked := map[int64]bool{}
	for _, re := range res.Ranking {
		id, _ := strconv.ParseInt(re.Entry, 10, 64)
		if track != "" && d.trackOf[id] != track {
			continue
		}
		ranked[id] = true
		e := d.byID[id]
		line := RankedEntry{RankedEntry: re, EntryID: id, TeamID: e.TeamID, TeamName: e.TeamName, Track: e.Track,
			Title: e.Title, Advanced: e.Advanced, Planned: PlannedJudges(r.JudgesPerEntry, e.Active)}
		sheets := d.sheetsOf[id]
		line.Scores = make([]JudgeScore, 0, len(sheets))
		for _, i := range sheets {
			s := d.scores[i]
			jf, ok := judges[s.JudgeID]
			if !ok { // a judge the fit left out: their e-mail still shows
				jf.email = d.email[strconv.FormatInt(s.JudgeID, 10)]
			}
			line.Scores = append(line.Scores, JudgeScore{JudgeID: s.JudgeID, JudgeEmail: jf.email,
				Total: d.totals[i], Values: s.Values, Comment: s.Comment, Bias: jf.bias, Scale: jf.scale})
		}
		line.Complete = line.Judges >= line.Planned
		line.TrackRank = trackRank[re.Entry]
		slices.SortStableFunc(line.Scores, func(a, b JudgeScore) int { return cmp.Compare(b.Total, a.Total) })
		out.Entries = append(out.Entries, line) // explained when paged (PageRanking)
	}
	for _, e := range d.entries {
		if !ranked[e.SubmissionID] && (track == "" || e.Track == track) {
			out.Unscored = append(out.Unscored, e)
		}
	}
	return out
}

// explained fills in the explanation of entries, lines of a ranking of n
// ranked entries by method with disagreement threshold fence. A view keeps
// its lines unexplained (the explanations were half of a view's memory)
// and PageRanking explains the lines it copies out.
func explained(entries []RankedEntry, n int, method string, fence float64) {
	for i := range entries {
		e := &entries[i]
		e.Explanation = explain(*e, n, judging.Method(method), fence)
		// The console words the confidence figures itself; the English text
		// carries them for API users.
		e.Explanation.Text += explainConfidence(e.Confidence)
	}
}

// explain says why an entry ranks where it does.
func explain(e RankedEntry, n int, method judging.Method, fence float64) Explanation {
	var b strings.Builder
	out := Explanation{Statements: []Statement{{Code: ExplainRank, Params: map[string]any{
		"rank": e.Rank, "of": n, "method": string(method), "score": e.Score, "uncertainty": e.Uncertainty,
		"judges": e.Judges, "mean": e.Mean, "spread": e.Spread}}}}
	fmt.Fprintf(&b, "Rank %d of %d by %s score %.3f (±%.3f); raw mean of %d judges' totals %.1f/100, spread %.1f.",
		e.Rank, n, method, e.Score, e.Uncertainty, e.Judges, e.Mean, e.Spread)
	if !e.Complete {
		out.Statements = append(out.Statements, Statement{Code: ExplainIncomplete, Params: map[string]any{"judges": e.Judges, "planned": e.Planned}})
		fmt.Fprintf(&b, " Incomplete: %d of %d planned judges have scored, so this rank may change.", e.Judges, e.Planned)
	}
	if e.Disagreement {
		out.Statements = append(out.Statements, Statement{Code: ExplainDisagreement, Params: map[string]any{"threshold": fence}})
		fmt.Fprintf(&b, " Judges disagree: the spread is above %.1f, consider one more judge.", fence)
	}
	for _, s := range e.Scores {
		st := Statement{Code: ExplainJudge, Params: map[string]any{"judge": s.JudgeEmail, "total": s.Total}}
		fmt.Fprintf(&b, " %s gave %.1f", s.JudgeEmail, s.Total)
		if s.Bias != nil && s.Scale != nil {
			st.Params["bias"], st.Params["scale"] = *s.Bias, *s.Scale
			fmt.Fprintf(&b, " (this judge's bias %+.1f, scale %.2f)", *s.Bias, *s.Scale)
		}
		out.Statements = append(out.Statements, st)
		b.WriteString(";")
	}
	out.Text = strings.TrimSuffix(b.String(), ";") + "."
	return out
}
