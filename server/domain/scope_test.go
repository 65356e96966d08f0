package domain

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestPermit(t *testing.T) {
	all := Scope{All: true}
	lead := Scope{Tracks: []string{"energy"}}
	none := Scope{}
	cases := []struct {
		name  string
		s     Scope
		act   Action
		track string
		code  Code // "" when allowed
	}{
		{"an organizer edits the contest", all, ActContest, "", ""},
		{"an organizer sees any team", all, ActTrack, "mobility", ""},
		{"an organizer reads a round", all, ActRound, "", ""},
		{"a lead sees a team of their track", lead, ActTrack, "energy", ""},
		{"a lead does not learn of another track's team", lead, ActTrack, "mobility", CodeNotFound},
		{"a lead reads a round (limited later)", lead, ActRound, "", ""},
		{"a lead may not change the contest", lead, ActContest, "", CodeForbidden},
		{"a lead may not act on the contest even naming their track", lead, ActContest, "energy", CodeForbidden},
		{"nobody: forbidden, callers hide first", none, ActTrack, "energy", CodeForbidden},
		{"nobody reads no round", none, ActRound, "", CodeForbidden},
	}
	for _, tc := range cases {
		err := Permit(tc.s, tc.act, tc.track, "team")
		if tc.code == "" && err != nil || tc.code != "" && ErrorCode(err) != tc.code {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.code)
		}
	}
}

func TestRankingTrack(t *testing.T) {
	cases := []struct {
		name  string
		s     Scope
		track string
		want  string
		code  Code
	}{
		{"an organizer ranks the round", Scope{All: true}, "", "", ""},
		{"an organizer ranks a track", Scope{All: true}, "mobility", "mobility", ""},
		{"a lead of one track gets it by default", Scope{Tracks: []string{"energy"}}, "", "energy", ""},
		{"a lead names their track", Scope{Tracks: []string{"energy", "water"}}, "water", "water", ""},
		{"a lead of several tracks must choose", Scope{Tracks: []string{"energy", "water"}}, "", "", CodeInvalid},
		{"another track's ranking is not found", Scope{Tracks: []string{"energy"}}, "mobility", "", CodeNotFound},
		{"nobody", Scope{}, "", "", CodeForbidden},
	}
	for _, tc := range cases {
		got, err := RankingTrack(tc.s, tc.track)
		if tc.code == "" && (err != nil || got != tc.want) || tc.code != "" && ErrorCode(err) != tc.code {
			t.Errorf("%s: got %q, %v; want %q, %q", tc.name, got, err, tc.want, tc.code)
		}
	}
}

