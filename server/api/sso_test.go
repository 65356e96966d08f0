package api

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/internal/devidp"
	"github.com/podium-contests/podium/server/internal/testenv"
)

// Single sign-on, end to end against the test OpenID provider (Ory Hydra,
// started by make test): the test plays the browser and the provider's
// login and consent app (devidp).

// idp is the test provider with the client registered for a test server.
type idp struct {
	hydra  devidp.Hydra
	issuer string
	client devidp.Client
}

// newIdP registers a client for ts at the test provider.
func newIdP(ts *testServer) idp {
	ts.t.Helper()
	issuer, admin := testenv.OIDCProvider(ts.t)
	h := devidp.Hydra{Admin: admin}
	cl, err := h.CreateClient(ts.t.Context(), "", "podium test", ts.cfg.PublicURL+domain.OIDCCallbackPath)
	if err != nil {
		ts.t.Fatal(err)
	}
	return idp{hydra: h, issuer: issuer, client: cl}
}

// addProvider has the platform admin configure a provider.
func addProvider(admin *client, in map[string]any) domain.OIDCProvider {
	admin.ts.t.Helper()
	r := admin.do("POST", "/api/v1/admin/sso-providers", in)
	mustStatus(admin.ts.t, r, 201)
	return decode[domain.OIDCProvider](admin.ts.t, r)
}

// provider configures the test provider as slug, with extra settings.
func (p idp) provider(admin *client, slug string, extra map[string]any) domain.OIDCProvider {
	in := map[string]any{"slug": slug, "name": "University SSO", "issuer": p.issuer, "client_id": p.client.ID, "client_secret": p.client.Secret}
	for k, v := range extra {
		in[k] = v
	}
	return addProvider(admin, in)
}

// startSSO starts signing in with a provider from c and returns the
// provider's authorization URL.
func (c *client) startSSO(slug, next string) string {
	c.ts.t.Helper()
	r := c.do("GET", "/api/v1/auth/oidc/"+slug+"/start?next="+url.QueryEscape(next), nil)
	mustStatus(c.ts.t, r, 302)
	return r.Header.Get("Location")
}

// atProvider signs in at the provider as who and returns the callback's
// path and query (what the provider redirects the browser to).
func (p idp) atProvider(ts *testServer, authURL string, who devidp.Person) string {
	ts.t.Helper()
	cb, err := devidp.NewBrowser(p.hydra).SignIn(ts.t.Context(), authURL, ts.cfg.PublicURL+domain.OIDCCallbackPath, who)
	if err != nil {
		ts.t.Fatal(err)
	}
	return strings.TrimPrefix(cb, ts.cfg.PublicURL)
}

// ssoSignIn signs c in with a provider as who, returning the callback's answer.
func (p idp) ssoSignIn(c *client, slug string, who devidp.Person) response {
	c.ts.t.Helper()
	return c.do("GET", p.atProvider(c.ts, c.startSSO(slug, "/contests/green"), who), nil)
}

// mustFailSSO checks that r is the redirect of a refused sign-in for reason.
func mustFailSSO(t *testing.T, r response, reason string) {
	t.Helper()
	if r.Status != 302 || r.Header.Get("Location") != "/signin?sso_error="+reason {
		t.Fatalf("want a redirect to /signin?sso_error=%s, got %d %q %s", reason, r.Status, r.Header.Get("Location"), r.Body)
	}
}

// signedInAs returns the caller's account, failing unless signed in.
func (c *client) signedInAs() domain.User {
	c.ts.t.Helper()
	r := c.do("GET", "/api/v1/me", nil)
	mustStatus(c.ts.t, r, 200)
	me := decode[meResponse](c.ts.t, r)
	c.csrf = me.CSRFToken
	return me.User
}

func ssoPerson(email string, verified bool) devidp.Person {
	return devidp.Person{Subject: "sub-" + email, Email: email, EmailVerified: verified, Name: "Grace Hopper"}
}

