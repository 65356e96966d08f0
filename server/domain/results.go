package domain

import (
	"context"
	"fmt"
	"github.com/podium-contests/podium/judging"
	"github.com/podium-contests/podium/server/internal/ratelimit"
	"io"
	"slices"
	"sort"
	"strconv"
	"time"
)

// AdvanceInput picks the entries that go on to the next round: the top N
// of each track by the round's ranking, or a hand-picked list.
type AdvanceInput struct {
	TopPerTrack int     `json:"top_per_track"`
	Entries     []int64 `json:"entries"`
}

// AdvancedEntry is an entry that goes on to the next round, named so that
// the organizer sees what advanced.
type AdvancedEntry struct {
	EntryID  int64  `json:"entry_id"`
	TeamName string `json:"team_name"`
	Title    string `json:"title"`
	Track    string `json:"track"`
	// TrackRank is the entry's rank in its track's ranking (0 when it was
	// picked by hand and is not ranked); Complete is false when fewer
	// judges than planned scored it.
	TrackRank int  `json:"track_rank"`
	Complete  bool `json:"complete"`
}

// AdvanceResult lists what advanced: Advanced holds the entry ids, Entries
// the same entries by track and rank.
type AdvanceResult struct {
	Advanced []int64         `json:"advanced"`
	Entries  []AdvancedEntry `json:"entries"`
}

// Advance marks entries of a round as advanced; the next round takes them.
func (j *Judging) Advance(ctx context.Context, u User, roundID int64, in AdvanceInput) (AdvanceResult, error) {
	r, c, err := j.organizerRound(ctx, u, roundID)
	if err != nil {
		return AdvanceResult{}, err
	}
	if (in.TopPerTrack > 0) == (len(in.Entries) > 0) {
		return AdvanceResult{}, Invalid(map[string]string{"top_per_track": "give either top_per_track (> 0) or entries"})
	}
	entries, err := j.Store.RoundEntries(ctx, r.ID)
	if err != nil {
		return AdvanceResult{}, err
	}
	inRound := map[int64]Entry{}
	for _, e := range entries {
		inRound[e.SubmissionID] = e
	}
	ranked := map[int64]RankedEntry{}
	for _, t := range c.Tracks {
		rk, err := j.ranking(ctx, r, t.Slug)
		if err != nil {
			return AdvanceResult{}, err
		}
		for _, e := range rk.Entries {
			ranked[e.EntryID] = e
		}
	}
	picked := in.Entries
	if in.TopPerTrack > 0 {
		picked = nil
		for _, e := range ranked {
			if e.Rank <= in.TopPerTrack {
				picked = append(picked, e.EntryID)
			}
		}
	}
	f := Fields{}
	out := AdvanceResult{Advanced: []int64{}, Entries: []AdvancedEntry{}}
	for i, id := range picked {
		e, ok := inRound[id]
		if !ok {
			f.Add(fmt.Sprintf("entries[%d]", i), "is not an entry of this round")
			continue
		}
		re := ranked[id]
		out.Entries = append(out.Entries, AdvancedEntry{EntryID: id, TeamName: e.TeamName, Title: e.Title, Track: e.Track,
			TrackRank: re.Rank, Complete: re.Complete})
	}
	if err := f.Err(); err != nil {
		return AdvanceResult{}, err
	}
	sort.Slice(picked, func(a, b int) bool { return picked[a] < picked[b] })
	sort.Slice(out.Entries, func(a, b int) bool {
		x, y := out.Entries[a], out.Entries[b]
		if x.Track != y.Track {
			return x.Track < y.Track
		}
		if (x.TrackRank == 0) != (y.TrackRank == 0) {
			return x.TrackRank != 0
		}
		if x.TrackRank != y.TrackRank {
			return x.TrackRank < y.TrackRank
		}
		return x.EntryID < y.EntryID
	})
	out.Advanced = append(out.Advanced, picked...)
	audit := AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: "round.advance", ObjectType: "round",
		ObjectID: strconv.FormatInt(r.ID, 10), Detail: mustJSON(map[string]any{"entries": picked, "top_per_track": in.TopPerTrack})}
	if err := j.Store.SetAdvanced(ctx, r.ID, picked, audit); err != nil {
		return AdvanceResult{}, err
	}
	return out, nil
}

