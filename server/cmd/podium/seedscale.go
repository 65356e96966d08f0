package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/store"
)

// Scale is the size of a generated contest (`podium seed --scale`).
type Scale struct {
	Teams, MembersPerTeam, Tracks, SubmitEvery, Judges int
	// Rounds: judges per entry, every how many entries advance, the share
	// of sheets submitted and saved (percent), per round.
	Rounds []store.BulkRound
}

// scales are the named sizes. national is a national innovation contest:
// 20,000 teams of 3 (60,000 accounts) in 12 tracks, 10,000 entries, 500
// judges, a first round of 30,000 assignments (3 judges an entry, all
// submitted), a second of 1,000 entries and a final of 100.
var scales = map[string]Scale{
	"national": {Teams: 20000, MembersPerTeam: 3, Tracks: 12, SubmitEvery: 2, Judges: 500, Rounds: []store.BulkRound{
		{JudgesPerEntry: 3, AdvanceEvery: 10, FinalPercent: 100, SavedPercent: 100},
		{JudgesPerEntry: 3, AdvanceEvery: 10, FinalPercent: 60, SavedPercent: 80},
		{JudgesPerEntry: 5, AdvanceEvery: 10, FinalPercent: 0, SavedPercent: 30},
	}},
	"small": {Teams: 240, MembersPerTeam: 3, Tracks: 12, SubmitEvery: 2, Judges: 36, Rounds: []store.BulkRound{
		{JudgesPerEntry: 3, AdvanceEvery: 4, FinalPercent: 100, SavedPercent: 100},
		{JudgesPerEntry: 3, AdvanceEvery: 3, FinalPercent: 60, SavedPercent: 80},
		{JudgesPerEntry: 3, AdvanceEvery: 2, FinalPercent: 0, SavedPercent: 30},
	}},
}

// scaleRubric is every generated round's rubric.
var scaleRubric = []domain.RubricItem{
	{ID: "innovation", Label: "Innovation", Weight: 3, Min: 1, Max: 10},
	{ID: "impact", Label: "Impact", Weight: 2, Min: 1, Max: 10},
	{ID: "feasibility", Label: "Feasibility", Weight: 1, Min: 1, Max: 10},
}

// scaleSeed is what seedScale made, for the caller and its tests.
type scaleSeed struct {
	Contest   domain.Contest
	Organizer domain.User
	Rounds    []domain.Round
	Result    store.BulkResult
}

// ScalePassword is the password of every account `seed --scale` makes.
const ScalePassword = "podium-scale-pass"

// seedScale creates contest slug of size sz: the contest, its organizer and
// its rounds through the domain (so they are valid as any other), then the
// bulk rows through store.SeedBulk.
func seedScale(ctx context.Context, a *app, slug string, sz Scale, stdout io.Writer) (scaleSeed, error) {
	var out scaleSeed
	started := time.Now()
	org, err := a.accounts.CreateAdmin(ctx, "organizer."+slug+"@national.example", ScalePassword)
	if err != nil {
		return out, fmt.Errorf("seed organizer: %w", err)
	}
	out.Organizer = org
	contests := &domain.Contests{Store: a.store, Teams: a.store, Subs: a.store, PublicURL: a.cfg.PublicURL}
	judging := &domain.Judging{Contests: contests, Store: a.store}
	now := time.Now().UTC().Truncate(time.Hour)
	deadline := now.Add(-48 * time.Hour)
	tracks := make([]domain.TrackInput, sz.Tracks)
	for i := range tracks {
		tracks[i] = domain.TrackInput{Slug: fmt.Sprintf("track-%02d", i+1), Title: fmt.Sprintf("Track %d", i+1)}
	}
	c, err := contests.CreateContest(ctx, org, domain.ContestInput{
		Slug: slug, Status: domain.ContestOpen, Title: "National Innovation Contest (" + slug + ")",
		Description: "A generated contest of national size, for measurements.",
		Timezone:    "Asia/Shanghai", MaxTeamSize: sz.MembersPerTeam + 2,
		RegistrationOpensAt: now.Add(-60 * 24 * time.Hour).Format(time.RFC3339),
		SubmissionOpensAt:   now.Add(-30 * 24 * time.Hour).Format(time.RFC3339),
		SubmissionDeadline:  deadline.Format(time.RFC3339),
		Tracks:              tracks,
		Files:               []domain.FileSlot{{Key: "deck", Label: "Pitch deck (PDF)", Required: true, MaxBytes: 50 << 20, Types: []string{".pdf"}}},
	})
	if err != nil {
		return out, fmt.Errorf("seed contest: %w", err)
	}
	out.Contest = c
	names := []string{"Preliminary", "Semi-final", "Final"}
	bulk := store.BulkContest{ContestID: c.ID, OrganizerID: org.ID, Slug: slug, Teams: sz.Teams, MembersPerTeam: sz.MembersPerTeam,
		SubmitEvery: sz.SubmitEvery, Judges: sz.Judges, FileSlot: "deck", SubmittedAt: deadline.Add(-3 * time.Hour),
		ExtendedTo: deadline.Add(24 * time.Hour), FlagEvery: 50}
	if bulk.PasswordHash, err = domain.HashPassword(ScalePassword); err != nil {
		return out, err
	}
	for _, t := range c.Tracks {
		bulk.Tracks = append(bulk.Tracks, store.BulkTrack{ID: t.ID, Slug: t.Slug})
	}
	for i, spec := range sz.Rounds {
		r, err := judging.CreateRound(ctx, org, slug, domain.RoundInput{Name: names[i%len(names)], Rubric: scaleRubric,
			JudgesPerEntry: spec.JudgesPerEntry, Method: "calibrated", ClosesAt: now.Add(30 * 24 * time.Hour).Format(time.RFC3339)})
		if err != nil {
			return out, fmt.Errorf("seed round %d: %w", i+1, err)
		}
		out.Rounds = append(out.Rounds, r)
		spec.ID, spec.Position, spec.Rubric = r.ID, r.Position, scaleRubric
		bulk.Rounds = append(bulk.Rounds, spec)
	}
	if out.Result, err = a.store.SeedBulk(ctx, bulk); err != nil {
		return out, err
	}
	res := out.Result
	fmt.Fprintf(stdout, "contest %s: %d accounts, %d teams, %d entries, %d judges, %d rounds, %d assignments, %d score sheets in %.1f s\n",
		slug, res.Users, res.Teams, res.Entries, sz.Judges, len(sz.Rounds), res.Assignments, res.Scores, time.Since(started).Seconds())
	fmt.Fprintf(stdout, "organizer: %s / %s (every generated account has this password)\n", org.Email, ScalePassword)
	return out, nil
}
