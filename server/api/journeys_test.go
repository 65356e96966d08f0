package api

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/podium-contests/podium/server/domain"
)

// formOnlyInput is contestInput without any file slot: an idea contest.
func formOnlyInput(slug string) map[string]any {
	in := contestInput(slug)
	in["files"] = []map[string]any{}
	return in
}

// A contest without file slots accepts entries, and their receipts carry
// an empty list of files whose digest anyone can recompute.
func TestFormOnlyContestAcceptsEntries(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.admin()
	mustStatus(t, admin.do("POST", "/api/v1/contests", formOnlyInput("ideas")), 201)
	cap := ts.signUp("cap@example.org")
	team := cap.createTeam("ideas", "Owls", "energy")
	base := fmt.Sprintf("/api/v1/teams/%d/submission", team.ID)
	mustStatus(t, cap.do("PUT", base, map[string]any{"title": "An idea", "fields": map[string]string{"repo": "https://git.example.org/owls"}}), 200)
	r := cap.do("POST", base+"/submit", map[string]any{})
	mustStatus(t, r, 201)
	rc := decode[receiptResult](t, r).Receipt
	if rc.Version != 1 || rc.Files == nil || len(rc.Files) != 0 || rc.Digest != domain.ComputeDigest(rc) {
		t.Fatalf("receipt: %+v", rc)
	}
	again := decode[receiptResult](t, cap.do("GET", base+"/versions/1", nil)).Receipt
	if again.Files == nil || again.Digest != rc.Digest || domain.ComputeDigest(again) != rc.Digest {
		t.Fatalf("stored receipt: %+v", again)
	}
}

// teamList is one page of the organizer's team list.
func teamList(t *testing.T, c *client, slug, query string) pageResult[domain.TeamListItem] {
	t.Helper()
	r := c.do("GET", "/api/v1/contests/"+slug+"/teams"+query, nil)
	mustStatus(t, r, 200)
	return decode[pageResult[domain.TeamListItem]](t, r)
}

func teamNames(list []domain.TeamListItem) []string {
	out := []string{}
	for _, x := range list {
		out = append(out, x.Name)
	}
	return out
}

