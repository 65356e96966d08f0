// Package devidp is the login and consent step of Ory Hydra, the OpenID
// provider that make test and make run start: Hydra delegates both to an
// app of ours, which accepts them through Hydra's admin API. The tests call
// Browser.SignIn, which plays the browser and that app at once (the login
// page is never served); make run serves Handler, a form where a developer
// types whom to sign in as. Development and tests only: it trusts whatever
// it is told.
package devidp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"time"
)

// Hydra is the admin API of a Hydra server.
type Hydra struct {
	Admin string // e.g. http://127.0.0.1:4445
	HTTP  *http.Client
}

func (h Hydra) client() *http.Client {
	if h.HTTP != nil {
		return h.HTTP
	}
	return &http.Client{Timeout: 10 * time.Second}
}

// call sends a JSON request to the admin API and decodes the answer.
func (h Hydra) call(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		raw, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(h.Admin, "/")+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := h.client().Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		return fmt.Errorf("hydra %s %s: %d %s", method, path, resp.StatusCode, raw)
	}
	if out != nil {
		return json.Unmarshal(raw, out)
	}
	return nil
}

// Client is an OAuth 2.0 client registered at Hydra.
type Client struct {
	ID     string `json:"client_id"`
	Secret string `json:"client_secret"`
}

// CreateClient registers a confidential client (client_secret_basic) for
// the authorization code flow with redirectURI; id may be empty (Hydra
// picks one).
func (h Hydra) CreateClient(ctx context.Context, id, name, redirectURI string) (Client, error) {
	in := map[string]any{
		"client_name": name, "redirect_uris": []string{redirectURI},
		"grant_types": []string{"authorization_code"}, "response_types": []string{"code"},
		"scope": "openid email profile", "token_endpoint_auth_method": "client_secret_basic",
	}
	if id != "" {
		in["client_id"] = id
	}
	var c Client
	err := h.call(ctx, "POST", "/admin/clients", in, &c)
	return c, err
}

// EnsureClient registers the client with a fixed id and secret, or
// updates it (make run registers the same client at every start).
func (h Hydra) EnsureClient(ctx context.Context, c Client, name, redirectURI string) error {
	in := map[string]any{
		"client_id": c.ID, "client_secret": c.Secret, "client_name": name, "redirect_uris": []string{redirectURI},
		"grant_types": []string{"authorization_code"}, "response_types": []string{"code"},
		"scope": "openid email profile", "token_endpoint_auth_method": "client_secret_basic",
	}
	if err := h.call(ctx, "PUT", "/admin/clients/"+url.PathEscape(c.ID), in, nil); err == nil {
		return nil
	}
	return h.call(ctx, "POST", "/admin/clients", in, nil)
}

// Person is whom the provider signs in, and what its ID token says.
type Person struct {
	Subject       string `json:"sub"`
	Email         string `json:"email"`
	EmailVerified bool   `json:"email_verified"`
	Name          string `json:"name"`
}

type redirect struct {
	To string `json:"redirect_to"`
}

// AcceptLogin accepts a login request as p; p travels in the login's
// context to the consent step.
func (h Hydra) AcceptLogin(ctx context.Context, challenge string, p Person) (string, error) {
	var r redirect
	err := h.call(ctx, "PUT", "/admin/oauth2/auth/requests/login/accept?login_challenge="+url.QueryEscape(challenge),
		map[string]any{"subject": p.Subject, "context": p}, &r)
	return r.To, err
}

// AcceptConsent grants the requested scopes, with the person of the login
// (its context) in the ID token.
func (h Hydra) AcceptConsent(ctx context.Context, challenge string) (string, error) {
	var req struct {
		RequestedScope    []string `json:"requested_scope"`
		RequestedAudience []string `json:"requested_access_token_audience"`
		Context           Person   `json:"context"`
	}
	q := "?consent_challenge=" + url.QueryEscape(challenge)
	if err := h.call(ctx, "GET", "/admin/oauth2/auth/requests/consent"+q, nil, &req); err != nil {
		return "", err
	}
	p := req.Context
	if req.RequestedAudience == nil {
		req.RequestedAudience = []string{}
	}
	var r redirect
	err := h.call(ctx, "PUT", "/admin/oauth2/auth/requests/consent/accept"+q, map[string]any{
		"grant_scope": req.RequestedScope, "grant_access_token_audience": req.RequestedAudience,
		"session": map[string]any{"id_token": map[string]any{"email": p.Email, "email_verified": p.EmailVerified, "name": p.Name}},
	}, &r)
	return r.To, err
}

