package api

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRegisterLoginMeLogout(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.client()
	r := c.do("POST", "/api/v1/auth/register", map[string]string{"email": "ada@example.org", "password": "a-long-password", "name": "Ada"})
	mustStatus(t, r, 201)
	var reg struct {
		Data map[string]any `json:"data"`
	}
	r.json(t, &reg)
	if reg.Data["email"] != "ada@example.org" || reg.Data["status"] != "check_inbox" || reg.Data["id"] != nil {
		t.Fatalf("register body: %s", r.Body)
	}
	if strings.Contains(string(r.Body), "password") {
		t.Fatalf("register leaks the password hash: %s", r.Body)
	}

	mustStatus(t, c.do("GET", "/api/v1/me", nil), 401)

	r = c.do("POST", "/api/v1/auth/login", map[string]string{"email": "ADA@example.org", "password": "a-long-password"})
	mustStatus(t, r, 200)
	var sess *http.Cookie
	for _, ck := range r.Cookies {
		if ck.Name == "__Host-podium_session" {
			sess = ck
		}
	}
	if sess == nil || !sess.HttpOnly || !sess.Secure || sess.SameSite != http.SameSiteLaxMode || sess.Path != "/" {
		t.Fatalf("session cookie flags wrong: %+v", sess)
	}
	if len(sess.Value) < 43 { // 32 random bytes, base64url
		t.Fatalf("session id too short: %d chars", len(sess.Value))
	}
	var login struct {
		Data loginResponse `json:"data"`
	}
	r.json(t, &login)
	c.csrf = login.Data.CSRFToken

	r = c.do("GET", "/api/v1/me", nil)
	mustStatus(t, r, 200)
	var me struct {
		Data meResponse `json:"data"`
	}
	r.json(t, &me)
	if me.Data.User.Email != "ada@example.org" || me.Data.CSRFToken != c.csrf || me.Data.Roles == nil {
		t.Fatalf("me: %s", r.Body)
	}

	mustStatus(t, c.do("POST", "/api/v1/auth/logout", map[string]string{}), 200)
	if _, still := c.cookies["__Host-podium_session"]; still {
		t.Fatal("logout did not clear the cookie")
	}
	c.cookies["__Host-podium_session"] = sess.Value
	mustStatus(t, c.do("GET", "/api/v1/me", nil), 401)
}

func TestRegisterValidationNamesFields(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.client()
	r := c.do("POST", "/api/v1/auth/register", map[string]string{"email": "not-an-email", "password": "short", "name": ""})
	mustStatus(t, r, 400)
	code, fields := r.errorCode(t)
	if code != "invalid" || fields["email"] == "" || fields["password"] == "" || fields["name"] == "" {
		t.Fatalf("fields not named: %s", r.Body)
	}
	r = c.do("POST", "/api/v1/auth/register", `{"email": 42}`)
	mustStatus(t, r, 400)
	if _, fields := r.errorCode(t); fields["email"] == "" {
		t.Fatalf("type error does not name the field: %s", r.Body)
	}
	mustStatus(t, c.do("POST", "/api/v1/auth/register", `{"email": `), 400)
}

func TestNoUserEnumeration(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.signUp("taken@example.org")
	c := ts.client()
	c.ip = "198.51.100.1"
	r := c.do("POST", "/api/v1/auth/register", map[string]string{"email": "taken@example.org", "password": "another-password", "name": "Mallory"})
	mustStatus(t, r, 201)
	wrongPw := c.do("POST", "/api/v1/auth/login", map[string]string{"email": "taken@example.org", "password": "another-password"})
	unknown := c.do("POST", "/api/v1/auth/login", map[string]string{"email": "nobody@example.org", "password": "another-password"})
	if wrongPw.Status != 401 || unknown.Status != 401 {
		t.Fatalf("statuses %d %d", wrongPw.Status, unknown.Status)
	}
	_, f1 := wrongPw.errorCode(t)
	_, f2 := unknown.errorCode(t)
	if string(wrongPw.Body[:strings.Index(string(wrongPw.Body), "request_id")]) != string(unknown.Body[:strings.Index(string(unknown.Body), "request_id")]) || len(f1)+len(f2) != 0 {
		t.Fatalf("responses differ: %s vs %s", wrongPw.Body, unknown.Body)
	}
	// The real owner still logs in with the original password.
	ts.client().login("taken@example.org", "a-long-password")
}

