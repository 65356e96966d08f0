package api

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/podium-contests/podium/server/domain"
)

// memberList is one page of a contest's members list.
func memberList(t *testing.T, c *client, slug, query string) pageResult[domain.Member] {
	t.Helper()
	r := c.do("GET", "/api/v1/contests/"+slug+"/members"+query, nil)
	mustStatus(t, r, 200)
	return decode[pageResult[domain.Member]](t, r)
}

// memberKey names a row of the members list: an account's e-mail, or an
// invitation's e-mail and role.
func memberKey(m domain.Member) string {
	if m.Invited {
		return "invited " + string(m.Role) + " " + m.Email
	}
	return string(m.Role) + " " + m.Email
}

// memberKeys names the rows of a page.
func memberKeys(list []domain.Member) []string {
	out := make([]string, len(list))
	for i, m := range list {
		out[i] = memberKey(m)
	}
	return out
}

// staffContest makes contest green with two organizers, a track lead,
// three judges (accounts, signed up in this order) and two invitations.
func staffContest(t *testing.T) (*testServer, *client) {
	ts := newTestServer(t)
	admin := ts.admin()
	admin.createContest("green")
	add := func(in map[string]any) {
		t.Helper()
		mustStatus(t, admin.do("POST", "/api/v1/contests/green/members", in), 201)
	}
	for _, p := range []struct{ email, name string }{
		{"grace@navy.example", "Grace Hopper"},
		{"ada@analytical.example", "Ada Lovelace"},
		{"alan@bletchley.example", "Alan Turing"},
		{"lead@example.org", "Lin Lead"},
		{"second@example.org", "Sam Second"},
	} {
		ts.signUpNamed(p.email, p.name)
	}
	add(map[string]any{"email": "grace@navy.example", "role": "judge", "organization": "Navy"})
	add(map[string]any{"email": "ada@analytical.example", "role": "judge", "tracks": []string{"energy"}})
	add(map[string]any{"email": "alan@bletchley.example", "role": "judge"})
	add(map[string]any{"email": "lead@example.org", "role": "track_lead", "tracks": []string{"mobility"}})
	add(map[string]any{"email": "second@example.org", "role": "organizer"})
	add(map[string]any{"email": "new-judge@example.org", "role": "judge", "tracks": []string{"energy"}})
	add(map[string]any{"email": "new-organizer@example.org", "role": "organizer"})
	return ts, admin
}

func TestMembersListPagesInAStableOrder(t *testing.T) {
	t.Parallel()
	_, admin := staffContest(t)
	want := []string{
		"organizer root@example.org", "organizer second@example.org",
		"track_lead lead@example.org",
		"judge grace@navy.example", "judge ada@analytical.example", "judge alan@bletchley.example",
		"invited organizer new-organizer@example.org", "invited judge new-judge@example.org",
	}
	whole := memberList(t, admin, "green", "")
	if got := memberKeys(whole.Items); strings.Join(got, "|") != strings.Join(want, "|") || whole.NextAfter != 0 {
		t.Fatalf("whole list: %q, next %d; want %q, next 0", got, whole.NextAfter, want)
	}
	// Pages of 3 give every row once, in the same order; the last full
	// page's cursor leads to an empty page.
	var got []string
	after, pages := int64(0), 0
	for ; pages < 10; pages++ {
		p := memberList(t, admin, "green", fmt.Sprintf("?limit=3&after=%d", after))
		got = append(got, memberKeys(p.Items)...)
		if len(p.Items) > 3 {
			t.Fatalf("page %d has %d rows", pages, len(p.Items))
		}
		if p.NextAfter == 0 {
			break
		}
		after = p.NextAfter
	}
	if strings.Join(got, "|") != strings.Join(want, "|") || pages != 2 {
		t.Fatalf("paged: %q in %d pages; want %q in 3", got, pages+1, want)
	}
	end := memberList(t, admin, "green", fmt.Sprintf("?limit=4&after=%d", memberList(t, admin, "green", "?limit=4").NextAfter))
	if len(end.Items) != 4 || end.NextAfter == 0 {
		t.Fatalf("second page of 4: %+v", end)
	}
	if last := memberList(t, admin, "green", fmt.Sprintf("?limit=4&after=%d", end.NextAfter)); len(last.Items) != 0 || last.NextAfter != 0 {
		t.Fatalf("after the last row: %+v", last)
	}
	// The rows keep their fields: an account's id, name, tracks and
	// organization; an invitation's id, to revoke it.
	for _, m := range whole.Items {
		switch {
		case m.Email == "grace@navy.example" && (m.UserID == 0 || m.Name != "Grace Hopper" || m.Organization != "Navy" || m.Invited || m.InvitationID != 0 || m.Tracks == nil):
			t.Errorf("judge row: %+v", m)
		case m.Email == "new-judge@example.org" && (!m.Invited || m.InvitationID == 0 || m.UserID != 0 || len(m.Tracks) != 1 || m.Tracks[0] != "energy" || m.CreatedAt.IsZero()):
			t.Errorf("invitation row: %+v", m)
		}
	}
}

