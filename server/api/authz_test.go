package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/podium-contests/podium/server/domain"
)

// The authorization matrix: every route of the OpenAPI document, called by
// every kind of caller on objects that belong to someone else (contest
// "alpha", its team A1 and what hangs off it), must end in the expected
// class of outcome. A route without a row fails the test, so a new route
// cannot ship without someone deciding who may call it.

// role is one kind of caller of the matrix.
type role int

const (
	anonymous     role = iota
	member             // participant (captain) of team A1
	otherTeam          // participant of team A2, same contest
	judgeAssigned      // judge assigned to A1's entry
	judgeOther         // judge of the contest, not assigned to A1
	judgeConflict      // judge who declared a conflict with team A1
	organizerA         // organizer of contest alpha (not an admin)
	organizerB         // organizer of contest beta only
	platformAdmin      // platform admin (created alpha and beta)
	formerMember       // left team A1 after it submitted
	trackLeadIn        // track lead of alpha's energy track (A1's)
	trackLeadOut       // track lead of alpha's mobility track (A2's)
	sponsorJudge       // judge of alpha limited to the mobility track
	roleCount
)

var roleNames = [roleCount]string{"anonymous", "participant of this team", "participant of another team",
	"judge assigned", "judge not assigned", "judge with a conflict", "organizer of this contest",
	"organizer of another contest", "platform admin", "former member of this team",
	"track lead of this team's track", "track lead of another track", "sponsor judge of another track"}

func (r role) String() string { return roleNames[r] }

// outcome is the class of answer a role must get.
type outcome int

const (
	// refused: 401, 403 or 404.
	refused outcome = iota
	// allowed: 2xx or 3xx.
	allowed
	// admitted: past authorization, though the request may still fail on its
	// merits (a 400, 409 or 422 for a body chosen so that a destructive action
	// does not run) — anything but 401/403/404 and 5xx.
	admitted
)

func (o outcome) String() string {
	return [...]string{"refused (401/403/404)", "allowed (2xx/3xx)", "admitted (not 401/403/404)"}[o]
}

func (o outcome) matches(status int) bool {
	if status >= 500 || status < 200 {
		return false
	}
	denied := status == 401 || status == 403 || status == 404
	switch o {
	case allowed:
		return status < 400
	case admitted:
		return !denied
	default:
		return denied
	}
}

// expect maps roles to outcomes; roles not listed must be refused.
type expect map[role]outcome

func only(o outcome, roles ...role) expect {
	e := expect{}
	for _, r := range roles {
		e[r] = o
	}
	return e
}

var everyone = []role{anonymous, member, otherTeam, judgeAssigned, judgeOther, judgeConflict, organizerA, organizerB, platformAdmin, formerMember,
	trackLeadIn, trackLeadOut, sponsorJudge}
var signedInRoles = everyone[1:]
var alphaOrganizers = []role{organizerA, platformAdmin}

// alphaLeads are alpha's organizers and both of its track leads: a round's
// views, limited to each lead's track.
var alphaLeads = []role{organizerA, platformAdmin, trackLeadIn, trackLeadOut}

// a1Organizers may organize team A1: alpha's organizers and the lead of
// A1's track.
var a1Organizers = []role{organizerA, platformAdmin, trackLeadIn}

// alphaJudges are alpha's judges, the sponsor judge among them.
var alphaJudges = []role{judgeAssigned, judgeOther, judgeConflict, sponsorJudge}

// authzFixture is the shared world of the matrix.
type authzFixture struct {
	ts      *testServer
	callers [roleCount]*client
	userIDs [roleCount]int64
	// contest alpha
	teamA1, teamA2, teamA3 domain.Team
	entryA1, entryA2       int64
	teammate               int64  // A1's second member
	storedFile             string // A1's submitted PDF
	pendingFile            string // declared by A1, never uploaded
	round                  domain.Round
	assignmentA1           int64 // judgeAssigned's assignment on A1
	exportID               string
	packetID               string // judgeAssigned's offline packet of round
	roleLink               int64  // an invitation link of alpha
	certificate            string // the A1 captain's certificate code
	liveRound              domain.Round
	liveRoom               domain.LiveRoomSetup // Hall B: judgeOther moderates, judgeConflict sits in
	displayToken           string
	victimToken            int64 // someone else's API token
	loginEmail             string
	base                   string // the socket of listenOnce
	n                      int
}

// freshInvitation invites a new address to alpha and returns the
// invitation's id.
func (f *authzFixture) freshInvitation() int64 {
	email := fmt.Sprintf("invited%d@example.org", f.fresh())
	admin := f.callers[platformAdmin]
	mustStatus(f.ts.t, admin.do("POST", "/api/v1/contests/alpha/members", map[string]any{"email": email, "role": "judge"}), 201)
	for _, m := range memberList(f.ts.t, admin, "alpha", "?role=invited&q="+url.QueryEscape(email)).Items {
		if m.Email == email {
			return m.InvitationID
		}
	}
	f.ts.t.Fatalf("invitation of %s not listed", email)
	return 0
}

// ssoSettings are valid settings of a sign-in provider.
func ssoSettings(slug string) map[string]any {
	return map[string]any{"slug": slug, "name": "SSO " + slug, "issuer": "https://login.example.edu/", "client_id": "podium"}
}

// ssoProvider configures a new sign-in provider (not reachable: the
// matrix never signs in with it).
func (f *authzFixture) ssoProvider() domain.OIDCProvider {
	p, err := f.ts.deps.SSO.Store.SaveOIDCProvider(f.ts.t.Context(), domain.OIDCProvider{Slug: fmt.Sprintf("sso%d", f.fresh()),
		Name: "SSO", Issuer: "https://login.example.edu/", ClientID: "podium", AllowedDomains: []string{}, Enabled: true})
	if err != nil {
		f.ts.t.Fatal(err)
	}
	return p
}

// freshOverride records a new jury decision on alpha (withholding its
// award) and returns its id.
func (f *authzFixture) freshOverride() int64 {
	admin := f.callers[platformAdmin]
	r := admin.do("POST", "/api/v1/contests/alpha/final/overrides", map[string]any{"kind": "withhold", "award": "Prize", "reason": "matrix"})
	mustStatus(f.ts.t, r, 201)
	return decode[domain.Override](f.ts.t, r).ID
}