func TestPanelAdmits(t *testing.T) {
	acme := json.RawMessage(`{"sponsor":"Acme","repo":"x"}`)
	other := json.RawMessage(`{"sponsor":"Globex"}`)
	cases := []struct {
		name   string
		p      Panel
		track  string
		fields json.RawMessage
		want   bool
	}{
		{"an ordinary judge sees every entry", Panel{Tracks: []string{"energy"}}, "mobility", other, true},
		{"a track panel sees its track", Panel{Scoped: true, Tracks: []string{"energy"}}, "energy", other, true},
		{"a track panel does not see another track", Panel{Scoped: true, Tracks: []string{"energy"}}, "mobility", acme, false},
		{"a prize panel sees entries that chose the prize", Panel{Prize: "sponsor=Acme"}, "mobility", acme, true},
		{"a prize panel does not see other prizes", Panel{Prize: "sponsor=Acme"}, "mobility", other, false},
		{"a prize panel does not see entries without the answer", Panel{Prize: "sponsor=Acme"}, "energy", json.RawMessage(`{}`), false},
		{"a number answer is not the option", Panel{Prize: "sponsor=1"}, "energy", json.RawMessage(`{"sponsor":1}`), false},
		{"track and prize together", Panel{Scoped: true, Tracks: []string{"energy"}, Prize: "sponsor=Acme"}, "mobility", acme, false},
	}
	for _, tc := range cases {
		if got := tc.p.Admits(tc.track, tc.fields); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestCheckPrize(t *testing.T) {
	c := Contest{Form: []FormField{{Key: "sponsor", Type: "select", Options: []string{"Acme", "Globex"}}, {Key: "repo", Type: "url"}}}
	cases := []struct {
		in, want string
		bad      bool
	}{
		{"", "", false},
		{"sponsor=Acme", "sponsor=Acme", false},
		{" sponsor=Globex ", "sponsor=Globex", false},
		{"sponsor", "", true},
		{"sponsor=Initech", "", true},
		{"repo=x", "", true},
		{"missing=Acme", "", true},
	}
	for _, tc := range cases {
		f := Fields{}
		got := CheckPrize(f, "prize", c, tc.in)
		if got != tc.want || (f.Err() != nil) != tc.bad {
			t.Errorf("CheckPrize(%q) = %q, %v; want %q, bad %v", tc.in, got, f.Err(), tc.want, tc.bad)
		}
		if tc.bad && f["prize"].Message == "" {
			t.Errorf("CheckPrize(%q): no message on the field prize", tc.in)
		}
	}
}

func TestCountProgress(t *testing.T) {
	list := []Assignment{
		{JudgeID: 7, JudgeEmail: "b@x.org", ScoreState: "final"},
		{JudgeID: 3, JudgeEmail: "a@x.org", ScoreState: "draft"},
		{JudgeID: 7, JudgeEmail: "b@x.org", ScoreState: "none"},
		{JudgeID: 3, JudgeEmail: "a@x.org", ScoreState: "final"},
		{JudgeID: 7, JudgeEmail: "b@x.org", ScoreState: "final"},
	}
	got := CountProgress(list)
	want := []JudgeProgress{
		{JudgeID: 3, Email: "a@x.org", Assigned: 2, Done: 1, Drafts: 1, Pending: 1},
		{JudgeID: 7, Email: "b@x.org", Assigned: 3, Done: 2, Pending: 1},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("judge %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	if n := CountProgress(nil); n == nil || len(n) != 0 {
		t.Errorf("no assignments: got %#v, want an empty list", n)
	}
}

func TestLinkState(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	past, future := now.Add(-time.Minute), now.Add(time.Minute)
	two := 2
	cases := []struct {
		name string
		l    RoleLink
		want string
		code Code
	}{
		{"fresh", RoleLink{}, LinkActive, ""},
		{"before its expiry", RoleLink{ExpiresAt: &future}, LinkActive, ""},
		{"at its expiry", RoleLink{ExpiresAt: &now}, LinkExpired, CodeTooLate},
		{"after its expiry", RoleLink{ExpiresAt: &past}, LinkExpired, CodeTooLate},
		{"uses left", RoleLink{MaxUses: &two, Uses: 1}, LinkActive, ""},
		{"used up", RoleLink{MaxUses: &two, Uses: 2}, LinkUsedUp, CodeForbidden},
		{"revoked wins over everything", RoleLink{RevokedAt: &past, ExpiresAt: &past, MaxUses: &two, Uses: 2}, LinkRevoked, CodeForbidden},
	}
	for _, tc := range cases {
		got := LinkState(tc.l, now)
		err := LinkRefusal(got)
		if got != tc.want || (tc.code == "" && err != nil) || (tc.code != "" && ErrorCode(err) != tc.code) {
			t.Errorf("%s: %q, %v; want %q, %q", tc.name, got, err, tc.want, tc.code)
		}
	}
}

func TestAccessOf(t *testing.T) {
	person, admin := User{ID: 3}, User{ID: 4, IsAdmin: true}
	cases := []struct {
		name string
		u    User
		m    Membership
		want Access
	}{
		{"a visitor", User{}, Membership{}, Access{}},
		{"a participant organizes nothing", person, Membership{Roles: []Role{RoleParticipant}}, Access{User: person}},
		{"an organizer", person, Membership{Roles: []Role{RoleOrganizer}}, Access{User: person, Organizer: true}},
		{"a judge", person, Membership{Roles: []Role{RoleJudge}}, Access{User: person, Judge: true}},
		{"a track lead gets their tracks", person, Membership{Roles: []Role{RoleTrackLead}, LeadTracks: []string{"energy"}},
			Access{User: person, LeadTracks: []string{"energy"}}},
		{"tracks without the lead role give nothing", person, Membership{Roles: []Role{RoleJudge}, LeadTracks: []string{"energy"}},
			Access{User: person, Judge: true}},
		{"a platform admin organizes every contest", admin, Membership{}, Access{User: admin, Organizer: true}},
	}
	for _, c := range cases {
		got := accessOf(c.u, c.m)
		if got.User != c.want.User || got.Organizer != c.want.Organizer || got.Judge != c.want.Judge ||
			strings.Join(got.LeadTracks, ",") != strings.Join(c.want.LeadTracks, ",") {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
}