// AwardInput names an award for an entry.
type AwardInput struct {
	EntryID int64  `json:"entry_id"`
	Award   string `json:"award"`
}

// ResultsInput sets the awards and, with Publish, makes them public.
// AwardsOrder ranks the award names, highest first (e.g. "First prize",
// "Second prize", "Third prize", "Special mention"): every award's name
// must be in it. Without it, names rank in the order they first appear in
// Awards.
type ResultsInput struct {
	Awards      []AwardInput `json:"awards"`
	AwardsOrder []string     `json:"awards_order"`
	Publish     bool         `json:"publish"`
}

// OrderAwards validates an award ranking and sorts awards by it: by the
// rank of their name, then in the order given. It returns the awards
// sorted, the ranking used (order, or the names by first appearance when
// order is nil) and the problems found, named by field.
func OrderAwards(awards []AwardInput, order []string) ([]AwardInput, []string, Fields) {
	f := Fields{}
	rank := map[string]int{}
	var used []string
	for i, name := range order {
		field := fmt.Sprintf("awards_order[%d]", i)
		name = CheckText(f, field, name, 100)
		if _, dup := rank[name]; dup && name != "" {
			f.Add(field, "is listed twice")
			continue
		}
		rank[name] = len(used)
		used = append(used, name)
	}
	out := make([]AwardInput, len(awards))
	for i, a := range awards {
		a.Award = CheckText(f, fmt.Sprintf("awards[%d].award", i), a.Award, 100)
		if a.EntryID <= 0 {
			f.Add(fmt.Sprintf("awards[%d].entry_id", i), "is required")
		}
		if _, ok := rank[a.Award]; !ok && a.Award != "" {
			if order != nil {
				f.Add(fmt.Sprintf("awards[%d].award", i), "is not in awards_order")
			} else {
				rank[a.Award] = len(used)
				used = append(used, a.Award)
			}
		}
		out[i] = a
	}
	sort.SliceStable(out, func(a, b int) bool { return rank[out[a].Award] < rank[out[b].Award] })
	if used == nil {
		used = []string{}
	}
	return out, used, f
}

// Award is a public award with its winner.
type Award struct {
	Award    string `json:"award" db:"award"`
	EntryID  int64  `json:"entry_id" db:"submission_id"`
	TeamName string `json:"team_name" db:"team_name"`
	Track    string `json:"track" db:"track"`
	Title    string `json:"title" db:"title"`
	// Position is the award's place in the contest's results: awards go
	// by the rank of their name (AwardRank), then as the organizer listed
	// them.
	Position  int `json:"position" db:"position"`
	AwardRank int `json:"award_rank" db:"-"` // 1 for the first name of AwardsOrder
}

// Results is the public results page of a contest. Awards and every
// ByTrack list are in the organizer's order (see ResultsInput).
type Results struct {
	Contest     string             `json:"contest_slug"`
	Title       string             `json:"title"`
	PublishedAt *time.Time         `json:"published_at"`
	Tracks      []Track            `json:"tracks"`
	AwardsOrder []string           `json:"awards_order"`
	Awards      []Award            `json:"awards"`
	ByTrack     map[string][]Award `json:"by_track"`
}

// SetResults stores the awards (replacing earlier ones) and publishes them
// when asked (organizers, audited).
func (j *Judging) SetResults(ctx context.Context, u User, slug string, in ResultsInput) (Results, error) {
	c, err := j.Contests.organizerOf(ctx, u, slug)
	if err != nil {
		return Results{}, err
	}
	awards, order, f := OrderAwards(in.Awards, in.AwardsOrder)
	if err := f.Err(); err != nil {
		return Results{}, err
	}
	action := "results.save"
	if in.Publish {
		action = "results.publish"
	}
	in.Awards, in.AwardsOrder = awards, order
	audit := AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: action, ObjectType: "contest", ObjectID: c.Slug, Detail: mustJSON(in)}
	if err := j.Store.SetAwards(ctx, c.ID, awards, order, in.Publish, audit); err != nil {
		return Results{}, err
	}
	return j.results(ctx, c.Slug)
}

