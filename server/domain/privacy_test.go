package domain

import (
	"slices"
	"testing"
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
