package domain

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/podium-contests/podium/server/internal/ratelimit"
)

// User is an account. Passwords never leave the store as part of it.
type User struct {
	ID      int64  `json:"id" db:"id"`
	Email   string `json:"email" db:"email"`
	Name    string `json:"name" db:"name"`
	IsAdmin bool   `json:"is_admin" db:"is_admin"`
	// Organization (optional) is used to detect conflicts of interest.
	Organization string    `json:"organization" db:"organization"`
	CreatedAt    time.Time `json:"created_at" db:"created_at"`
	// EmailVerified says the account proved it owns Email (a link sent
	// there was followed); only then does it receive invited roles.
	EmailVerified bool `json:"email_verified" db:"email_verified"`
	// Lang is the language of the e-mails sent to them ("en", "zh-CN" or
	// "" when unknown; see SetLanguage).
	Lang string `json:"-" db:"language"`
}

// Session is a server-side login session, looked up by the hash of its id.
type Session struct {
	UserID     int64     `db:"user_id"`
	CSRFToken  string    `db:"csrf_token"`
	CreatedAt  time.Time `db:"created_at"`
	LastSeenAt time.Time `db:"last_seen_at"`
	ExpiresAt  time.Time `db:"expires_at"`
}

// APIToken describes a personal token; the secret itself is shown only once.
type APIToken struct {
	ID         int64      `json:"id" db:"id"`
	Name       string     `json:"name" db:"name"`
	Scope      TokenScope `json:"scope" db:"scope"`
	CreatedAt  time.Time  `json:"created_at" db:"created_at"`
	ExpiresAt  time.Time  `json:"expires_at" db:"expires_at"`
	LastUsedAt *time.Time `json:"last_used_at" db:"last_used_at"`
	UserID     int64      `json:"-" db:"user_id"`
}

// TokenScope is what a personal token may do.
type TokenScope string

// The token scopes.
const (
	// ScopeRead allows only GET and HEAD requests.
	ScopeRead TokenScope = "read"
	// ScopeFull allows what the account may do, except managing tokens.
	ScopeFull TokenScope = "full"
)

// Role is what a user may do in one contest.
type Role string

// The per-contest roles.
const (
	RoleOrganizer   Role = "organizer"
	RoleJudge       Role = "judge"
	RoleParticipant Role = "participant"
)

// ContestRole is one role of a user in one contest.
type ContestRole struct {
	ContestID   int64  `json:"contest_id" db:"contest_id"`
	ContestSlug string `json:"contest_slug" db:"contest_slug"`
	Role        Role   `json:"role" db:"role"`
}

