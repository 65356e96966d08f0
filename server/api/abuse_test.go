package api

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/podium-contests/podium/server/config"
	"github.com/podium-contests/podium/server/domain"
)

// Abuse: sign-ups and upload initiations are rate limited per address and
// per user (login throttling, session fixation and CSRF: auth_test.go), and
// every page and API route carries the browser protections.

// mustRateLimit asserts a 429 rate_limited answer that says when to retry.
func mustRateLimit(t *testing.T, r response) {
	t.Helper()
	mustStatus(t, r, http.StatusTooManyRequests)
	if code, _ := r.errorCode(t); code != string(domain.CodeRateLimited) {
		t.Fatalf("code %q, want rate_limited: %s", code, r.Body)
	}
	if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s <= 0 {
		t.Fatalf("Retry-After %q, want a number of seconds", r.Header.Get("Retry-After"))
	}
}

func TestRegistrationRateLimitedPerIP(t *testing.T) {
	t.Parallel()
	const perHour = 20
	ts := newTestServer(t, func(c *config.Config) { c.Rates.Register = slow(perHour) })
	register := func(c *client, i int, password string) response {
		return c.do("POST", "/api/v1/auth/register", map[string]string{
			"email": fmt.Sprintf("signup%d@example.org", i), "password": password, "name": "Sign Up"})
	}
	bot := ts.client()
	bot.ip = "198.51.100.66"
	for i := range perHour {
		mustStatus(t, register(bot, i, "a-long-password"), 201)
	}
	mustRateLimit(t, register(bot, perHour, "a-long-password"))
	// Another address is unaffected; the refused sign-up created nothing (or
	// this account would keep the bot's password).
	neighbour := ts.client()
	neighbour.ip = "198.51.100.67"
	mustStatus(t, register(neighbour, perHour, "the-neighbours-password"), 201)
	neighbour.login(fmt.Sprintf("signup%d@example.org", perHour), "the-neighbours-password")
	// The limited address may still log in to the accounts it made.
	bot.login("signup0@example.org", "a-long-password")
}

func TestUploadInitiationRateLimitedPerUser(t *testing.T) {
	t.Parallel()
	const perWindow = 40
	ts := newTestServer(t, func(c *config.Config) {
		// The throttle, not the team's quota of uploads in progress.
		c.Uploads.Declare, c.Uploads.PendingPerSlot = slow(perWindow), perWindow
	})
	ts.admin().createContest("green")
	cap := ts.signUp("cap@example.org")
	team := cap.createTeam("green", "Flood", "energy")
	mate := ts.signUp("mate@example.org")
	mate.ip = "198.51.100.9"
	mustStatus(t, mate.do("POST", "/api/v1/contests/green/teams/join", map[string]string{"invite_code": team.InviteCode}), 200)
	content := pdfBytes(512)
	declare := func(c *client) response {
		r, _ := c.declare(team.ID, "deck", "deck.pdf", int64(len(content)), sha(content))
		return r
	}
	for i := range perWindow {
		if r := declare(cap); r.Status != 201 {
			t.Fatalf("declaration %d: status %d: %s", i+1, r.Status, r.Body)
		}
	}
	mustRateLimit(t, declare(cap))
	// Invalid declarations are still told what is wrong first.
	r, _ := cap.declare(team.ID, "deck", "deck.exe", 0, "x")
	mustStatus(t, r, 400)
	// A teammate, on the same team, is not affected, and can finish an upload.
	mustStatus(t, declare(mate), 201)
	mate.uploadPDF(team.ID, content)
}

