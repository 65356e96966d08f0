package api

import (
	"fmt"
	"strings"
	"testing"

	"github.com/podium-contests/podium/server/domain"
)

// outboxMail is an e-mail waiting in the outbox.
type outboxMail struct {
	To      string `db:"to_email"`
	Subject string `db:"subject"`
	Body    string `db:"body"`
}

// mailsTo lists the outbox e-mails to an address, oldest first.
func (ts *testServer) mailsTo(to string) []outboxMail {
	ts.t.Helper()
	var out []outboxMail
	if err := ts.store.DB().Select(&out, "SELECT to_email, subject, body FROM outbox WHERE lower(to_email) = lower($1) ORDER BY id", to); err != nil {
		ts.t.Fatal(err)
	}
	return out
}

// lastMailTo is the newest outbox e-mail to an address; the test fails
// when there is none.
func (ts *testServer) lastMailTo(to string) outboxMail {
	ts.t.Helper()
	list := ts.mailsTo(to)
	if len(list) == 0 {
		ts.t.Fatalf("no e-mail to %s", to)
	}
	return list[len(list)-1]
}

// TestAccountLanguage: the language of an account's e-mails comes from
// registration, sign-in or PATCH /me; a language Podium does not write is
// refused by name and changes nothing.
func TestAccountLanguage(t *testing.T) {
	ts := newTestServer(t)
	c := ts.client()
	mustStatus(t, c.do("POST", "/api/v1/auth/register", map[string]string{"email": "li@example.org", "password": "a-long-password", "name": "Li", "language": "zh-CN"}), 201)
	c.login("li@example.org", "a-long-password")
	if got := decode[meResponse](t, c.do("GET", "/api/v1/me", nil)).Language; got != "zh-CN" {
		t.Fatalf("language after registration: %q", got)
	}
	r := c.do("PATCH", "/api/v1/me", map[string]string{"language": "fr"})
	mustStatus(t, r, 400)
	if _, fields := r.errorCode(t); fields["language"] == "" {
		t.Fatalf("fields: %v", fields)
	}
	if got := decode[meResponse](t, c.do("GET", "/api/v1/me", nil)).Language; got != "zh-CN" {
		t.Fatalf("a refused change changed the language: %q", got)
	}
	mustStatus(t, c.do("PATCH", "/api/v1/me", map[string]string{"language": "en-GB"}), 200)
	if got := decode[meResponse](t, c.do("GET", "/api/v1/me", nil)).Language; got != "en" {
		t.Fatalf("language after PATCH: %q", got)
	}
	r = c.do("POST", "/api/v1/auth/login", map[string]string{"email": "li@example.org", "password": "a-long-password", "language": "zh-Hans"})
	mustStatus(t, r, 200)
	c.csrf = decode[loginResponse](t, r).CSRFToken
	if got := decode[meResponse](t, c.do("GET", "/api/v1/me", nil)).Language; got != "zh-CN" {
		t.Fatalf("language after sign-in: %q", got)
	}
	mustStatus(t, ts.client().do("PATCH", "/api/v1/me", map[string]string{"language": "en"}), 401)
}