// AccountStore persists users, sessions and tokens.
type AccountStore interface {
	// CreateUser returns a conflict error when the e-mail is taken.
	CreateUser(ctx context.Context, u User, passwordHash string) (User, error)
	// RegisterUser creates an unverified account, or, when the address is
	// taken, returns its owner (which may be the zero User if it was taken
	// at the same instant) with created false; one statement either way.
	RegisterUser(ctx context.Context, u User, passwordHash string) (owner User, created bool, err error)
	// CreateEmailToken stores a link's hash and queues its e-mail at once.
	CreateEmailToken(ctx context.Context, tokenHash []byte, t EmailToken, mail Email) error
	// QueueAccountMail adds one e-mail to the outbox in one statement, as
	// CreateEmailToken does: a taken address's registration does the same
	// work as a new one's.
	QueueAccountMail(ctx context.Context, mail Email) error
	// VerifyEmail uses a verification link once: the account it was sent
	// to is verified (if the address is still its own) and receives the
	// roles its address was invited to. Not found when the link is
	// unknown, used or expired.
	VerifyEmail(ctx context.Context, tokenHash []byte) (User, error)
	// ResetPassword uses a reset link once: it sets the password, verifies
	// the address (the link proved it), ends every session, revokes every
	// personal token and hands over the address's invitations.
	ResetPassword(ctx context.Context, tokenHash []byte, passwordHash string) (User, error)
	UserCredentials(ctx context.Context, email string) (User, string, error)
	SetPassword(ctx context.Context, userID int64, passwordHash string) error
	// ChangeEmail gives the account a new, unverified address and queues
	// the verification link's e-mail to it; conflict when it is taken.
	ChangeEmail(ctx context.Context, userID int64, email string, t EmailToken, tokenHash []byte, mail Email) (User, error)
	SetAdmin(ctx context.Context, userID int64, passwordHash string) error
	CreateSession(ctx context.Context, idHash []byte, s Session) error
	// SessionByHash returns a session with its user.
	SessionByHash(ctx context.Context, idHash []byte) (Session, User, error)
	TouchSession(ctx context.Context, idHash []byte, lastSeen, expires time.Time) error
	DeleteSession(ctx context.Context, idHash []byte) error
	DeleteUserSessions(ctx context.Context, userID int64) error
	CreateToken(ctx context.Context, userID int64, t APIToken, tokenHash []byte) (APIToken, error)
	// TokenByHash returns a token with its user, expired or not.
	TokenByHash(ctx context.Context, tokenHash []byte) (APIToken, User, error)
	// TouchToken records that a token was used at.
	TouchToken(ctx context.Context, tokenHash []byte, at time.Time) error
	ListTokens(ctx context.Context, userID int64) ([]APIToken, error)
	// DeleteToken returns not found unless the token belongs to userID.
	DeleteToken(ctx context.Context, userID, tokenID int64) error
	// DeleteUserTokens revokes every personal token of a user.
	DeleteUserTokens(ctx context.Context, userID int64) error
	Roles(ctx context.Context, userID int64) ([]ContestRole, error)
	// SetUserLanguage and UserLanguage keep the language of the account's
	// e-mails ("" when not known).
	SetUserLanguage(ctx context.Context, userID int64, lang string) error
	UserLanguage(ctx context.Context, userID int64) (string, error)
}

// Limiter keeps the throttles' token buckets (server/internal/ratelimit,
// in each replica's memory). A nil Limiter, or a zero Rate, throttles
// nothing.
type Limiter interface {
	// Allow takes one event from key's budget under r; when none is left it
	// takes nothing and returns false and how long until one is back.
	Allow(key string, r ratelimit.Rate) (bool, time.Duration)
	// Check reports what Allow would answer, taking nothing.
	Check(key string, r ratelimit.Rate) (bool, time.Duration)
	// Take records an event counted after the fact (a wrong password).
	Take(key string, r ratelimit.Rate)
}

// AccountRates are the account throttles (PODIUM_RATE_* settings). Every
// per-address key is the client's address group (an IPv4 address, or its
// IPv6 prefix: see the api package), never a single IPv6 address.
//
// Login failures are counted per (account, address) and per address, never
// per account alone: an attacker can slow themselves down but cannot lock
// the real owner, who logs in from another address, out of their account.
type AccountRates struct {
	Register       ratelimit.Rate // sign-ups per address
	LoginPair      ratelimit.Rate // wrong passwords per (account, address)
	LoginAddress   ratelimit.Rate // wrong passwords per address
	Token          ratelimit.Rate // invalid bearer tokens per address
	PasswordChange ratelimit.Rate // wrong current passwords per user
}

// Accounts implements registration, login and tokens.
type Accounts struct {
	Store    AccountStore
	Limiter  Limiter
	Rates    AccountRates
	Idle     time.Duration // a session unused this long ends
	Absolute time.Duration // no session lives longer than this
	// TokenTTL is the longest a personal token lives (DefaultTokenTTL
	// when zero).
	TokenTTL time.Duration
	// PublicURL is the site's origin, for the links in e-mails.
	PublicURL string
	Now       func() time.Time
}

// RegisterInput is the body of a registration.
type RegisterInput struct {
	Email    string `json:"email"`
	Password string `json:"password" rule:"password"`
	Name     string `json:"name" rule:"person_name"`
	// Organization is optional: the school, company or lab, used to detect
	// conflicts of interest with judges.
	Organization string `json:"organization"`
	// Language (optional) is the language of the e-mails the account
	// receives: en or zh-CN (the SPA sends its own).
	Language string `json:"language"`
}

// Login is the outcome of a successful login.
type Login struct {
	User      User
	SessionID string // the cookie value; only its hash is stored
	CSRFToken string
	ExpiresAt time.Time
}

func (a *Accounts) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

