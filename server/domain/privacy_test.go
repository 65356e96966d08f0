package domain

import (
	"slices"
	"testing"
	"time"
)

func TestPlanErasure(t *testing.T) {
	u := User{ID: 12, Email: "a@x.org", Name: "Alice"}
	cases := []struct {
		name        string
		teams       []ErasureTeam
		files       []ErasureFile
		deleteTeams []int64
		captains    map[int64]int64
		removeFiles []string
	}{
		{name: "no team, no file", captains: map[int64]int64{}},
		{name: "alone, never submitted: the team goes with its files",
			teams:       []ErasureTeam{{ID: 1, Captain: true}},
			files:       []ErasureFile{{ID: "f1", TeamID: 1}, {ID: "f2", TeamID: 1}},
			deleteTeams: []int64{1}, captains: map[int64]int64{}, removeFiles: []string{"f1", "f2"}},
		{name: "alone, submitted: the team stays, its submitted file too",
			teams:    []ErasureTeam{{ID: 2, Captain: true, Submitted: true}},
			files:    []ErasureFile{{ID: "f1", TeamID: 2, InVersion: true}, {ID: "f2", TeamID: 2}},
			captains: map[int64]int64{}, removeFiles: []string{"f2"}},
		{name: "captain with members: the first to join leads",
			teams:    []ErasureTeam{{ID: 3, Captain: true, Others: []int64{40, 30}}},
			captains: map[int64]int64{3: 40}},
		{name: "member with members: nobody changes captain",
			teams:    []ErasureTeam{{ID: 4, Others: []int64{40}}},
			captains: map[int64]int64{}},
		{name: "with members, never submitted: the team stays, her drafts' files go",
			teams:    []ErasureTeam{{ID: 5, Others: []int64{41}}},
			files:    []ErasureFile{{ID: "mine", TeamID: 5}},
			captains: map[int64]int64{}, removeFiles: []string{"mine"}},
	}
	for _, tc := range cases {
		p := PlanErasure(u, tc.teams, tc.files)
		var removed []string
		for _, f := range p.RemoveFiles {
			removed = append(removed, f.ID)
		}
		if !slices.Equal(p.DeleteTeams, orEmpty(tc.deleteTeams)) || !slices.Equal(removed, tc.removeFiles) || len(p.NewCaptains) != len(tc.captains) {
			t.Errorf("%s: teams %v, files %v, captains %v", tc.name, p.DeleteTeams, removed, p.NewCaptains)
		}
		for team, c := range tc.captains {
			if p.NewCaptains[team] != c {
				t.Errorf("%s: captain of %d is %d, want %d", tc.name, team, p.NewCaptains[team], c)
			}
		}
		if p.ErasedEmail != "deleted-12@deleted.invalid" || p.ErasedName != "Deleted user 12" || p.Name != "Alice" {
			t.Errorf("%s: replaced by %q, %q (name %q)", tc.name, p.ErasedEmail, p.ErasedName, p.Name)
		}
	}
	// A name too short to replace safely in other people's e-mails is left
	// to the address.
	if p := PlanErasure(User{ID: 1, Name: "Al"}, nil, nil); p.Name != "" {
		t.Errorf("short name %q would be replaced in e-mails", p.Name)
	}
}

func orEmpty(v []int64) []int64 {
	if v == nil {
		return []int64{}
	}
	return v
}

func TestPattern(t *testing.T) {
	for in, want := range map[string]string{"": "", "a.b+c@x.org": `a\.b\+c@x\.org`, "Li (Lee)": `Li \(Lee\)`} {
		if got := Pattern(in); got != want {
			t.Errorf("Pattern(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDescribeRetentionAndPurgeAllowed(t *testing.T) {
	deadline := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	published := deadline.AddDate(0, 1, 0)
	at := func(days int) time.Time { return deadline.AddDate(0, 0, days) }
	cases := []struct {
		name  string
		c     Contest
		r     Retention
		now   time.Time
		state string
		due   time.Time
		code  Code // of PurgeAllowed; "" when allowed
	}{
		{"no period", Contest{SubmissionDeadline: deadline}, Retention{}, at(400), RetentionNone, time.Time{}, CodeConflict},
		{"running from the deadline", Contest{SubmissionDeadline: deadline}, Retention{Days: 30}, at(29), RetentionRunning, at(30), CodeTooLate},
		{"over at the due time", Contest{SubmissionDeadline: deadline}, Retention{Days: 30}, at(30), RetentionDue, at(30), ""},
		{"published results start the clock", Contest{SubmissionDeadline: deadline, ResultsPublishedAt: &published}, Retention{Days: 30}, at(45), RetentionRunning, published.AddDate(0, 0, 30), CodeTooLate},
		{"organizers asked", Contest{SubmissionDeadline: deadline}, Retention{Days: 1, NotifiedAt: &published}, at(40), RetentionAsked, at(1), ""},
		{"purged once", Contest{SubmissionDeadline: deadline}, Retention{Days: 1, PurgedAt: &published}, at(40), RetentionPurged, at(1), CodeConflict},
	}
	for _, tc := range cases {
		r := DescribeRetention(tc.c, tc.r, tc.now)
		gotDue := time.Time{}
		if r.DueAt != nil {
			gotDue = *r.DueAt
		}
		err := PurgeAllowed(r)
		if r.State != tc.state || !gotDue.Equal(tc.due) || (tc.code == "" && err != nil) || (tc.code != "" && ErrorCode(err) != tc.code) {
			t.Errorf("%s: state %q due %v (%v); want %q %v %q", tc.name, r.State, gotDue, err, tc.state, tc.due, tc.code)
		}
	}
}