// PublicResults returns a contest's results once published; before that
// they do not exist for anyone but its organizers.
func (j *Judging) PublicResults(ctx context.Context, u User, slug string) (Results, error) {
	c, err := j.Contests.contestBySlug(ctx, slug)
	if err != nil {
		return Results{}, err
	}
	if c.ResultsPublishedAt == nil {
		a, err := j.Contests.access(ctx, u, c.ID)
		if err != nil {
			return Results{}, err
		}
		if !a.Organizer {
			return Results{}, NotFound("results")
		}
	}
	return j.results(ctx, slug)
}

func (j *Judging) results(ctx context.Context, slug string) (Results, error) {
	c, err := j.Contests.contestBySlug(ctx, slug)
	if err != nil {
		return Results{}, err
	}
	awards, order, err := j.Store.Awards(ctx, c.ID)
	if err != nil {
		return Results{}, err
	}
	rank := map[string]int{}
	for i, name := range order {
		rank[name] = i + 1
	}
	out := Results{Contest: c.Slug, Title: c.Title, PublishedAt: c.ResultsPublishedAt, Tracks: c.Tracks, AwardsOrder: order,
		Awards: awards, ByTrack: map[string][]Award{}}
	// Awards the jury withheld are not given.
	withheld, err := j.withheld(ctx, c.ID)
	if err != nil {
		return Results{}, err
	}
	awards = slices.DeleteFunc(awards, func(a Award) bool { return slices.Contains(withheld, a.Award) })
	out.Awards = awards
	for i := range awards {
		if awards[i].AwardRank = rank[awards[i].Award]; awards[i].AwardRank == 0 {
			// Awards saved before names were ranked: after the ranked ones.
			awards[i].AwardRank = len(order) + 1
		}
	}
	// Positions follow the ranking since it exists; older rows sort by it
	// here, keeping their saved order among equals.
	sort.SliceStable(awards, func(a, b int) bool { return awards[a].AwardRank < awards[b].AwardRank })
	for _, a := range awards {
		out.ByTrack[a.Track] = append(out.ByTrack[a.Track], a)
	}
	return out, nil
}

// Feedback is what a team sees of its scores: values and comments, never
// who gave them.
type Feedback struct {
	Round   string             `json:"round" db:"round"`
	Values  map[string]float64 `json:"values" db:"-"`
	Comment string             `json:"comment" db:"comment"`
	Rubric  []RubricItem       `json:"rubric" db:"-"`
}

// TeamFeedback returns a team's scores when the organizers enabled
// feedback and the results are published.
func (j *Judging) TeamFeedback(ctx context.Context, u User, teamID int64) ([]Feedback, error) {
	t, c, err := j.Contests.teamFor(ctx, u, teamID)
	if err != nil {
		return nil, err
	}
	if !t.HasMember(u.ID) {
		a, err := j.Contests.access(ctx, u, c.ID)
		if err != nil || !a.Scope().Covers(t.Track) {
			return nil, NotFound("feedback")
		}
	}
	if !c.FeedbackEnabled || c.ResultsPublishedAt == nil {
		return nil, Errorf(CodeNotFound, "feedback is not available for this contest")
	}
	return j.Store.TeamFeedback(ctx, teamID)
}

// JudgeProgress counts one judge's work in a round.
type JudgeProgress struct {
	JudgeID  int64  `json:"judge_id" db:"judge_id"`
	Email    string `json:"email" db:"email"`
	Name     string `json:"name" db:"name"`
	Assigned int    `json:"assigned" db:"assigned"`
	Done     int    `json:"done" db:"done"`
	Drafts   int    `json:"drafts" db:"drafts"`
	Pending  int    `json:"pending" db:"pending"`
	Overdue  int    `json:"overdue" db:"-"`
}

// Progress is a round's progress, per judge and in total.
type Progress struct {
	RoundID  int64           `json:"round_id"`
	ClosesAt time.Time       `json:"closes_at"`
	Assigned int             `json:"assigned"`
	Done     int             `json:"done"`
	Pending  int             `json:"pending"`
	Overdue  int             `json:"overdue"`
	Judges   []JudgeProgress `json:"judges"`
}

// Progress reports a round's progress to its organizers.
func (j *Judging) Progress(ctx context.Context, u User, roundID int64, ps ProgressStore) (Progress, error) {
	r, _, sc, err := j.scopedRound(ctx, u, roundID)
	if err != nil {
		return Progress{}, err
	}
	if !sc.Limited() {
		return j.progressOf(ctx, r, ps)
	}
	list, err := j.Store.Assignments(ctx, r.ID, true)
	if err != nil {
		return Progress{}, err
	}
	if list, err = j.inScope(ctx, r, sc, list); err != nil {
		return Progress{}, err
	}
	return j.progressFrom(r, CountProgress(list)), nil
}

