package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/podium-contests/podium/server/blob"
	"github.com/podium-contests/podium/server/config"
	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/internal/ratelimit"
	"github.com/podium-contests/podium/server/internal/testenv"
	"github.com/podium-contests/podium/server/sso"
	"github.com/podium-contests/podium/server/store"
)

// testServer is the real application on a fresh database and bucket,
// exercised through Fiber's in-memory transport.
type testServer struct {
	t     *testing.T
	app   *fiber.App
	store *store.Store
	cfg   config.Config
	acc   *domain.Accounts
	con   *domain.Contests
	blob  *blob.Store
	deps  Deps
	// internal records the internal errors the server logs: any fails the
	// test at its end, unless it calls expectInternalErrors.
	internal *internalRecords
}

func newTestServer(t *testing.T, mutate ...func(*config.Config)) *testServer {
	t.Helper()
	d := newTestDeps(t, mutate...)
	return &testServer{t: t, app: New(d.Deps), store: d.store, cfg: d.Config, acc: d.Accounts, con: d.Contests, blob: d.blob, deps: d.Deps, internal: d.internal}
}

// testDeps are the application's dependencies on a fresh database and
// bucket, with the store and bucket themselves for direct checks.
type testDeps struct {
	Deps
	store    *store.Store
	blob     *blob.Store
	internal *internalRecords
}

// newTestDeps wires the real services for tb (a test, a benchmark or a fuzz
// target), closed at its cleanup.
func newTestDeps(tb testing.TB, mutate ...func(*config.Config)) testDeps {
	tb.Helper()
	cfg, err := config.Load(func(string) string { return "" })
	if err != nil {
		tb.Fatal(err)
	}
	cfg.PublicURL = "http://podium.test"
	// Fiber's in-memory transport reports every peer as 0.0.0.0: trust it as
	// a proxy so that each client's X-Forwarded-For gives it its own address.
	cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("0.0.0.0/32")}
	for _, m := range mutate {
		m(&cfg)
	}
	dbURL := testenv.DatabaseURL(tb)
	st := testenv.StoreAt(tb, dbURL)
	bcfg := testenv.BlobConfig(tb)
	bcfg.TrustChecksums = cfg.S3TrustChecksums
	bl := testenv.OpenBlob(tb, bcfg, cfg.PublicURL)
	limiter := ratelimit.New()
	acc := &domain.Accounts{Store: st, Limiter: limiter, Rates: cfg.Rates, Idle: cfg.SessionIdle, Absolute: cfg.SessionAbsolute,
		TokenTTL: cfg.TokenTTL, PublicURL: cfg.PublicURL}
	contests := &domain.Contests{Store: st, Teams: st, Subs: st, Blob: bl, Limiter: limiter, Uploads: cfg.Uploads, Mail: st, PublicURL: cfg.PublicURL, CheckStore: st, RoleLinks: st, Retention: st}
	events := NewEvents()
	ctx, stop := context.WithCancel(context.Background())
	tb.Cleanup(stop)
	if err := st.ListenProgress(ctx, dbURL, testenv.Logger(), events.Publish); err != nil {
		tb.Fatal(err)
	}
	if err := st.ListenSessions(ctx, dbURL, testenv.Logger()); err != nil {
		tb.Fatal(err)
	}
	log, internal := watchInternalErrors(tb, testenv.Logger())
	judging := &domain.Judging{Contests: contests, Store: st, Final: st}
	deps := Deps{
		Config: cfg, Log: log, Accounts: acc, Contests: contests,
		Judging: judging, Live: &domain.Live{Judging: judging, Store: st}, ProgressStore: st, Events: events,
		SSO:             &domain.SSO{Store: st, Accounts: acc, Connector: &sso.Connector{}, PublicURL: cfg.PublicURL},
		JudgeFileAccess: st.JudgeCanReadFile,
		Exports:         &domain.Exports{Contests: contests, Rounds: st, Store: st, Blob: bl},
		Privacy:         &domain.Privacy{Accounts: acc, Store: st, Blob: bl},
		Certificates:    testCertificates(tb, contests, st, bl, cfg.PublicURL),
		Database:        st, Blob: bl, Registry: prometheus.NewRegistry(),
		Frontend: fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>Podium</title>")}},
	}
	return testDeps{Deps: deps, store: st, blob: bl, internal: internal}
}

// client is one browser-like caller: it keeps its cookies and CSRF token.
type client struct {
	ts      *testServer
	cookies map[string]string
	csrf    string
	bearer  string
	ip      string
	headers map[string]string
}

func (ts *testServer) client() *client {
	return &client{ts: ts, cookies: map[string]string{}, ip: "203.0.113.7", headers: map[string]string{}}
}

// response is a decoded reply.
type response struct {
	Status  int
	Header  http.Header
	Body    []byte
	Cookies []*http.Cookie
}

