package domain

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Single sign-on with OpenID Connect. A platform admin configures any
// number of providers (OIDCProvider). Signing in with one is the
// authorization code flow with PKCE: Start stores the request's state
// (by its hash), nonce and code verifier and answers the provider's
// authorization URL; the browser keeps the state in a cookie too, so that
// a callback is accepted only in the browser that started it (no login
// CSRF). Callback uses the stored request once, has the connector exchange
// the code and verify the ID token (signature against the provider's keys
// from its discovery document, issuer, audience, expiry, nonce), then
// resolves the account:
//
//   - an identity already linked signs in to its account;
//   - a signed-in account that asked to link the provider (StartLink: it
//     proved it owns itself by its password session) gets the identity;
//   - an address that belongs to an existing account is linked only when
//     the provider is trusted for it (LinkVerified) and asserts the address
//     verified; otherwise the person must prove they own that account
//     first: sign in with the password (or a reset link) and link the
//     provider from their account page;
//   - otherwise a new account is created, verified when the provider
//     asserts email_verified, without a password.
//
// Every failure is a forbidden (or invalid) error with the problem
// "sso_<reason>" on the field "sso", which the API turns into a redirect
// to the sign-in page with ?sso_error=<reason>, worded there in the user's
// language.

// OIDCProvider is a configured OpenID provider. The client secret never
// leaves the server: HasSecret says whether one is set.
type OIDCProvider struct {
	ID             int64     `json:"id" db:"id"`
	Slug           string    `json:"slug" db:"slug"`
	Name           string    `json:"name" db:"name"`
	Issuer         string    `json:"issuer" db:"issuer"`
	ClientID       string    `json:"client_id" db:"client_id"`
	ClientSecret   string    `json:"-" db:"client_secret"`
	HasSecret      bool      `json:"has_secret" db:"-"`
	AllowedDomains []string  `json:"allowed_domains" db:"-"`
	LinkVerified   bool      `json:"link_verified" db:"link_verified"`
	Enabled        bool      `json:"enabled" db:"enabled"`
	CreatedAt      time.Time `json:"created_at" db:"created_at"`
	UpdatedAt      time.Time `json:"updated_at" db:"updated_at"`
}

// OIDCProviderInput creates or replaces a provider. ClientSecret is kept
// when omitted (nil) on a change.
type OIDCProviderInput struct {
	Slug           string   `json:"slug"`
	Name           string   `json:"name"`
	Issuer         string   `json:"issuer"`
	ClientID       string   `json:"client_id"`
	ClientSecret   *string  `json:"client_secret"`
	AllowedDomains []string `json:"allowed_domains"`
	LinkVerified   bool     `json:"link_verified"`
	Enabled        *bool    `json:"enabled"`
}

// SignInProvider is what the sign-in page shows of a provider.
type SignInProvider struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// OIDCLogin is an authorization request under way.
type OIDCLogin struct {
	ProviderID int64     `db:"provider_id"`
	Nonce      string    `db:"nonce"`
	Verifier   string    `db:"verifier"`
	Next       string    `db:"next"`
	LinkUserID *int64    `db:"link_user_id"`
	ExpiresAt  time.Time `db:"expires_at"`
}

// OIDCClaims is what a verified ID token says of the person.
type OIDCClaims struct {
	Subject       string
	Email         string
	EmailVerified bool
	Name          string
}

// The connector's failures: the provider refused the code (expired, used,
// not issued to us), or the ID token did not verify.
var (
	ErrOIDCCode  = errors.New("the provider refused the authorization code")
	ErrOIDCToken = errors.New("the ID token did not verify")
)

// OIDCConnector speaks OpenID Connect to providers (server/sso).
type OIDCConnector interface {
	// AuthURL is the provider's authorization URL for the request.
	AuthURL(ctx context.Context, p OIDCProvider, redirectURL, state, nonce, verifier string) (string, error)
	// Exchange redeems code with the PKCE verifier and returns the claims
	// of the ID token, verified against the provider's keys, with nonce.
	// Errors wrap ErrOIDCCode or ErrOIDCToken, or say the provider could
	// not be reached.
	Exchange(ctx context.Context, p OIDCProvider, redirectURL, code, verifier, nonce string) (OIDCClaims, error)
}

