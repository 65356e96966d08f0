package api

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/podium-contests/podium/server/domain"
)

// The attacks of an outside review of accounts and invitations, each
// reproduced through the API.

// register posts a registration from c and returns the answer.
func (c *client) register(email, password string) response {
	c.ts.t.Helper()
	return c.do("POST", "/api/v1/auth/register", map[string]string{"email": email, "password": password, "name": "Someone"})
}

// rolesIn returns the caller's roles in a contest.
func (c *client) rolesIn(slug string) []domain.Role {
	c.ts.t.Helper()
	var roles []domain.Role
	for _, r := range decode[meResponse](c.ts.t, c.do("GET", "/api/v1/me", nil)).Roles {
		if r.ContestSlug == slug {
			roles = append(roles, r.Role)
		}
	}
	return roles
}

// mustHaveRoles fails the test unless the caller's roles in a contest are
// exactly want.
func (c *client) mustHaveRoles(slug string, want ...domain.Role) {
	c.ts.t.Helper()
	if got := c.rolesIn(slug); fmt.Sprint(got) != fmt.Sprint(want) {
		c.ts.t.Fatalf("roles in %s: %v, want %v", slug, got, want)
	}
}

// invite has the organizer c invite email to a contest with a role.
func (c *client) invite(slug, email string, role domain.Role) memberResult {
	c.ts.t.Helper()
	return decode[memberResult](c.ts.t, c.do("POST", "/api/v1/contests/"+slug+"/members", map[string]any{"email": email, "role": role}))
}

// resetPassword has the owner of email reset its password from the link
// e-mailed to it.
func (ts *testServer) resetPassword(email, password string) {
	ts.t.Helper()
	c := ts.client()
	c.ip = "198.51.100.99"
	mustStatus(ts.t, c.do("POST", "/api/v1/auth/reset", map[string]string{"email": email}), 202)
	mustStatus(ts.t, c.do("POST", "/api/v1/auth/reset/confirm", map[string]string{"token": ts.linkToken(email, "/reset/"), "password": password}), 200)
}

func TestRegisteringAnInvitedAddressGivesNoRoleUntilProved(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	org := ts.admin()
	org.createContest("green")
	if !org.invite("green", "cochair@corp-a.test", domain.RoleOrganizer).Invited {
		t.Fatal("an address without an account was not invited")
	}
	// Anyone registers the invited address and signs in: no role.
	mallory := ts.client()
	mallory.ip = "192.0.2.66"
	mustStatus(t, mallory.register("cochair@corp-a.test", "mallorys-password"), 201)
	mallory.login("cochair@corp-a.test", "mallorys-password")
	mallory.mustHaveRoles("green") // an unverified account gets no invited role
	mustStatus(t, mallory.do("GET", "/api/v1/contests/green/members", nil), 403)
	// The owner of the address takes the account over with a reset link:
	// the address is proved, the role is theirs, the squatter is out.
	ts.resetPassword("cochair@corp-a.test", "the-owners-password")
	mustStatus(t, mallory.do("GET", "/api/v1/me", nil), 401)
	owner := ts.client()
	owner.login("cochair@corp-a.test", "the-owners-password")
	owner.mustHaveRoles("green", domain.RoleOrganizer)
}

func TestSquattingBeforeTheInvitationGivesNoRole(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	org := ts.admin()
	org.createContest("green")
	mallory := ts.client()
	mustStatus(t, mallory.register("judge@corp-a.test", "mallorys-password"), 201)
	mallory.login("judge@corp-a.test", "mallorys-password")
	if !org.invite("green", "judge@corp-a.test", domain.RoleJudge).Invited {
		t.Fatal("the role went to an unverified account at once")
	}
	mallory.mustHaveRoles("green")
	// A verified account gets the role at once.
	ts.signUp("judge2@corp-a.test")
	if org.invite("green", "judge2@corp-a.test", domain.RoleJudge).Invited {
		t.Fatal("a verified account was only invited")
	}
	// The real owner can still register nothing, but resets and owns it.
	owner := ts.client()
	mustStatus(t, owner.register("judge@corp-a.test", "the-owners-password"), 201)
	if m := ts.lastMailTo("judge@corp-a.test"); !strings.Contains(m.Subject, "tried to register") {
		t.Fatalf("owner not told: %q", m.Subject)
	}
	ts.resetPassword("judge@corp-a.test", "the-owners-password")
	owner.login("judge@corp-a.test", "the-owners-password")
	owner.mustHaveRoles("green", domain.RoleJudge)
}

