package domain

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/podium-contests/podium/judging"
)

// FinalStore keeps a contest's final ranking settings, the jury's
// overrides and the award ceremony.
type FinalStore interface {
	FinalSettings(ctx context.Context, contestID int64) (FinalSettings, error)
	SaveFinalWeights(ctx context.Context, contestID int64, in FinalSettings, revision int, audit AuditEntry) (int, error)
	SetFrozen(ctx context.Context, contestID int64, at *time.Time, by int64, audit AuditEntry) error
	AddOverride(ctx context.Context, contestID, actorID int64, in OverrideInput, audit AuditEntry) (int64, error)
	Overrides(ctx context.Context, contestID int64) ([]Override, error)
	RevokeOverride(ctx context.Context, contestID, id, actorID int64, audit AuditEntry) error
	CeremonyStore
}

// RoundWeight is one round's weight in the final ranking (relative: 30
// and 70 are 30 % and 70 %).
type RoundWeight struct {
	RoundID int64   `json:"round_id"`
	Weight  float64 `json:"weight"`
}

// FinalSettings are the final ranking's weights and state. Revision counts
// the saves of the weights: a save names the revision it read, and a stale
// one is refused (two organizers never overwrite each other unknowingly).
type FinalSettings struct {
	Weights  []RoundWeight `json:"weights"`
	Missing  string        `json:"missing"`
	Revision int           `json:"revision"`
	FrozenAt *time.Time    `json:"frozen_at"`
}

// FinalWeightsInput sets the weights; Revision is the settings' revision
// the organizer saw (0 before the first save).
type FinalWeightsInput struct {
	Weights  []RoundWeight `json:"weights"`
	Missing  string        `json:"missing"`
	Revision int           `json:"revision"`
}

// FreezeInput freezes (true) or unfreezes (false) the final ranking.
type FreezeInput struct {
	Frozen bool `json:"frozen"`
}

// FinalRound names a weighted round of the final ranking.
type FinalRound struct {
	RoundID int64   `json:"round_id"`
	Name    string  `json:"name"`
	Weight  float64 `json:"weight"`
}

// FinalContribution is what one round gave an entry's final score.
type FinalContribution struct {
	RoundID int64  `json:"round_id"`
	Round   string `json:"round"`
	judging.Contribution
}

// FinalEntry is one line of the final ranking with its explanation.
// ComputedRank is the rank the scores give; Rank is after the jury's
// overrides.
type FinalEntry struct {
	EntryID       int64               `json:"entry_id"`
	TeamName      string              `json:"team_name"`
	Track         string              `json:"track"`
	Title         string              `json:"title"`
	Rank          int                 `json:"rank"`
	ComputedRank  int                 `json:"computed_rank"`
	Score         float64             `json:"score"`
	Uncertainty   float64             `json:"uncertainty"`
	Contributions []FinalContribution `json:"contributions"`
	Missing       []string            `json:"missing"`
	Explanation   Explanation         `json:"explanation"`
}

// FinalRanking is the contest's one ranking: its rounds' calibrated scores
// combined with the organizer's weights (judging.Combine), then the jury's
// overrides applied.
type FinalRanking struct {
	Settings   FinalSettings `json:"settings"`
	Rounds     []FinalRound  `json:"rounds"`
	Entries    []FinalEntry  `json:"entries"`
	Incomplete []FinalEntry  `json:"incomplete"`
	Overrides  []Override    `json:"overrides"`
	Withheld   []string      `json:"withheld"`
}

// The statements of a final ranking's explanation.
const (
	// ExplainCombined: {rank, of, score, uncertainty}.
	ExplainCombined = "combined"
	// ExplainRoundPart: {round, share, score, rank, points}.
	ExplainRoundPart = "round_part"
	// ExplainMissingRounds: {rounds, rule}.
	ExplainMissingRounds = "missing_rounds"
	// ExplainOverride: {kind, rank, position, other, award, reason, by, applied}.
	ExplainOverride = "override"
)

// FinalRanking returns the contest's final ranking (organizers).
func (j *Judging) FinalRanking(ctx context.Context, u User, slug string) (FinalRanking, error) {
	c, err := j.Contests.organizerOf(ctx, u, slug)
	if err != nil {
		return FinalRanking{}, err
	}
	return j.finalRanking(ctx, c)
}