func TestMembersListFiltersByRoleAndSearches(t *testing.T) {
	t.Parallel()
	_, admin := staffContest(t)
	cases := []struct {
		query string
		want  []string
	}{
		{"?role=organizer", []string{"organizer root@example.org", "organizer second@example.org"}},
		{"?role=track_lead", []string{"track_lead lead@example.org"}},
		{"?role=judge", []string{"judge grace@navy.example", "judge ada@analytical.example", "judge alan@bletchley.example"}},
		{"?role=invited", []string{"invited organizer new-organizer@example.org", "invited judge new-judge@example.org"}},
		{"?role=judge&limit=2", []string{"judge grace@navy.example", "judge ada@analytical.example"}},
		// Part of a name or an e-mail, ignoring case, on accounts and invitations.
		{"?q=HOPPER", []string{"judge grace@navy.example"}},
		{"?q=" + url.QueryEscape("ada@"), []string{"judge ada@analytical.example"}},
		{"?q=new-", []string{"invited organizer new-organizer@example.org", "invited judge new-judge@example.org"}},
		{"?q=" + url.QueryEscape("  turing "), []string{"judge alan@bletchley.example"}},
		{"?q=example.org&role=organizer", []string{"organizer root@example.org", "organizer second@example.org"}},
		{"?q=example.org&role=invited", []string{"invited organizer new-organizer@example.org", "invited judge new-judge@example.org"}},
		{"?q=hopper&role=organizer", []string{}},
		// LIKE's wildcards match themselves.
		{"?q=" + url.QueryEscape("%"), []string{}},
		{"?q=" + url.QueryEscape("a_a"), []string{}},
	}
	for _, tc := range cases {
		p := memberList(t, admin, "green", tc.query)
		if got := memberKeys(p.Items); strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s: %q, want %q", tc.query, got, tc.want)
		}
	}
	// The filter stays on the next page.
	first := memberList(t, admin, "green", "?role=judge&limit=2")
	rest := memberList(t, admin, "green", fmt.Sprintf("?role=judge&limit=2&after=%d", first.NextAfter))
	if got := memberKeys(rest.Items); len(got) != 1 || got[0] != "judge alan@bletchley.example" || rest.NextAfter != 0 {
		t.Fatalf("second page of judges: %q, next %d", got, rest.NextAfter)
	}
}

func TestMembersListRefusesBadParameters(t *testing.T) {
	t.Parallel()
	_, admin := staffContest(t)
	cases := []struct{ query, field string }{
		{"?role=participant", "role"},
		{"?role=judges", "role"},
		{"?limit=0", "limit"},
		{"?limit=201", "limit"},
		{"?limit=ten", "limit"},
		{"?after=-1", "after"},
		{"?after=x", "after"},
		{"?q=" + strings.Repeat("a", 201), "q"},
		{"?q=%00", "q"},
	}
	for _, tc := range cases {
		r := admin.do("GET", "/api/v1/contests/green/members"+tc.query, nil)
		code, fields := r.errorCode(t)
		if r.Status != 400 || code != "invalid" || fields[tc.field] == "" || len(fields) != 1 {
			t.Errorf("%s: %d %s %v, want 400 invalid naming %s", tc.query, r.Status, code, fields, tc.field)
		}
	}
	if got := len(memberList(t, admin, "green", "?limit=200").Items); got != 8 {
		t.Fatalf("a limit of 200: %d rows, want 8", got)
	}
}