// RejectLogin refuses a login request (the person cancelled).
func (h Hydra) RejectLogin(ctx context.Context, challenge string) (string, error) {
	var r redirect
	err := h.call(ctx, "PUT", "/admin/oauth2/auth/requests/login/reject?login_challenge="+url.QueryEscape(challenge),
		map[string]any{"error": "access_denied", "error_description": "The person cancelled the sign-in."}, &r)
	return r.To, err
}

// Browser follows the provider's redirects as a browser does, keeping the
// provider's cookies, and plays the login and consent app.
type Browser struct {
	Hydra Hydra
	http  *http.Client
}

// NewBrowser returns a browser with an empty cookie jar.
func NewBrowser(h Hydra) *Browser {
	jar, _ := cookiejar.New(nil)
	return &Browser{Hydra: h, http: &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// SignIn opens authURL (the provider's authorization URL), signs in as p
// and consents, and returns the URL the provider redirects to under
// callback (the client's redirect URI, with code and state).
func (b *Browser) SignIn(ctx context.Context, authURL, callback string, p Person) (string, error) {
	next := authURL
	for range 20 {
		if strings.HasPrefix(next, callback) {
			return next, nil
		}
		u, err := url.Parse(next)
		if err != nil {
			return "", err
		}
		switch {
		case u.Query().Get("login_challenge") != "" && !strings.Contains(u.Path, "/oauth2/"):
			next, err = b.Hydra.AcceptLogin(ctx, u.Query().Get("login_challenge"), p)
		case u.Query().Get("consent_challenge") != "" && !strings.Contains(u.Path, "/oauth2/"):
			next, err = b.Hydra.AcceptConsent(ctx, u.Query().Get("consent_challenge"))
		default:
			next, err = b.follow(ctx, next)
		}
		if err != nil {
			return "", err
		}
	}
	return "", fmt.Errorf("sign-in at %s: too many redirects", authURL)
}

// follow GETs a provider URL and returns where it redirects.
func (b *Browser) follow(ctx context.Context, to string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", to, nil)
	if err != nil {
		return "", err
	}
	resp, err := b.http.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	loc, err := resp.Location()
	if err != nil {
		return "", fmt.Errorf("GET %s: %d without a redirect: %s", to, resp.StatusCode, raw)
	}
	return loc.String(), nil
}

var page = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Development sign-in</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:.8rem 0}input[type=text],input[type=email]{width:100%;padding:.4rem}</style></head>
<body><h1>Development sign-in</h1>
<p>This provider signs in whoever you type (development only).</p>
<form method="post" action="login">
<input type="hidden" name="login_challenge" value="{{.}}">
<label>E-mail <input type="email" name="email" required></label>
<label>Name <input type="text" name="name"></label>
<label><input type="checkbox" name="email_verified" value="true" checked> The provider vouches for this address</label>
<button type="submit" name="action" value="accept">Sign in</button>
<button type="submit" name="action" value="reject" formnovalidate>Cancel</button>
</form></body></html>`))

// Handler serves the development login and consent app: GET /login shows
// a form, POST /login accepts (or rejects) the login as the person typed,
// GET /consent grants what was asked.
func Handler(h Hydra) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	mux.HandleFunc("GET /login", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = page.Execute(w, r.URL.Query().Get("login_challenge"))
	})
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		challenge := r.PostFormValue("login_challenge")
		var to string
		var err error
		if r.PostFormValue("action") == "reject" {
			to, err = h.RejectLogin(r.Context(), challenge)
		} else {
			email := strings.TrimSpace(r.PostFormValue("email"))
			to, err = h.AcceptLogin(r.Context(), challenge, Person{Subject: strings.ToLower(email), Email: email,
				EmailVerified: r.PostFormValue("email_verified") == "true", Name: strings.TrimSpace(r.PostFormValue("name"))})
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		http.Redirect(w, r, to, http.StatusFound)
	})
	mux.HandleFunc("GET /consent", func(w http.ResponseWriter, r *http.Request) {
		to, err := h.AcceptConsent(r.Context(), r.URL.Query().Get("consent_challenge"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		http.Redirect(w, r, to, http.StatusFound)
	})
	return mux
}