func TestVerificationLinkClaimsInvitationsOnceAndExpires(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	org := ts.admin()
	org.createContest("green")
	org.invite("green", "judge@uni.example.edu", domain.RoleJudge)
	c := ts.client()
	mustStatus(t, c.register("judge@uni.example.edu", "a-long-password"), 201)
	c.login("judge@uni.example.edu", "a-long-password")
	if me := decode[meResponse](t, c.do("GET", "/api/v1/me", nil)); me.User.EmailVerified {
		t.Fatal("a new account is verified")
	}
	token := ts.linkToken("judge@uni.example.edu", "/verify/")
	mustStatus(t, ts.client().do("POST", "/api/v1/auth/verify", map[string]string{"token": token}), 200)
	me := decode[meResponse](t, c.do("GET", "/api/v1/me", nil))
	if !me.User.EmailVerified || len(me.Roles) != 1 || me.Roles[0].Role != domain.RoleJudge {
		t.Fatalf("after verifying: %+v", me)
	}
	mustStatus(t, ts.client().do("POST", "/api/v1/auth/verify", map[string]string{"token": token}), 404)
	r := ts.client().do("POST", "/api/v1/auth/verify", map[string]string{})
	if _, f := r.errorCode(t); r.Status != 400 || f["token"] == "" {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	// A link issued more than 48 hours ago is refused.
	ts.acc.Now = func() time.Time { return time.Now().Add(-49 * time.Hour) }
	mustStatus(t, ts.client().register("late@uni.example.edu", "a-long-password"), 201)
	ts.acc.Now = nil
	mustStatus(t, ts.client().do("POST", "/api/v1/auth/verify", map[string]string{"token": ts.linkToken("late@uni.example.edu", "/verify/")}), 404)
}

func TestResendingVerificationIsThrottled(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.client()
	mustStatus(t, c.register("slow@example.org", "a-long-password"), 201)
	c.login("slow@example.org", "a-long-password")
	// One e-mail a minute per address, and the registration's counts.
	sent := 0
	for range 7 {
		switch r := c.do("POST", "/api/v1/me/verify", map[string]any{}); r.Status {
		case 202:
			sent++
		case 429:
		default:
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	}
	if sent != 0 {
		t.Fatalf("%d verification e-mails resent within the registration's minute", sent)
	}
	ts.verifyEmail("slow@example.org")
	r := c.do("POST", "/api/v1/me/verify", map[string]any{})
	if code, _ := r.errorCode(t); r.Status != 409 || code != "conflict" {
		t.Fatalf("resend when verified: %d %s", r.Status, r.Body)
	}
}

func TestInvitationLinkAcceptedOnceByAVerifiedAccount(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	org := ts.admin()
	org.createContest("green")
	org.invite("green", "prof@corp-a.test", domain.RoleJudge)
	link := ts.linkToken("prof@corp-a.test", "/invite/")

	// An unverified account cannot use it.
	unverified := ts.client()
	mustStatus(t, unverified.register("fresh@example.org", "a-long-password"), 201)
	unverified.login("fresh@example.org", "a-long-password")
	mustStatus(t, unverified.do("POST", "/api/v1/invitations/accept", map[string]string{"token": link}), 403)
	mustStatus(t, ts.client().do("POST", "/api/v1/invitations/accept", map[string]string{"token": link}), 401)

	// One role per person per contest: a participant cannot take it, and
	// the link stays usable.
	captain := ts.signUp("captain@uni.example.edu")
	captain.createTeam("green", "Sparks", "energy")
	r := captain.do("POST", "/api/v1/invitations/accept", map[string]string{"token": link})
	if code, _ := r.errorCode(t); r.Status != 409 || code != "conflict" {
		t.Fatalf("a participant accepted a judge's invitation: %d %s", r.Status, r.Body)
	}

	// A verified account with another address accepts it: the link went
	// only to the invited address.
	home := ts.signUp("prof@home.example.net")
	r = home.do("POST", "/api/v1/invitations/accept", map[string]string{"token": link})
	mustStatus(t, r, 200)
	if inv := decode[domain.Invitation](t, r); inv.ContestSlug != "green" || inv.Role != domain.RoleJudge || inv.Email != "prof@corp-a.test" {
		t.Fatalf("accepted: %s", r.Body)
	}
	home.mustHaveRoles("green", domain.RoleJudge)
	mustStatus(t, ts.signUp("second@example.org").do("POST", "/api/v1/invitations/accept", map[string]string{"token": link}), 404)
	audit := string(org.do("GET", "/api/v1/contests/green/audit", nil).Body)
	if !strings.Contains(audit, "invitation.accept") {
		t.Fatalf("acceptance not audited: %s", audit)
	}
}

func TestOrganizersRevokeInvitationsAndMembers(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	org := ts.admin()
	org.createContest("green")
	org.invite("green", "gone@corp-a.test", domain.RoleJudge)
	link := ts.linkToken("gone@corp-a.test", "/invite/")
	members := memberList(t, org, "green", "").Items
	var invID int64
	for _, m := range members {
		if m.Email == "gone@corp-a.test" && m.Invited {
			invID = m.InvitationID
		}
	}
	if invID == 0 {
		t.Fatalf("invitation not listed with an id: %+v", members)
	}
	judge := ts.signUp("judge@uni.example.edu")
	org.invite("green", "judge@uni.example.edu", domain.RoleJudge)
	judgeID := judge.userID()

	// Not an organizer: forbidden, nothing changes.
	mustStatus(t, judge.do("DELETE", fmt.Sprintf("/api/v1/contests/green/invitations/%d", invID), nil), 403)
	mustStatus(t, judge.do("DELETE", fmt.Sprintf("/api/v1/contests/green/members/%d", judgeID), nil), 403)

	mustStatus(t, org.do("DELETE", fmt.Sprintf("/api/v1/contests/green/invitations/%d", invID), nil), 200)
	mustStatus(t, org.do("DELETE", fmt.Sprintf("/api/v1/contests/green/invitations/%d", invID), nil), 404)
	mustStatus(t, ts.signUp("other@example.org").do("POST", "/api/v1/invitations/accept", map[string]string{"token": link}), 404)
	ts.signUp("gone@corp-a.test").mustHaveRoles("green") // a revoked invitation gives nothing

	r := org.do("DELETE", fmt.Sprintf("/api/v1/contests/green/members/%d?role=chair", judgeID), nil)
	if _, f := r.errorCode(t); r.Status != 400 || f["role"] == "" {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	mustStatus(t, org.do("DELETE", fmt.Sprintf("/api/v1/contests/green/members/%d", judgeID), nil), 200)
	judge.mustHaveRoles("green")
	mustStatus(t, org.do("DELETE", fmt.Sprintf("/api/v1/contests/green/members/%d", judgeID), nil), 404)
	// The last organizer stays.
	r = org.do("DELETE", fmt.Sprintf("/api/v1/contests/green/members/%d?role=organizer", org.userID()), nil)
	if code, _ := r.errorCode(t); r.Status != 409 || code != "conflict" {
		t.Fatalf("last organizer removed: %d %s", r.Status, r.Body)
	}
	audit := string(org.do("GET", "/api/v1/contests/green/audit", nil).Body)
	if !strings.Contains(audit, "invitation.revoke") || !strings.Contains(audit, "member.remove") {
		t.Fatalf("not audited: %s", audit)
	}
}

func TestPasswordResetAnswersAlikeAndEndsSessionsAndTokens(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	owner := ts.signUp("owner@example.org")
	tok := decode[newToken](t, owner.do("POST", "/api/v1/me/tokens", map[string]string{"name": "script"}))
	bearer := ts.client()
	bearer.bearer = tok.Token
	mustStatus(t, bearer.do("GET", "/api/v1/me", nil), 200)

	anon := ts.client()
	known := anon.do("POST", "/api/v1/auth/reset", map[string]string{"email": "owner@example.org"})
	unknown := anon.do("POST", "/api/v1/auth/reset", map[string]string{"email": "nobody@example.org"})
	if known.Status != 202 || unknown.Status != known.Status ||
		!bytes.Equal(bytes.ReplaceAll(known.Body, []byte("owner@"), []byte("nobody@")), unknown.Body) {
		t.Fatalf("reset answers differ: %d %s / %d %s", known.Status, known.Body, unknown.Status, unknown.Body)
	}
	link := ts.linkToken("owner@example.org", "/reset/")
	r := anon.do("POST", "/api/v1/auth/reset/confirm", map[string]string{"token": link, "password": "short"})
	if _, f := r.errorCode(t); r.Status != 400 || f["password"] == "" {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	mustStatus(t, anon.do("POST", "/api/v1/auth/reset/confirm", map[string]string{"token": link, "password": "a-brand-new-password"}), 200)
	mustStatus(t, anon.do("POST", "/api/v1/auth/reset/confirm", map[string]string{"token": link, "password": "yet-another-password"}), 404)
	mustStatus(t, owner.do("GET", "/api/v1/me", nil), 401)
	mustStatus(t, bearer.do("GET", "/api/v1/me", nil), 401)
	ts.client().login("owner@example.org", "a-brand-new-password")
}

func TestRegistrationRevealsNothingAboutTakenAddresses(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.signUp("taken@example.org")
	c := ts.client()
	c.ip = "198.51.100.1"
	taken := c.register("taken@example.org", "another-password")
	free := c.register("free@example.org", "another-password")
	if taken.Status != 201 || free.Status != taken.Status ||
		!bytes.Equal(bytes.ReplaceAll(taken.Body, []byte("taken@"), []byte("free@")), free.Body) {
		t.Fatalf("answers differ: %d %s / %d %s", taken.Status, taken.Body, free.Status, free.Body)
	}
	if bytes.Contains(taken.Body, []byte(`"id"`)) || bytes.Contains(taken.Body, []byte("created_at")) {
		t.Fatalf("registration answers an account: %s", taken.Body)
	}
	// The owner hears of it; the account is unchanged.
	if m := ts.lastMailTo("taken@example.org"); !strings.Contains(m.Subject, "tried to register") || !strings.Contains(m.Body, ts.cfg.PublicURL+"/reset") {
		t.Fatalf("owner's e-mail: %q %s", m.Subject, m.Body)
	}
	if m := ts.lastMailTo("free@example.org"); !strings.Contains(m.Body, ts.cfg.PublicURL+"/verify/") {
		t.Fatalf("new account's e-mail: %s", m.Body)
	}
	ts.client().login("taken@example.org", "a-long-password")
}

func TestPersonalTokensExpireHaveScopesAndCannotBreed(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.signUp("scripter@example.org")
	full := decode[newToken](t, c.do("POST", "/api/v1/me/tokens", map[string]string{"name": "deploy"}))
	if full.Scope != domain.ScopeFull || time.Until(full.ExpiresAt) < 89*24*time.Hour || time.Until(full.ExpiresAt) > 90*24*time.Hour {
		t.Fatalf("default token: %+v", full.APIToken)
	}
	ro := decode[newToken](t, c.do("POST", "/api/v1/me/tokens", map[string]string{"name": "dashboard", "scope": "read"}))

	// A token cannot mint tokens.
	b := ts.client()
	b.bearer = full.Token
	r := b.do("POST", "/api/v1/me/tokens", map[string]string{"name": "child"})
	if code, _ := r.errorCode(t); r.Status != 403 || code != "forbidden" {
		t.Fatalf("a token made a token: %d %s", r.Status, r.Body)
	}
	// A read-only token reads and writes nothing.
	rb := ts.client()
	rb.bearer = ro.Token
	mustStatus(t, rb.do("GET", "/api/v1/me/tokens", nil), 200)
	mustStatus(t, rb.do("DELETE", fmt.Sprintf("/api/v1/me/tokens/%d", full.ID), nil), 403)
	mustStatus(t, rb.do("POST", "/api/v1/contests/green/teams", map[string]string{"name": "x", "track": "energy"}), 403)

	// Expiry: at most the configured lifetime, and enforced.
	r = c.do("POST", "/api/v1/me/tokens", map[string]any{"name": "forever", "expires_at": time.Now().Add(91 * 24 * time.Hour)})
	if _, f := r.errorCode(t); r.Status != 400 || f["expires_at"] == "" {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	r = c.do("POST", "/api/v1/me/tokens", map[string]any{"name": "odd", "scope": "admin"})
	if _, f := r.errorCode(t); r.Status != 400 || f["scope"] == "" {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	short := decode[newToken](t, c.do("POST", "/api/v1/me/tokens", map[string]any{"name": "ci", "expires_at": time.Now().Add(time.Hour)}))
	sb := ts.client()
	sb.bearer = short.Token
	mustStatus(t, sb.do("GET", "/api/v1/me", nil), 200)
	ts.acc.Now = func() time.Time { return time.Now().Add(2 * time.Hour) }
	mustStatus(t, sb.do("GET", "/api/v1/me", nil), 401)
	ts.acc.Now = nil

	list := decode[[]domain.APIToken](t, c.do("GET", "/api/v1/me/tokens", nil))
	if len(list) != 3 || list[1].Scope != domain.ScopeRead || list[0].LastUsedAt == nil || list[0].ExpiresAt.IsZero() {
		t.Fatalf("list: %+v", list)
	}

	// A password change revokes every token.
	mustStatus(t, c.do("POST", "/api/v1/me/password", map[string]string{"current_password": "a-long-password", "new_password": "a-new-long-password"}), 200)
	mustStatus(t, b.do("GET", "/api/v1/me", nil), 401)
	mustStatus(t, rb.do("GET", "/api/v1/me", nil), 401)
}

func TestUnverifiedAccountSignsInButTakesNoPartUntilConfirmed(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	org := ts.admin()
	org.createContest("green")
	captain := ts.signUp("captain@uni.example.edu")
	team := captain.createTeam("green", "Solar", "energy")

	c := ts.client()
	mustStatus(t, c.register("new@uni.example.edu", "a-long-password"), 201)
	c.login("new@uni.example.edu", "a-long-password")
	mustStatus(t, c.do("GET", "/api/v1/contests/green", nil), 200)
	for _, r := range []response{
		c.do("POST", "/api/v1/contests/green/teams", map[string]string{"name": "Wind", "track": "energy"}),
		c.do("POST", "/api/v1/contests/green/teams/join", map[string]string{"invite_code": team.InviteCode}),
	} {
		code, _ := r.errorCode(t)
		if p := r.problems(t)["email"]; r.Status != 403 || code != "forbidden" || p.Code != domain.ProblemUnverified {
			t.Fatalf("unverified account: %d %s", r.Status, r.Body)
		}
	}
	if teams := decode[[]domain.Team](t, c.do("GET", "/api/v1/me/teams", nil)); len(teams) != 0 {
		t.Fatalf("a refused account is in teams: %+v", teams)
	}
	// Confirming the address (from the e-mailed link) lifts the refusal.
	ts.verifyEmail("new@uni.example.edu")
	mustStatus(t, c.do("POST", "/api/v1/contests/green/teams/join", map[string]string{"invite_code": team.InviteCode}), 200)
}

func TestChangingTheAddressReconfirmsItAndOrganizersSeeAndRemind(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	org := ts.admin()
	org.createContest("green")
	captain := ts.signUp("cap@uni.example.edu")
	team := captain.createTeam("green", "Solar", "energy")
	capID := captain.signedInAs().ID
	ts.signUp("taken@uni.example.edu")

	for body, field := range map[string]map[string]string{
		"current_password": {"email": "new@uni.example.edu", "current_password": "wrong-password"},
		"email":            {"email": "taken@uni.example.edu", "current_password": "a-long-password"},
	} {
		r := captain.do("POST", "/api/v1/me/email", field)
		if _, f := r.errorCode(t); f[body] == "" {
			t.Fatalf("%s: %d %s", body, r.Status, r.Body)
		}
	}
	r := captain.do("POST", "/api/v1/me/email", map[string]string{"email": "new@uni.example.edu", "current_password": "a-long-password"})
	mustStatus(t, r, 200)
	if u := captain.signedInAs(); u.Email != "new@uni.example.edu" || u.EmailVerified {
		t.Fatalf("after the change: %+v", u)
	}
	// The organizer sees the member unconfirmed and sends a new link.
	members := func() []domain.TeamMember {
		return decode[domain.Team](t, org.do("GET", fmt.Sprintf("/api/v1/teams/%d", team.ID), nil)).Members
	}
	if m := members(); len(m) != 1 || m[0].EmailVerified {
		t.Fatalf("members after the change: %+v", m)
	}
	remind := fmt.Sprintf("/api/v1/contests/green/participants/%d/verification", capID)
	mustStatus(t, org.do("POST", remind, map[string]any{}), 202)
	if n := len(ts.mailsTo("new@uni.example.edu")); n != 2 {
		t.Fatalf("%d e-mails to the new address, want the change's and the reminder's", n)
	}
	mustStatus(t, org.do("POST", fmt.Sprintf("/api/v1/contests/green/participants/%d/verification", capID+1000), map[string]any{}), 404)
	mustStatus(t, captain.do("POST", remind, map[string]any{}), 403)
	ts.verifyEmail("new@uni.example.edu")
	if m := members(); !m[0].EmailVerified {
		t.Fatalf("members after confirming: %+v", m)
	}
	mustStatus(t, org.do("POST", remind, map[string]any{}), 409)
}