// SSOStore persists providers, identities and logins under way.
type SSOStore interface {
	ListOIDCProviders(ctx context.Context) ([]OIDCProvider, error)
	OIDCProviderBySlug(ctx context.Context, slug string) (OIDCProvider, error)
	OIDCProviderByID(ctx context.Context, id int64) (OIDCProvider, error)
	// SaveOIDCProvider inserts (ID 0) or updates a provider; conflict
	// when the slug is taken.
	SaveOIDCProvider(ctx context.Context, p OIDCProvider) (OIDCProvider, error)
	DeleteOIDCProvider(ctx context.Context, id int64) error
	CreateOIDCLogin(ctx context.Context, stateHash []byte, l OIDCLogin) error
	// UseOIDCLogin deletes and returns a login under way (expired or not);
	// not found when unknown or used.
	UseOIDCLogin(ctx context.Context, stateHash []byte) (OIDCLogin, error)
	// IdentityUser returns the account linked to a provider's subject.
	IdentityUser(ctx context.Context, providerID int64, subject string) (User, error)
	// LinkIdentity links a subject to an account; verify also marks the
	// account's address verified (if it is still email) and hands it the
	// roles invited to it.
	LinkIdentity(ctx context.Context, providerID int64, subject, email string, userID int64, verify bool) (User, error)
	// CreateSSOUser creates an account without a password, linked to the
	// subject, verified (with its invited roles) when verified is true.
	// Conflict when the address is taken.
	CreateSSOUser(ctx context.Context, u User, providerID int64, subject string, verified bool) (User, error)
	// UserByEmail returns the account of an address.
	UserByEmail(ctx context.Context, email string) (User, error)
	// SignInWays returns whether the account has a password and the
	// providers linked to it.
	SignInWays(ctx context.Context, userID int64) (SignInWays, error)
	// UnlinkIdentity unlinks a provider (by slug) from the account, only
	// while the account keeps another way to sign in; false when nothing
	// was unlinked.
	UnlinkIdentity(ctx context.Context, userID int64, provider string) (bool, error)
}

// SSO signs people in with OpenID providers.
type SSO struct {
	Store     SSOStore
	Accounts  *Accounts
	Connector OIDCConnector
	// PublicURL is the site's origin: the callback is PublicURL +
	// OIDCCallbackPath, registered at every provider.
	PublicURL string
	Now       func() time.Time
}

// OIDCCallbackPath is the redirect URI's path, the same for every provider.
const OIDCCallbackPath = "/api/v1/auth/oidc/callback"

// oidcLoginTTL is how long a person has to sign in at the provider.
const oidcLoginTTL = 10 * time.Minute

// The reasons of SSO failures (problem "sso_<reason>" on the field "sso").
const (
	SSOState        = "state"         // no such request, or not from this browser
	SSOExpired      = "expired"       // the request took too long
	SSODenied       = "denied"        // the person or the provider cancelled
	SSOUnavailable  = "unavailable"   // the provider is unknown, disabled or unreachable
	SSOCode         = "code"          // the provider refused the code (expired or used)
	SSOToken        = "token"         // the ID token did not verify
	SSONoEmail      = "no_email"      // the provider gave no address
	SSODomain       = "domain"        // the address's domain is not allowed
	SSOLinkRequired = "link_required" // the address has an account: prove it first
	SSOLinkedOther  = "linked_other"  // the identity belongs to another account
)

// SSOFailure is the error of an SSO failure for reason (one of the SSO*
// constants), with English text for API users and logs.
func SSOFailure(reason, message string) *Error {
	f := Fields{}
	f.put("sso", Problem{Code: "sso_" + reason, Message: message})
	return &Error{Code: CodeForbidden, Message: message, Fields: f}
}