func (j *Judging) finalRanking(ctx context.Context, c Contest) (FinalRanking, error) {
	st, err := j.Final.FinalSettings(ctx, c.ID)
	if err != nil {
		return FinalRanking{}, err
	}
	rounds, err := j.Store.ListRounds(ctx, c.ID)
	if err != nil {
		return FinalRanking{}, err
	}
	overrides, err := j.Final.Overrides(ctx, c.ID)
	if err != nil {
		return FinalRanking{}, err
	}
	out := FinalRanking{Settings: st, Rounds: []FinalRound{}, Entries: []FinalEntry{}, Incomplete: []FinalEntry{},
		Overrides: overrides, Withheld: []string{}}
	weight := map[int64]float64{}
	for _, w := range st.Weights {
		weight[w.RoundID] = w.Weight
	}
	in := judging.CombineInput{Missing: judging.MissingRule(st.Missing)}
	info := map[int64]Entry{}
	names := map[string]FinalRound{}
	for _, r := range rounds {
		if weight[r.ID] <= 0 {
			continue
		}
		fr := FinalRound{RoundID: r.ID, Name: r.Name, Weight: weight[r.ID]}
		out.Rounds = append(out.Rounds, fr)
		key := strconv.FormatInt(r.ID, 10)
		names[key] = fr
		entries, err := j.Store.RoundEntries(ctx, r.ID)
		if err != nil {
			return FinalRanking{}, err
		}
		for _, e := range entries {
			info[e.SubmissionID] = e
		}
		scores, err := j.Store.RoundScores(ctx, r.ID, true)
		if err != nil {
			return FinalRanking{}, err
		}
		// Every round is ranked calibrated, whatever the round's own method:
		// calibrated qualities share the 0–100 scale of totals.
		calibrated := r
		calibrated.Method = string(judging.MethodCalibrated)
		ri := rankInput(calibrated, scores, func(ScoreSheet) bool { return true })
		cr := judging.CombineRound{ID: key, Weight: fr.Weight, Ranking: []judging.RankedEntry{}}
		if len(ri.Scores) > 0 {
			res, err := judging.Rank(ri)
			if err != nil {
				return FinalRanking{}, fmt.Errorf("rank round %d: %w", r.ID, err)
			}
			cr.Ranking = res.Ranking
		}
		in.Rounds = append(in.Rounds, cr)
	}
	if len(in.Rounds) == 0 {
		return out, nil
	}
	res, err := judging.Combine(in)
	if err != nil {
		return FinalRanking{}, fmt.Errorf("combine rounds: %w", err)
	}
	line := func(ce judging.CombinedEntry) FinalEntry {
		id, _ := strconv.ParseInt(ce.Entry, 10, 64)
		e := info[id]
		fe := FinalEntry{EntryID: id, TeamName: e.TeamName, Track: e.Track, Title: e.Title, Rank: ce.Rank, ComputedRank: ce.Rank,
			Score: ce.Score, Uncertainty: ce.Uncertainty, Contributions: []FinalContribution{}, Missing: []string{}}
		for _, c := range ce.Contributions {
			r := names[c.Round]
			fe.Contributions = append(fe.Contributions, FinalContribution{RoundID: r.RoundID, Round: r.Name, Contribution: c})
		}
		for _, m := range ce.Missing {
			fe.Missing = append(fe.Missing, names[m].Name)
		}
		return fe
	}
	byID := map[int64]FinalEntry{}
	var lines []Placed
	for _, ce := range res.Ranking {
		fe := line(ce)
		byID[fe.EntryID] = fe
		lines = append(lines, Placed{EntryID: fe.EntryID, Rank: fe.Rank})
	}
	for _, ce := range res.Incomplete {
		fe := line(ce)
		fe.Explanation = explainFinal(fe, len(res.Ranking), string(res.Missing), nil)
		out.Incomplete = append(out.Incomplete, fe)
	}
	placed, withheld, applied := ApplyOverrides(lines, overrides)
	out.Overrides, out.Withheld = applied, withheld
	byOverride := map[int64]Override{}
	for _, o := range applied {
		byOverride[o.ID] = o
	}
	for _, p := range placed {
		fe := byID[p.EntryID]
		fe.Rank = p.Rank
		var own []Override
		for _, o := range applied { // every decision naming the entry, applied or not
			if o.RevokedAt == nil && ((o.EntryID != nil && *o.EntryID == fe.EntryID) || (o.OtherID != nil && *o.OtherID == fe.EntryID)) {
				own = append(own, o)
			}
		}
		fe.Explanation = explainFinal(fe, len(placed), string(res.Missing), own)
		out.Entries = append(out.Entries, fe)
	}
	return out, nil
}