// The organizer's team list says who is in each team, whether and when it
// submitted, late or not, and its effective deadline (an extension shows at
// once); it filters, searches and pages.
func TestOrganizerTeamList(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.admin()
	contest := admin.createContest("green")
	owls := ts.signUp("owl@uni.example.edu")
	owlTeam := owls.createTeam("green", "Owls", "energy")
	mate := ts.signUp("mate@other.example.net")
	mustStatus(t, mate.do("POST", "/api/v1/contests/green/teams/join", map[string]string{"invite_code": owlTeam.InviteCode}), 200)
	base := fmt.Sprintf("/api/v1/teams/%d/submission", owlTeam.ID)
	mustStatus(t, owls.do("PUT", base, map[string]any{"title": "Owl power", "fields": map[string]string{"repo": "https://git.example.org/owls"}}), 200)
	owls.uploadPDF(owlTeam.ID, pdfBytes(1024))
	mustStatus(t, owls.do("POST", base+"/submit", map[string]any{}), 201)
	mustStatus(t, owls.do("POST", base+"/submit", map[string]any{}), 201)
	foxes := ts.signUp("fox@uni.example.edu").createTeam("green", "Foxes_1", "mobility")
	ts.signUp("bat@example.org").createTeam("green", "Bats", "energy")

	// The member's own list says the deadline too.
	if mine := decode[[]domain.Team](t, owls.do("GET", "/api/v1/me/teams", nil)); len(mine) != 1 || !mine[0].Deadline.Equal(contest.SubmissionDeadline) {
		t.Fatalf("my teams: %+v", mine)
	}
	all := teamList(t, admin, "green", "")
	if got := teamNames(all.Items); len(got) != 3 || got[0] != "Owls" || all.NextAfter != 0 {
		t.Fatalf("list: %v (next %d)", got, all.NextAfter)
	}
	o := all.Items[0]
	if !o.Submitted || o.Version != 2 || o.SubmittedAt == nil || o.Late || o.Extended || !o.Deadline.Equal(contest.SubmissionDeadline) ||
		len(o.Members) != 2 || o.Members[0].Name == "" || o.Members[1].Email != "mate@other.example.net" || o.InviteCode != "" {
		t.Fatalf("owls: %+v", o)
	}
	if f := all.Items[1]; f.Submitted || f.Version != 0 || f.SubmittedAt != nil || len(f.Members) != 1 || !f.Deadline.Equal(contest.SubmissionDeadline) {
		t.Fatalf("foxes: %+v", f)
	}

	// An extension shows at once, as the effective deadline.
	until := contest.SubmissionDeadline.Add(6 * time.Hour)
	mustStatus(t, admin.do("POST", fmt.Sprintf("/api/v1/teams/%d/extension", foxes.ID), map[string]string{"until": until.Format(time.RFC3339), "reason": "flood"}), 200)
	ext := teamList(t, admin, "green", "?extended=true")
	if len(ext.Items) != 1 || ext.Items[0].ID != foxes.ID || !ext.Items[0].Extended || !ext.Items[0].Deadline.Equal(until) {
		t.Fatalf("extended: %+v", ext.Items)
	}

	for query, want := range map[string]string{
		"?status=submitted":                  "Owls",
		"?status=not_submitted":              "Foxes_1,Bats",
		"?status=late":                       "", // Owls submitted in time
		"?track=mobility":                    "Foxes_1",
		"?track=energy&status=not_submitted": "Bats",
		"?q=other.example":                   "Owls",    // a member's e-mail
		"?q=FOX":                             "Foxes_1", // the name, ignoring case
		"?q=s_":                              "Foxes_1", // _ is a character, not a wildcard
		"?q=%25":                             "",
	} {
		if got := strings.Join(teamNames(teamList(t, admin, "green", query).Items), ","); got != want {
			t.Errorf("%s: %s, want %s", query, got, want)
		}
	}
	// Pages of ?after=&limit=.
	p1 := teamList(t, admin, "green", "?limit=2")
	p2 := teamList(t, admin, "green", fmt.Sprintf("?limit=2&after=%d", p1.NextAfter))
	if len(p1.Items) != 2 || p1.NextAfter != p1.Items[1].ID || len(p2.Items) != 1 || p2.Items[0].Name != "Bats" || p2.NextAfter != 0 {
		t.Fatalf("pages: %v then %v", teamNames(p1.Items), teamNames(p2.Items))
	}
	// Bad filters name their parameter.
	for query, field := range map[string]string{"?track=space": "track", "?status=early": "status", "?extended=maybe": "extended"} {
		r := admin.do("GET", "/api/v1/contests/green/teams"+query, nil)
		mustStatus(t, r, 400)
		if _, fl := r.errorCode(t); fl[field] == "" {
			t.Errorf("%s: %s", query, r.Body)
		}
	}

	// A version submitted within the extension, after the contest's
	// deadline, is late.
	fox := ts.client()
	fox.login("fox@uni.example.edu", "a-long-password")
	ts.con.Now = func() time.Time { return contest.SubmissionDeadline.Add(time.Hour) }
	defer func() { ts.con.Now = nil }()
	fb := fmt.Sprintf("/api/v1/teams/%d/submission", foxes.ID)
	mustStatus(t, fox.do("PUT", fb, map[string]any{"title": "Fox trot", "fields": map[string]string{"repo": "https://git.example.org/fox"}}), 200)
	fox.uploadPDF(foxes.ID, pdfBytes(1024))
	mustStatus(t, fox.do("POST", fb+"/submit", map[string]any{}), 201)
	late := teamList(t, admin, "green", "?track=mobility").Items[0]
	if !late.Submitted || !late.Late || !late.Extended {
		t.Fatalf("late entry: %+v", late)
	}
}