// NormalizeEmail trims and validates an address, reporting problems on field.
func NormalizeEmail(f Fields, field, email string) string {
	email = strings.TrimSpace(email)
	if email == "" {
		f.Add(field, "is required")
		return ""
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email || len(email) > 254 || !strings.Contains(email[strings.LastIndexByte(email, '@')+1:], ".") {
		f.Add(field, "must be a valid e-mail address")
		return ""
	}
	return email
}

// CheckText validates a required single-line or multi-line text field.
func CheckText(f Fields, field, v string, maxRunes int) string {
	v = strings.TrimSpace(v)
	switch {
	case !StorableText(v):
		f.Problem(field, ProblemText, nil)
	case v == "":
		f.Problem(field, ProblemRequired, nil)
	case utf8.RuneCountInString(v) > maxRunes:
		f.Problem(field, ProblemTooLong, map[string]any{"max": maxRunes})
	}
	return v
}

// StorableText reports whether PostgreSQL can store v as text: valid UTF-8
// without NUL (which the database refuses, turning bad input into a 500).
func StorableText(v string) bool {
	return utf8.ValidString(v) && !strings.ContainsRune(v, 0)
}

func checkPassword(f Fields, field, pw string) {
	n, r := utf8.RuneCountInString(pw), Rules["password"]
	switch {
	case !utf8.ValidString(pw):
		f.Problem(field, ProblemText, nil)
	case n < r.MinLength:
		f.Problem(field, ProblemTooShort, map[string]any{"min": r.MinLength})
	case len(pw) > r.MaxLength:
		// Bytes, not characters: argon2id's input, whatever the script.
		f.Problem(field, ProblemTooLong, map[string]any{"max": r.MaxLength})
	}
}

// Register creates an account whose address is not yet verified and e-mails
// it a verification link. To reveal nothing about which addresses are
// registered, a taken address gets the same answer, after the same work
// (the password is hashed, one statement writes, one e-mail is queued):
// the account is unchanged and its owner is told by e-mail that someone
// tried to register with it.
// addr is the client's address group (the throttle's key).
func (a *Accounts) Register(ctx context.Context, addr string, in RegisterInput) (RegisterResult, error) {
	f := Fields{}
	email := NormalizeEmail(f, "email", in.Email)
	name := CheckText(f, "name", in.Name, Rules["person_name"].MaxLength)
	org := strings.TrimSpace(in.Organization)
	if len(org) > 200 || !utf8.ValidString(org) {
		f.Add("organization", "must be valid text of at most 200 bytes")
	}
	checkPassword(f, "password", in.Password)
	lang := NormalizeLanguage(f, "language", in.Language)
	if err := f.Err(); err != nil {
		return RegisterResult{}, err
	}
	if err := a.throttle("register:addr:"+addr, a.Rates.Register, true); err != nil {
		return RegisterResult{}, err
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return RegisterResult{}, err
	}
	link, err := NewEmailLink(a.PublicURL, "/verify/")
	if err != nil {
		return RegisterResult{}, err
	}
	owner, created, err := a.Store.RegisterUser(ctx, User{Email: email, Name: name, Organization: org, Lang: lang}, hash)
	if err != nil {
		return RegisterResult{}, fmt.Errorf("register: %w", err)
	}
	kind := PurposeVerify
	if !created {
		kind = "taken"
	}
	if !a.mailAllowed(kind, email) {
		return registered(email), nil
	}
	if created {
		err = a.Store.CreateEmailToken(ctx, link.Hash, EmailToken{Purpose: PurposeVerify, UserID: owner.ID, Email: email,
			ExpiresAt: a.now().Add(verifyTTL)}, a.verifyMail(lang, email, link.URL))
	} else {
		if owner.Lang != "" {
			lang = owner.Lang
		}
		err = a.Store.QueueAccountMail(ctx, a.registerTakenMail(lang, email))
	}
	if err != nil {
		return RegisterResult{}, fmt.Errorf("register: %w", err)
	}
	return registered(email), nil
}

// tooMany is the refusal of a throttled account action.
const tooMany = "too many attempts"

// throttle refuses an account action when key has no budget left under r;
// with take it also takes one event from the budget.
func (a *Accounts) throttle(key string, r ratelimit.Rate, take bool) error {
	return throttle(a.Limiter, key, r, take, tooMany)
}

// throttle is every throttle's check: it refuses with what and the wait
// when key has no budget left under r on l, and with take it also takes one
// event from the budget. A nil l limits nothing.
func throttle(l Limiter, key string, r ratelimit.Rate, take bool, what string) error {
	if l == nil {
		return nil
	}
	allow := l.Check
	if take {
		allow = l.Allow
	}
	if ok, wait := allow(key, r); !ok {
		return RateLimited(wait, what)
	}
	return nil
}

// failed records a failure against key.
func (a *Accounts) failed(key string, r ratelimit.Rate) {
	if a.Limiter != nil {
		a.Limiter.Take(key, r)
	}
}

// Login checks credentials and opens a new session (a fresh id every time,
// so a session id planted before login is worthless after it). addr is the
// client's address group.
func (a *Accounts) Login(ctx context.Context, addr, email, password string) (Login, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" || password == "" {
		f := Fields{}
		if email == "" {
			f.Add("email", "is required")
		}
		if password == "" {
			f.Add("password", "is required")
		}
		return Login{}, f.Err()
	}
	pairKey := "login:pair:" + email + "|" + addr
	addrKey := "login:addr:" + addr
	if err := a.throttle(pairKey, a.Rates.LoginPair, false); err != nil {
		return Login{}, err
	}
	if err := a.throttle(addrKey, a.Rates.LoginAddress, false); err != nil {
		return Login{}, err
	}
	u, hash, err := a.Store.UserCredentials(ctx, email)
	if err != nil && ErrorCode(err) != CodeNotFound {
		return Login{}, fmt.Errorf("login: %w", err)
	}
	hash, usable := passwordToCheck(hash, err == nil)
	if !CheckPassword(hash, password) || !usable {
		a.failed(pairKey, a.Rates.LoginPair)
		a.failed(addrKey, a.Rates.LoginAddress)
		return Login{}, Errorf(CodeUnauthorized, "wrong e-mail or password")
	}
	return a.openSession(ctx, u)
}