// SSOReason returns the reason of an SSO failure, or "" for other errors.
func SSOReason(err error) string {
	var e *Error
	if errors.As(err, &e) {
		if p, ok := e.Fields["sso"]; ok {
			return strings.TrimPrefix(p.Code, "sso_")
		}
	}
	return ""
}

func (s *SSO) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *SSO) redirectURL() string { return strings.TrimRight(s.PublicURL, "/") + OIDCCallbackPath }

// SignInProviders lists the enabled providers for the sign-in page.
func (s *SSO) SignInProviders(ctx context.Context) ([]SignInProvider, error) {
	all, err := s.Store.ListOIDCProviders(ctx)
	if err != nil {
		return nil, err
	}
	out := []SignInProvider{}
	for _, p := range all {
		if p.Enabled {
			out = append(out, SignInProvider{Slug: p.Slug, Name: p.Name})
		}
	}
	return out, nil
}

// OIDCStart is a started authorization request: the browser goes to URL
// and keeps State (in a cookie) for the callback.
type OIDCStart struct {
	URL   string `json:"url"`
	State string `json:"-"`
}

// Start begins signing in with the provider slug; next is the page to
// return to (a path of this site, else "/").
func (s *SSO) Start(ctx context.Context, slug, next string) (OIDCStart, error) {
	return s.start(ctx, slug, next, nil)
}

// StartLink begins linking the provider slug to u, signed in already.
func (s *SSO) StartLink(ctx context.Context, u User, slug string) (OIDCStart, error) {
	return s.start(ctx, slug, "/account", &u.ID)
}

func (s *SSO) start(ctx context.Context, slug, next string, link *int64) (OIDCStart, error) {
	p, err := s.Store.OIDCProviderBySlug(ctx, slug)
	if ErrorCode(err) == CodeNotFound || (err == nil && !p.Enabled) {
		return OIDCStart{}, NotFound("sign-in provider")
	}
	if err != nil {
		return OIDCStart{}, err
	}
	var secrets [3]string
	for i := range secrets {
		if secrets[i], err = RandomToken(32); err != nil {
			return OIDCStart{}, err
		}
	}
	state, nonce, verifier := secrets[0], secrets[1], secrets[2]
	to, err := s.Connector.AuthURL(ctx, p, s.redirectURL(), state, nonce, verifier)
	if err != nil {
		return OIDCStart{}, SSOFailure(SSOUnavailable, fmt.Sprintf("the provider %s cannot be reached: %v", p.Name, err))
	}
	l := OIDCLogin{ProviderID: p.ID, Nonce: nonce, Verifier: verifier, Next: SafeNext(next), LinkUserID: link,
		ExpiresAt: s.now().Add(oidcLoginTTL)}
	if err := s.Store.CreateOIDCLogin(ctx, HashSecret(state), l); err != nil {
		return OIDCStart{}, fmt.Errorf("start sign-in: %w", err)
	}
	return OIDCStart{URL: to, State: state}, nil
}

// SafeNext keeps a return path only if it is a path of this site.
func SafeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/"
	}
	return next
}

// OIDCCallback is what the provider sent back to the callback.
type OIDCCallback struct {
	State        string // the query's state
	BrowserState string // the state kept in the browser's cookie
	Code         string
	Error        string // the provider's error (e.g. access_denied)
}

// SSOResult is a completed sign-in: the new session (none after linking
// a provider to the signed-in account, which keeps its own) and where to go.
type SSOResult struct {
	Login   Login
	Next    string
	Created bool // a new account
	Linked  bool // the identity was linked to an existing account
}