// json decodes the body into v.
func (r response) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// errorCode returns the error code of an error body and the English
// message of each field.
func (r response) errorCode(t *testing.T) (string, map[string]string) {
	t.Helper()
	var e errorBody
	r.json(t, &e)
	msgs := map[string]string{}
	for k, p := range e.Error.Fields {
		msgs[k] = p.Message
	}
	return string(e.Error.Code), msgs
}

// problems returns the problem of each field of an error body.
func (r response) problems(t *testing.T) domain.Fields {
	t.Helper()
	var e errorBody
	r.json(t, &e)
	return e.Error.Fields
}

// request is the HTTP request c sends for method, path and body: its
// cookies, CSRF token, bearer token and extra headers.
func (c *client) request(method, path string, body any) *http.Request {
	t := c.ts.t
	t.Helper()
	var rd io.Reader
	if body != nil {
		switch b := body.(type) {
		case string:
			rd = strings.NewReader(b)
		default:
			raw, err := json.Marshal(b)
			if err != nil {
				t.Fatal(err)
			}
			rd = bytes.NewReader(raw)
		}
	}
	req := httptest.NewRequest(method, path, rd)
	req.Header.Set("X-Forwarded-For", c.ip)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range c.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	if c.csrf != "" && method != http.MethodGet {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	for k, v := range c.headers {
		req.Header.Set(k, v)
	}
	return req
}

func (c *client) do(method, path string, body any) response {
	t := c.ts.t
	t.Helper()
	req := c.request(method, path, body)
	resp, err := c.ts.app.Test(req, -1)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	for _, ck := range resp.Cookies() {
		if ck.Value == "" || ck.MaxAge < 0 {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck.Value
		}
	}
	return response{Status: resp.StatusCode, Header: resp.Header, Body: raw, Cookies: resp.Cookies()}
}

// mustStatus fails the test unless r has the wanted status.
func mustStatus(t *testing.T, r response, want int) {
	t.Helper()
	if r.Status != want {
		t.Fatalf("status %d, want %d: %s", r.Status, want, r.Body)
	}
}

// signUp registers a fresh account, confirms its address with the link
// e-mailed to it and logs it in, returning its client.
func (ts *testServer) signUp(email string) *client {
	ts.t.Helper()
	c := ts.client()
	mustStatus(ts.t, c.do("POST", "/api/v1/auth/register", map[string]string{"email": email, "password": "a-long-password", "name": "Test User"}), 201)
	ts.verifyEmail(email)
	c.login(email, "a-long-password")
	return c
}

// linkToken returns the secret of the link to path ("/verify/", "/reset/",
// "/invite/") in the last e-mail to an address, as its owner reads it.
func (ts *testServer) linkToken(email, path string) string {
	ts.t.Helper()
	m := ts.lastMailTo(email)
	prefix := ts.cfg.PublicURL + path
	i := strings.Index(m.Body, prefix)
	if i < 0 {
		ts.t.Fatalf("no %s link in the last e-mail to %s (%q): %s", path, email, m.Subject, m.Body)
	}
	tok := m.Body[i+len(prefix):]
	if j := strings.IndexAny(tok, " \n\r"); j >= 0 {
		tok = tok[:j]
	}
	return tok
}

// verifyEmail confirms an address with the verification link e-mailed to
// it, as its owner does (through the service rather than a request, so
// that it counts against no client address's throttles; identity_test.go
// exercises POST /auth/verify itself).
func (ts *testServer) verifyEmail(email string) {
	ts.t.Helper()
	if _, err := ts.acc.VerifyEmail(ts.t.Context(), ts.linkToken(email, "/verify/")); err != nil {
		ts.t.Fatalf("verify %s: %v", email, err)
	}
}

func (c *client) login(email, password string) {
	t := c.ts.t
	t.Helper()
	r := c.do("POST", "/api/v1/auth/login", map[string]string{"email": email, "password": password})
	mustStatus(t, r, 200)
	var out struct {
		Data loginResponse `json:"data"`
	}
	r.json(t, &out)
	c.csrf = out.Data.CSRFToken
}

// listen serves the app on a real loopback socket, for behaviour that Fiber's
// in-memory transport cannot show (body limits enforced by the HTTP server).
func (ts *testServer) listen() string {
	ts.t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		ts.t.Fatal(err)
	}
	go func() { _ = ts.app.Listener(ln) }()
	// An open event stream only ends at its next heartbeat: do not wait for it.
	ts.t.Cleanup(func() { _ = ts.app.ShutdownWithTimeout(time.Second) })
	return "http://" + ln.Addr().String()
}

// signUpNamed registers, verifies and logs in an account with a name.
func (ts *testServer) signUpNamed(email, name string) *client {
	ts.t.Helper()
	c := ts.client()
	mustStatus(ts.t, c.do("POST", "/api/v1/auth/register", map[string]string{"email": email, "password": "a-long-password", "name": name}), 201)
	ts.verifyEmail(email)
	c.login(email, "a-long-password")
	return c
}