// SetLanguage records the language of u's e-mails (en or zh-CN).
func (a *Accounts) SetLanguage(ctx context.Context, u User, tag string) (string, error) {
	f := Fields{}
	lang := NormalizeLanguage(f, "language", tag)
	if lang == "" && len(f) == 0 {
		f.Add("language", "is required (en or zh-CN)")
	}
	if err := f.Err(); err != nil {
		return "", err
	}
	return lang, a.Store.SetUserLanguage(ctx, u.ID, lang)
}

// Language returns the language of u's e-mails ("" when not known).
func (a *Accounts) Language(ctx context.Context, u User) (string, error) {
	return a.Store.UserLanguage(ctx, u.ID)
}

func (a *Accounts) openSession(ctx context.Context, u User) (Login, error) {
	id, err := RandomToken(32)
	if err != nil {
		return Login{}, err
	}
	csrf, err := RandomToken(32)
	if err != nil {
		return Login{}, err
	}
	now := a.now()
	s := Session{UserID: u.ID, CSRFToken: csrf, CreatedAt: now, LastSeenAt: now, ExpiresAt: a.expiry(now, now)}
	if err := a.Store.CreateSession(ctx, HashSecret(id), s); err != nil {
		return Login{}, fmt.Errorf("open session: %w", err)
	}
	return Login{User: u, SessionID: id, CSRFToken: csrf, ExpiresAt: s.ExpiresAt}, nil
}

func (a *Accounts) expiry(created, lastSeen time.Time) time.Time {
	idle := lastSeen.Add(a.Idle)
	abs := created.Add(a.Absolute)
	if idle.Before(abs) {
		return idle
	}
	return abs
}

// sessionTouchEvery bounds how often a busy session's idle timer is written.
const sessionTouchEvery = time.Minute

