package domain

import (
	"context"
	"fmt"
	"io"
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

// Advance marks entries of a round as advanced; the next round takes them.
func (j *Judging) Advance(ctx context.Context, u User, roundID int64, in AdvanceInput) ([]int64, error) {
	r, c, err := j.organizerRound(ctx, u, roundID)
	if err != nil {
		return nil, err
	}
	if (in.TopPerTrack > 0) == (len(in.Entries) > 0) {
		return nil, Invalid(map[string]string{"top_per_track": "give either top_per_track (> 0) or entries"})
	}
	entries, err := j.Store.RoundEntries(ctx, r)
	if err != nil {
		return nil, err
	}
	inRound := map[int64]bool{}
	for _, e := range entries {
		inRound[e.SubmissionID] = true
	}
	picked := in.Entries
	if in.TopPerTrack > 0 {
		picked = nil
		for _, t := range c.Tracks {
			rk, err := j.ranking(ctx, r, t.Slug)
			if err != nil {
				return nil, err
			}
			for _, e := range rk.Entries {
				if e.Rank <= in.TopPerTrack {
					picked = append(picked, e.EntryID)
				}
			}
		}
	}
	f := Fields{}
	for i, id := range picked {
		if !inRound[id] {
			f.Add(fmt.Sprintf("entries[%d]", i), "is not an entry of this round")
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	sort.Slice(picked, func(a, b int) bool { return picked[a] < picked[b] })
	audit := AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: "round.advance", ObjectType: "round",
		ObjectID: strconv.FormatInt(r.ID, 10), Detail: mustJSON(map[string]any{"entries": picked, "top_per_track": in.TopPerTrack})}
	return picked, j.Store.SetAdvanced(ctx, r.ID, picked, audit)
}

// AwardInput names an award for an entry.
type AwardInput struct {
	EntryID int64  `json:"entry_id"`
	Award   string `json:"award"`
}

// ResultsInput sets the awards and, with Publish, makes them public.
type ResultsInput struct {
	Awards  []AwardInput `json:"awards"`
	Publish bool         `json:"publish"`
}

// Award is a public award with its winner.
type Award struct {
	Award    string `json:"award" db:"award"`
	EntryID  int64  `json:"entry_id" db:"submission_id"`
	TeamName string `json:"team_name" db:"team_name"`
	Track    string `json:"track" db:"track"`
	Title    string `json:"title" db:"title"`
	Position int    `json:"position" db:"position"`
}

// Results is the public results page of a contest.
type Results struct {
	Contest     string             `json:"contest_slug"`
	Title       string             `json:"title"`
	PublishedAt *time.Time         `json:"published_at"`
	Tracks      []Track            `json:"tracks"`
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
	f := Fields{}
	for i, a := range in.Awards {
		in.Awards[i].Award = CheckText(f, fmt.Sprintf("awards[%d].award", i), a.Award, 100)
		if a.EntryID <= 0 {
			f.Add(fmt.Sprintf("awards[%d].entry_id", i), "is required")
		}
	}
	if err := f.Err(); err != nil {
		return Results{}, err
	}
	action := "results.save"
	if in.Publish {
		action = "results.publish"
	}
	audit := AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: action, ObjectType: "contest", ObjectID: c.Slug, Detail: mustJSON(in)}
	if err := j.Store.SetAwards(ctx, c.ID, in.Awards, in.Publish, audit); err != nil {
		return Results{}, err
	}
	return j.results(ctx, c.Slug)
}

// PublicResults returns a contest's results once published; before that
// they do not exist for anyone but its organizers.
func (j *Judging) PublicResults(ctx context.Context, u User, slug string) (Results, error) {
	c, err := j.Contests.Store.ContestBySlug(ctx, slug)
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
	c, err := j.Contests.Store.ContestBySlug(ctx, slug)
	if err != nil {
		return Results{}, err
	}
	awards, err := j.Store.Awards(ctx, c.ID)
	if err != nil {
		return Results{}, err
	}
	out := Results{Contest: c.Slug, Title: c.Title, PublishedAt: c.ResultsPublishedAt, Tracks: c.Tracks, Awards: awards, ByTrack: map[string][]Award{}}
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
		if err != nil || !a.Organizer {
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

// ProgressStore counts progress.
type ProgressStore interface {
	RoundProgress(ctx context.Context, roundID int64) ([]JudgeProgress, error)
}

// Progress reports a round's progress to its organizers.
func (j *Judging) Progress(ctx context.Context, u User, roundID int64, ps ProgressStore) (Progress, error) {
	r, _, err := j.organizerRound(ctx, u, roundID)
	if err != nil {
		return Progress{}, err
	}
	judges, err := ps.RoundProgress(ctx, r.ID)
	if err != nil {
		return Progress{}, err
	}
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
	return p, nil
}

// WriteRankingCSV writes a round's ranking with every judge's scores, one
// row per (entry, judge). Cells are guarded against spreadsheet formulas.
func (j *Judging) WriteRankingCSV(ctx context.Context, u User, roundID int64, w io.Writer) error {
	r, _, err := j.organizerRound(ctx, u, roundID)
	if err != nil {
		return err
	}
	rk, err := j.ranking(ctx, r, "")
	if err != nil {
		return err
	}
	cw := newSpreadsheetCSV(w)
	header := []string{"rank", "entry_id", "team", "track", "title", "score", "mean", "spread", "uncertainty", "disagreement", "judge", "total"}
	for _, c := range r.Rubric {
		header = append(header, c.ID)
	}
	header = append(header, "comment")
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
			if err := cw.Write(csvRow(row)); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