func TestSSOFirstSignInCreatesTheAccountAndTheNextReusesIt(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.admin()
	admin.createContest("green")
	p := newIdP(ts)
	p.provider(admin, "uni", nil)
	providers := decode[[]domain.SignInProvider](t, ts.client().do("GET", "/api/v1/auth/oidc/providers", nil))
	if len(providers) != 1 || providers[0].Slug != "uni" || providers[0].Name != "University SSO" {
		t.Fatalf("sign-in providers: %+v", providers)
	}

	c := ts.client()
	r := p.ssoSignIn(c, "uni", ssoPerson("grace@uni.example.edu", true))
	if r.Status != 302 || r.Header.Get("Location") != "/contests/green" {
		t.Fatalf("callback: %d %q %s", r.Status, r.Header.Get("Location"), r.Body)
	}
	u := c.signedInAs()
	if u.Email != "grace@uni.example.edu" || u.Name != "Grace Hopper" || !u.EmailVerified {
		t.Fatalf("new account: %+v", u)
	}
	// A verified address from the provider counts: the account takes part.
	c.createTeam("green", "Compilers", "energy")
	// No password was set: nobody signs in with an empty or guessed one.
	r = ts.client().do("POST", "/api/v1/auth/login", map[string]string{"email": "grace@uni.example.edu", "password": "a-long-password"})
	mustStatus(t, r, 401)

	again := ts.client()
	mustStatus(t, p.ssoSignIn(again, "uni", ssoPerson("grace@uni.example.edu", true)), 302)
	if v := again.signedInAs(); v.ID != u.ID {
		t.Fatalf("second sign-in opened account %d, want %d", v.ID, u.ID)
	}

	// An address the provider does not vouch for makes an unverified account.
	un := ts.client()
	mustStatus(t, p.ssoSignIn(un, "uni", ssoPerson("alan@uni.example.edu", false)), 302)
	if v := un.signedInAs(); v.EmailVerified {
		t.Fatalf("unverified address gave a verified account: %+v", v)
	}
	r = un.do("POST", "/api/v1/contests/green/teams", map[string]string{"name": "Turing", "track": "energy"})
	if r.Status != 403 || r.problems(t)["email"].Code != domain.ProblemUnverified {
		t.Fatalf("unverified SSO account made a team: %d %s", r.Status, r.Body)
	}
}

func TestSSORefusesAWrongStateAndAnotherBrowser(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	p := newIdP(ts)
	p.provider(ts.admin(), "uni", nil)
	c := ts.client()
	cb := p.atProvider(ts, c.startSSO("uni", "/"), ssoPerson("grace@uni.example.edu", true))
	u, _ := url.Parse(cb)
	q := u.Query()
	state := q.Get("state")
	q.Set("state", state+"x")
	mustFailSSO(t, c.do("GET", u.Path+"?"+q.Encode(), nil), domain.SSOState)
	q.Del("state")
	mustFailSSO(t, c.do("GET", u.Path+"?"+q.Encode(), nil), domain.SSOState)
	// The right callback in another browser (without the state cookie).
	mustFailSSO(t, ts.client().do("GET", cb, nil), domain.SSOState)
	mustStatus(t, ts.client().do("GET", "/api/v1/me", nil), 401)
	// None of these used up the sign-in: the browser that started it ends it.
	mustStatus(t, c.do("GET", cb, nil), 302)
	c.signedInAs()
}

