package domain

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/podium-contests/podium/server/internal/ratelimit"
)

// Proving an address. An account proves it owns its e-mail address by
// following a single-use link sent there: the verification link e-mailed at
// registration (and on request), or a password-reset link, which goes to
// the same address. Links carry a random secret; only its SHA-256 is stored,
// with the address it was sent to and an expiry. Until an account has
// proved its address it may sign in and look around, but it cannot create
// or join a team, and roles invited to that address wait (RequireVerified):
// a person who registers someone else's address (before or after the
// invitation) gets nothing, and the real owner can take the account over
// with a reset link. Accounts created by a single sign-on provider that
// asserts a verified address count as verified.

// EmailToken is a single-use link sent by e-mail (its secret is not kept).
type EmailToken struct {
	Purpose   string
	UserID    int64
	Email     string // the address the link was sent to
	ExpiresAt time.Time
}

// The purposes of e-mailed links.
const (
	PurposeVerify = "verify"
	PurposeReset  = "reset"
)

// Lifetimes of e-mailed links and the e-mail throttles.
const (
	verifyTTL = 48 * time.Hour
	resetTTL  = time.Hour
	// InvitationTTL is how long an invitation's own link can be used; the
	// invitation itself stays until revoked and still goes to the account
	// that verifies the invited address.
	InvitationTTL = 14 * 24 * time.Hour
)

// At most one account e-mail of each kind (verification, reset, "someone
// tried to register") a minute and five an hour go to one address, and one
// client address asks for at most 20 password resets an hour.
var (
	mailPerMinute = ratelimit.Rate{Burst: 1, Count: 1, Period: time.Minute}
	mailPerHour   = ratelimit.Rate{Burst: 5, Count: 5, Period: time.Hour}
	resetRequests = ratelimit.Rate{Burst: 20, Count: 20, Period: time.Hour}
)

// RegisterResult is the answer to every well-formed registration, whether
// the address was free or taken: there is nothing in it to tell them apart.
type RegisterResult struct {
	Email  string `json:"email"`
	Status string `json:"status"` // always "check_inbox"
}

func registered(email string) RegisterResult {
	return RegisterResult{Email: email, Status: "check_inbox"}
}

// EmailLink is a fresh single-use link: its URL goes into an e-mail, its
// Hash into the database.
type EmailLink struct {
	URL  string
	Hash []byte
}

// NewEmailLink returns a link to publicURL+path+secret with a fresh
// secret; path is a page of the single-page app such as "/invite/".
func NewEmailLink(publicURL, path string) (EmailLink, error) {
	secret, err := RandomToken(32)
	if err != nil {
		return EmailLink{}, err
	}
	return EmailLink{URL: strings.TrimRight(publicURL, "/") + path + secret, Hash: HashSecret(secret)}, nil
}

func (a *Accounts) link(path string) string { return strings.TrimRight(a.PublicURL, "/") + path }

// mailAllowed takes an account e-mail of a kind (its purpose) to email from
// the throttles (mailPerMinute) and says whether it may be sent.
func (a *Accounts) mailAllowed(kind, email string) bool {
	if a.Limiter == nil {
		return true
	}
	key := "mail:" + kind + ":" + strings.ToLower(email)
	ok, _ := a.Limiter.Allow(key+":minute", mailPerMinute)
	if ok {
		ok, _ = a.Limiter.Allow(key+":hour", mailPerHour)
	}
	return ok
}

// checkLinkToken validates the secret of an e-mailed link and returns the
// hash it is stored by.
func checkLinkToken(f Fields, token string) []byte {
	token = strings.TrimSpace(token)
	if token == "" || len(token) > 200 {
		f.Add("token", "is required (the code at the end of the e-mailed link)")
		return nil
	}
	return HashSecret(token)
}

// VerifyEmail uses a verification link: the account proves its address and
// receives the roles invited to it.
func (a *Accounts) VerifyEmail(ctx context.Context, token string) (User, error) {
	f := Fields{}
	h := checkLinkToken(f, token)
	if err := f.Err(); err != nil {
		return User{}, err
	}
	u, err := a.Store.VerifyEmail(ctx, h)
	if ErrorCode(err) == CodeNotFound {
		return User{}, Errorf(CodeNotFound, "this link is unknown, used or expired; sign in and ask for a new one")
	}
	if err != nil {
		return User{}, fmt.Errorf("verify e-mail: %w", err)
	}
	return u, nil
}

// RequireVerified refuses an account that has not confirmed its address
// what needs one (doing, in English, names it): taking part in a contest,
// judging, organizing. The error is forbidden, with the problem
// "unverified" on the field email, so that clients word it in the user's
// language and offer to resend the link (POST /me/verify).
func RequireVerified(u User, doing string) error {
	if u.EmailVerified {
		return nil
	}
	f := Fields{}
	f.Problem("email", ProblemUnverified, nil)
	return &Error{Code: CodeForbidden, Fields: f,
		Message: "confirm your e-mail address before you " + doing + ": open the link we e-mailed to " + u.Email + ", or ask for a new one on your account page"}
}