// TestInvitationEmails: adding a judge e-mails them the invitation's own
// link (no verified account yet) or a link to sign in, in their language; a team member invites
// someone by e-mail with the team's join link.
func TestInvitationEmails(t *testing.T) {
	ts := newTestServer(t)
	admin := ts.admin()
	admin.createContest("green")

	mustStatus(t, admin.do("POST", "/api/v1/contests/green/members", map[string]any{"email": "new-judge@jury.example.net", "role": "judge"}), 201)
	m := ts.lastMailTo("new-judge@jury.example.net")
	if !strings.Contains(m.Subject, "invited as a judge") || !strings.Contains(m.Body, "http://podium.test/invite/") {
		t.Fatalf("invitation to a new address: %+v", m)
	}
	zh := ts.client()
	mustStatus(t, zh.do("POST", "/api/v1/auth/register", map[string]string{"email": "wang@jury.example.net", "password": "a-long-password", "name": "Wang", "language": "zh-CN"}), 201)
	ts.verifyEmail("wang@jury.example.net") // a role goes at once only to a proven address
	mustStatus(t, admin.do("POST", "/api/v1/contests/green/members", map[string]any{"email": "wang@jury.example.net", "role": "judge"}), 201)
	m = ts.lastMailTo("wang@jury.example.net")
	if !strings.Contains(m.Subject, "邀请您担任评委") || !strings.Contains(m.Body, "http://podium.test/signin?contest=green&next=%2Fjudge") {
		t.Fatalf("invitation in Chinese to an account: %+v", m)
	}
	mustStatus(t, admin.do("POST", "/api/v1/contests/green/members", map[string]any{"email": "co-organizer@example.org", "role": "organizer"}), 201)
	if m = ts.lastMailTo("co-organizer@example.org"); !strings.Contains(m.Body, "http://podium.test/invite/") {
		t.Fatalf("organizer invitation: %+v", m)
	}
	ts.signUp("second-organizer@example.org")
	mustStatus(t, admin.do("POST", "/api/v1/contests/green/members", map[string]any{"email": "second-organizer@example.org", "role": "organizer"}), 201)
	if m = ts.lastMailTo("second-organizer@example.org"); !strings.Contains(m.Body, "next=%2Forganize%2Fgreen") {
		t.Fatalf("organizer added: %+v", m)
	}

	captain := ts.signUp("captain@uni.example.edu")
	team := captain.createTeam("green", "Sparks", "energy")
	invite := fmt.Sprintf("/api/v1/teams/%d/invitations", team.ID)
	mustStatus(t, captain.do("POST", invite, map[string]string{"email": "friend@uni.example.edu"}), 202)
	m = ts.lastMailTo("friend@uni.example.edu")
	if !strings.Contains(m.Subject, "Sparks") || !strings.Contains(m.Body, "http://podium.test/c/green/join/"+team.InviteCode) {
		t.Fatalf("team invitation: %+v", m)
	}
	mustStatus(t, captain.do("POST", invite, map[string]string{"email": "wang@jury.example.net"}), 202)
	if m = ts.lastMailTo("wang@jury.example.net"); !strings.Contains(m.Subject, "邀请您加入团队") {
		t.Fatalf("team invitation in Chinese: %+v", m)
	}
	// Bad input names the field and sends nothing; outsiders cannot use the team.
	before := len(ts.mailsTo("captain@uni.example.edu"))
	for _, email := range []string{"not-an-address", "captain@uni.example.edu"} {
		r := captain.do("POST", invite, map[string]string{"email": email})
		mustStatus(t, r, 400)
		if _, fields := r.errorCode(t); fields["email"] == "" {
			t.Fatalf("fields: %v", fields)
		}
	}
	if len(ts.mailsTo("captain@uni.example.edu")) != before {
		t.Fatal("a refused invitation sent an e-mail")
	}
	mustStatus(t, ts.signUp("stranger@example.org").do("POST", invite, map[string]string{"email": "x@example.org"}), 404)
	if len(ts.mailsTo("x@example.org")) != 0 {
		t.Fatal("an outsider's invitation was sent")
	}
}