// Callback completes a sign-in (see the notes at the top of this file).
func (s *SSO) Callback(ctx context.Context, in OIDCCallback) (SSOResult, error) {
	if in.State == "" || in.BrowserState == "" || subtle.ConstantTimeCompare([]byte(in.State), []byte(in.BrowserState)) != 1 {
		return SSOResult{}, SSOFailure(SSOState, "this sign-in was not started in this browser, or was already used; start again")
	}
	l, err := s.Store.UseOIDCLogin(ctx, HashSecret(in.State))
	if ErrorCode(err) == CodeNotFound {
		return SSOResult{}, SSOFailure(SSOState, "this sign-in is unknown or was already used; start again")
	}
	if err != nil {
		return SSOResult{}, fmt.Errorf("sign-in callback: %w", err)
	}
	if !s.now().Before(l.ExpiresAt) {
		return SSOResult{}, SSOFailure(SSOExpired, "this sign-in took too long; start again")
	}
	if in.Error != "" {
		return SSOResult{}, SSOFailure(SSODenied, "the provider did not sign you in ("+in.Error+")")
	}
	p, err := s.Store.OIDCProviderByID(ctx, l.ProviderID)
	if ErrorCode(err) == CodeNotFound || (err == nil && !p.Enabled) {
		return SSOResult{}, SSOFailure(SSOUnavailable, "this sign-in provider is no longer available")
	}
	if err != nil {
		return SSOResult{}, err
	}
	if in.Code == "" {
		return SSOResult{}, SSOFailure(SSOCode, "the provider sent no authorization code")
	}
	claims, err := s.Connector.Exchange(ctx, p, s.redirectURL(), in.Code, l.Verifier, l.Nonce)
	switch {
	case errors.Is(err, ErrOIDCCode):
		return SSOResult{}, SSOFailure(SSOCode, "the provider refused the sign-in code (it expired or was already used); start again")
	case errors.Is(err, ErrOIDCToken):
		return SSOResult{}, SSOFailure(SSOToken, "the provider's answer could not be verified; it was refused")
	case err != nil:
		return SSOResult{}, SSOFailure(SSOUnavailable, fmt.Sprintf("the provider %s cannot be reached: %v", p.Name, err))
	}
	f := Fields{}
	email := NormalizeEmail(f, "email", claims.Email)
	if email == "" {
		return SSOResult{}, SSOFailure(SSONoEmail, "the provider gave no usable e-mail address; allow Podium to read it")
	}
	if !DomainAllowed(p.AllowedDomains, email) {
		return SSOResult{}, SSOFailure(SSODomain, fmt.Sprintf("%s accepts only addresses at %s", p.Name, strings.Join(p.AllowedDomains, ", ")))
	}
	u, res, err := s.resolve(ctx, p, l, claims, email)
	if err != nil {
		return SSOResult{}, err
	}
	res.Next = SafeNext(l.Next)
	if l.LinkUserID != nil {
		return res, nil // the browser keeps the session that asked for the link
	}
	if res.Login, err = s.Accounts.openSession(ctx, u); err != nil {
		return SSOResult{}, err
	}
	return res, nil
}

// resolve finds, links or creates the account of a verified identity.
func (s *SSO) resolve(ctx context.Context, p OIDCProvider, l OIDCLogin, c OIDCClaims, email string) (User, SSOResult, error) {
	u, err := s.Store.IdentityUser(ctx, p.ID, c.Subject)
	switch {
	case err == nil:
		if l.LinkUserID != nil && *l.LinkUserID != u.ID {
			return User{}, SSOResult{}, SSOFailure(SSOLinkedOther, "this "+p.Name+" account is already linked to another Podium account")
		}
		return u, SSOResult{}, nil
	case ErrorCode(err) != CodeNotFound:
		return User{}, SSOResult{}, err
	}
	if l.LinkUserID != nil {
		// The signed-in account asked for it: its session is the proof.
		u, err := s.Store.LinkIdentity(ctx, p.ID, c.Subject, email, *l.LinkUserID, false)
		return u, SSOResult{Linked: true}, err
	}
	owner, err := s.Store.UserByEmail(ctx, email)
	switch {
	case err == nil:
		if !p.LinkVerified || !c.EmailVerified {
			return User{}, SSOResult{}, SSOFailure(SSOLinkRequired, "an account with the address "+email+
				" exists: sign in with its password (or reset it by e-mail), then link "+p.Name+" on your account page")
		}
		u, err := s.Store.LinkIdentity(ctx, p.ID, c.Subject, email, owner.ID, true)
		return u, SSOResult{Linked: true}, err
	case ErrorCode(err) != CodeNotFound:
		return User{}, SSOResult{}, err
	}
	name := strings.TrimSpace(c.Name)
	if name == "" || !StorableText(name) {
		name = email[:strings.IndexByte(email, '@')]
	}
	if r := []rune(name); len(r) > 100 {
		name = string(r[:100])
	}
	u, err = s.Store.CreateSSOUser(ctx, User{Email: email, Name: name}, p.ID, c.Subject, c.EmailVerified)
	if ErrorCode(err) == CodeConflict {
		// Registered at the same instant: treat as an existing account.
		return User{}, SSOResult{}, SSOFailure(SSOLinkRequired, "an account with the address "+email+" exists: sign in with its password, then link "+p.Name)
	}
	return u, SSOResult{Created: true}, err
}

