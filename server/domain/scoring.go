package domain

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ScoreSheet is a judge's scores for one assignment.
type ScoreSheet struct {
	AssignmentID int64              `json:"assignment_id" db:"assignment_id"`
	RoundID      int64              `json:"round_id" db:"round_id"`
	JudgeID      int64              `json:"judge_id" db:"judge_id"`
	SubmissionID int64              `json:"entry_id" db:"submission_id"`
	Values       map[string]float64 `json:"values" db:"-"`
	Comment      string             `json:"comment" db:"comment"`
	Final        bool               `json:"final" db:"final"`
	SubmittedAt  *time.Time         `json:"submitted_at" db:"submitted_at"`
	UpdatedAt    time.Time          `json:"updated_at" db:"updated_at"`
	// Seq is the judge's count of saves of this sheet when it was written
	// (see ScoreInput.Seq; 0: not counted).
	Seq int64 `json:"seq" db:"seq"`
}

// ScoreChange is one line of a score's audit trail.
type ScoreChange struct {
	ID         int64           `json:"id" db:"id"`
	ActorID    int64           `json:"actor_id" db:"actor_id"`
	ActorEmail string          `json:"actor_email" db:"actor_email"`
	Action     string          `json:"action" db:"action"`
	Old        json.RawMessage `json:"old" db:"old"`
	New        json.RawMessage `json:"new" db:"new"`
	CreatedAt  time.Time       `json:"created_at" db:"created_at"`
}

// ScoreInput is a judge's save: a draft, or final.
type ScoreInput struct {
	Values  map[string]float64 `json:"values"`
	Comment string             `json:"comment"`
	Final   bool               `json:"final"`
	// Seq optionally counts the judge's saves of this sheet (1, 2, ...,
	// continuing from the stored sheet's seq): a save whose seq is not above
	// the stored sheet's was overtaken by a later one and changes nothing.
	Seq int64 `json:"seq,omitempty"`
}

// EntryView is what a judge sees of an assigned entry. In a blind round
// nothing in it names the team: no team or member names, and each file
// under its slot's name (BlindFilename) instead of the team's file name.
type EntryView struct {
	Assignment Assignment        `json:"assignment"`
	Round      JudgeRound        `json:"round"`
	Contest    string            `json:"contest_slug"`
	TeamName   string            `json:"team_name,omitempty"`
	Members    []string          `json:"members,omitempty"`
	Track      string            `json:"track"`
	Title      string            `json:"title"`
	Abstract   string            `json:"abstract"`
	Fields     map[string]string `json:"fields"`
	Form       []FormField       `json:"form"`
	Files      []ReceiptFile     `json:"files"`
	Score      *ScoreSheet       `json:"score"`
}

// JudgeRound is what a judge sees of a round: not its pool (the other
// judges' ids) nor its load settings.
type JudgeRound struct {
	ID          int64        `json:"id"`
	ContestSlug string       `json:"contest_slug"`
	Position    int          `json:"position"`
	Name        string       `json:"name"`
	Rubric      []RubricItem `json:"rubric"`
	Blind       bool         `json:"blind"`
	ClosesAt    time.Time    `json:"closes_at"`
}

func judgeRound(r Round) JudgeRound {
	return JudgeRound{ID: r.ID, ContestSlug: r.ContestSlug, Position: r.Position, Name: r.Name, Rubric: r.Rubric, Blind: r.Blind, ClosesAt: r.ClosesAt}
}

// judgeAssignment loads an active assignment of u's.
func (j *Judging) judgeAssignment(ctx context.Context, u User, id int64) (Assignment, Round, error) {
	a, r, err := j.Store.AssignmentRound(ctx, id)
	if err != nil {
		return Assignment{}, Round{}, err
	}
	if err := ownActive(u, a); err != nil {
		return Assignment{}, Round{}, err
	}
	return a, r, nil
}

// ownActive is not_found unless a is an active assignment of u's: someone
// else's assignment, or one retired by a conflict, does not exist for u.
func ownActive(u User, a Assignment) error {
	if a.JudgeID != u.ID || a.Status != AssignActive {
		return NotFound("assignment")
	}
	return nil
}