// CountProgress counts each judge's work from a list of active
// assignments (a track lead's part of a round), judges in id order.
func CountProgress(list []Assignment) []JudgeProgress {
	byJudge := map[int64]*JudgeProgress{}
	var ids []int64
	for _, a := range list {
		jp := byJudge[a.JudgeID]
		if jp == nil {
			jp = &JudgeProgress{JudgeID: a.JudgeID, Email: a.JudgeEmail}
			byJudge[a.JudgeID] = jp
			ids = append(ids, a.JudgeID)
		}
		jp.Assigned++
		switch a.ScoreState {
		case "final":
			jp.Done++
		case "draft":
			jp.Drafts++
		}
	}
	slices.Sort(ids)
	out := []JudgeProgress{}
	for _, id := range ids {
		jp := byJudge[id]
		jp.Pending = jp.Assigned - jp.Done
		out = append(out, *jp)
	}
	return out
}

// WholeRoundProgress is Progress for contest-wide organizers only: the live
// stream shares one load of the whole round between its watchers, so a
// track lead reads their part with Progress instead.
func (j *Judging) WholeRoundProgress(ctx context.Context, u User, roundID int64, ps ProgressStore) (Progress, error) {
	r, _, err := j.organizerRound(ctx, u, roundID)
	if err != nil {
		return Progress{}, err
	}
	return j.progressOf(ctx, r, ps)
}

// RoundProgress is Progress without checking a caller: for the live streams
// of callers that Progress has already admitted, which share one load.
func (j *Judging) RoundProgress(ctx context.Context, roundID int64, ps ProgressStore) (Progress, error) {
	r, err := j.Store.RoundByID(ctx, roundID)
	if err != nil {
		return Progress{}, err
	}
	return j.progressOf(ctx, r, ps)
}

func (j *Judging) progressOf(ctx context.Context, r Round, ps ProgressStore) (Progress, error) {
	judges, err := ps.RoundProgress(ctx, r.ID)
	if err != nil {
		return Progress{}, err
	}
	return j.progressFrom(r, judges), nil
}

// progressFrom adds up per-judge counts into a round's progress.
func (j *Judging) progressFrom(r Round, judges []JudgeProgress) Progress {
	p := Progress{RoundID: r.ID, ClosesAt: r.ClosesAt, Judges: judges}
	overdue := !j.now().Before(r.ClosesAt)
	for i := range p.Judges {
		jp := &p.Judges[i]
		if overdue {
			jp.Overdue = jp.Pending
		}
		p.Assigned += jp.Assigned
		p.Done += jp.Done
		p.Pending += jp.Pending
		p.Overdue += jp.Overdue
	}
	return p
}

