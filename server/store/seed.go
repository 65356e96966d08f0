package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// BulkContest is what SeedBulk generates into an existing contest (made
// through the domain, with its tracks and rounds): accounts, teams, their
// submissions and files, judges, and the rounds' entries, assignments and
// score sheets. Every count is of rows; see queries/seed.sql for how the
// rows are derived from each other.
type BulkContest struct {
	ContestID   int64
	OrganizerID int64
	Slug        string // makes e-mail addresses unique per contest
	Tracks      []BulkTrack
	// PasswordHash is every generated account's password hash (one argon2id
	// hash, computed once: hashing 60,000 would take minutes).
	PasswordHash   string
	Teams          int
	MembersPerTeam int
	// SubmitEvery: one team in SubmitEvery has submitted one version.
	SubmitEvery int
	Judges      int
	FileSlot    string    // the contest's file slot the stored files fill
	SubmittedAt time.Time // when the entries were submitted
	ExtendedTo  time.Time // the deadline of teams with an extension
	// FlagEvery: every FlagEvery-th submission's file has an entry-check
	// finding.
	FlagEvery int
	Rounds    []BulkRound
}

// BulkTrack is a track of the contest.
type BulkTrack struct {
	ID   int64
	Slug string
}

// BulkRound fills one round, in position order: the first round takes every
// submitted entry, a later one the entries advanced from the one before.
type BulkRound struct {
	ID             int64
	Position       int
	JudgesPerEntry int
	Rubric         any // the round's rubric ([{id, min, max, ...}])
	AdvanceEvery   int // every AdvanceEvery-th entry advances
	FinalPercent   int // share of the sheets submitted
	SavedPercent   int // share of the sheets saved at all (drafts beyond FinalPercent)
}

// BulkResult counts what SeedBulk wrote.
type BulkResult struct {
	Users, Teams, Entries, Assignments, Scores int64
}

// slice is the number of rows per statement where a trigger takes a lock
// per row (roles, team members): the locks last until the statement's
// transaction ends, and the shared lock table holds some thousands.
const slice = 2000

// SeedBulk generates a national-scale contest's rows with set-based SQL, one
// statement per table (per slice where triggers lock rows). It is not one
// transaction: run it on a fresh contest; a failure leaves what was
// written so far.
func (s *Store) SeedBulk(ctx context.Context, b BulkContest) (BulkResult, error) {
	var res BulkResult
	if len(b.Tracks) == 0 || b.Teams < 1 || b.MembersPerTeam < 1 || b.Judges < 1 || b.SubmitEvery < 1 || b.FlagEvery < 1 {
		return res, fmt.Errorf("seed: need tracks, teams, members per team, judges, submit and flag intervals")
	}
	trackIDs := make([]int64, len(b.Tracks))
	trackSlugs := make([]string, len(b.Tracks))
	for i, t := range b.Tracks {
		trackIDs[i], trackSlugs[i] = t.ID, t.Slug
	}
	reserve := func(seq string, n int) (int64, error) {
		var last int64
		if err := s.db.GetContext(ctx, &last, s.q.ReserveIDs, seq, n); err != nil {
			return 0, fmt.Errorf("seed: reserve %s: %w", seq, err)
		}
		return last - int64(n) + 1, nil
	}
	exec := func(what, q string, args ...any) (int64, error) {
		r, err := s.db.ExecContext(ctx, q, args...)
		if err != nil {
			return 0, fmt.Errorf("seed %s: %w", what, err)
		}
		n, _ := r.RowsAffected()
		return n, nil
	}
	participants := b.Teams * b.MembersPerTeam
	firstUser, err := reserve("users_id_seq", participants+b.Judges)
	if err != nil {
		return res, err
	}
	firstJudge := firstUser + int64(participants)
	if _, err := exec("participants", s.q.SeedUsers, firstUser, b.PasswordHash, participants, "p", "."+b.Slug+"@national.example", "Participant"); err != nil {
		return res, err
	}
	if _, err := exec("judges", s.q.SeedUsers, firstJudge, b.PasswordHash, b.Judges, "judge", "."+b.Slug+"@national.example", "Judge"); err != nil {
		return res, err
	}
	res.Users = int64(participants + b.Judges)
	for from := 0; from < participants; from += slice {
		to := min(from+slice, participants) - 1
		if _, err := exec("participant roles", s.q.SeedParticipants, b.ContestID, firstUser+int64(from), firstUser+int64(to)); err != nil {
			return res, err
		}
	}
	if _, err := exec("judge roles", s.q.SeedJudges, b.ContestID, firstJudge, b.Judges, trackSlugs); err != nil {
		return res, err
	}
	firstTeam, err := reserve("teams_id_seq", b.Teams)
	if err != nil {
		return res, err
	}
	if res.Teams, err = exec("teams", s.q.SeedTeams, b.ContestID, firstTeam, b.Teams, trackIDs, firstUser, b.MembersPerTeam, b.ExtendedTo); err != nil {
		return res, err
	}
	for from := 1; from <= participants; from += slice {
		to := min(from+slice-1, participants)
		if _, err := exec("team members", s.q.SeedTeamMembers, b.ContestID, firstTeam, firstUser, from, to, b.MembersPerTeam); err != nil {
			return res, err
		}
	}
	firstSub, err := reserve("submissions_id_seq", b.Teams)
	if err != nil {
		return res, err
	}
	if res.Entries, err = exec("submissions", s.q.SeedSubmissions, b.ContestID, firstTeam, b.Teams, firstSub, b.SubmitEvery, b.SubmittedAt, b.ExtendedTo, b.FileSlot); err != nil {
		return res, err
	}
	if _, err := exec("file checks", s.q.SeedFileChecks, b.ContestID, b.FlagEvery); err != nil {
		return res, err
	}
	for _, r := range b.Rounds {
		rubric, err := json.Marshal(r.Rubric)
		if err != nil {
			return res, fmt.Errorf("seed: rubric: %w", err)
		}
		if _, err := exec("round entries", s.q.SeedRoundEntries, r.ID, b.ContestID, r.Position, max(r.AdvanceEvery, 1)); err != nil {
			return res, err
		}
		var n int64
		if err := s.db.GetContext(ctx, &n, s.q.SeedAssignments, r.ID, b.ContestID, r.JudgesPerEntry); err != nil {
			return res, fmt.Errorf("seed assignments: %w", err)
		}
		res.Assignments += n
		if err := s.db.GetContext(ctx, &n, s.q.SeedScores, r.ID, r.FinalPercent, r.SavedPercent, string(rubric)); err != nil {
			return res, fmt.Errorf("seed scores: %w", err)
		}
		res.Scores += n
	}
	if _, err := exec("audit", s.q.SeedAudit, b.ContestID, b.OrganizerID); err != nil {
		return res, err
	}
	if _, err := exec("statistics", s.q.SeedAnalyze); err != nil {
		return res, err
	}
	return res, nil
}