func TestSSORefusesAReplayedOrExpiredSignIn(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	p := newIdP(ts)
	p.provider(ts.admin(), "uni", nil)
	c := ts.client()
	cb := p.atProvider(ts, c.startSSO("uni", "/"), ssoPerson("grace@uni.example.edu", true))
	mustStatus(t, c.do("GET", cb, nil), 302)

	// The same callback again: its state is used up.
	replay := ts.client()
	replay.cookies[oidcStateCookie] = mustQuery(t, cb, "state")
	mustFailSSO(t, replay.do("GET", cb, nil), domain.SSOState)
	// A fresh sign-in carrying the used code: the provider refuses it.
	start := replay.startSSO("uni", "/")
	fresh := url.Values{"state": {mustQuery(t, start, "state")}, "code": {mustQuery(t, cb, "code")}}
	mustFailSSO(t, replay.do("GET", domain.OIDCCallbackPath+"?"+fresh.Encode(), nil), domain.SSOCode)
	mustStatus(t, replay.do("GET", "/api/v1/me", nil), 401)

	// A sign-in finished after its ten minutes is refused.
	late := ts.client()
	cb = p.atProvider(ts, late.startSSO("uni", "/"), ssoPerson("grace@uni.example.edu", true))
	ts.deps.SSO.Now = func() time.Time { return time.Now().Add(11 * time.Minute) }
	mustFailSSO(t, late.do("GET", cb, nil), domain.SSOExpired)
	ts.deps.SSO.Now = nil

	// The provider's own refusal (the person cancelled).
	no := ts.client()
	start = no.startSSO("uni", "/")
	denied := url.Values{"state": {mustQuery(t, start, "state")}, "error": {"access_denied"}}
	mustFailSSO(t, no.do("GET", domain.OIDCCallbackPath+"?"+denied.Encode(), nil), domain.SSODenied)
}

func mustQuery(t *testing.T, raw, name string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil || u.Query().Get(name) == "" {
		t.Fatalf("no %s in %q", name, raw)
	}
	return u.Query().Get(name)
}

func TestSSOAllowsOnlyTheConfiguredDomains(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	p := newIdP(ts)
	p.provider(ts.admin(), "uni", map[string]any{"allowed_domains": []string{"uni.example.edu"}})
	mustFailSSO(t, p.ssoSignIn(ts.client(), "uni", ssoPerson("eve@corp.example.com", true)), domain.SSODomain)
	mustFailSSO(t, p.ssoSignIn(ts.client(), "uni", ssoPerson("eve@uni.example.edu.corp.example.com", true)), domain.SSODomain)
	c := ts.client()
	mustStatus(t, p.ssoSignIn(c, "uni", ssoPerson("ada@cs.uni.example.edu", true)), 302)
	c.signedInAs()
}

func TestSSOLinksAPasswordAccountOnlyAfterProof(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.admin()
	p := newIdP(ts)
	p.provider(admin, "uni", nil)
	owner := ts.signUp("ada@uni.example.edu")
	ownerID := owner.signedInAs().ID

	// Someone who controls a provider account with that address gets
	// nothing: the provider is not trusted to vouch for existing accounts.
	c := ts.client()
	mustFailSSO(t, p.ssoSignIn(c, "uni", ssoPerson("ada@uni.example.edu", true)), domain.SSOLinkRequired)
	mustStatus(t, c.do("GET", "/api/v1/me", nil), 401)

	// The owner, signed in with the password, links the provider.
	r := owner.do("POST", "/api/v1/me/identities/uni", map[string]any{})
	mustStatus(t, r, 200)
	cb := p.atProvider(ts, decode[domain.OIDCStart](t, r).URL, ssoPerson("ada@uni.example.edu", true))
	r = owner.do("GET", cb, nil)
	if r.Status != 302 || r.Header.Get("Location") != "/account" {
		t.Fatalf("link callback: %d %q", r.Status, r.Header.Get("Location"))
	}
	c = ts.client()
	mustStatus(t, p.ssoSignIn(c, "uni", ssoPerson("ada@uni.example.edu", true)), 302)
	if c.signedInAs().ID != ownerID {
		t.Fatal("the linked provider opened another account")
	}
	// A bearer token cannot start a link (it is no browser).
	tok := decode[newToken](t, owner.do("POST", "/api/v1/me/tokens", map[string]string{"name": "script"}))
	b := ts.client()
	b.bearer = tok.Token
	mustStatus(t, b.do("POST", "/api/v1/me/identities/uni", map[string]any{}), 403)

	// A provider trusted for verified addresses links them at once, and
	// only them.
	trusted := newIdP(ts)
	trusted.provider(admin, "corp", map[string]any{"link_verified": true})
	ts.signUp("bob@uni.example.edu")
	mustFailSSO(t, trusted.ssoSignIn(ts.client(), "corp", ssoPerson("bob@uni.example.edu", false)), domain.SSOLinkRequired)
	c = ts.client()
	mustStatus(t, trusted.ssoSignIn(c, "corp", ssoPerson("bob@uni.example.edu", true)), 302)
	if c.signedInAs().Email != "bob@uni.example.edu" {
		t.Fatal("trusted provider did not open the existing account")
	}
}