// WriteRankingCSV writes a round's ranking with every judge's scores, one
// row per (entry, judge). Cells are guarded against spreadsheet formulas.
// With confidence, every cut adds the columns p_above and stability (named
// after the cut) and the row ends with the entry's expected changes.
func (j *Judging) WriteRankingCSV(ctx context.Context, u User, roundID int64, track string, w io.Writer, confidence bool, cutSpecs []string) error {
	r, track, err := j.rankingRound(ctx, u, roundID, track)
	if err != nil {
		return err
	}
	var cuts []judging.Cut
	if confidence {
		if cuts, err = j.cutsFor(ctx, r, cutSpecs); err != nil {
			return err
		}
	}
	rk, err := j.rankingAt(ctx, r, track, confidence, cutSpecs)
	if err != nil {
		return err
	}
	cw := newSpreadsheetCSV(w)
	header := []string{"rank", "entry_id", "team", "track", "title", "score", "mean", "spread", "uncertainty", "disagreement", "judge", "total"}
	for _, c := range r.Rubric {
		header = append(header, c.ID)
	}
	header = append(header, "comment")
	for _, c := range cuts {
		header = append(header, "p_above "+c.Name, "stability "+c.Name)
	}
	if confidence {
		header = append(header, "expected_changes")
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, e := range rk.Entries {
		for _, s := range e.Scores {
			row := []string{strconv.Itoa(e.Rank), strconv.FormatInt(e.EntryID, 10), e.TeamName, e.Track, e.Title,
				fmt.Sprintf("%.6f", e.Score), fmt.Sprintf("%.3f", e.Mean), fmt.Sprintf("%.3f", e.Spread),
				fmt.Sprintf("%.6f", e.Uncertainty), strconv.FormatBool(e.Disagreement), s.JudgeEmail, fmt.Sprintf("%.3f", s.Total)}
			for _, c := range r.Rubric {
				row = append(row, strconv.FormatFloat(s.Values[c.ID], 'g', -1, 64))
			}
			row = append(row, s.Comment)
			row = append(row, confidenceCells(e.Confidence)...)
			if err := cw.Write(csvRow(row)); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteResultsCSV writes a contest's awards in the organizer's order, one
// row per award (organizers, before and after publication).
func (j *Judging) WriteResultsCSV(ctx context.Context, u User, slug string, w io.Writer) error {
	c, err := j.Contests.organizerOf(ctx, u, slug)
	if err != nil {
		return err
	}
	res, err := j.results(ctx, c.Slug)
	if err != nil {
		return err
	}
	cw := newSpreadsheetCSV(w)
	if err := cw.Write([]string{"position", "award_rank", "award", "entry_id", "track", "team", "title"}); err != nil {
		return err
	}
	for i, a := range res.Awards {
		row := []string{strconv.Itoa(i + 1), strconv.Itoa(a.AwardRank), a.Award, strconv.FormatInt(a.EntryID, 10), a.Track, a.TeamName, a.Title}
		if err := cw.Write(csvRow(row)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// reminders throttles reminders: an organizer may remind a round's judges
// 3 times an hour (each reminder e-mails every judge with scores still to
// submit).
var reminders = ratelimit.Rate{Burst: 3, Count: 3, Period: time.Hour}

// Reminded is a judge reminded of scores still to submit.
type Reminded struct {
	JudgeID int64  `json:"judge_id"`
	Email   string `json:"email"`
	Pending int    `json:"pending"`
}

// RemindResult lists the judges reminded; Overdue says whether the round
// had already closed.
type RemindResult struct {
	Reminded []Reminded `json:"reminded"`
	Overdue  bool       `json:"overdue"`
}

// Remind e-mails every judge of a round who has entries left to score
// (pending or draft), in their language, with the count and the closing
// time (organizers, audited, a few times an hour at most). Reminding is an
// organizer's action rather than a schedule: organizers know when a nudge
// helps (before the close, or after it, once they extend it).
func (j *Judging) Remind(ctx context.Context, u User, roundID int64, ps ProgressStore) (RemindResult, error) {
	r, c, err := j.organizerRound(ctx, u, roundID)
	if err != nil {
		return RemindResult{}, err
	}
	progress, err := ps.RoundProgress(ctx, r.ID)
	if err != nil {
		return RemindResult{}, err
	}
	judges, err := j.Store.Judges(ctx, r.ContestID)
	if err != nil {
		return RemindResult{}, err
	}
	out := RemindResult{Reminded: []Reminded{}, Overdue: !j.now().Before(r.ClosesAt)}
	counts := map[int64]int{}
	for _, jp := range progress {
		if jp.Pending > 0 {
			counts[jp.JudgeID] = jp.Pending
			out.Reminded = append(out.Reminded, Reminded{JudgeID: jp.JudgeID, Email: jp.Email, Pending: jp.Pending})
		}
	}
	if len(out.Reminded) == 0 {
		return out, nil
	}
	if err := throttle(j.Contests.Limiter, "remind:round:"+strconv.FormatInt(r.ID, 10), reminders, true, "this round's judges were reminded several times in the last hour already"); err != nil {
		return RemindResult{}, err
	}
	if j.Contests.Mail != nil {
		if err := j.Contests.Mail.QueueMail(ctx, judgeMails(mailReminder, c, r, judges, counts, j.Contests.PublicURL)); err != nil {
			return RemindResult{}, err
		}
	}
	return out, j.Contests.addAudit(ctx, AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: "round.remind", ObjectType: "round",
		ObjectID: strconv.FormatInt(r.ID, 10), Detail: mustJSON(out)})
}