// MyAssignments lists u's active assignments across contests, and with
// withConflicts also those u declared a conflict on (status "conflict"),
// so that a judge's progress can count them.
// Each carries its entry's expected reading time.
func (j *Judging) MyAssignments(ctx context.Context, u User, withConflicts bool) ([]Assignment, error) {
	out, err := j.Store.JudgeAssignments(ctx, u.ID, withConflicts)
	for i, a := range out {
		out[i].ExpectedMinutes = ExpectedMinutes(a.Pages, a.MediaSeconds)
	}
	return out, err
}

// Entry shows an assigned entry to its judge.
func (j *Judging) Entry(ctx context.Context, u User, assignmentID int64) (EntryView, error) {
	a, r, err := j.judgeAssignment(ctx, u, assignmentID)
	if err != nil {
		return EntryView{}, err
	}
	c, err := j.Contests.contestByID(ctx, r.ContestID)
	if err != nil {
		return EntryView{}, err
	}
	e, err := j.Store.RoundEntry(ctx, r.ID, a.SubmissionID)
	if err != nil {
		return EntryView{}, err
	}
	v, err := j.Store.EntryVersion(ctx, e.SubmissionID, e.Version)
	if err != nil {
		return EntryView{}, err
	}
	view := EntryView{Assignment: a, Round: judgeRound(r), Contest: c.Slug, Track: e.Track, Title: v.Title, Abstract: v.Abstract,
		Fields: v.Fields, Form: c.Form, Files: make([]ReceiptFile, len(v.Files))}
	for i, f := range v.Files {
		// The check findings are the team's (an identity finding quotes
		// the name it found): judges never get them.
		f.Warnings = nil
		if r.Blind {
			f.Filename = BlindFilename(c, f.Slot, f.Filename)
		}
		view.Files[i] = f
	}
	if !r.Blind {
		t, err := j.Contests.teamByID(ctx, e.TeamID)
		if err != nil {
			return EntryView{}, err
		}
		view.TeamName = t.Name
		for _, m := range t.Members {
			view.Members = append(view.Members, m.Name)
		}
	}
	s, err := j.Store.ScoreByAssignment(ctx, a.ID)
	if err == nil {
		view.Score = &s
	} else if ErrorCode(err) != CodeNotFound {
		return EntryView{}, err
	}
	return view, nil
}

// checkValues validates scores against the rubric; drafts may leave
// criteria out, final scores must give every one.
func checkValues(f Fields, r Round, values map[string]float64, final bool) {
	known := map[string]bool{}
	for _, c := range r.Rubric {
		known[c.ID] = true
		v, ok := values[c.ID]
		key := "values." + c.ID
		switch {
		case !ok:
			if final {
				f.Add(key, "is required to submit")
			}
		case math.IsNaN(v) || math.IsInf(v, 0):
			f.Add(key, "must be a number")
		case v < c.Min || v > c.Max:
			f.Add(key, fmt.Sprintf("must be between %g and %g", c.Min, c.Max))
		}
	}
	for k := range values {
		if !known[k] {
			f.Add("values."+k, "is not a criterion of this round")
		}
	}
}

// SaveScore stores a judge's draft or final scores. Final scores are
// locked: only an organizer can reopen them. Every change is kept in the
// history. Overlapping saves of one sheet (an autosave and the submit, a
// retry, a double click) settle without refusals: a save identical to the
// stored sheet, or older than it (see ScoreInput.Seq), writes nothing and
// returns the stored sheet (see DecideScore).
func (j *Judging) SaveScore(ctx context.Context, u User, assignmentID int64, in ScoreInput) (ScoreSheet, error) {
	action := "score.draft"
	if in.Final {
		action = "score.submit"
	}
	return optimistic(ctx, "the scores", func(bool) (ScoreSheet, bool, error) {
		cur, err := j.Store.ReadScore(ctx, assignmentID)
		if err != nil {
			return ScoreSheet{}, false, err
		}
		d, err := DecideScore(u, cur.Assignment, cur.Round, cur.Sheet, in, j.now())
		if err != nil || d.Keep {
			return d.Next, err == nil, err
		}
		written, err := j.Store.WriteScoreIf(ctx, ScoreWrite{Sheet: d.Next, Prev: cur.Sheet, Revision: cur.Revision, ActorID: u.ID, Action: action})
		return d.Next, written, err
	})
}