// fakeOP is a test-only OpenID provider whose discovery document and keys
// are its own: it signs ID tokens with signer, and publishes published.
type fakeOP struct {
	srv       *httptest.Server
	published *rsa.PrivateKey
	signer    atomic.Pointer[rsa.PrivateKey]
	nonce     atomic.Value
}

func newFakeOP(t *testing.T) *fakeOP {
	op := &fakeOP{}
	var err error
	if op.published, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		t.Fatal(err)
	}
	op.signer.Store(op.published)
	mux := http.NewServeMux()
	op.srv = httptest.NewServer(mux)
	t.Cleanup(op.srv.Close)
	iss := op.srv.URL
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{"issuer": iss, "authorization_endpoint": iss + "/authorize",
			"token_endpoint": iss + "/token", "jwks_uri": iss + "/jwks", "id_token_signing_alg_values_supported": []string{"RS256"}})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &op.published.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
	})
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, _ *http.Request) {
		sig, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: op.signer.Load()}, (&jose.SignerOptions{}).WithHeader("kid", "k1").WithType("JWT"))
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		now := time.Now()
		claims := map[string]any{"iss": iss, "sub": "fake-1", "aud": "podium", "iat": now.Unix(), "exp": now.Add(time.Minute).Unix(),
			"nonce": op.nonce.Load(), "email": "kim@uni.example.edu", "email_verified": true}
		raw, err := jwt.Signed(sig).Claims(claims).Serialize()
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 60, "id_token": raw})
	})
	return op
}

// signIn starts a sign-in from c, answers as the provider would (the
// nonce of the request goes into the token) and returns the callback's answer.
func (op *fakeOP) signIn(c *client, slug string) response {
	c.ts.t.Helper()
	auth := c.startSSO(slug, "/")
	op.nonce.Store(mustQuery(c.ts.t, auth, "nonce"))
	q := url.Values{"state": {mustQuery(c.ts.t, auth, "state")}, "code": {"any-code"}}
	return c.do("GET", domain.OIDCCallbackPath+"?"+q.Encode(), nil)
}

func TestSSORefusesATokenSignedByAnotherKey(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	op := newFakeOP(t)
	addProvider(ts.admin(), map[string]any{"slug": "fake", "name": "Fake", "issuer": op.srv.URL, "client_id": "podium", "client_secret": "s"})
	// Signed with the published key: accepted (the fake provider is sound).
	ok := ts.client()
	mustStatus(t, op.signIn(ok, "fake"), 302)
	if ok.signedInAs().Email != "kim@uni.example.edu" {
		t.Fatal("the well-signed token did not sign in")
	}
	// The same claims signed with a key the provider does not publish.
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	op.signer.Store(other)
	c := ts.client()
	mustFailSSO(t, op.signIn(c, "fake"), domain.SSOToken)
	mustStatus(t, c.do("GET", "/api/v1/me", nil), 401)
	// And a token whose nonce is not the request's.
	op.signer.Store(op.published)
	c = ts.client()
	auth := c.startSSO("fake", "/")
	op.nonce.Store("another-nonce")
	q := url.Values{"state": {mustQuery(t, auth, "state")}, "code": {"any-code"}}
	mustFailSSO(t, c.do("GET", domain.OIDCCallbackPath+"?"+q.Encode(), nil), domain.SSOToken)
}