// audienceToken is the key of alpha's audience screen.
func (f *authzFixture) audienceToken() string {
	return decode[domain.PresenterView](f.ts.t, f.callers[platformAdmin].do("GET", "/api/v1/contests/alpha/ceremony", nil)).AudienceToken
}

// fresh returns a new number for names that must not repeat.
func (f *authzFixture) fresh() int { f.n++; return f.n }

func newAuthzFixture(t *testing.T) *authzFixture {
	ts := newTestServer(t)
	ts.startJobs()
	f := &authzFixture{ts: ts}
	admin := ts.admin()
	admin.createContest("alpha")
	admin.createContest("beta")
	mustStatus(t, admin.do("PATCH", "/api/v1/contests/alpha", map[string]any{"feedback_enabled": true}), 200)

	people := map[role]string{member: "captain-a1@example.org", otherTeam: "captain-a2@example.org",
		organizerA: "org-alpha@example.org", organizerB: "org-beta@example.org"}
	judges := []string{"judge1@jury.example.net", "judge2@jury.example.net", "judge3@jury.example.net"}
	for _, email := range []string{people[organizerA], people[organizerB]} {
		ts.signUp(email)
	}
	mustStatus(t, admin.do("POST", "/api/v1/contests/alpha/members", map[string]any{"email": people[organizerA], "role": "organizer"}), 201)
	mustStatus(t, admin.do("POST", "/api/v1/contests/beta/members", map[string]any{"email": people[organizerB], "role": "organizer"}), 201)
	// Two track leads and a sponsor judge limited to mobility (A2's track).
	scoped := map[role]map[string]any{
		trackLeadIn:  {"email": "lead-energy@example.org", "role": "track_lead", "tracks": []string{"energy"}},
		trackLeadOut: {"email": "lead-mobility@example.org", "role": "track_lead", "tracks": []string{"mobility"}},
		sponsorJudge: {"email": "sponsor@sponsor.example.com", "role": "judge", "scoped": true, "tracks": []string{"mobility"}},
	}
	scopedClients := map[role]*client{}
	for r, in := range scoped {
		scopedClients[r] = ts.signUp(in["email"].(string))
		mustStatus(t, admin.do("POST", "/api/v1/contests/alpha/members", in), 201)
	}
	judgeClients := map[string]*client{}
	for _, email := range judges {
		mustStatus(t, admin.do("POST", "/api/v1/contests/alpha/members", map[string]any{"email": email, "role": "judge"}), 201)
		judgeClients[email] = ts.signUp(email)
	}
	sessions := map[role]*client{platformAdmin: admin}
	for r, c := range scopedClients {
		sessions[r] = c
	}
	for r, email := range people {
		if r == organizerA || r == organizerB {
			c := ts.client()
			c.ip = fmt.Sprintf("198.51.100.%d", 100+int(r))
			c.login(email, "a-long-password")
			sessions[r] = c
		}
	}

	submitTeam := func(email, name, track string) (*client, domain.Team, int64, string) {
		c := ts.signUp(email)
		team := c.createTeam("alpha", name, track)
		base := fmt.Sprintf("/api/v1/teams/%d/submission", team.ID)
		mustStatus(t, c.do("PUT", base, map[string]any{"title": name, "fields": map[string]string{"repo": "https://git.example.org/" + name}}), 200)
		file := c.uploadPDF(team.ID, pdfBytes(2048))
		r := c.do("POST", base+"/submit", map[string]any{})
		mustStatus(t, r, 201)
		return c, team, decode[receiptResult](t, r).Receipt.SubmissionID, file.ID
	}
	var a1 *client
	a1, f.teamA1, f.entryA1, f.storedFile = submitTeam(people[member], "A1", "energy")
	sessions[member] = a1
	mate := ts.signUp("mate-a1@example.org")
	mustStatus(t, mate.do("POST", "/api/v1/contests/alpha/teams/join", map[string]string{"invite_code": f.teamA1.InviteCode}), 200)
	f.teammate = decode[meResponse](t, mate.do("GET", "/api/v1/me", nil)).User.ID
	// Someone who joins A1 after it submitted and leaves again: no longer a
	// member, still counted with A1 (for conflicts), and not free to enter
	// another team of the contest.
	former := ts.signUp("former-a1@example.org")
	mustStatus(t, former.do("POST", "/api/v1/contests/alpha/teams/join", map[string]string{"invite_code": f.teamA1.InviteCode}), 200)
	mustStatus(t, former.do("POST", fmt.Sprintf("/api/v1/teams/%d/leave", f.teamA1.ID), map[string]any{}), 200)
	sessions[formerMember] = former
	sessions[otherTeam], f.teamA2, f.entryA2, _ = submitTeam(people[otherTeam], "A2", "mobility")
	f.teamA3 = ts.signUp("captain-a3@example.org").createTeam("alpha", "A3", "energy") // joinable, never submitted

	// judge3 declares a conflict with team A1 before the assignment.
	mustStatus(t, judgeClients[judges[2]].do("POST", "/api/v1/contests/alpha/conflicts",
		map[string]any{"team_id": f.teamA1.ID, "reason": "my cousin's team"}), 201)
	sessions[judgeConflict] = judgeClients[judges[2]]

	r := admin.do("POST", "/api/v1/contests/alpha/rounds", map[string]any{
		"name": "Preliminary", "judges_per_entry": 1, "method": "mean",
		"closes_at": time.Now().Add(24 * time.Hour).Format(time.RFC3339),
		"rubric":    []map[string]any{{"id": "impact", "label": "Impact", "weight": 1, "min": 1, "max": 10}},
	})
	mustStatus(t, r, 201)
	f.round = decode[domain.Round](t, r)
	mustStatus(t, admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", f.round.ID), map[string]any{}), 200)
	ids := map[int64]string{}
	for email, c := range judgeClients {
		ids[decode[meResponse](t, c.do("GET", "/api/v1/me", nil)).User.ID] = email
	}
	for _, a := range decode[[]domain.Assignment](t, admin.do("GET", fmt.Sprintf("/api/v1/rounds/%d/assignments", f.round.ID), nil)) {
		if a.SubmissionID == f.entryA1 {
			f.assignmentA1 = a.ID
			sessions[judgeAssigned] = judgeClients[ids[a.JudgeID]]
		}
	}
	if sessions[judgeAssigned] == nil || sessions[judgeAssigned] == sessions[judgeConflict] {
		t.Fatal("fixture: A1 has no assignment, or the conflicted judge got it")
	}
	for _, email := range judges[:2] {
		if judgeClients[email] != sessions[judgeAssigned] {
			sessions[judgeOther] = judgeClients[email]
		}
	}
	// A draft score: the round can no longer be reassigned wholesale, so the
	// matrix cannot reshuffle who judges A1.
	mustStatus(t, sessions[judgeAssigned].do("PUT", fmt.Sprintf("/api/v1/assignments/%d/score", f.assignmentA1),
		map[string]any{"values": map[string]float64{"impact": 7}, "comment": "draft"}), 200)
	mustStatus(t, admin.do("POST", "/api/v1/contests/alpha/results", map[string]any{"awards": []any{}, "awards_order": []string{"Prize"}, "publish": true}), 200)

	// A live final with A1 and A2: Hall A (judgeAssigned, organizers
	// moderate) takes A1, Hall B (judgeOther moderates, judgeConflict, who
	// may not see A1) takes A2.
	mustStatus(t, admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/advance", f.round.ID), map[string]any{"entries": []int64{f.entryA1, f.entryA2}}), 200)
	r = admin.do("POST", "/api/v1/contests/alpha/rounds", map[string]any{
		"name": "Final", "judges_per_entry": 1, "method": "mean", "closes_at": time.Now().Add(48 * time.Hour).Format(time.RFC3339),
		"rubric": []map[string]any{{"id": "impact", "label": "Impact", "weight": 1, "min": 1, "max": 10}},
	})
	mustStatus(t, r, 201)
	f.liveRound = decode[domain.Round](t, r)
	emailOf := func(c *client) string { return decode[meResponse](t, c.do("GET", "/api/v1/me", nil)).User.Email }
	mustStatus(t, admin.do("PUT", fmt.Sprintf("/api/v1/rounds/%d/live", f.liveRound.ID), map[string]any{
		"starts_at": time.Now().Add(time.Hour).Format(time.RFC3339),
		"rooms": []map[string]any{{"name": "Hall A", "judges": []string{emailOf(sessions[judgeAssigned])}},
			{"name": "Hall B", "judges": []string{emailOf(sessions[judgeOther]), emailOf(sessions[judgeConflict])}, "moderator": emailOf(sessions[judgeOther])}},
	}), 200)
	r = admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/live/schedule", f.liveRound.ID), map[string]any{})
	mustStatus(t, r, 200)
	setup := decode[domain.LiveSetup](t, r)
	if len(setup.Slots) != 2 || setup.Rooms[1].Name != "Hall B" {
		t.Fatalf("fixture: live schedule %+v", setup)
	}
	f.liveRoom = setup.Rooms[1]
	f.displayToken = f.liveRoom.DisplayToken

	_, nf := a1.declare(f.teamA1.ID, "deck", "later.pdf", 4096, sha(pdfBytes(4096)))
	f.pendingFile = nf.FileID
	r = admin.do("POST", "/api/v1/contests/alpha/exports", map[string]any{"kind": "csv"})
	mustStatus(t, r, 202)
	f.exportID = decode[domain.Export](t, r).ID
	r = sessions[judgeAssigned].do("POST", fmt.Sprintf("/api/v1/rounds/%d/packet", f.round.ID), map[string]any{})
	mustStatus(t, r, 202)
	f.packetID = decode[domain.Export](t, r).ID
	r = admin.do("POST", "/api/v1/contests/alpha/invite-links", map[string]any{"role": "judge"})
	mustStatus(t, r, 201)
	f.roleLink = decode[domain.RoleLink](t, r).ID
	victim := ts.signUp("victim@example.org")
	r = victim.do("POST", "/api/v1/me/tokens", map[string]string{"name": "victim's script"})
	mustStatus(t, r, 201)
	f.victimToken = decode[newToken](t, r).ID
	f.loginEmail = "login-target@example.org"
	ts.signUp(f.loginEmail)

	// Each role calls with its own API token (so that logout or a password
	// change in one row does not end the session the next rows need) from its
	// own address, and keeps no cookie between calls.
	for ro := member; ro < roleCount; ro++ {
		c := sessions[ro]
		r := c.do("POST", "/api/v1/me/tokens", map[string]string{"name": "authz matrix"})
		mustStatus(t, r, 201)
		caller := ts.client()
		caller.ip = fmt.Sprintf("203.0.113.%d", 10+int(ro))
		caller.bearer = decode[newToken](t, r).Token
		f.callers[ro] = caller
		f.userIDs[ro] = decode[meResponse](t, caller.do("GET", "/api/v1/me", nil)).User.ID
	}
	f.callers[anonymous] = ts.client()
	f.callers[anonymous].ip = "203.0.113.9"

	// Certificates of alpha: the A1 captain's is the one the rows use.
	mustStatus(t, admin.do("POST", "/api/v1/contests/alpha/certificates/generate", map[string]any{}), 202)
	waitCertificates(t, admin, "alpha")
	for _, x := range decode[[]domain.Certificate](t, admin.do("GET", fmt.Sprintf("/api/v1/teams/%d/certificates", f.teamA1.ID), nil)) {
		if x.UserID == f.userIDs[member] {
			f.certificate = x.Code
		}
	}
	if f.certificate == "" {
		t.Fatal("fixture: the A1 captain has no certificate")
	}
	return f
}

// authzRow is one operation of the matrix.
type authzRow struct {
	op     string                      // "METHOD /api/v1/path/{param}" as in the OpenAPI document
	args   func(f *authzFixture) []any // path parameters, in order
	body   func(f *authzFixture) any   // request body (nil: none, or {} for writes)
	expect expect                      // roles not listed are refused
	stream bool                        // server-sent events: only the status is read
	query  string                      // appended to the path: a second row for one operation
}

func a(vals ...any) func(*authzFixture) []any { return func(*authzFixture) []any { return vals } }

func body(v any) func(*authzFixture) any { return func(*authzFixture) any { return v } }

func authzRows() []authzRow {
	team := func(f *authzFixture) []any { return []any{f.teamA1.ID} }
	rnd := func(f *authzFixture) []any { return []any{f.round.ID} }
	asg := func(f *authzFixture) []any { return []any{f.assignmentA1} }
	live := func(f *authzFixture) []any { return []any{f.liveRound.ID} }
	room := func(f *authzFixture) []any { return []any{f.liveRoom.ID} }
	alpha := a("alpha")
	return []authzRow{
		// Operations endpoints.
		{op: "GET /healthz", expect: only(allowed, everyone...)},
		{op: "GET /readyz", expect: only(allowed, everyone...)},
		{op: "GET /metrics", expect: expect{}}, // off without PODIUM_METRICS_TOKEN
		{op: "GET /api/v1/openapi.json", expect: only(allowed, everyone...)},

		// Accounts: the caller's own objects, or someone else's token.
		{op: "POST /api/v1/auth/register", body: func(f *authzFixture) any {
			return map[string]string{"email": fmt.Sprintf("new%d@example.org", f.fresh()), "password": "a-long-password", "name": "New"}
		}, expect: only(allowed, everyone...)},
		{op: "POST /api/v1/auth/login", body: func(f *authzFixture) any {
			return map[string]string{"email": f.loginEmail, "password": "a-long-password"}
		}, expect: only(allowed, everyone...)},
		{op: "POST /api/v1/auth/logout", expect: only(allowed, everyone...)},
		{op: "GET /api/v1/me", expect: only(allowed, signedInRoles...)},
		{op: "PATCH /api/v1/me", body: body(map[string]string{"language": "en"}), expect: only(allowed, signedInRoles...)},
		{op: "POST /api/v1/me/password", body: body(map[string]string{"current_password": "not-the-password", "new_password": "another-long-password"}),
			expect: only(admitted, signedInRoles...)},
		{op: "GET /api/v1/me/tokens", expect: only(allowed, signedInRoles...)},
		// The matrix calls with tokens, and a token cannot make tokens.
		{op: "POST /api/v1/me/tokens", body: body(map[string]string{"name": "extra"}), expect: expect{}},
		{op: "POST /api/v1/me/verify", expect: only(admitted, signedInRoles...)}, // 409: already verified
		{op: "POST /api/v1/auth/verify", expect: only(admitted, everyone...)},    // 400: no token
		{op: "POST /api/v1/auth/reset", body: func(f *authzFixture) any {
			return map[string]string{"email": fmt.Sprintf("forgetful%d@example.org", f.fresh())}
		}, expect: only(allowed, everyone...)},
		{op: "POST /api/v1/auth/reset/confirm", expect: only(admitted, everyone...)},      // 400: no token
		{op: "POST /api/v1/invitations/accept", expect: only(admitted, signedInRoles...)}, // 400: no token
		{op: "DELETE /api/v1/me/tokens/{id}", args: func(f *authzFixture) []any { return []any{f.victimToken} }, expect: expect{}},
		{op: "GET /api/v1/me/teams", expect: only(allowed, signedInRoles...)},
		{op: "GET /api/v1/me/data", expect: only(allowed, signedInRoles...)},
		// Without the address typed again nothing is deleted (400).
		{op: "DELETE /api/v1/me", body: body(map[string]string{"confirm": "not-my-address@example.org"}), expect: only(admitted, signedInRoles...)},

		// Single sign-on: the browser's redirects are public (an unknown
		// provider or a missing state redirects to the sign-in page); a link
		// needs a browser session (tokens are refused); providers are the
		// platform admins'.
		{op: "POST /api/v1/me/email", expect: only(admitted, signedInRoles...)}, // 400: no address
		{op: "POST /api/v1/contests/{slug}/participants/{user_id}/verification", args: func(f *authzFixture) []any { return []any{"alpha", f.userIDs[member]} },
			expect: only(admitted, organizerA, platformAdmin)}, // 409: confirmed already
		{op: "GET /api/v1/auth/oidc/providers", expect: only(allowed, everyone...)},
		{op: "GET /api/v1/auth/oidc/{provider}/start", args: a("nope"), expect: only(allowed, everyone...)},
		{op: "GET /api/v1/auth/oidc/callback", expect: only(allowed, everyone...)},
		{op: "POST /api/v1/me/identities/{provider}", args: func(f *authzFixture) []any { return []any{f.ssoProvider().Slug} }, expect: expect{}},
		{op: "GET /api/v1/me/identities", expect: only(allowed, signedInRoles...)},
		{op: "DELETE /api/v1/me/identities/{provider}", args: func(f *authzFixture) []any { return []any{f.ssoProvider().Slug} }, expect: expect{}},
		{op: "GET /api/v1/admin/sso-providers", expect: only(allowed, platformAdmin)},
		{op: "POST /api/v1/admin/sso-providers", expect: only(admitted, platformAdmin)}, // 400: empty settings
		{op: "PUT /api/v1/admin/sso-providers/{id}", args: func(f *authzFixture) []any { return []any{f.ssoProvider().ID} },
			body: func(f *authzFixture) any { return ssoSettings(fmt.Sprintf("changed%d", f.fresh())) }, expect: only(allowed, platformAdmin)},
		{op: "DELETE /api/v1/admin/sso-providers/{id}", args: func(f *authzFixture) []any { return []any{f.ssoProvider().ID} }, expect: only(allowed, platformAdmin)},
		{op: "GET /api/v1/me/assignments", expect: only(allowed, signedInRoles...)},

		// Contests.
		{op: "POST /api/v1/contests", body: func(f *authzFixture) any { return contestInput(fmt.Sprintf("made-%d", f.fresh())) },
			expect: only(allowed, platformAdmin)},
		{op: "GET /api/v1/contests", expect: only(allowed, everyone...)},
		{op: "GET /api/v1/contests/{slug}", args: alpha, expect: only(allowed, everyone...)},
		// alpha is open already: opening it again changes nothing.
		{op: "POST /api/v1/contests/{slug}/open", args: alpha, expect: only(allowed, alphaOrganizers...)},
		// Without a code nobody learns anything (TestInvitePreview has the rest).
		{op: "GET /api/v1/contests/{slug}/invite", args: alpha, expect: expect{}},
		{op: "PATCH /api/v1/contests/{slug}", args: alpha, body: body(map[string]any{"title": "Alpha"}), expect: only(allowed, alphaOrganizers...)},
		{op: "POST /api/v1/contests/{slug}/members", args: alpha, body: func(f *authzFixture) any {
			return map[string]any{"email": fmt.Sprintf("invitee%d@example.org", f.fresh()), "role": "judge"}
		}, expect: only(allowed, alphaOrganizers...)},
		{op: "GET /api/v1/contests/{slug}/members", args: alpha, expect: only(allowed, alphaOrganizers...)},
		// An invalid role: organizers are admitted, and the teammate keeps
		// what they have.
		{op: "DELETE /api/v1/contests/{slug}/members/{user_id}", args: func(f *authzFixture) []any {
			return []any{"alpha", fmt.Sprintf("%d?role=chair", f.teammate)}
		}, expect: only(admitted, alphaOrganizers...)},
		{op: "DELETE /api/v1/contests/{slug}/invitations/{id}", args: func(f *authzFixture) []any { return []any{"alpha", f.freshInvitation()} },
			expect: only(allowed, alphaOrganizers...)},
		{op: "GET /api/v1/contests/{slug}/audit", args: alpha, expect: only(allowed, alphaOrganizers...)},
		// Invitation links for judges: contest-wide organizers only; a bad
		// body is refused on its merits, and nobody learns a link's secret.
		{op: "POST /api/v1/contests/{slug}/invite-links", args: alpha, body: body(map[string]any{"role": "organizer"}),
			expect: only(admitted, alphaOrganizers...)},
		{op: "GET /api/v1/contests/{slug}/invite-links", args: alpha, expect: only(allowed, alphaOrganizers...)},
		{op: "DELETE /api/v1/contests/{slug}/invite-links/{id}", args: func(f *authzFixture) []any { return []any{"alpha", f.roleLink} },
			expect: only(allowed, alphaOrganizers...)},
		// Retention: contest-wide organizers; the period is not over, so a
		// purge is refused on its merits (422) and nothing goes.
		{op: "GET /api/v1/contests/{slug}/retention", args: alpha, expect: only(allowed, alphaOrganizers...)},
		{op: "PUT /api/v1/contests/{slug}/retention", args: alpha, body: body(map[string]int{"days": 365}), expect: only(allowed, alphaOrganizers...)},
		{op: "GET /api/v1/contests/{slug}/retention/dry-run", args: alpha, expect: only(allowed, alphaOrganizers...)},
		{op: "POST /api/v1/contests/{slug}/retention/purge", args: alpha, body: body(map[string]string{"confirm": "alpha"}), expect: only(admitted, alphaOrganizers...)},
		{op: "POST /api/v1/invite-links/preview", expect: only(admitted, everyone...)},     // 400: no token
		{op: "POST /api/v1/invite-links/accept", expect: only(admitted, signedInRoles...)}, // 400: no token
		{op: "GET /api/v1/contests/{slug}/audit.csv", args: alpha, expect: only(allowed, alphaOrganizers...)},
		// A track lead lists their track's teams and exports only their
		// track; the organizer's whole-contest export is not theirs.
		{op: "GET /api/v1/contests/{slug}/teams", args: alpha, expect: only(allowed, alphaLeads...)},
		{op: "GET /api/v1/contests/{slug}/near-duplicates", args: alpha, expect: only(allowed, alphaOrganizers...)},
		{op: "POST /api/v1/contests/{slug}/exports", args: alpha, body: body(map[string]string{"kind": "csv"}), expect: only(allowed, alphaLeads...)},
		{op: "GET /api/v1/contests/{slug}/exports", args: alpha, expect: only(allowed, alphaLeads...)},
		{op: "GET /api/v1/contests/{slug}/exports/{id}", args: func(f *authzFixture) []any { return []any{"alpha", f.exportID} },
			expect: only(allowed, alphaOrganizers...)},
		// The fixture's export is a CSV: its organizers get a 400 there.
		{op: "GET /api/v1/contests/{slug}/exports/{id}/download", args: func(f *authzFixture) []any { return []any{"alpha", f.exportID} },
			expect: only(admitted, alphaOrganizers...)},
		{op: "GET /api/v1/contests/{slug}/rounds", args: alpha, expect: only(allowed, alphaLeads...)},
		// An invalid rubric: organizers are admitted, and no second round appears.
		{op: "POST /api/v1/contests/{slug}/rounds", args: alpha, body: body(map[string]any{"name": "Final", "rubric": []any{}}),
			expect: only(admitted, alphaOrganizers...)},
		{op: "POST /api/v1/contests/{slug}/conflicts", args: alpha, body: body(map[string]any{"organization": "Some Other Org", "reason": "advisor"}),
			expect: only(admitted, alphaJudges...)},
		{op: "POST /api/v1/contests/{slug}/results", args: alpha, body: body(map[string]any{"awards": []any{}, "awards_order": []string{"Prize"}, "publish": true}),
			expect: only(allowed, alphaOrganizers...)},
		{op: "GET /api/v1/contests/{slug}/results", args: alpha, expect: only(allowed, everyone...)}, // published
		{op: "GET /api/v1/contests/{slug}/results.csv", args: alpha, expect: only(allowed, alphaOrganizers...)},

		// Certificates.
		{op: "GET /api/v1/contests/{slug}/certificates/template", args: alpha, expect: only(allowed, alphaOrganizers...)},
		{op: "PUT /api/v1/contests/{slug}/certificates/template", args: alpha, body: body(map[string]string{"title": "Certificate", "winner_text": "{name} wins {award}",
			"participant_text": "{name} took part", "judge_text": "{name} judged"}), expect: only(allowed, alphaOrganizers...)},
		// An empty image removes the (absent) logo.
		{op: "PUT /api/v1/contests/{slug}/certificates/template/{image}", args: a("alpha", "logo"), body: body(map[string]string{"data": ""}),
			expect: only(allowed, alphaOrganizers...)},
		{op: "GET /api/v1/contests/{slug}/certificates", args: alpha, expect: only(allowed, alphaOrganizers...)},
		{op: "GET /api/v1/certificates/{code}", args: func(f *authzFixture) []any { return []any{f.certificate} }, expect: only(allowed, everyone...)},
		// Without a reason the revocation is refused on its merits.
		{op: "POST /api/v1/certificates/{code}/revoke", args: func(f *authzFixture) []any { return []any{f.certificate} },
			body: body(map[string]string{"reason": ""}), expect: only(admitted, alphaOrganizers...)},
		{op: "GET /api/v1/certificates/{code}/download", args: func(f *authzFixture) []any { return []any{f.certificate} },
			expect: only(allowed, member, organizerA, platformAdmin)},
		{op: "GET /api/v1/teams/{id}/certificates", args: team, expect: only(allowed, append(a1Organizers, member)...)},
		{op: "GET /api/v1/me/certificates", expect: only(allowed, signedInRoles...)},

		// The final ranking, deliberation and the ceremony: bodies a check
		// refuses (stale revisions, a missing reason, a bad order).
		{op: "GET /api/v1/contests/{slug}/final", args: alpha, expect: only(allowed, alphaOrganizers...)},
		{op: "PUT /api/v1/contests/{slug}/final/weights", args: alpha, body: body(map[string]any{"weights": []any{}, "revision": 999}),
			expect: only(admitted, alphaOrganizers...)},
		{op: "POST /api/v1/contests/{slug}/final/freeze", args: alpha, body: body(map[string]any{"frozen": false}), expect: only(admitted, alphaOrganizers...)},
		{op: "POST /api/v1/contests/{slug}/final/overrides", args: alpha, body: body(map[string]any{"kind": "move", "reason": ""}),
			expect: only(admitted, alphaOrganizers...)},
		// A fresh decision for every caller, so that each may revoke one.
		{op: "DELETE /api/v1/contests/{slug}/final/overrides/{id}", args: func(f *authzFixture) []any { return []any{"alpha", f.freshOverride()} },
			expect: only(allowed, alphaOrganizers...)},
		{op: "GET /api/v1/contests/{slug}/ceremony", args: alpha, expect: only(allowed, alphaOrganizers...)},
		{op: "PUT /api/v1/contests/{slug}/ceremony", args: alpha, body: body(map[string]any{"order": []any{map[string]any{"entry_id": 1, "award": "?"}}}),
			expect: only(admitted, alphaOrganizers...)},
		{op: "POST /api/v1/contests/{slug}/ceremony/{step}", args: a("alpha", "stop"), body: body(map[string]any{"revision": 999}),
			expect: only(admitted, alphaOrganizers...)},
		{op: "POST /api/v1/contests/{slug}/ceremony-link", args: alpha, body: body(map[string]any{"revision": 999}), expect: only(admitted, alphaOrganizers...)},
		{op: "GET /api/v1/ceremony/{token}", args: func(f *authzFixture) []any { return []any{f.audienceToken()} }, expect: only(allowed, everyone...)},
		{op: "GET /api/v1/ceremony/{token}/stream", args: func(f *authzFixture) []any { return []any{f.audienceToken()} },
			expect: only(allowed, everyone...), stream: true},

		// Team A1 and its submission.
		{op: "GET /api/v1/teams/{id}", args: team, expect: only(allowed, append(a1Organizers, member)...)},
		{op: "GET /api/v1/teams/{id}/submission", args: team, expect: only(allowed, append(a1Organizers, member)...)},
		{op: "PUT /api/v1/teams/{id}/submission", args: team, body: body(map[string]any{"title": "A1", "fields": map[string]string{"repo": "https://git.example.org/A1"}}),
			expect: only(allowed, member)},
		{op: "POST /api/v1/teams/{id}/submission/files", args: team, body: body(map[string]any{"slot": "deck", "filename": "x.pdf", "size": 100, "content_type": "application/pdf", "sha256": sha([]byte("x"))}),
			expect: only(allowed, member)},
		{op: "GET /api/v1/teams/{id}/submission/files/{file_id}", args: func(f *authzFixture) []any { return []any{f.teamA1.ID, f.pendingFile} },
			expect: only(allowed, member)},
		// Not uploaded: the member is told so (400); nobody else learns anything.
		{op: "POST /api/v1/teams/{id}/submission/files/{file_id}/complete", args: func(f *authzFixture) []any { return []any{f.teamA1.ID, f.pendingFile} },
			expect: only(admitted, member)},
		{op: "POST /api/v1/teams/{id}/submission/submit", args: team, expect: only(allowed, member)},
		{op: "GET /api/v1/teams/{id}/submission/versions", args: team, expect: only(allowed, append(a1Organizers, member)...)},
		{op: "GET /api/v1/teams/{id}/submission/versions/{version}", args: func(f *authzFixture) []any { return []any{f.teamA1.ID, 1} },
			expect: only(allowed, append(a1Organizers, member)...)},
		{op: "GET /api/v1/files/{file_id}/download", args: func(f *authzFixture) []any { return []any{f.storedFile} },
			expect: only(allowed, append(a1Organizers, member, judgeAssigned)...)},
		{op: "GET /api/v1/files/{file_id}/view", args: func(f *authzFixture) []any { return []any{f.storedFile} },
			expect: only(allowed, append(a1Organizers, member, judgeAssigned)...)},
		{op: "POST /api/v1/teams/{id}/invitations", args: team, body: func(f *authzFixture) any {
			return map[string]string{"email": fmt.Sprintf("friend%d@example.org", f.fresh())}
		}, expect: only(allowed, member)},
		{op: "GET /api/v1/teams/{id}/feedback", args: team, expect: only(allowed, append(a1Organizers, member)...)},
		{op: "POST /api/v1/teams/{id}/extension", args: team, body: body(map[string]string{"until": time.Now().Add(72 * time.Hour).Format(time.RFC3339), "reason": "power cut"}),
			expect: only(allowed, a1Organizers...)},
		// Handing over to someone who is not a member is refused on its merits.
		{op: "POST /api/v1/teams/{id}/captain", args: func(f *authzFixture) []any { return []any{f.teamA1.ID} },
			body:   func(f *authzFixture) any { return map[string]int64{"user_id": f.userIDs[otherTeam]} },
			expect: only(admitted, member)},

		// Judging.
		// A round's views: each track lead sees their track's part.
		{op: "GET /api/v1/rounds/{id}", args: rnd, expect: only(allowed, alphaLeads...)},
		// Scores exist: reassigning the whole round is refused on its merits.
		{op: "POST /api/v1/rounds/{id}/assign", args: rnd, expect: only(admitted, alphaOrganizers...)},
		{op: "GET /api/v1/rounds/{id}/assignments", args: rnd, expect: only(allowed, alphaLeads...)},
		{op: "GET /api/v1/rounds/{id}/progress", args: rnd, expect: only(allowed, alphaLeads...)},
		// A reminder e-mails judges: admitted (a few an hour, then 429).
		{op: "POST /api/v1/rounds/{id}/remind", args: rnd, expect: only(admitted, alphaOrganizers...)},
		{op: "GET /api/v1/rounds/{id}/progress/stream", args: rnd, expect: only(allowed, alphaOrganizers...), stream: true},
		// A judge's offline packet: only judges with an assignment in the
		// round ask for one (the sponsor judge holds A2's, in their track),
		// and only its judge reads it.
		{op: "POST /api/v1/rounds/{id}/packet", args: rnd, expect: only(allowed, judgeAssigned, sponsorJudge)},
		{op: "GET /api/v1/rounds/{id}/packet/{export_id}", args: func(f *authzFixture) []any { return []any{f.round.ID, f.packetID} },
			expect: only(allowed, judgeAssigned)},
		// Not built (no jobs run here): its judge gets a 409.
		{op: "GET /api/v1/rounds/{id}/packet/{export_id}/download", args: func(f *authzFixture) []any { return []any{f.round.ID, f.packetID} },
			expect: only(admitted, judgeAssigned)},
		{op: "GET /api/v1/rounds/{id}/ranking", args: rnd, expect: only(allowed, alphaLeads...)},
		{op: "GET /api/v1/rounds/{id}/ranking.csv", args: rnd, expect: only(allowed, alphaLeads...)},
		// Another track's ranking is not found for a lead (RankingTrack).
		{op: "GET /api/v1/rounds/{id}/ranking", query: "?track=energy", args: rnd, expect: only(allowed, a1Organizers...)},
		{op: "GET /api/v1/rounds/{id}/ranking.csv", query: "?track=energy", args: rnd, expect: only(allowed, a1Organizers...)},
		// A plan proposes and stores nothing.
		{op: "POST /api/v1/rounds/{id}/review-plan", args: rnd, body: body(map[string]any{"budget": 1}), expect: only(admitted, alphaOrganizers...)},
		// An empty acceptance is refused on its merits (nothing is assigned).
		{op: "POST /api/v1/rounds/{id}/review-plan/accept", args: rnd, body: body(map[string]any{"reviews": []any{}}), expect: only(admitted, alphaOrganizers...)},
		// Advancing again (top_per_track without final scores) may be
		// refused on its merits; the final keeps its entries.
		{op: "POST /api/v1/rounds/{id}/advance", args: rnd, body: body(map[string]any{"top_per_track": 1}), expect: only(admitted, alphaOrganizers...)},
		{op: "PUT /api/v1/rounds/{id}/interests", args: rnd, body: func(f *authzFixture) any {
			return map[string]any{"entries": []map[string]any{{"entry_id": f.entryA2, "interest": 0.5}}}
		}, expect: only(admitted, alphaJudges...)},
		// Without a reason the drop is refused on its merits.
		{op: "POST /api/v1/rounds/{id}/judges/{judge_id}/drop", args: func(f *authzFixture) []any { return []any{f.round.ID, f.userIDs[judgeAssigned]} },
			body: body(map[string]string{"reason": ""}), expect: only(admitted, alphaOrganizers...)},
		{op: "GET /api/v1/assignments/{id}", args: asg, expect: only(allowed, judgeAssigned)},
		{op: "PUT /api/v1/assignments/{id}/score", args: asg, body: body(map[string]any{"values": map[string]float64{"impact": 8}, "comment": "draft"}),
			expect: only(allowed, judgeAssigned)},
		// Without a reason the conflict is refused on its merits (the entry stays).
		{op: "POST /api/v1/assignments/{id}/conflict", args: asg, body: body(map[string]string{"reason": ""}), expect: only(admitted, judgeAssigned)},
		// One entry's review is also its track lead's: reopening, the
		// history and moving A1's assignment (energy) are the energy
		// lead's too; the mobility lead gets not_found.
		// A draft cannot be reopened: refused on its merits.
		{op: "POST /api/v1/assignments/{id}/reopen", args: asg, body: body(map[string]string{"reason": "typo"}), expect: only(admitted, a1Organizers...)},
		{op: "GET /api/v1/assignments/{id}/history", args: asg, expect: only(allowed, a1Organizers...)},
		// Moving to a non-judge is refused on its merits.
		{op: "PATCH /api/v1/assignments/{id}", args: asg, body: func(f *authzFixture) any {
			return map[string]any{"judge_id": f.userIDs[member], "reason": "rebalance"}
		}, expect: only(admitted, a1Organizers...)},

		// Live rounds: organizers set up; the room's moderator (or an
		// organizer) drives its clock; its judges follow it; the display
		// link works for anyone holding it; a team sees its own slots.
		{op: "GET /api/v1/rounds/{id}/live", args: live, expect: only(allowed, alphaOrganizers...)},
		// No rooms: refused on its merits, nothing changes.
		{op: "PUT /api/v1/rounds/{id}/live", args: live, body: body(map[string]any{"starts_at": "2030-01-01T09:00", "rooms": []any{}}),
			expect: only(admitted, alphaOrganizers...)},
		// Judges have not scored the final: rebuilding gives the same schedule.
		{op: "POST /api/v1/rounds/{id}/live/schedule", args: live, expect: only(allowed, alphaOrganizers...)},
		{op: "POST /api/v1/rounds/{id}/live/move", args: live, body: body(map[string]any{"entry_id": 0, "room_id": 0}), expect: only(admitted, alphaOrganizers...)},
		{op: "POST /api/v1/rounds/{id}/live/swap", args: live, body: body(map[string]any{"a": 1, "b": 1}), expect: only(admitted, alphaOrganizers...)},
		{op: "GET /api/v1/live/rounds/{id}/timetable", args: live, expect: only(allowed, everyone...)},
		{op: "GET /api/v1/live/rooms/{id}", args: room, expect: only(allowed, judgeOther, judgeConflict, organizerA, platformAdmin)},
		{op: "GET /api/v1/live/rooms/{id}/stream", args: room, expect: only(allowed, judgeOther, judgeConflict, organizerA, platformAdmin), stream: true},
		// Pausing a room that has not started is refused on its merits.
		{op: "POST /api/v1/live/rooms/{id}/actions", args: room, body: body(map[string]any{"action": "pause"}),
			expect: only(admitted, judgeOther, organizerA, platformAdmin)},
		{op: "GET /api/v1/live/display/{token}", args: func(f *authzFixture) []any { return []any{f.displayToken} }, expect: only(allowed, everyone...)},
		{op: "GET /api/v1/live/display/{token}/stream", args: func(f *authzFixture) []any { return []any{f.displayToken} },
			expect: only(allowed, everyone...), stream: true},
		{op: "GET /api/v1/me/live-rooms", expect: only(allowed, signedInRoles...)},
		{op: "GET /api/v1/teams/{id}/live-slots", args: team, expect: only(allowed, append(a1Organizers, member)...)}, // a team view: its track lead too,

		// Rows that change the fixture come last. A second certificate
		// generation (a conflict while the first runs) keeps the codes.
		{op: "POST /api/v1/live/rooms/{id}/display-token", args: room, expect: only(allowed, alphaOrganizers...)},
		{op: "POST /api/v1/contests/{slug}/certificates/generate", args: alpha, expect: only(admitted, alphaOrganizers...)},
		// An extra judge for A2 (mobility): its lead too, not the energy lead.
		{op: "POST /api/v1/rounds/{id}/entries/{entry_id}/extra-judge", args: func(f *authzFixture) []any { return []any{f.round.ID, f.entryA2} },
			expect: only(admitted, organizerA, platformAdmin, trackLeadOut)},
		// Joining A3 by its code: participants already in a team, or who left
		// one after it submitted, are refused on the merits (409), outsiders
		// join; judges, organizers and platform admins (who may organize
		// every contest) may not enter.
		{op: "POST /api/v1/contests/{slug}/teams/join", args: alpha, body: func(f *authzFixture) any { return map[string]string{"invite_code": f.teamA3.InviteCode} },
			expect: only(admitted, member, otherTeam, organizerB, formerMember)},
		{op: "POST /api/v1/contests/{slug}/teams", args: alpha, body: func(f *authzFixture) any {
			return map[string]string{"name": fmt.Sprintf("New %d", f.fresh()), "track": "energy"}
		}, expect: only(admitted, member, otherTeam, organizerB, formerMember)},
		// The captain removes their teammate (the first call succeeds, later
		// ones find no such member).
		{op: "DELETE /api/v1/teams/{id}/members/{user_id}", args: func(f *authzFixture) []any { return []any{f.teamA1.ID, f.teammate} },
			expect: only(admitted, member)},
		{op: "POST /api/v1/teams/{id}/leave", args: team, expect: only(admitted, member)},
	}
}

var openAPIParam = regexp.MustCompile(`\{\w+\}`)

// path fills the row's parameters into its OpenAPI path.
func (row authzRow) path(f *authzFixture) string {
	_, p, _ := strings.Cut(row.op, " ")
	var args []any
	if row.args != nil {
		args = row.args(f)
	}
	i := 0
	return openAPIParam.ReplaceAllStringFunc(p, func(string) string {
		if i >= len(args) {
			panic("too few arguments for " + row.op)
		}
		i++
		return fmt.Sprint(args[i-1])
	}) + row.query
}

// call performs the row as role ro and returns the status.
func (f *authzFixture) call(t *testing.T, row authzRow, ro role) int {
	method, _, _ := strings.Cut(row.op, " ")
	path := row.path(f)
	c := f.callers[ro]
	defer func() { c.cookies = map[string]string{} }() // a login in one row must not sign the next in
	if row.stream {
		return f.streamStatus(t, c, path)
	}
	var b any
	if row.body != nil {
		b = row.body(f)
	} else if method != http.MethodGet && method != http.MethodDelete {
		b = map[string]any{}
	}
	return c.do(method, path, b).Status
}

// streamStatus opens a server-sent-event stream over a real socket and
// returns its status without waiting for the (endless) body.
func (f *authzFixture) streamStatus(t *testing.T, c *client, path string) int {
	base := f.listenOnce()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// listenOnce serves the app on a socket the first time a row needs one.
func (f *authzFixture) listenOnce() string {
	if f.base == "" {
		f.base = f.ts.listen()
	}
	return f.base
}

func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	f := newAuthzFixture(t)
	r := f.callers[anonymous].do("GET", "/api/v1/openapi.json", nil)
	mustStatus(t, r, 200)
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	r.json(t, &doc)
	documented := map[string]bool{}
	for p, ops := range doc.Paths {
		for m := range ops {
			documented[strings.ToUpper(m)+" "+p] = true
		}
	}
	rows := authzRows()
	covered := map[string]bool{}
	for _, row := range rows {
		if covered[row.op+row.query] {
			t.Errorf("two rows for %s%s", row.op, row.query)
		}
		covered[row.op+row.query] = true
		if !documented[row.op] {
			t.Errorf("row for %s, which the OpenAPI document does not have: remove or fix it", row.op)
		}
	}
	var missing []string
	for op := range documented {
		if !covered[op] {
			missing = append(missing, "add a row for "+op)
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Error(m)
	}

	for _, row := range rows {
		if !documented[row.op] {
			continue
		}
		for ro := anonymous; ro < roleCount; ro++ {
			want, listed := row.expect[ro]
			if !listed {
				want = refused
			}
			if got := f.call(t, row, ro); !want.matches(got) {
				t.Errorf("%s%s as %s: status %d, want %s", row.op, row.query, ro, got, want)
			}
		}
	}
}