// DomainAllowed reports whether email's domain is one of allowed (any
// domain when allowed is empty); a listed domain also admits its
// subdomains.
func DomainAllowed(allowed []string, email string) bool {
	if len(allowed) == 0 {
		return true
	}
	d := strings.ToLower(email[strings.LastIndexByte(email, '@')+1:])
	for _, a := range allowed {
		if d == a || strings.HasSuffix(d, "."+a) {
			return true
		}
	}
	return false
}

var (
	providerSlug = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)
	domainName   = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
)

// checkProvider validates a provider's settings.
func checkProvider(in OIDCProviderInput) (OIDCProvider, error) {
	f := Fields{}
	p := OIDCProvider{Slug: strings.TrimSpace(in.Slug), LinkVerified: in.LinkVerified, Enabled: in.Enabled == nil || *in.Enabled}
	if !providerSlug.MatchString(p.Slug) {
		f.Add("slug", "must be 1 to 40 lowercase letters, digits or -, starting with a letter or digit")
	}
	p.Name = CheckText(f, "name", in.Name, 60)
	p.Issuer = strings.TrimSpace(in.Issuer)
	if u, err := url.Parse(p.Issuer); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		f.Add("issuer", "must be the provider's issuer URL, such as https://login.example.edu/")
	}
	p.ClientID = CheckText(f, "client_id", in.ClientID, 200)
	if in.ClientSecret != nil {
		p.ClientSecret = strings.TrimSpace(*in.ClientSecret)
		if len(p.ClientSecret) > 500 || !StorableText(p.ClientSecret) {
			f.Add("client_secret", "must be at most 500 characters")
		}
	}
	p.AllowedDomains = []string{}
	for i, d := range in.AllowedDomains {
		d = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(d), "@"))
		if !domainName.MatchString(d) {
			f.Add(fmt.Sprintf("allowed_domains[%d]", i), "must be a domain name such as uni.example.edu")
			continue
		}
		if !slices.Contains(p.AllowedDomains, d) {
			p.AllowedDomains = append(p.AllowedDomains, d)
		}
	}
	if len(p.AllowedDomains) > 50 {
		f.Add("allowed_domains", "must have at most 50 items")
	}
	return p, f.Err()
}

func requireAdmin(u User) error {
	if !u.IsAdmin {
		return Errorf(CodeForbidden, "only platform admins manage sign-in providers")
	}
	return nil
}

// Providers lists every provider (platform admins).
func (s *SSO) Providers(ctx context.Context, u User) ([]OIDCProvider, error) {
	if err := requireAdmin(u); err != nil {
		return nil, err
	}
	return s.Store.ListOIDCProviders(ctx)
}

// CreateProvider adds a provider (platform admins).
func (s *SSO) CreateProvider(ctx context.Context, u User, in OIDCProviderInput) (OIDCProvider, error) {
	if err := requireAdmin(u); err != nil {
		return OIDCProvider{}, err
	}
	p, err := checkProvider(in)
	if err != nil {
		return OIDCProvider{}, err
	}
	return s.Store.SaveOIDCProvider(ctx, p)
}