// TestLoginDoesNotRevealUnverifiedAccounts: a wrong password for a fresh,
// unconfirmed account gets exactly the answer of an unknown address and of
// a confirmed account's wrong password; only the right password (which
// proves the owner) learns that the address still needs confirming.
func TestLoginDoesNotRevealUnverifiedAccounts(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.signUp("confirmed@example.org")
	mustStatus(t, ts.client().do("POST", "/api/v1/auth/register", map[string]string{"email": "fresh@example.org", "password": "a-long-password", "name": "Fresh"}), 201)
	withoutID := func(r response) string {
		b := string(r.Body)
		if i := strings.Index(b, "request_id"); i >= 0 {
			b = b[:i]
		}
		return fmt.Sprintf("%d %s", r.Status, b)
	}
	login := func(email, password string) response {
		c := ts.client()
		c.ip = "198.51.100.7"
		return c.do("POST", "/api/v1/auth/login", map[string]string{"email": email, "password": password})
	}
	unknown := withoutID(login("nobody@example.org", "wrong-password"))
	if !strings.HasPrefix(unknown, "401 ") {
		t.Fatalf("unknown address: %s", unknown)
	}
	for _, email := range []string{"fresh@example.org", "confirmed@example.org"} {
		if got := withoutID(login(email, "wrong-password")); got != unknown {
			t.Fatalf("wrong password for %s answers %s, an unknown address %s", email, got, unknown)
		}
	}
	r := login("fresh@example.org", "a-long-password")
	mustStatus(t, r, 200)
	var ok struct {
		Data loginResponse `json:"data"`
	}
	r.json(t, &ok)
	if ok.Data.User.EmailVerified || ok.Data.User.Email != "fresh@example.org" {
		t.Fatalf("the owner is not told the address is unconfirmed: %s", r.Body)
	}
}

func TestCSRFRequiredForCookieSessions(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.signUp("csrf@example.org")
	token := c.csrf
	c.csrf = ""
	r := c.do("POST", "/api/v1/me/tokens", map[string]string{"name": "script"})
	mustStatus(t, r, 403)
	if code, _ := r.errorCode(t); code != "forbidden" {
		t.Fatalf("code %s", code)
	}
	c.csrf = "wrong"
	mustStatus(t, c.do("POST", "/api/v1/me/tokens", map[string]string{"name": "script"}), 403)
	c.csrf = token
	c.headers["Origin"] = "https://evil.example"
	mustStatus(t, c.do("POST", "/api/v1/me/tokens", map[string]string{"name": "script"}), 403)
	delete(c.headers, "Origin")
	r = c.do("POST", "/api/v1/me/tokens", map[string]string{"name": "script"})
	mustStatus(t, r, 201)

	var tok struct {
		Data newToken `json:"data"`
	}
	r.json(t, &tok)
	if !strings.HasPrefix(tok.Data.Token, "pdm_") {
		t.Fatalf("token: %s", r.Body)
	}
	// A bearer token needs no CSRF token and no cookie.
	b := ts.client()
	b.bearer = tok.Data.Token
	mustStatus(t, b.do("GET", "/api/v1/me", nil), 200)
	// Revoking the token locks it out.
	mustStatus(t, c.do("DELETE", "/api/v1/me/tokens/"+itoa(int(tok.Data.ID)), nil), 200)
	mustStatus(t, b.do("GET", "/api/v1/me", nil), 401)
	// Someone else's token id is not found, not forbidden.
	mustStatus(t, c.do("POST", "/api/v1/me/tokens", map[string]string{"name": "second"}), 201)
	other := ts.signUp("other@example.org")
	var list struct {
		Data []struct{ ID int64 } `json:"data"`
	}
	c.do("GET", "/api/v1/me/tokens", nil).json(t, &list)
	if len(list.Data) != 1 {
		t.Fatalf("tokens: %+v", list)
	}
	mustStatus(t, other.do("DELETE", "/api/v1/me/tokens/"+itoa(int(list.Data[0].ID)), nil), 404)
}