func TestSSOProviderSettingsAreForAdminsAndKeepTheSecret(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.admin()
	in := map[string]any{"slug": "uni", "name": "Uni", "issuer": "https://login.uni.example.edu/", "client_id": "podium", "client_secret": "s3cret",
		"allowed_domains": []string{"@Uni.Example.edu", "uni.example.edu"}}
	p := addProvider(admin, in)
	if !p.HasSecret || fmt.Sprint(p.AllowedDomains) != "[uni.example.edu]" || !p.Enabled {
		t.Fatalf("created: %+v", p)
	}
	r := admin.do("GET", "/api/v1/admin/sso-providers", nil)
	if strings.Contains(string(r.Body), "s3cret") {
		t.Fatalf("the secret is shown: %s", r.Body)
	}
	// A change without a secret keeps it.
	delete(in, "client_secret")
	in["enabled"] = false
	r = admin.do("PUT", fmt.Sprintf("/api/v1/admin/sso-providers/%d", p.ID), in)
	mustStatus(t, r, 200)
	if q := decode[domain.OIDCProvider](t, r); !q.HasSecret || q.Enabled {
		t.Fatalf("changed: %+v", q)
	}
	if got := decode[[]domain.SignInProvider](t, ts.client().do("GET", "/api/v1/auth/oidc/providers", nil)); len(got) != 0 {
		t.Fatalf("a disabled provider is offered: %+v", got)
	}
	mustFailSSO(t, ts.client().do("GET", "/api/v1/auth/oidc/uni/start", nil), domain.SSOUnavailable)
	// Bad settings name their field and change nothing.
	r = admin.do("POST", "/api/v1/admin/sso-providers", map[string]any{"slug": "Bad Slug", "name": "", "issuer": "ftp://x", "client_id": "", "allowed_domains": []string{"not a domain"}})
	_, fields := r.errorCode(t)
	for _, f := range []string{"slug", "name", "issuer", "client_id", "allowed_domains[0]"} {
		if fields[f] == "" {
			t.Errorf("no problem named for %s: %s", f, r.Body)
		}
	}
	mustStatus(t, admin.do("POST", "/api/v1/admin/sso-providers", in), 409)
	// Others may not see or change them.
	user := ts.signUp("someone@example.org")
	mustStatus(t, user.do("GET", "/api/v1/admin/sso-providers", nil), 403)
	mustStatus(t, user.do("DELETE", fmt.Sprintf("/api/v1/admin/sso-providers/%d", p.ID), nil), 403)
	mustStatus(t, admin.do("DELETE", fmt.Sprintf("/api/v1/admin/sso-providers/%d", p.ID), nil), 200)
	mustStatus(t, admin.do("DELETE", fmt.Sprintf("/api/v1/admin/sso-providers/%d", p.ID), nil), 404)
}

func TestSSOIdentityGoesWithADeletedAccount(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	p := newIdP(ts)
	p.provider(ts.admin(), "uni", nil)
	c := ts.client()
	mustStatus(t, p.ssoSignIn(c, "uni", ssoPerson("grace@uni.example.edu", true)), 302)
	erased := c.signedInAs()
	// The download of her data names the provider and her identity there.
	if ids := signInProviders(t, c); len(ids) != 1 || ids[0].Provider != "University SSO" || ids[0].Subject != "sub-grace@uni.example.edu" || ids[0].LinkedAt.IsZero() {
		t.Fatalf("sign-in providers in the personal data: %+v", ids)
	}
	// An account made by the provider has no password: the address typed again deletes it.
	mustStatus(t, c.do("DELETE", "/api/v1/me", map[string]string{"confirm": "grace@uni.example.edu"}), 200)
	// The provider's identity went with it: signing in again makes a new
	// account, never the erased one.
	again := ts.client()
	mustStatus(t, p.ssoSignIn(again, "uni", ssoPerson("grace@uni.example.edu", true)), 302)
	if u := again.signedInAs(); u.ID == erased.ID || u.Email != "grace@uni.example.edu" {
		t.Fatalf("after deletion the provider opened %+v (the erased account was %d)", u, erased.ID)
	}
	// The new account holds one identity: the erased one's link is gone.
	if ids := signInProviders(t, again); len(ids) != 1 {
		t.Fatalf("sign-in providers of the new account: %+v", ids)
	}
}