// A new contest is a draft: only its organizers and platform admins see
// it, it takes no teams, and an organizer opens it (audited).
func TestDraftContests(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.admin()
	in := contestInput("secret")
	delete(in, "status")
	r := admin.do("POST", "/api/v1/contests", in)
	mustStatus(t, r, 201)
	if c := decode[domain.Contest](t, r); c.Status != "draft" {
		t.Fatalf("new contest: %q", c.Status)
	}
	admin.createContest("public")
	in = contestInput("bad")
	in["status"] = "closed"
	r = admin.do("POST", "/api/v1/contests", in)
	mustStatus(t, r, 400)
	if _, fl := r.errorCode(t); fl["status"] == "" {
		t.Fatalf("%s", r.Body)
	}
	org := ts.signUp("org@example.org")
	mustStatus(t, admin.do("POST", "/api/v1/contests/secret/members", map[string]any{"email": "org@example.org", "role": "organizer"}), 201)
	visitor, user := ts.client(), ts.signUp("user@example.org")

	slugs := func(c *client) string {
		var out []string
		for _, x := range decode[pageResult[domain.Contest]](t, c.do("GET", "/api/v1/contests", nil)).Items {
			out = append(out, x.Slug)
		}
		return strings.Join(out, ",")
	}
	for name, c := range map[string]*client{"visitor": visitor, "user": user} {
		if got := slugs(c); got != "public" {
			t.Errorf("%s lists %s", name, got)
		}
		mustStatus(t, c.do("GET", "/api/v1/contests/secret", nil), 404)
	}
	for name, c := range map[string]*client{"admin": admin, "organizer": org} {
		if got := slugs(c); got != "secret,public" {
			t.Errorf("%s lists %s", name, got)
		}
		mustStatus(t, c.do("GET", "/api/v1/contests/secret", nil), 200)
	}
	// No team in a draft; the status is not edited by PATCH.
	mustStatus(t, user.do("POST", "/api/v1/contests/secret/teams", map[string]string{"name": "Owls", "track": "energy"}), 404)
	r = org.do("PATCH", "/api/v1/contests/secret", map[string]any{"status": "open"})
	mustStatus(t, r, 400)
	mustStatus(t, user.do("POST", "/api/v1/contests/secret/open", map[string]any{}), 404)

	r = org.do("POST", "/api/v1/contests/secret/open", map[string]any{})
	mustStatus(t, r, 200)
	if c := decode[domain.Contest](t, r); c.Status != "open" {
		t.Fatalf("opened: %q", c.Status)
	}
	mustStatus(t, visitor.do("GET", "/api/v1/contests/secret", nil), 200)
	user.createTeam("secret", "Owls", "energy")
	audit := decode[pageResult[domain.AuditEntry]](t, admin.do("GET", "/api/v1/contests/secret/audit", nil))
	if len(audit.Items) == 0 || audit.Items[0].Action != "contest.open" { // newest first
		t.Fatalf("audit: %+v", audit.Items)
	}
}

// An invite link's page names the team, its track and its captain for
// anyone holding the code, and nothing without it.
func TestInvitePreview(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.admin()
	admin.createContest("green")
	admin.createContest("other")
	cap := ts.client()
	mustStatus(t, cap.do("POST", "/api/v1/auth/register", map[string]string{"email": "ada@example.org", "password": "a-long-password", "name": "Ada Lovelace"}), 201)
	ts.verifyEmail("ada@example.org")
	cap.login("ada@example.org", "a-long-password")
	team := cap.createTeam("green", "Owls", "mobility")

	visitor := ts.client()
	r := visitor.do("GET", "/api/v1/contests/green/invite?code="+team.InviteCode, nil)
	mustStatus(t, r, 200)
	p := decode[domain.TeamPreview](t, r)
	if p.Team != "Owls" || p.Track != "mobility" || p.TrackTitle != "Mobility" || p.Captain != "Ada Lovelace" || p.Members != 1 ||
		p.Contest != "Green Tech Challenge" || p.MaxTeamSize != 3 {
		t.Fatalf("preview: %+v", p)
	}
	if strings.Contains(string(r.Body), "ada@example.org") || strings.Contains(string(r.Body), team.InviteCode) {
		t.Fatalf("preview reveals more than it should: %s", r.Body)
	}
	for _, path := range []string{"/api/v1/contests/green/invite", "/api/v1/contests/green/invite?code=WRONGCODE2",
		"/api/v1/contests/other/invite?code=" + team.InviteCode} {
		mustStatus(t, visitor.do("GET", path, nil), 404)
	}
	// Throttled per address.
	guesser := ts.client()
	guesser.ip = "198.51.100.77"
	status := 0
	for i := 0; i < 70 && status != 429; i++ {
		status = guesser.do("GET", fmt.Sprintf("/api/v1/contests/green/invite?code=GUESS%d", i), nil).Status
	}
	if status != 429 {
		t.Fatalf("70 guesses from one address: last status %d", status)
	}
}

