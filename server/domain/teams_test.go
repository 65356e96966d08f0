package domain

import (
	"strings"
	"testing"
	"time"
)

func TestDescribeListedTeam(t *testing.T) {
	deadline := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	c := Contest{SubmissionDeadline: deadline}
	at := func(d time.Duration) *time.Time { x := deadline.Add(d); return &x }
	for _, tc := range []struct {
		name                       string
		ext, submitted             *time.Time
		version                    int
		wantDeadline               time.Time
		wantExt, wantSub, wantLate bool
	}{
		{name: "nothing yet", wantDeadline: deadline},
		{name: "on time", version: 2, submitted: at(-time.Hour), wantDeadline: deadline, wantSub: true},
		{name: "extended, not submitted", ext: at(6 * time.Hour), wantDeadline: deadline.Add(6 * time.Hour), wantExt: true},
		{name: "late within the extension", ext: at(6 * time.Hour), version: 1, submitted: at(time.Hour), wantDeadline: deadline.Add(6 * time.Hour), wantExt: true, wantSub: true, wantLate: true},
		{name: "an extension before the deadline is none", ext: at(-time.Hour), wantDeadline: deadline},
	} {
		item := TeamListItem{Team: Team{InviteCode: "SECRET", DeadlineExtension: tc.ext}, Version: tc.version, SubmittedAt: tc.submitted}
		describeListedTeam(c, &item)
		if !item.Deadline.Equal(tc.wantDeadline) || item.Extended != tc.wantExt || item.Submitted != tc.wantSub || item.Late != tc.wantLate ||
			item.InviteCode != "" || item.Members == nil {
			t.Errorf("%s: %+v", tc.name, item)
		}
	}
}

func TestContestStatusAndGeneralTrack(t *testing.T) {
	base := ContestInput{Slug: "c1", Title: "C", Timezone: "UTC", RegistrationOpensAt: "2026-01-01T00:00:00Z",
		SubmissionOpensAt: "2026-01-01T00:00:00Z", SubmissionDeadline: "2026-02-01T00:00:00Z", MaxTeamSize: 3}
	for _, tc := range []struct {
		status, want string
		bad          bool
	}{{"", ContestDraft, false}, {"draft", ContestDraft, false}, {"open", ContestOpen, false}, {"closed", "", true}} {
		in := base
		in.Status = tc.status
		c, err := in.Validate()
		if tc.bad {
			if e, ok := err.(*Error); !ok || e.Fields["status"].Message == "" {
				t.Errorf("status %q: %v", tc.status, err)
			}
			continue
		}
		if err != nil || c.Status != tc.want {
			t.Errorf("status %q: %q, %v", tc.status, c.Status, err)
		}
		if len(c.Tracks) != 1 || c.Tracks[0] != GeneralTrack {
			t.Errorf("no tracks given: %+v", c.Tracks)
		}
	}
}

func TestTeamChangeRefusal(t *testing.T) {
	opens := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	deadline := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	closes := deadline.Add(-24 * time.Hour)
	c := Contest{Timezone: "Asia/Shanghai", RegistrationOpensAt: opens, SubmissionDeadline: deadline}
	early := c
	early.RegistrationClosesAt = &closes
	for _, tc := range []struct {
		name string
		c    Contest
		at   time.Time
		want string // in the message; "" for no refusal
	}{
		{"open", c, deadline.Add(-time.Second), ""},
		{"at the deadline", c, deadline, "the team is locked: team registration closed at 2026-12-01 18:00 CST (Asia/Shanghai)"},
		{"registration closes before the deadline", early, closes.Add(time.Minute), "closed at 2026-11-30 18:00 CST"},
		{"before its close", early, closes.Add(-time.Minute), ""},
		{"not open yet", c, opens.Add(-time.Minute), "team registration opens at 2026-11-01 08:00 CST"},
	} {
		err := TeamChangeRefusal(tc.c, tc.at)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%s: refused: %v", tc.name, err)
			}
			continue
		}
		if ErrorCode(err) != CodeTooLate || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want too_late with %q", tc.name, err, tc.want)
		}
	}
}