// explainFinal says how each round contributed to an entry's final score
// and which jury decisions concern it.
func explainFinal(e FinalEntry, n int, rule string, overrides []Override) Explanation {
	var b strings.Builder
	out := Explanation{Statements: []Statement{}}
	if e.ComputedRank > 0 {
		out.Statements = append(out.Statements, Statement{Code: ExplainCombined, Params: map[string]any{
			"rank": e.ComputedRank, "of": n, "score": e.Score, "uncertainty": e.Uncertainty}})
		fmt.Fprintf(&b, "Rank %d of %d by combined score %.2f (±%.2f):", e.ComputedRank, n, e.Score, e.Uncertainty)
	} else {
		b.WriteString("Not ranked:")
	}
	for _, c := range e.Contributions {
		out.Statements = append(out.Statements, Statement{Code: ExplainRoundPart, Params: map[string]any{
			"round": c.Round, "share": c.Share, "score": c.Score, "rank": c.Rank, "points": c.Points}})
		fmt.Fprintf(&b, " %s %.0f%% × %.2f (rank %d) = %.2f;", c.Round, math.Round(c.Share*100), c.Score, c.Rank, c.Points)
	}
	if len(e.Missing) > 0 {
		out.Statements = append(out.Statements, Statement{Code: ExplainMissingRounds, Params: map[string]any{"rounds": e.Missing, "rule": rule}})
		if e.ComputedRank > 0 {
			fmt.Fprintf(&b, " no score in %s, so the other rounds' weights were rescaled;", strings.Join(e.Missing, ", "))
		} else {
			fmt.Fprintf(&b, " no score in %s, so it is not ranked;", strings.Join(e.Missing, ", "))
		}
	}
	for _, o := range overrides {
		p := map[string]any{"kind": o.Kind, "reason": o.Reason, "by": o.CreatedBy, "applied": o.Applied, "rank": e.Rank}
		switch o.Kind {
		case OverrideMove:
			p["position"] = *o.Position
			fmt.Fprintf(&b, " the jury moved it to position %d (%s, by %s);", *o.Position, o.Reason, o.CreatedBy)
		case OverrideTie:
			p["other"] = *o.OtherID
			if *o.EntryID == e.EntryID {
				fmt.Fprintf(&b, " the jury broke a tie in its favour over entry %d (%s, by %s)", *o.OtherID, o.Reason, o.CreatedBy)
			} else {
				p["other"] = *o.EntryID
				fmt.Fprintf(&b, " the jury broke a tie in favour of entry %d (%s, by %s)", *o.EntryID, o.Reason, o.CreatedBy)
			}
			if !o.Applied {
				b.WriteString(", not applied: the entries are no longer tied")
			}
			b.WriteString(";")
		}
		out.Statements = append(out.Statements, Statement{Code: ExplainOverride, Params: p})
	}
	if e.Rank != e.ComputedRank && e.ComputedRank > 0 {
		fmt.Fprintf(&b, " final rank %d.", e.Rank)
	}
	out.Text = strings.TrimSuffix(strings.TrimSpace(b.String()), ";") + "."
	return out
}