// TestSecurityHeadersOnEveryGetRoute walks every GET route of the OpenAPI
// document, its path parameters filled with real objects, as each kind of
// caller, plus the single-page app's paths.
func TestSecurityHeadersOnEveryGetRoute(t *testing.T) {
	t.Parallel()
	const metricsToken = "a-scraper-token-of-some-length"
	f := newJudgingFixture(t, 2, 2, func(c *config.Config) { c.MetricsToken = metricsToken })
	ts := f.ts
	ts.startJobs()
	mustStatus(t, f.admin.do("PATCH", "/api/v1/contests/green", map[string]any{"feedback_enabled": true}), 200)
	f.createRound(t, 1, "mean", false)
	mustStatus(t, f.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", f.round.ID), map[string]any{}), 200)
	// The round is live too (one room with every judge), for the live routes.
	var judgeEmails []string
	for email := range f.ids {
		judgeEmails = append(judgeEmails, email)
	}
	mustStatus(t, f.admin.do("PUT", fmt.Sprintf("/api/v1/rounds/%d/live", f.round.ID), map[string]any{
		"starts_at": time.Now().Add(time.Hour).Format(time.RFC3339), "rooms": []map[string]any{{"name": "Hall", "judges": judgeEmails}}}), 200)
	r := f.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/live/schedule", f.round.ID), map[string]any{})
	mustStatus(t, r, 200)
	liveRoom := decode[domain.LiveSetup](t, r).Rooms[0]
	mustStatus(t, f.admin.do("POST", "/api/v1/contests/green/results", map[string]any{"awards": []any{}, "publish": true}), 200)
	// A finished ZIP export and packet, so that their downloads answer too.
	r = f.admin.do("POST", "/api/v1/contests/green/exports", map[string]any{"kind": "zip"})
	mustStatus(t, r, 202)
	exportID := waitExport(t, f.admin, "green", decode[domain.Export](t, r).ID).ID
	asg := f.assignments(t)[0]
	var judge *client
	for email, id := range f.ids {
		if id == asg.JudgeID {
			judge = f.judges[email]
		}
	}
	r = judge.do("POST", fmt.Sprintf("/api/v1/rounds/%d/packet", asg.RoundID), map[string]any{})
	mustStatus(t, r, 202)
	packetID := waitJob(t, judge, fmt.Sprintf("/api/v1/rounds/%d/packet/%s", asg.RoundID, decode[domain.Export](t, r).ID)).ID
	captain := f.teams[asg.SubmissionID]
	team := decode[[]domain.Team](t, captain.do("GET", "/api/v1/me/teams", nil))[0]
	sub := decode[domain.Submission](t, captain.do("GET", fmt.Sprintf("/api/v1/teams/%d/submission", team.ID), nil))
	if len(sub.Files) == 0 {
		t.Fatal("fixture: the entry has no file")
	}
	mustStatus(t, f.admin.do("POST", "/api/v1/contests/green/certificates/generate", map[string]any{}), 202)
	certs := waitCertificates(t, f.admin, "green").Certificates
	if len(certs) == 0 {
		t.Fatal("fixture: no certificate was issued")
	}
	// Parameters by the path segment before them.
	params := map[string]string{
		"certificates/{code}": certs[0].Code,
		"assignments/{id}":    fmt.Sprint(asg.ID), "contests/{slug}": "green", "exports/{id}": exportID, "packet/{export_id}": packetID,
		"files/{file_id}": sub.Files[0].ID, "rounds/{id}": fmt.Sprint(f.round.ID), "teams/{id}": fmt.Sprint(team.ID),
		"versions/{version}": "1", "rooms/{id}": fmt.Sprint(liveRoom.ID), "display/{token}": liveRoom.DisplayToken,
		"ceremony/{token}": decode[domain.PresenterView](t, f.admin.do("GET", "/api/v1/contests/green/ceremony", nil)).AudienceToken,
		"oidc/{provider}":  "none", // an unknown provider redirects to the sign-in page
	}
	// Query parameters a route needs to succeed, by its templated path.
	queries := map[string]string{"/api/v1/contests/{slug}/invite": "?code=" + team.InviteCode}
	fill := func(p string) string {
		segs := strings.Split(p, "/")
		for i, s := range segs {
			if strings.HasPrefix(s, "{") {
				v, ok := params[segs[i-1]+"/"+s]
				if !ok {
					t.Fatalf("%s: no value for %s/%s: add one to the fixture", p, segs[i-1], s)
				}
				segs[i] = v
			}
		}
		return strings.Join(segs, "/") + queries[p]
	}

	r = ts.client().do("GET", "/api/v1/openapi.json", nil)
	mustStatus(t, r, 200)
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	r.json(t, &doc)
	var paths []string
	for p, ops := range doc.Paths {
		if _, ok := ops["get"]; ok {
			paths = append(paths, fill(p))
		}
	}
	if len(paths) < 30 {
		t.Fatalf("only %d GET routes in the OpenAPI document", len(paths))
	}
	scraper := ts.client()
	scraper.bearer = metricsToken
	callers := map[string]*client{"anonymous": ts.client(), "organizer": f.admin, "judge": judge, "participant": captain, "metrics scraper": scraper}
	base := ts.listen()
	for _, p := range paths {
		reached := false
		for who, c := range callers {
			var status int
			var h http.Header
			if strings.HasSuffix(p, "/stream") {
				status, h = streamHeaders(t, c, base+p)
			} else {
				r := c.do("GET", p, nil)
				status, h = r.Status, r.Header
			}
			reached = reached || status < 400
			checkSecurityHeaders(t, fmt.Sprintf("GET %s as %s (%d)", p, who, status), h)
		}
		if !reached {
			t.Errorf("GET %s: no caller got past 4xx, so its success path went unchecked", p)
		}
	}
	for _, p := range []string{"/", "/c/demo/results", "/join/ABC", "/assets/missing.js"} {
		r := ts.client().do("GET", p, nil)
		checkSecurityHeaders(t, fmt.Sprintf("GET %s (%d)", p, r.Status), r.Header)
	}
}

// checkSecurityHeaders asserts the browser protections of a non-dev server.
func checkSecurityHeaders(t *testing.T, what string, h http.Header) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "default-src 'self'") ||
		strings.Contains(csp, "'unsafe-eval'") || strings.Contains(csp, "script-src 'self' 'unsafe-inline'") {
		t.Errorf("%s: weak or missing CSP %q", what, csp)
	}
	want := map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"}
	for k, v := range want {
		if got := h.Get(k); got != v {
			t.Errorf("%s: %s %q, want %q", what, k, got, v)
		}
	}
	hsts := h.Get("Strict-Transport-Security")
	age, err := strconv.Atoi(strings.TrimPrefix(strings.Split(hsts, ";")[0], "max-age="))
	if err != nil || age < 31536000 {
		t.Errorf("%s: HSTS %q, want max-age of at least a year", what, hsts)
	}
}

// streamHeaders opens a server-sent-event stream as c over a real socket and
// returns its status and headers without waiting for the endless body.
func streamHeaders(t *testing.T, c *client, url string) (int, http.Header) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	for k, v := range c.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header
}