// Authenticate resolves a session cookie to its session and user, ending
// sessions that are idle or past their absolute lifetime.
func (a *Accounts) Authenticate(ctx context.Context, sessionID string) (Session, User, error) {
	unauth := Errorf(CodeUnauthorized, "not signed in")
	if sessionID == "" {
		return Session{}, User{}, unauth
	}
	h := HashSecret(sessionID)
	s, u, err := a.Store.SessionByHash(ctx, h)
	if ErrorCode(err) == CodeNotFound {
		return Session{}, User{}, unauth
	}
	if err != nil {
		return Session{}, User{}, fmt.Errorf("authenticate: %w", err)
	}
	now := a.now()
	if !now.Before(s.ExpiresAt) {
		_ = a.Store.DeleteSession(ctx, h)
		return Session{}, User{}, Errorf(CodeUnauthorized, "session expired; sign in again")
	}
	if now.Sub(s.LastSeenAt) > sessionTouchEvery {
		s.LastSeenAt, s.ExpiresAt = now, a.expiry(s.CreatedAt, now)
		if err := a.Store.TouchSession(ctx, h, s.LastSeenAt, s.ExpiresAt); err != nil {
			return Session{}, User{}, fmt.Errorf("authenticate: %w", err)
		}
	}
	return s, u, nil
}

// Logout ends one session.
func (a *Accounts) Logout(ctx context.Context, sessionID string) error {
	return a.Store.DeleteSession(ctx, HashSecret(sessionID))
}

// ChangePasswordInput is the body of a password change.
type ChangePasswordInput struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password" rule:"password"`
}

// ChangePassword replaces the password, ends every session of the user
// (including stolen ones), revokes every personal token and opens a fresh
// session for the caller.
func (a *Accounts) ChangePassword(ctx context.Context, u User, in ChangePasswordInput) (Login, error) {
	f := Fields{}
	checkPassword(f, "new_password", in.NewPassword)
	if err := f.Err(); err != nil {
		return Login{}, err
	}
	// Someone holding a stolen session must not guess the password here.
	passwordKey := fmt.Sprintf("password:user:%d", u.ID)
	if err := a.throttle(passwordKey, a.Rates.PasswordChange, false); err != nil {
		return Login{}, err
	}
	_, hash, err := a.Store.UserCredentials(ctx, u.Email)
	if err != nil {
		return Login{}, fmt.Errorf("change password: %w", err)
	}
	if !CheckPassword(hash, in.CurrentPassword) {
		a.failed(passwordKey, a.Rates.PasswordChange)
		return Login{}, Invalid(map[string]string{"current_password": "is wrong"})
	}
	newHash, err := HashPassword(in.NewPassword)
	if err != nil {
		return Login{}, err
	}
	if err := a.Store.SetPassword(ctx, u.ID, newHash); err != nil {
		return Login{}, fmt.Errorf("change password: %w", err)
	}
	if err := a.Store.DeleteUserSessions(ctx, u.ID); err != nil {
		return Login{}, fmt.Errorf("change password: %w", err)
	}
	if err := a.Store.DeleteUserTokens(ctx, u.ID); err != nil {
		return Login{}, fmt.Errorf("change password: %w", err)
	}
	return a.openSession(ctx, u)
}

// tokenPrefix marks Podium tokens so that secret scanners can find leaks.
const tokenPrefix = "pdm_"

// DefaultTokenTTL is the longest a personal token lives unless
// PODIUM_TOKEN_TTL says otherwise.
const DefaultTokenTTL = 90 * 24 * time.Hour

// tokenTouchEvery bounds how often a busy token's last use is written.
const tokenTouchEvery = time.Minute

// TokenInput is the body of a token creation.
type TokenInput struct {
	Name string `json:"name"`
	// Scope is "read" (GET and HEAD only) or "full" (the default).
	Scope TokenScope `json:"scope"`
	// ExpiresAt (optional, RFC 3339) ends the token sooner than the
	// longest lifetime allowed, which is the default.
	ExpiresAt *time.Time `json:"expires_at"`
}

func (a *Accounts) tokenTTL() time.Duration {
	if a.TokenTTL > 0 {
		return a.TokenTTL
	}
	return DefaultTokenTTL
}