// A file worth resuming (here 20 MiB) gets a multipart upload, which
// resumes after a pause; only small files get a one-shot POST.
func TestMidSizeUploadsResume(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.admin().createContest("green")
	cap := ts.signUp("cap@example.org")
	team := cap.createTeam("green", "Owls", "energy")
	r, nf := cap.declare(team.ID, "video", "demo.mp4", 20<<20, sha(pdfBytes(16)))
	mustStatus(t, r, 201)
	if nf.Upload.Method != "MULTIPART" || nf.Upload.PartSize < 5<<20 || len(nf.Upload.Parts) < 3 {
		t.Fatalf("20 MiB: %s in %d parts of %d bytes", nf.Upload.Method, len(nf.Upload.Parts), nf.Upload.PartSize)
	}
	if r, nf = cap.declare(team.ID, "video", "demo.mp4", 16<<20, sha(pdfBytes(16))); nf.Upload.Method != "POST" {
		t.Fatalf("16 MiB: %s (%d)", nf.Upload.Method, r.Status)
	}
}

// A version's receipt comes with what a person needs to read it: the team,
// the contest and its time zone, and the labels of the answers and files.
func TestReceiptNamesTeamContestAndLabels(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.admin().createContest("green")
	cap := ts.signUp("cap@example.org")
	team := cap.createTeam("green", "Owls", "energy")
	base := fmt.Sprintf("/api/v1/teams/%d/submission", team.ID)
	mustStatus(t, cap.do("PUT", base, map[string]any{"title": "Owl power", "fields": map[string]string{"repo": "https://git.example.org/owls", "stage": "idea"}}), 200)
	cap.uploadPDF(team.ID, pdfBytes(2048))
	rc := decode[receiptResult](t, cap.do("POST", base+"/submit", map[string]any{})).Receipt
	r := cap.do("GET", base+"/versions/1", nil)
	mustStatus(t, r, 200)
	v := decode[domain.ReceiptView](t, r)
	if v.Receipt.Digest != rc.Digest || domain.ComputeDigest(v.Receipt) != rc.Digest || v.Receipt.Fields["stage"] != "idea" {
		t.Fatalf("receipt: %+v", v.Receipt)
	}
	if v.Team.Name != "Owls" || v.Team.Track != "Energy" || v.Contest.Slug != "green" || v.Contest.Title != "Green Tech Challenge" || v.Contest.Timezone != "Asia/Shanghai" {
		t.Fatalf("context: %+v %+v", v.Team, v.Contest)
	}
	if len(v.Contest.Form) != 2 || v.Contest.Form[0] != (domain.Label{Key: "repo", Label: "Repository"}) || len(v.Contest.Files) != 2 || v.Contest.Files[0].Label != "Pitch deck" {
		t.Fatalf("labels: %+v %+v", v.Contest.Form, v.Contest.Files)
	}
}

// A late write is refused with the deadline written for people, in the
// contest's time zone.
func TestTooLateSaysTheDeadlineInTheContestZone(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.admin().createContest("green")
	cap := ts.signUp("cap@example.org")
	team := cap.createTeam("green", "Owls", "energy")
	ts.con.Now = func() time.Time { return c.SubmissionDeadline.Add(time.Minute) }
	defer func() { ts.con.Now = nil }()
	r := cap.do("POST", fmt.Sprintf("/api/v1/teams/%d/submission/submit", team.ID), map[string]any{})
	mustStatus(t, r, 422)
	var e errorBody
	r.json(t, &e)
	want := c.SubmissionDeadline.In(time.FixedZone("CST", 8*3600)).Format("2006-01-02 15:04") + " CST (Asia/Shanghai)"
	if e.Error.Code != domain.CodeTooLate || !strings.Contains(e.Error.Message, want) {
		t.Fatalf("%s, want the deadline as %q", r.Body, want)
	}
}