// ResendVerification e-mails u a new verification link (throttled per
// address; the older links stay valid until they expire).
func (a *Accounts) ResendVerification(ctx context.Context, u User) error {
	if u.EmailVerified {
		return Errorf(CodeConflict, "your e-mail address is already confirmed")
	}
	if !a.mailAllowed(PurposeVerify, u.Email) {
		return RateLimited(time.Minute, "an e-mail was sent recently; wait a minute (at most five an hour)")
	}
	link, err := NewEmailLink(a.PublicURL, "/verify/")
	if err != nil {
		return err
	}
	err = a.Store.CreateEmailToken(ctx, link.Hash, EmailToken{Purpose: PurposeVerify, UserID: u.ID, Email: u.Email,
		ExpiresAt: a.now().Add(verifyTTL)}, a.verifyMail(u.Lang, u.Email, link.URL))
	if err != nil {
		return fmt.Errorf("resend verification: %w", err)
	}
	return nil
}

// ResetRequest asks for a password-reset link.
type ResetRequest struct {
	Email string `json:"email"`
	// Language (optional, en or zh-CN) is the e-mail's language when the
	// account has none.
	Language string `json:"language"`
}

// RequestPasswordReset e-mails a reset link to the address if it has an
// account. The answer is the same whether it has one or not. addr is the
// client's address group.
func (a *Accounts) RequestPasswordReset(ctx context.Context, addr string, in ResetRequest) (RegisterResult, error) {
	f := Fields{}
	email := NormalizeEmail(f, "email", in.Email)
	lang := NormalizeLanguage(f, "language", in.Language)
	if err := f.Err(); err != nil {
		return RegisterResult{}, err
	}
	if err := a.throttle("reset:addr:"+addr, resetRequests, true); err != nil {
		return RegisterResult{}, err
	}
	if !a.mailAllowed(PurposeReset, email) {
		return registered(email), nil
	}
	u, _, err := a.Store.UserCredentials(ctx, email)
	if ErrorCode(err) == CodeNotFound {
		return registered(email), nil
	}
	if err != nil {
		return RegisterResult{}, fmt.Errorf("request reset: %w", err)
	}
	if u.Lang != "" {
		lang = u.Lang
	}
	link, err := NewEmailLink(a.PublicURL, "/reset/")
	if err != nil {
		return RegisterResult{}, err
	}
	err = a.Store.CreateEmailToken(ctx, link.Hash, EmailToken{Purpose: PurposeReset, UserID: u.ID, Email: u.Email,
		ExpiresAt: a.now().Add(resetTTL)}, a.resetMail(lang, u.Email, link.URL))
	if err != nil {
		return RegisterResult{}, fmt.Errorf("request reset: %w", err)
	}
	return registered(email), nil
}

// ResetInput sets a new password with a reset link.
type ResetInput struct {
	Token    string `json:"token"`
	Password string `json:"password"`
}

// ResetPassword uses a reset link: the password is replaced, every session
// and personal token of the account ends, and the address counts as proved
// (the link was sent there), so the owner of an address someone else
// registered takes the account over this way.
func (a *Accounts) ResetPassword(ctx context.Context, in ResetInput) (User, error) {
	f := Fields{}
	h := checkLinkToken(f, in.Token)
	checkPassword(f, "password", in.Password)
	if err := f.Err(); err != nil {
		return User{}, err
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return User{}, err
	}
	u, err := a.Store.ResetPassword(ctx, h, hash)
	if ErrorCode(err) == CodeNotFound {
		return User{}, Errorf(CodeNotFound, "this link is unknown, used or expired; ask for a new one")
	}
	if err != nil {
		return User{}, fmt.Errorf("reset password: %w", err)
	}
	return u, nil
}

// CreateVerifiedUser creates an account whose address counts as verified,
// for trusted callers only (the command line's demo seed).
func (a *Accounts) CreateVerifiedUser(ctx context.Context, email, password, name string) (User, error) {
	f := Fields{}
	if name = CheckText(f, "name", name, 100); f.Err() != nil {
		return User{}, f.Err()
	}
	email, hash, err := trustedCredentials(email, password)
	if err != nil {
		return User{}, err
	}
	u, err := a.Store.CreateUser(ctx, User{Email: email, Name: name}, hash)
	if err != nil {
		return User{}, fmt.Errorf("create user: %w", err)
	}
	return u, nil
}

// The account e-mails name the site (the public URL's host): Podium is run
// by many organizations, and the subject says which one wrote.
func (a *Accounts) verifyMail(lang, to, link string) Email {
	return localMail(mailLanguage(lang), mailVerify, to, link, a.site())
}

func (a *Accounts) registerTakenMail(lang, to string) Email {
	return localMail(mailLanguage(lang), mailRegisterTaken, to, a.link("/reset"), a.site())
}

func (a *Accounts) resetMail(lang, to, link string) Email {
	return localMail(mailLanguage(lang), mailReset, to, link, a.site())
}

// site is the host of the public URL.
func (a *Accounts) site() string {
	if u, err := url.Parse(a.PublicURL); err == nil && u.Host != "" {
		return u.Host
	}
	return a.PublicURL
}