func TestFormPostsAreRefused(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.client()
	c.headers["Content-Type"] = "application/x-www-form-urlencoded"
	r := c.do("POST", "/api/v1/auth/login", "email=a@b.c&password=x")
	mustStatus(t, r, 400)
	if _, f := r.errorCode(t); f["Content-Type"] == "" {
		t.Fatalf("%s", r.Body)
	}
}

func TestLoginThrottledPerAccountAndIPWithoutLockout(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.signUp("victim@example.org")
	attacker := ts.client()
	attacker.ip = "192.0.2.66"
	statuses := map[int]int{}
	for i := 0; i < 8; i++ {
		r := attacker.do("POST", "/api/v1/auth/login", map[string]string{"email": "victim@example.org", "password": "guess-" + itoa(i)})
		statuses[r.Status]++
	}
	if statuses[401] != 5 || statuses[429] != 3 {
		t.Fatalf("want 5 failures then throttling, got %v", statuses)
	}
	r := attacker.do("POST", "/api/v1/auth/login", map[string]string{"email": "victim@example.org", "password": "a-long-password"})
	mustStatus(t, r, 429)
	if r.Header.Get("Retry-After") == "" {
		t.Fatal("429 without Retry-After")
	}
	// A forged X-Forwarded-For entry (left of what the trusted proxy
	// appended) does not give the attacker a fresh address.
	attacker.ip = "10.9.8.7, 192.0.2.66"
	mustStatus(t, attacker.do("POST", "/api/v1/auth/login", map[string]string{"email": "victim@example.org", "password": "guess"}), 429)
	// The owner, from their own address, is not locked out.
	owner := ts.client()
	owner.ip = "198.51.100.20"
	owner.login("victim@example.org", "a-long-password")
}

func TestLoginRotatesSessionAndPasswordChangeEndsSessions(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	a := ts.signUp("rot@example.org")
	first := a.cookies["__Host-podium_session"]
	a.login("rot@example.org", "a-long-password")
	second := a.cookies["__Host-podium_session"]
	if first == second || second == "" {
		t.Fatal("session id not rotated at login")
	}
	// The planted/previous id is dead.
	planted := ts.client()
	planted.cookies["__Host-podium_session"] = first
	mustStatus(t, planted.do("GET", "/api/v1/me", nil), 401)

	b := ts.client()
	b.ip = "198.51.100.30"
	b.login("rot@example.org", "a-long-password")
	r := a.do("POST", "/api/v1/me/password", map[string]string{"current_password": "a-long-password", "new_password": "a-new-long-password"})
	mustStatus(t, r, 200)
	mustStatus(t, b.do("GET", "/api/v1/me", nil), 401)
	var out struct {
		Data loginResponse `json:"data"`
	}
	r.json(t, &out)
	a.csrf = out.Data.CSRFToken
	mustStatus(t, a.do("GET", "/api/v1/me", nil), 200)
	r = a.do("POST", "/api/v1/me/password", map[string]string{"current_password": "wrong-password", "new_password": "yet-another-password"})
	mustStatus(t, r, 400)
	if _, f := r.errorCode(t); f["current_password"] == "" {
		t.Fatalf("%s", r.Body)
	}
}

func TestSessionIdleExpiry(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.signUp("idle@example.org")
	now := time.Now().Add(ts.cfg.SessionIdle + time.Minute)
	acc := ts.acc
	acc.Now = func() time.Time { return now }
	defer func() { acc.Now = nil }()
	mustStatus(t, c.do("GET", "/api/v1/me", nil), 401)
}