// SetFinalWeights sets the weights of the contest's rounds in the final
// ranking (organizers, audited). A save from a stale revision is refused
// with a conflict naming who must reload.
func (j *Judging) SetFinalWeights(ctx context.Context, u User, slug string, in FinalWeightsInput) (FinalSettings, error) {
	c, err := j.Contests.organizerOf(ctx, u, slug)
	if err != nil {
		return FinalSettings{}, err
	}
	rounds, err := j.Store.ListRounds(ctx, c.ID)
	if err != nil {
		return FinalSettings{}, err
	}
	f := Fields{}
	if in.Missing == "" {
		in.Missing = string(judging.MissingExclude)
	}
	if in.Missing != string(judging.MissingExclude) && in.Missing != string(judging.MissingRenormalize) {
		f.Add("missing", "must be exclude or renormalize")
	}
	seen := map[int64]bool{}
	total := 0.0
	for i, w := range in.Weights {
		field := fmt.Sprintf("weights[%d]", i)
		if !slices.ContainsFunc(rounds, func(r Round) bool { return r.ID == w.RoundID }) {
			f.Add(field+".round_id", "is not a round of this contest")
		} else if seen[w.RoundID] {
			f.Add(field+".round_id", "is listed twice")
		}
		seen[w.RoundID] = true
		if math.IsNaN(w.Weight) || w.Weight < 0 || w.Weight > 1000 {
			f.Add(field+".weight", "must be between 0 and 1000")
		}
		total += w.Weight
	}
	if len(in.Weights) > 0 && total <= 0 && len(f) == 0 {
		f.Add("weights", "give at least one round a weight above 0")
	}
	if err := f.Err(); err != nil {
		return FinalSettings{}, err
	}
	if in.Weights == nil {
		in.Weights = []RoundWeight{}
	}
	st := FinalSettings{Weights: in.Weights, Missing: in.Missing}
	audit := AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: "final.weights", ObjectType: "contest", ObjectID: c.Slug, Detail: mustJSON(in)}
	if st.Revision, err = j.Final.SaveFinalWeights(ctx, c.ID, st, in.Revision, audit); err != nil {
		return FinalSettings{}, err
	}
	return j.Final.FinalSettings(ctx, c.ID)
}

// Freeze freezes the final ranking (no score of the contest changes until
// it is unfrozen) or unfreezes it; both are audited.
func (j *Judging) Freeze(ctx context.Context, u User, slug string, in FreezeInput) (FinalSettings, error) {
	c, err := j.Contests.organizerOf(ctx, u, slug)
	if err != nil {
		return FinalSettings{}, err
	}
	var at *time.Time
	action := "final.unfreeze"
	if in.Frozen {
		now := j.now()
		at, action = &now, "final.freeze"
	}
	audit := AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: action, ObjectType: "contest", ObjectID: c.Slug, Detail: mustJSON(in)}
	if err := j.Final.SetFrozen(ctx, c.ID, at, u.ID, audit); err != nil {
		return FinalSettings{}, err
	}
	return j.Final.FinalSettings(ctx, c.ID)
}

// FrozenError is the refusal of a score save while the contest's final
// ranking is frozen.
func FrozenError(at time.Time) error {
	return Errorf(CodeConflict, "the ranking was frozen for the jury's deliberation at %s: scores cannot change until an organizer unfreezes it",
		at.UTC().Format(time.RFC3339))
}

// AddOverride records a jury decision on the final ranking (organizers,
// audited). Decisions are added, never overwritten, so two organizers
// deliberating at once both keep theirs.
func (j *Judging) AddOverride(ctx context.Context, u User, slug string, in OverrideInput) (Override, error) {
	c, err := j.Contests.organizerOf(ctx, u, slug)
	if err != nil {
		return Override{}, err
	}
	fr, err := j.finalRanking(ctx, c)
	if err != nil {
		return Override{}, err
	}
	ranked := map[int64]bool{}
	for _, e := range fr.Entries {
		ranked[e.EntryID] = true
	}
	_, order, err := j.Store.Awards(ctx, c.ID)
	if err != nil {
		return Override{}, err
	}
	in, f := CheckOverride(in, ranked, order)
	if err := f.Err(); err != nil {
		return Override{}, err
	}
	audit := AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: "final.override", ObjectType: "contest", ObjectID: c.Slug, Detail: mustJSON(in)}
	id, err := j.Final.AddOverride(ctx, c.ID, u.ID, in, audit)
	if err != nil {
		return Override{}, err
	}
	list, err := j.Final.Overrides(ctx, c.ID)
	if err != nil {
		return Override{}, err
	}
	for _, o := range list {
		if o.ID == id {
			return o, nil
		}
	}
	return Override{}, NotFound("override")
}

// RevokeOverride revokes a jury decision (organizers, audited); the record
// stays, marked revoked.
func (j *Judging) RevokeOverride(ctx context.Context, u User, slug string, id int64) error {
	c, err := j.Contests.organizerOf(ctx, u, slug)
	if err != nil {
		return err
	}
	audit := AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: "final.override_revoke", ObjectType: "override",
		ObjectID: strconv.FormatInt(id, 10), Detail: mustJSON(map[string]any{"id": id})}
	return j.Final.RevokeOverride(ctx, c.ID, id, u.ID, audit)
}