// linkedIdentity is an entry of "sign_in_providers" in the personal data.
type linkedIdentity struct {
	Provider string    `json:"provider"`
	Subject  string    `json:"subject"`
	Email    string    `json:"email"`
	LinkedAt time.Time `json:"linked_at"`
}

// signInProviders reads the provider identities of c's account from its personal-data download.
func signInProviders(t *testing.T, c *client) []linkedIdentity {
	t.Helper()
	mine := decode[domain.PersonalData](t, c.do("GET", "/api/v1/me/data", nil))
	var doc struct {
		Providers []linkedIdentity `json:"sign_in_providers"`
	}
	if err := json.Unmarshal(mine.Data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Providers
}

func TestUnlinkingAProviderKeepsAWayToSignIn(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.admin()
	p := newIdP(ts)
	p.provider(admin, "uni", nil)
	other := newIdP(ts)
	other.provider(admin, "corp", nil)

	// An account made by the provider has no password: its only way in stays.
	c := ts.client()
	mustStatus(t, p.ssoSignIn(c, "uni", ssoPerson("grace@uni.example.edu", true)), 302)
	c.signedInAs() // and its CSRF token
	ways := decode[domain.SignInWays](t, c.do("GET", "/api/v1/me/identities", nil))
	if ways.HasPassword || len(ways.Identities) != 1 || ways.Identities[0].Provider != "uni" || ways.Identities[0].Subject != "sub-grace@uni.example.edu" {
		t.Fatalf("sign-in ways: %+v", ways)
	}
	mustStatus(t, c.do("DELETE", "/api/v1/me/identities/uni", map[string]any{}), 409)
	// A provider that is not linked: not found; nothing changed.
	mustStatus(t, c.do("DELETE", "/api/v1/me/identities/corp", map[string]any{}), 404)
	if again := decode[domain.SignInWays](t, c.do("GET", "/api/v1/me/identities", nil)); len(again.Identities) != 1 {
		t.Fatalf("a refused unlink changed the links: %+v", again)
	}

	// With a second provider linked, the first can go; the second then stays.
	r := c.do("POST", "/api/v1/me/identities/corp", map[string]any{})
	mustStatus(t, r, 200)
	mustStatus(t, c.do("GET", other.atProvider(ts, decode[domain.OIDCStart](t, r).URL, ssoPerson("grace@corp.example.com", true)), nil), 302)
	ways = decode[domain.SignInWays](t, c.do("DELETE", "/api/v1/me/identities/uni", map[string]any{}))
	if len(ways.Identities) != 1 || ways.Identities[0].Provider != "corp" {
		t.Fatalf("after unlinking uni: %+v", ways)
	}
	mustStatus(t, c.do("DELETE", "/api/v1/me/identities/corp", map[string]any{}), 409)
	// The unlinked provider no longer opens the account (its address is
	// the account's, so the owner would have to link it again).
	n := ts.client()
	mustFailSSO(t, p.ssoSignIn(n, "uni", ssoPerson("grace@uni.example.edu", true)), domain.SSOLinkRequired)

	// An account with a password may unlink its only provider, but not with a token.
	owner := ts.signUp("ada@uni.example.edu")
	r = owner.do("POST", "/api/v1/me/identities/corp", map[string]any{})
	mustStatus(t, r, 200)
	mustStatus(t, owner.do("GET", other.atProvider(ts, decode[domain.OIDCStart](t, r).URL, ssoPerson("ada@corp.example.com", true)), nil), 302)
	tok := decode[newToken](t, owner.do("POST", "/api/v1/me/tokens", map[string]string{"name": "script"}))
	b := ts.client()
	b.bearer = tok.Token
	mustStatus(t, b.do("DELETE", "/api/v1/me/identities/corp", map[string]any{}), 403)
	ways = decode[domain.SignInWays](t, owner.do("DELETE", "/api/v1/me/identities/corp", map[string]any{}))
	if !ways.HasPassword || len(ways.Identities) != 0 {
		t.Fatalf("after unlinking the password account's provider: %+v", ways)
	}
}
