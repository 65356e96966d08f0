package domain

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/podium-contests/podium/judging"
)

// RubricItem is one criterion of a round's rubric.
type RubricItem struct {
	ID     string  `json:"id" rule:"key"`
	Label  string  `json:"label" rule:"title"`
	Weight float64 `json:"weight"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

// Round is one stage of judging with its own rubric and judge pool.
type Round struct {
	ID             int64        `json:"id" db:"id"`
	ContestID      int64        `json:"contest_id" db:"contest_id"`
	ContestSlug    string       `json:"contest_slug" db:"contest_slug"`
	Position       int          `json:"position" db:"position"`
	Name           string       `json:"name" db:"name"`
	Rubric         []RubricItem `json:"rubric" db:"-"`
	JudgesPerEntry int          `json:"judges_per_entry" db:"judges_per_entry"`
	MaxLoad        int          `json:"max_load" db:"max_load"`
	Blind          bool         `json:"blind" db:"blind"`
	Method         string       `json:"method" db:"method"`
	// Balance is what the assignment evens out between judges: "count"
	// (entries) or "time" (expected reading time, ExpectedMinutes).
	Balance        string     `json:"balance" db:"balance"`
	PoolTracks     []string   `json:"pool_tracks" db:"-"`
	PoolJudges     []int64    `json:"pool_judges" db:"-"`
	ClosesAt       time.Time  `json:"closes_at" db:"closes_at"`
	AssignedAt     *time.Time `json:"assigned_at" db:"assigned_at"`
	ScoresRevision int64      `json:"-" db:"-"`
	// FrozenAt is set while the contest's final ranking is frozen for the
	// jury's deliberation: no score of the round changes meanwhile.
	FrozenAt  *time.Time `json:"-" db:"-"`
	CreatedAt time.Time  `json:"created_at" db:"created_at"`
}

// Criteria converts the rubric for the judging engine.
func (r Round) Criteria() []judging.Criterion {
	out := make([]judging.Criterion, len(r.Rubric))
	for i, c := range r.Rubric {
		out[i] = judging.Criterion{ID: c.ID, Weight: c.Weight, Min: c.Min, Max: c.Max}
	}
	return out
}

// RoundInput defines a round. Pool narrows the contest's judges to some
// tracks or to listed e-mail addresses (default: every judge).
type RoundInput struct {
	Name           string       `json:"name"`
	Rubric         []RubricItem `json:"rubric"`
	JudgesPerEntry int          `json:"judges_per_entry" rule:"judges_per_entry"`
	MaxLoad        int          `json:"max_load"`
	Blind          bool         `json:"blind"`
	Method         string       `json:"method"`
	// Balance is "count" (default) or "time".
	Balance    string   `json:"balance,omitempty"`
	ClosesAt   string   `json:"closes_at"`
	PoolTracks []string `json:"pool_tracks"`
	PoolJudges []string `json:"pool_judges"` // e-mail addresses
}

// Entry is a submission version in a round, with what conflicts need.
type Entry struct {
	SubmissionID int64  `json:"submission_id" db:"submission_id"`
	Version      int    `json:"version" db:"version"`
	TeamID       int64  `json:"team_id" db:"team_id"`
	TeamName     string `json:"team_name" db:"team_name"`
	Track        string `json:"track" db:"track"`
	Title        string `json:"title" db:"title"`
	Advanced     bool   `json:"advanced" db:"advanced"`
	// Pages and MediaSeconds sum the entry checks' facts of the judged
	// version's files (PDF pages, video and audio length).
	Pages        int      `json:"pages" db:"pages"`
	MediaSeconds float64  `json:"media_seconds" db:"media_seconds"`
	MemberIDs    []int64  `json:"-" db:"-"`
	MemberEmails []string `json:"-" db:"-"`
	MemberOrgs   []string `json:"-" db:"-"`
	// Fields are the entry's submitted answers (a sponsor prize is one).
	Fields json.RawMessage `json:"-" db:"fields"`
	// Active counts the entry's active assignments (RoundEntries,
	// RankingEntries).
	Active int `json:"-" db:"active"`
}

// JudgeInfo is a judge of a contest.
type JudgeInfo struct {
	UserID       int64    `db:"user_id"`
	Email        string   `db:"email"`
	Name         string   `db:"name"`
	Organization string   `db:"organization"`
	Language     string   `db:"language"` // for e-mails; "" when not known
	Tracks       []string `db:"-"`
	Scoped       bool     `db:"scoped"`
	Prize        string   `db:"prize"`
}

// Panel is the judge's limit (none for an ordinary judge).
func (jd JudgeInfo) Panel() Panel {
	return Panel{Scoped: jd.Scoped, Tracks: jd.Tracks, Prize: jd.Prize}
}

// DeclaredConflict is a conflict a judge declared in advance.
type DeclaredConflict struct {
	ContestID    int64  `json:"-" db:"contest_id"`
	JudgeID      int64  `json:"judge_id" db:"judge_id"`
	TeamID       *int64 `json:"team_id" db:"team_id"`
	Organization string `json:"organization" db:"organization"`
	Reason       string `json:"reason" db:"reason"`
}

// Interest is a judge's wish (0..1) to review an entry.
type Interest struct {
	JudgeID      int64   `json:"-" db:"judge_id"`
	SubmissionID int64   `json:"entry_id" db:"submission_id"`
	Interest     float64 `json:"interest" db:"interest"`
}

// Assignment statuses.
const (
	AssignActive   = "active"
	AssignConflict = "conflict"
	AssignDropped  = "dropped"
	AssignMoved    = "moved"
)

// Assignment gives one entry of a round to one judge.
type Assignment struct {
	ID           int64     `json:"id" db:"id"`
	RoundID      int64     `json:"round_id" db:"round_id"`
	SubmissionID int64     `json:"entry_id" db:"submission_id"`
	JudgeID      int64     `json:"judge_id" db:"judge_id"`
	JudgeEmail   string    `json:"judge_email,omitempty" db:"judge_email"`
	Status       string    `json:"status" db:"status"`
	Reason       string    `json:"reason,omitempty" db:"reason"`
	ScoreState   string    `json:"score_state" db:"score_state"` // none, draft, final
	CreatedAt    time.Time `json:"created_at" db:"created_at"`
	// JudgeName, TeamName and Title name the judge and the entry (its
	// team and the title of the version judged) in the organizers' page
	// of a round's assignments (RoundAssignmentsPage); empty elsewhere.
	// TeamName follows ShowsTeam for the reader.
	JudgeName string `json:"judge_name,omitempty" db:"judge_name"`
	TeamName  string `json:"team_name,omitempty" db:"team_name"`
	Title     string `json:"title,omitempty" db:"title"`
	// Pages and MediaSeconds are the entry's (the judge's own list only)
	// and ExpectedMinutes its expected reading time (ExpectedMinutes).
	Pages           int     `json:"pages,omitempty" db:"pages"`
	MediaSeconds    float64 `json:"media_seconds,omitempty" db:"media_seconds"`
	ExpectedMinutes float64 `json:"expected_minutes,omitempty" db:"-"`
}

// AssignmentPair is a new assignment to store.
type AssignmentPair struct {
	SubmissionID int64
	JudgeID      int64
}

// Retired is an assignment taken out of service, with why.
type Retired struct {
	ID     int64
	Status string
	Reason string
}

// Defaults and limits for rounds.
const (
	maxRubricItems = 30
	// affinity weights: a judge in the entry's track is worth trackAffinity,
	// declared interest adds up to interestAffinity.
	trackAffinity    = 0.6
	interestAffinity = 0.4
	// panelAffinity draws a sponsor judge to the entries of their panel:
	// they were named for them, so they judge those before anyone else.
	panelAffinity = 1.0
)

// Judging implements rounds, assignment, scoring, rankings and results,
// with every judging rule delegated to the judging package.
type Judging struct {
	Contests *Contests
	Store    JudgingStore
	// Final keeps the final ranking, the jury's overrides and the ceremony.
	Final FinalStore
	Now   func() time.Time
	// views keeps the latest ranking views of this replica (see rankingAt).
	views viewCache
}

func (j *Judging) now() time.Time {
	if j.Now != nil {
		return j.Now()
	}
	return time.Now()
}

// organizerRound loads a round that u organizes.
func (j *Judging) organizerRound(ctx context.Context, u User, id int64) (Round, Contest, error) {
	r, err := j.Store.RoundByID(ctx, id)
	if err != nil {
		return Round{}, Contest{}, err
	}
	c, a, err := j.Contests.contestAccessByID(ctx, u, r.ContestID)
	if err != nil {
		return Round{}, Contest{}, err
	}
	if !a.Organizer {
		if a.Scope().Organizes() {
			return Round{}, Contest{}, errContestWide
		}
		if a.Judge {
			return Round{}, Contest{}, Errorf(CodeForbidden, "only the contest's organizers may do this")
		}
		return Round{}, Contest{}, NotFound("round")
	}
	return r, c, nil
}

// scopedRound loads a round that u organizes in whole or in part (a track
// lead), with the part u organizes. Others get what organizerRound answers.
func (j *Judging) scopedRound(ctx context.Context, u User, id int64) (Round, Contest, Scope, error) {
	r, err := j.Store.RoundByID(ctx, id)
	if err != nil {
		return Round{}, Contest{}, Scope{}, err
	}
	c, a, err := j.Contests.contestAccessByID(ctx, u, r.ContestID)
	if err != nil {
		return Round{}, Contest{}, Scope{}, err
	}
	if sc := a.Scope(); sc.Organizes() {
		return r, c, sc, nil
	}
	if a.Judge {
		return Round{}, Contest{}, Scope{}, Errorf(CodeForbidden, "only the contest's organizers may do this")
	}
	return Round{}, Contest{}, Scope{}, NotFound("round")
}

// entryRound loads a round for an act on one of its entries: moving,
// adding a judge to or reopening one entry's review. Contest-wide
// organizers may act on any entry; a track lead on an entry of their
// tracks, and an entry of another track (or of no track, not in the round)
// answers not_found, named what, as an object of another track does.
func (j *Judging) entryRound(ctx context.Context, u User, roundID, entryID int64, what string) (Round, error) {
	r, _, sc, err := j.scopedRound(ctx, u, roundID)
	if err != nil || !sc.Limited() {
		return r, err
	}
	entries, err := j.Store.RoundEntries(ctx, r.ID)
	if err != nil {
		return Round{}, err
	}
	track := ""
	for _, e := range entries {
		if e.SubmissionID == entryID {
			track = e.Track
		}
	}
	return r, Permit(sc, ActTrack, track, what)
}

// inScope keeps the assignments whose entries are in the scope's tracks.
func (j *Judging) inScope(ctx context.Context, r Round, sc Scope, list []Assignment) ([]Assignment, error) {
	if !sc.Limited() {
		return list, nil
	}
	entries, err := j.Store.RoundEntries(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	track := map[int64]string{}
	for _, e := range entries {
		track[e.SubmissionID] = e.Track
	}
	out := []Assignment{}
	for _, a := range list {
		if sc.Covers(track[a.SubmissionID]) {
			out = append(out, a)
		}
	}
	return out, nil
}

// CreateRound defines the next round of a contest.
func (j *Judging) CreateRound(ctx context.Context, u User, slug string, in RoundInput) (Round, error) {
	c, err := j.Contests.organizerOf(ctx, u, slug)
	if err != nil {
		return Round{}, err
	}
	f := Fields{}
	r := Round{ContestID: c.ID, Name: CheckText(f, "name", in.Name, 100), JudgesPerEntry: in.JudgesPerEntry,
		MaxLoad: in.MaxLoad, Blind: in.Blind, Method: in.Method, Balance: in.Balance, PoolTracks: in.PoolTracks}
	if r.Method == "" {
		r.Method = string(judging.DefaultMethod)
	}
	if r.Balance == "" {
		r.Balance = BalanceCount
	}
	if r.Balance != BalanceCount && r.Balance != BalanceTime {
		f.Problem("balance", ProblemOption, nil)
	}
	if r.Method != string(judging.MethodMean) && r.Method != string(judging.MethodZScore) && r.Method != string(judging.MethodCalibrated) {
		f.Problem("method", ProblemOption, nil)
	}
	Rules["judges_per_entry"].checkRange(f, "judges_per_entry", float64(r.JudgesPerEntry))
	if r.MaxLoad < 0 || r.MaxLoad > 100000 {
		f.Problem("max_load", ProblemRange, map[string]any{"min": 0, "max": 100000})
	}
	r.Rubric = validateRubric(f, in.Rubric)
	if t := parseContestTime(f, "closes_at", in.ClosesAt, c.Location(), true); t != nil {
		r.ClosesAt = *t
	}
	if r.PoolTracks == nil {
		r.PoolTracks = []string{}
	}
	for i, t := range r.PoolTracks {
		if _, ok := c.TrackBySlug(t); !ok {
			f.Add(fmt.Sprintf("pool_tracks[%d]", i), "is not a track of this contest")
		}
	}
	r.PoolJudges = []int64{}
	if len(in.PoolJudges) > 0 {
		ids, err := j.Store.JudgeIDsByEmail(ctx, c.ID, in.PoolJudges)
		if err != nil {
			return Round{}, err
		}
		for i, e := range in.PoolJudges {
			id, ok := ids[strings.ToLower(strings.TrimSpace(e))]
			if !ok {
				f.Add(fmt.Sprintf("pool_judges[%d]", i), "is not a judge of this contest")
				continue
			}
			r.PoolJudges = append(r.PoolJudges, id)
		}
	}
	if err := f.Err(); err != nil {
		return Round{}, err
	}
	return j.Store.CreateRound(ctx, r)
}

func validateRubric(f Fields, in []RubricItem) []RubricItem {
	if len(in) == 0 {
		f.Problem("rubric", ProblemTooFew, map[string]any{"min": 1})
	} else if len(in) > maxRubricItems {
		f.Problem("rubric", ProblemTooMany, map[string]any{"max": maxRubricItems})
	}
	seen := map[string]bool{}
	for i, c := range in {
		p := fmt.Sprintf("rubric[%d]", i)
		if checkRule(f, p+".id", "key", c.ID) && seen[c.ID] {
			f.Problem(p+".id", ProblemDuplicate, nil)
		}
		seen[c.ID] = true
		in[i].Label = CheckText(f, p+".label", c.Label, maxTitleRunes)
		if !(c.Weight > 0) || math.IsInf(c.Weight, 0) {
			f.Problem(p+".weight", ProblemPositive, nil)
		}
		if math.IsNaN(c.Min) || math.IsNaN(c.Max) || math.IsInf(c.Min, 0) || math.IsInf(c.Max, 0) || !(c.Max > c.Min) {
			f.Problem(p+".max", ProblemGreater, map[string]any{"other": "min"})
		}
	}
	return in
}

// Rounds lists a contest's rounds for its organizers.
func (j *Judging) Rounds(ctx context.Context, u User, slug string) ([]Round, error) {
	c, _, err := j.Contests.scopeOf(ctx, u, slug)
	if err != nil {
		return nil, err
	}
	return j.Store.ListRounds(ctx, c.ID)
}

// Round returns a round for its organizers.
func (j *Judging) Round(ctx context.Context, u User, id int64) (Round, error) {
	r, _, _, err := j.scopedRound(ctx, u, id)
	return r, err
}