// ScoreDecision is what a score save does: write Next, or (Keep) write
// nothing and answer with Next, the stored sheet.
type ScoreDecision struct {
	Next ScoreSheet
	Keep bool
}

// maxCommentRunes bounds a judge's comment.
const maxCommentRunes = 10000

// DecideScore decides judge u's save of in over the stored sheet prev (nil
// before the first save) of assignment a in round r, at now:
//   - not found unless u holds the active assignment; refused while the
//     contest's final ranking is frozen; too late once the round closed; invalid values (see checkValues) or comment;
//   - keep, when in says what prev says (a retried save), or when in is
//     older than prev (in.Seq not above prev.Seq: an autosave overtaken by
//     a later save or by the submit);
//   - conflict, when prev is final and in would change it;
//   - otherwise write the new sheet (stamped now, and submitted now when
//     final).
func DecideScore(u User, a Assignment, r Round, prev *ScoreSheet, in ScoreInput, now time.Time) (ScoreDecision, error) {
	if err := ownActive(u, a); err != nil {
		return ScoreDecision{}, err
	}
	if r.FrozenAt != nil {
		return ScoreDecision{}, FrozenError(*r.FrozenAt)
	}
	now = now.UTC().Truncate(time.Microsecond) // as stored
	if !now.Before(r.ClosesAt) {
		return ScoreDecision{}, Errorf(CodeTooLate, "the round closed at %s", r.ClosesAt.Format(time.RFC3339))
	}
	values := in.Values
	if values == nil {
		values = map[string]float64{}
	}
	comment := strings.TrimSpace(in.Comment)
	f := Fields{}
	checkValues(f, r, values, in.Final)
	if len([]rune(comment)) > maxCommentRunes {
		f.Add("comment", fmt.Sprintf("must be at most %d characters", maxCommentRunes))
	}
	if in.Seq < 0 {
		f.Add("seq", "must not be negative")
	}
	if err := f.Err(); err != nil {
		return ScoreDecision{}, err
	}
	s := ScoreSheet{AssignmentID: a.ID, RoundID: r.ID, JudgeID: u.ID, SubmissionID: a.SubmissionID,
		Values: values, Comment: comment, Final: in.Final, UpdatedAt: now, Seq: in.Seq}
	if in.Final {
		s.SubmittedAt = &now
	}
	if prev == nil {
		return ScoreDecision{Next: s}, nil
	}
	if SameScores(*prev, s) || (in.Seq > 0 && in.Seq <= prev.Seq) {
		return ScoreDecision{Next: *prev, Keep: true}, nil
	}
	if prev.Final {
		return ScoreDecision{}, Errorf(CodeConflict, "these scores were submitted; ask an organizer to reopen them")
	}
	if in.Seq == 0 {
		s.Seq = prev.Seq // a save that does not count keeps the sheet's count
	}
	return ScoreDecision{Next: s}, nil
}

// SameScores reports whether two sheets say the same thing (values,
// comment and whether they are final): saving b over a changes nothing, so
// a retried save is answered with the stored sheet and records no history.
func SameScores(a, b ScoreSheet) bool {
	return a.Final == b.Final && a.Comment == b.Comment && sameValues(a.Values, b.Values)
}