// CreateToken issues a personal API token; the secret is returned only here.
// Only a signed-in person (a cookie session) may: the API layer refuses
// tokens, so that a leaked token cannot breed others.
func (a *Accounts) CreateToken(ctx context.Context, u User, in TokenInput) (APIToken, string, error) {
	f := Fields{}
	name := CheckText(f, "name", in.Name, Rules["person_name"].MaxLength)
	now := a.now()
	t := APIToken{Name: name, Scope: in.Scope, ExpiresAt: now.Add(a.tokenTTL())}
	switch in.Scope {
	case "":
		t.Scope = ScopeFull
	case ScopeRead, ScopeFull:
	default:
		f.Add("scope", "must be read or full")
	}
	if in.ExpiresAt != nil {
		switch {
		case !in.ExpiresAt.After(now):
			f.Add("expires_at", "must be in the future")
		case in.ExpiresAt.After(t.ExpiresAt):
			f.Add("expires_at", fmt.Sprintf("must be at most %s from now", a.tokenTTL()))
		default:
			t.ExpiresAt = *in.ExpiresAt
		}
	}
	if err := f.Err(); err != nil {
		return APIToken{}, "", err
	}
	secret, err := RandomToken(32)
	if err != nil {
		return APIToken{}, "", err
	}
	secret = tokenPrefix + secret
	t, err = a.Store.CreateToken(ctx, u.ID, t, HashSecret(secret))
	if err != nil {
		return APIToken{}, "", fmt.Errorf("create token: %w", err)
	}
	return t, secret, nil
}

// AuthenticateToken resolves a bearer token to its user and the token
// (whose scope the caller enforces); expired tokens are refused. addr is
// the client's address group, whose invalid tokens are throttled.
func (a *Accounts) AuthenticateToken(ctx context.Context, addr, secret string) (User, APIToken, error) {
	key := "token:addr:" + addr
	invalid := Errorf(CodeUnauthorized, "invalid token")
	if err := a.throttle(key, a.Rates.Token, false); err != nil {
		return User{}, APIToken{}, err
	}
	if !strings.HasPrefix(secret, tokenPrefix) {
		a.failed(key, a.Rates.Token)
		return User{}, APIToken{}, invalid
	}
	h := HashSecret(secret)
	t, u, err := a.Store.TokenByHash(ctx, h)
	if ErrorCode(err) == CodeNotFound {
		a.failed(key, a.Rates.Token)
		return User{}, APIToken{}, invalid
	}
	if err != nil {
		return User{}, APIToken{}, fmt.Errorf("authenticate token: %w", err)
	}
	now := a.now()
	if !now.Before(t.ExpiresAt) {
		return User{}, APIToken{}, Errorf(CodeUnauthorized, "token expired; create a new one")
	}
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > tokenTouchEvery {
		if err := a.Store.TouchToken(ctx, h, now); err != nil {
			return User{}, APIToken{}, fmt.Errorf("authenticate token: %w", err)
		}
	}
	return u, t, nil
}

// CreateAdmin creates a platform admin, or promotes an existing account and
// resets its password (the command line is trusted).
func (a *Accounts) CreateAdmin(ctx context.Context, email, password string) (User, error) {
	email, hash, err := trustedCredentials(email, password)
	if err != nil {
		return User{}, err
	}
	u, err := a.Store.CreateUser(ctx, User{Email: email, Name: strings.SplitN(email, "@", 2)[0], IsAdmin: true}, hash)
	if ErrorCode(err) == CodeConflict {
		existing, _, cerr := a.Store.UserCredentials(ctx, email)
		if cerr != nil {
			return User{}, fmt.Errorf("create admin: %w", cerr)
		}
		if err := a.Store.SetAdmin(ctx, existing.ID, hash); err != nil {
			return User{}, fmt.Errorf("create admin: %w", err)
		}
		existing.IsAdmin = true
		return existing, nil
	}
	if err != nil {
		return User{}, fmt.Errorf("create admin: %w", err)
	}
	return u, nil
}

// trustedCredentials validates the address and password of an account made
// from the command line and hashes the password.
func trustedCredentials(email, password string) (string, string, error) {
	f := Fields{}
	email = NormalizeEmail(f, "email", email)
	checkPassword(f, "password", password)
	if err := f.Err(); err != nil {
		return "", "", err
	}
	hash, err := HashPassword(password)
	return email, hash, err
}

// RandomToken returns n random bytes, base64url-encoded.
func RandomToken(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// HashSecret is how session ids and tokens are stored: a database dump
// holds nothing that can be replayed.
func HashSecret(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}