// UpdateProvider replaces a provider's settings (platform admins); the
// secret stays unless a new one is given.
func (s *SSO) UpdateProvider(ctx context.Context, u User, id int64, in OIDCProviderInput) (OIDCProvider, error) {
	if err := requireAdmin(u); err != nil {
		return OIDCProvider{}, err
	}
	old, err := s.Store.OIDCProviderByID(ctx, id)
	if err != nil {
		return OIDCProvider{}, err
	}
	p, err := checkProvider(in)
	if err != nil {
		return OIDCProvider{}, err
	}
	p.ID = id
	if in.ClientSecret == nil {
		p.ClientSecret = old.ClientSecret
	}
	return s.Store.SaveOIDCProvider(ctx, p)
}

// DeleteProvider removes a provider and its identities (platform admins);
// accounts stay, and sign in with a password or another provider.
func (s *SSO) DeleteProvider(ctx context.Context, u User, id int64) error {
	if err := requireAdmin(u); err != nil {
		return err
	}
	return s.Store.DeleteOIDCProvider(ctx, id)
}

// SetProvider creates or replaces the provider of in.Slug, for trusted
// callers (the command line); the secret stays unless given.
func (s *SSO) SetProvider(ctx context.Context, in OIDCProviderInput) (OIDCProvider, error) {
	p, err := checkProvider(in)
	if err != nil {
		return OIDCProvider{}, err
	}
	old, err := s.Store.OIDCProviderBySlug(ctx, p.Slug)
	switch {
	case err == nil:
		p.ID = old.ID
		if in.ClientSecret == nil {
			p.ClientSecret = old.ClientSecret
		}
	case ErrorCode(err) != CodeNotFound:
		return OIDCProvider{}, err
	}
	return s.Store.SaveOIDCProvider(ctx, p)
}

// LinkedIdentity is a provider linked to an account: the person's subject
// and address there.
type LinkedIdentity struct {
	Provider string    `json:"provider" db:"provider"`
	Name     string    `json:"name" db:"name"`
	Subject  string    `json:"subject" db:"subject"`
	Email    string    `json:"email" db:"email"`
	LinkedAt time.Time `json:"linked_at" db:"linked_at"`
}

// SignInWays is how an account can sign in: its password (if it has one)
// and its linked providers.
type SignInWays struct {
	HasPassword bool             `json:"has_password"`
	Identities  []LinkedIdentity `json:"identities"`
}

// CanUnlink says whether the provider (slug) may be unlinked from an
// account that signs in the ways w: it must be linked (not found
// otherwise), and the account must keep a way to sign in, a password or
// another provider (conflict otherwise).
func CanUnlink(w SignInWays, provider string) error {
	linked, others := false, 0
	for _, i := range w.Identities {
		if i.Provider == provider {
			linked = true
		} else {
			others++
		}
	}
	if !linked {
		return Errorf(CodeNotFound, "this sign-in provider is not linked to your account")
	}
	if !w.HasPassword && others == 0 {
		return Errorf(CodeConflict, "this provider is the only way to sign in to your account: set a password (reset it from the sign-in page) or link another provider first")
	}
	return nil
}

// SignInWays lists how the account u can sign in.
func (s *SSO) SignInWays(ctx context.Context, u User) (SignInWays, error) {
	return s.Store.SignInWays(ctx, u.ID)
}

// Unlink removes the link of a provider (by slug) from the account u,
// unless it is the account's only way to sign in (CanUnlink).
func (s *SSO) Unlink(ctx context.Context, u User, provider string) (SignInWays, error) {
	w, err := s.Store.SignInWays(ctx, u.ID)
	if err != nil {
		return SignInWays{}, err
	}
	if err := CanUnlink(w, provider); err != nil {
		return SignInWays{}, err
	}
	// The statement checks again, so that two unlinks at once cannot
	// both leave the account without a way in.
	done, err := s.Store.UnlinkIdentity(ctx, u.ID, provider)
	if err != nil {
		return SignInWays{}, err
	}
	if !done {
		return SignInWays{}, Errorf(CodeConflict, "this provider is the only way left to sign in to your account")
	}
	return s.Store.SignInWays(ctx, u.ID)
}