// TestAssignmentReportsAndEmails: the assignment's answer names the invited
// judge who has no account yet; judges who receive entries after a drop,
// an extra judge or a conflict are e-mailed in their language; organizers
// remind judges with scores still to submit.
func TestAssignmentReportsAndEmails(t *testing.T) {
	f := newJudgingFixture(t, 6, 4)
	ts := f.ts
	mustStatus(t, f.admin.do("POST", "/api/v1/contests/green/members", map[string]any{"email": "late@jury.example.net", "role": "judge"}), 201)
	mustStatus(t, f.judges["judge2@jury.example.net"].do("PATCH", "/api/v1/me", map[string]string{"language": "zh-CN"}), 200)
	f.createRound(t, 2, "mean", false)
	r := f.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", f.round.ID), map[string]any{})
	mustStatus(t, r, 200)
	sum := decode[domain.AssignmentSummary](t, r)
	var late *domain.UnassignedJudge
	for i, u := range sum.Unassigned {
		if u.Email == "late@jury.example.net" {
			late = &sum.Unassigned[i]
		}
	}
	if late == nil || late.Reason != domain.UnassignedNoAccount || late.Message == "" {
		t.Fatalf("unassigned: %+v", sum.Unassigned)
	}
	if m := ts.lastMailTo("judge2@jury.example.net"); !strings.Contains(m.Subject, "个作品待评审") {
		t.Fatalf("assignment e-mail in Chinese: %+v", m)
	}

	// A judge drops out: whoever takes their entries is told.
	leaving := f.assignments(t)[0].JudgeID
	counts := func() map[string]int {
		out := map[string]int{}
		for email := range f.ids {
			out[email] = len(ts.mailsTo(email))
		}
		return out
	}
	before := counts()
	mustStatus(t, f.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/judges/%d/drop", f.round.ID, leaving), map[string]string{"reason": "ill"}), 200)
	told := 0
	for email, n := range counts() {
		if n > before[email] {
			told++
			m := ts.lastMailTo(email)
			if !strings.Contains(m.Subject, "new entries to judge") && !strings.Contains(m.Subject, "新增") {
				t.Fatalf("reassignment e-mail: %+v", m)
			}
		}
	}
	if told == 0 {
		t.Fatal("nobody was told of the reassigned entries")
	}

	// An extra judge is told (the last entry: team 0's has too few judges
	// without a conflict left).
	before = counts()
	var last int64
	for _, a := range f.assignments(t) {
		last = max(last, a.SubmissionID)
	}
	r = f.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/entries/%d/extra-judge", f.round.ID, last), map[string]any{})
	mustStatus(t, r, 201)
	extra := decode[struct {
		JudgeID int64 `json:"judge_id"`
	}](t, r)
	for email, id := range f.ids {
		if id == extra.JudgeID && len(ts.mailsTo(email)) != before[email]+1 {
			t.Fatalf("the extra judge %s was not told", email)
		}
	}

	// A judge declares a conflict: whoever takes the entry is told (an
	// entry other than team 0's, the first, and the one with three judges).
	var conflicted domain.Assignment
	first := last
	for _, a := range f.assignments(t) {
		first = min(first, a.SubmissionID)
	}
	for _, a := range f.assignments(t) {
		if a.SubmissionID != first && a.SubmissionID != last {
			conflicted = a
		}
	}
	var who string
	for email, id := range f.ids {
		if id == conflicted.JudgeID {
			who = email
		}
	}
	before = counts()
	var newest int64
	for _, a := range f.assignments(t) {
		newest = max(newest, a.ID)
	}
	mustStatus(t, f.judges[who].do("POST", fmt.Sprintf("/api/v1/assignments/%d/conflict", conflicted.ID), map[string]string{"reason": "my student"}), 200)
	replaced := 0
	for _, a := range f.assignments(t) {
		if a.ID <= newest {
			continue
		}
		replaced++
		for email, id := range f.ids {
			if id == a.JudgeID && len(ts.mailsTo(email)) != before[email]+1 {
				t.Fatalf("%s took the conflicted entry untold", email)
			}
		}
	}
	if replaced != 1 {
		t.Fatalf("%d replacements for the conflicted entry", replaced)
	}
	// The judge's own list counts the conflict when asked to (the judge
	// portal's progress), and leaves it out otherwise.
	statusOf := func(path string) string {
		for _, a := range decode[[]domain.Assignment](t, f.judges[who].do("GET", path, nil)) {
			if a.ID == conflicted.ID {
				return a.Status
			}
		}
		return ""
	}
	if got := statusOf("/api/v1/me/assignments?include=conflicts"); got != domain.AssignConflict {
		t.Fatalf("conflicted assignment with include=conflicts: %q", got)
	}
	if got := statusOf("/api/v1/me/assignments"); got != "" {
		t.Fatalf("conflicted assignment in the active list: %q", got)
	}

	// Reminders go to every judge with scores still to submit.
	r = f.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/remind", f.round.ID), map[string]any{})
	mustStatus(t, r, 200)
	rem := decode[domain.RemindResult](t, r)
	if len(rem.Reminded) == 0 || rem.Overdue {
		t.Fatalf("remind: %+v", rem)
	}
	for _, x := range rem.Reminded {
		m := ts.lastMailTo(x.Email)
		if !strings.Contains(m.Subject, "Reminder") && !strings.Contains(m.Subject, "提醒") {
			t.Fatalf("reminder to %s: %+v", x.Email, m)
		}
		if !strings.Contains(m.Body, "http://podium.test/judge") {
			t.Fatalf("reminder without a link: %+v", m)
		}
	}
	mustStatus(t, f.judges["judge0@jury.example.net"].do("POST", fmt.Sprintf("/api/v1/rounds/%d/remind", f.round.ID), map[string]any{}), 403)
}