func sameValues(a, b map[string]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// ReopenInput says why submitted scores are reopened.
type ReopenInput struct {
	Reason string `json:"reason"`
}

// Reopen turns submitted scores back into a draft (audited; organizers, and
// track leads for an entry of their tracks).
func (j *Judging) Reopen(ctx context.Context, u User, assignmentID int64, in ReopenInput) (ScoreSheet, error) {
	a, err := j.Store.AssignmentByID(ctx, assignmentID)
	if err != nil {
		return ScoreSheet{}, err
	}
	r, err := j.entryRound(ctx, u, a.RoundID, a.SubmissionID, "assignment")
	if err != nil {
		return ScoreSheet{}, err
	}
	f := Fields{}
	reason := CheckText(f, "reason", in.Reason, 1000)
	if err := f.Err(); err != nil {
		return ScoreSheet{}, err
	}
	audit := &AuditEntry{ContestID: r.ContestID, ActorID: u.ID, Action: "score.reopen", ObjectType: "assignment",
		ObjectID: strconv.FormatInt(a.ID, 10), Detail: mustJSON(map[string]any{"reason": reason, "judge_id": a.JudgeID})}
	return optimistic(ctx, "the scores", func(bool) (ScoreSheet, bool, error) {
		cur, err := j.Store.ReadScore(ctx, a.ID)
		if err != nil {
			return ScoreSheet{}, false, err
		}
		next, err := DecideReopen(cur.Sheet, j.now())
		if err != nil {
			return ScoreSheet{}, false, err
		}
		written, err := j.Store.WriteScoreIf(ctx, ScoreWrite{Sheet: next, Prev: cur.Sheet, Revision: cur.Revision, ActorID: u.ID, Action: "score.reopen", Audit: audit})
		return next, written, err
	})
}

// DecideReopen turns the stored sheet prev back into a draft at now: a
// conflict unless there is a submitted sheet.
func DecideReopen(prev *ScoreSheet, now time.Time) (ScoreSheet, error) {
	if prev == nil || !prev.Final {
		return ScoreSheet{}, Errorf(CodeConflict, "these scores are not submitted")
	}
	s := *prev
	s.Final, s.SubmittedAt, s.UpdatedAt = false, nil, now.UTC().Truncate(time.Microsecond)
	return s, nil
}

// ScoreHistory lists every change of an assignment's scores (organizers,
// and track leads for an entry of their tracks).
func (j *Judging) ScoreHistory(ctx context.Context, u User, assignmentID int64) ([]ScoreChange, error) {
	a, err := j.Store.AssignmentByID(ctx, assignmentID)
	if err != nil {
		return nil, err
	}
	if _, err := j.entryRound(ctx, u, a.RoundID, a.SubmissionID, "assignment"); err != nil {
		return nil, err
	}
	return j.Store.ScoreHistory(ctx, assignmentID)
}

// ConflictInput declares a conflict of interest.
type ConflictInput struct {
	Reason       string `json:"reason"`
	TeamID       int64  `json:"team_id"`      // in advance, by team
	Organization string `json:"organization"` // in advance, by organization
}

// DeclareConflict lets a judge give back an assigned entry: it disappears
// from their list at once, and only that entry gets another judge.
func (j *Judging) DeclareConflict(ctx context.Context, u User, assignmentID int64, in ConflictInput) error {
	a, r, err := j.judgeAssignment(ctx, u, assignmentID)
	if err != nil {
		return err
	}
	f := Fields{}
	reason := CheckText(f, "reason", in.Reason, 1000)
	if err := f.Err(); err != nil {
		return err
	}
	if s, err := j.Store.ScoreByAssignment(ctx, a.ID); err == nil && s.Final {
		return Errorf(CodeConflict, "these scores were submitted; ask an organizer to reopen them first")
	}
	p, err := j.buildProblem(ctx, r)
	if err != nil {
		return err
	}
	kept := p.active[:0]
	for _, x := range p.active {
		if x.ID != a.ID {
			kept = append(kept, x)
		}
	}
	p.active = kept
	var teamID int64
	for _, e := range p.entries {
		if e.SubmissionID == a.SubmissionID {
			teamID = e.TeamID
		}
	}
	for ji, jd := range p.judges {
		if jd.UserID != u.ID {
			continue
		}
		for ei, e := range p.entries {
			if e.SubmissionID == a.SubmissionID {
				p.input.Conflicts = append(p.input.Conflicts, pairOf(ji, ei))
			}
		}
	}
	// The conflict is with the team, for the contest's life: every later
	// round's assignment, reassignment and extra judge respects it.
	if teamID != 0 {
		if err := j.Store.AddDeclaredConflict(ctx, DeclaredConflict{ContestID: r.ContestID, JudgeID: u.ID, TeamID: &teamID, Reason: reason}); err != nil {
			return err
		}
	}
	pairs, err := j.fill(p, []int64{a.SubmissionID})
	retire := []Retired{{ID: a.ID, Status: AssignConflict, Reason: reason}}
	if err != nil {
		// Nobody can take the entry: the conflict still stands, and the
		// organizers see the entry short of a judge in the progress view.
		pairs = nil
	}
	audit := &AuditEntry{ContestID: r.ContestID, ActorID: u.ID, Action: "assignment.conflict", ObjectType: "assignment",
		ObjectID: strconv.FormatInt(a.ID, 10), Detail: mustJSON(map[string]any{"reason": reason, "reassigned": pairs})}
	return j.addAssignments(ctx, p, retire, pairs, audit)
}

// DeclareConflictInAdvance records a judge's conflict with a team or an
// organization before any assignment.
func (j *Judging) DeclareConflictInAdvance(ctx context.Context, u User, slug string, in ConflictInput) error {
	c, err := j.Contests.contestBySlug(ctx, slug)
	if err != nil {
		return err
	}
	a, err := j.Contests.access(ctx, u, c.ID)
	if err != nil {
		return err
	}
	if !a.Judge {
		return Errorf(CodeForbidden, "only the contest's judges declare conflicts")
	}
	f := Fields{}
	reason := CheckText(f, "reason", in.Reason, 1000)
	in.Organization = strings.TrimSpace(in.Organization)
	if (in.TeamID == 0) == (in.Organization == "") {
		f.Add("team_id", "give either team_id or organization")
	}
	if in.TeamID < 0 {
		f.Add("team_id", "must be a team's id")
	}
	if err := f.Err(); err != nil {
		return err
	}
	dc := DeclaredConflict{ContestID: c.ID, JudgeID: u.ID, Organization: in.Organization, Reason: reason}
	if in.TeamID != 0 {
		// The answer is the same whether or not the id is a team of this
		// contest, so that a judge cannot probe which teams exist; only a
		// team of the contest is recorded (an unknown one could never be
		// assigned anyway).
		t, err := j.Contests.teamByID(ctx, in.TeamID)
		if ErrorCode(err) == CodeNotFound || (err == nil && t.ContestID != c.ID) {
			return nil
		}
		if err != nil {
			return err
		}
		dc.TeamID = &in.TeamID
	}
	return j.Store.AddDeclaredConflict(ctx, dc)
}

// InterestInput lists a judge's interest in entries of a round (0..1).
type InterestInput struct {
	Entries []Interest `json:"entries"`
}

// SetInterests records a judge's wishes before assignment.
func (j *Judging) SetInterests(ctx context.Context, u User, roundID int64, in InterestInput) error {
	r, err := j.Store.RoundByID(ctx, roundID)
	if err != nil {
		return err
	}
	a, err := j.Contests.access(ctx, u, r.ContestID)
	if err != nil {
		return err
	}
	if !a.Judge {
		return NotFound("round")
	}
	f := Fields{}
	for i, e := range in.Entries {
		if math.IsNaN(e.Interest) || e.Interest < 0 || e.Interest > 1 {
			f.Add(fmt.Sprintf("entries[%d].interest", i), "must be between 0 and 1")
		}
		in.Entries[i].JudgeID = u.ID
	}
	if err := f.Err(); err != nil {
		return err
	}
	return j.Store.SetInterests(ctx, roundID, u.ID, in.Entries)
}

// ScoreRead is an assignment with its round, its stored score sheet (nil
// before the first save) and the sheet's revision (0: none), read together.
type ScoreRead struct {
	Assignment Assignment
	Round      Round
	Sheet      *ScoreSheet
	Revision   int
}

// ScoreWrite is a score sheet to write if the stored one is still at
// Revision (0: none yet), with its history line (who, which action, the
// sheet it replaces) and an audit entry when given.
type ScoreWrite struct {
	Sheet    ScoreSheet
	Prev     *ScoreSheet
	Revision int
	ActorID  int64
	Action   string
	Audit    *AuditEntry
}
