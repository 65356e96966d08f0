package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/podium-contests/podium/server/domain"
)

// Demo credentials, printed by `podium seed`; for local trials only.
const (
	demoAdminEmail    = "admin@podium.local"
	demoAdminPassword = "podium-admin-pass"
	demoJudgePassword = "podium-judge-pass"
)

func seed(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	ifEmpty := fs.Bool("if-empty", false, "do nothing when the database already has accounts")
	scale := fs.String("scale", "", "generate a contest of this size instead of the demo: national (20,000 teams) or small")
	slug := fs.String("slug", "national", "the generated contest's slug (with --scale)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	sz, ok := scales[*scale]
	if *scale != "" && !ok {
		return fmt.Errorf("seed: --scale must be national or small, not %q", *scale)
	}
	a, err := openApp(ctx)
	if err != nil {
		return err
	}
	defer a.store.Close()
	if *scale != "" {
		_, err := seedScale(ctx, a, *slug, sz, stdout)
		return err
	}
	if *ifEmpty {
		empty, err := a.store.IsEmpty(ctx)
		if err != nil {
			return err
		}
		if !empty {
			fmt.Fprintln(stdout, "database already has data; not seeding")
			return nil
		}
	}
	admin, err := a.accounts.CreateAdmin(ctx, demoAdminEmail, demoAdminPassword)
	if err != nil {
		return fmt.Errorf("seed admin: %w", err)
	}
	fmt.Fprintf(stdout, "demo admin: %s / %s\n", admin.Email, demoAdminPassword)
	contests := &domain.Contests{Store: a.store, Teams: a.store, Subs: a.store, PublicURL: a.cfg.PublicURL}
	now := time.Now().UTC()
	c, err := contests.CreateContest(ctx, admin, domain.ContestInput{
		Slug: "demo", Status: domain.ContestOpen, Title: "Podium Demo Challenge",
		Description: "A demo contest: form a team, fill in the form, upload your pitch deck and submit before the deadline.",
		Timezone:    "Europe/Paris", MaxTeamSize: 4,
		RegistrationOpensAt: now.Add(-time.Hour).Format(time.RFC3339),
		SubmissionOpensAt:   now.Add(-time.Hour).Format(time.RFC3339),
		SubmissionDeadline:  now.Add(30 * 24 * time.Hour).Truncate(time.Hour).Format(time.RFC3339),
		Tracks:              []domain.TrackInput{{Slug: "climate", Title: "Climate"}, {Slug: "health", Title: "Health"}},
		Form: []domain.FormField{
			{Key: "repo", Label: "Source repository", Type: domain.FieldURL, Required: true},
			{Key: "stage", Label: "Stage", Type: domain.FieldSelect, Options: []string{"Idea", "Prototype", "Product"}},
			{Key: "pitch", Label: "One-paragraph pitch", Type: domain.FieldTextarea},
		},
		Files: []domain.FileSlot{
			{Key: "deck", Label: "Pitch deck (PDF)", Required: true, MaxBytes: 50 << 20, Types: []string{".pdf"}},
			{Key: "video", Label: "Demo video", MaxBytes: 2 << 30, Types: []string{".mp4", ".webm", ".mov"}},
		},
	})
	if err != nil {
		return fmt.Errorf("seed contest: %w", err)
	}
	for i, track := range []string{"climate", "health", ""} {
		email := fmt.Sprintf("judge%d@podium.local", i+1)
		// Demo accounts are made verified: nobody reads their mailboxes.
		if _, err := a.accounts.CreateVerifiedUser(ctx, email, demoJudgePassword, fmt.Sprintf("Demo Judge %d", i+1)); err != nil {
			return fmt.Errorf("seed judge: %w", err)
		}
		in := domain.MemberInput{Email: email, Role: domain.RoleJudge, Organization: fmt.Sprintf("Jury %d", i+1)}
		if track != "" {
			in.Tracks = []string{track}
		}
		if _, err := contests.AddMember(ctx, admin, c.Slug, in); err != nil {
			return fmt.Errorf("seed judge: %w", err)
		}
		fmt.Fprintf(stdout, "demo judge: %s / %s\n", email, demoJudgePassword)
	}
	fmt.Fprintf(stdout, "demo contest: %s (%s)\n", c.Title, c.Slug)
	return nil
}
