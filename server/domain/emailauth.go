package domain

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Proving an address. An account proves it owns its e-mail address by
// following a single-use link sent there: the verification link e-mailed at
// registration (and on request), or a password-reset link, which goes to
// the same address. Links carry a random secret; only its SHA-256 is stored,
// with the address it was sent to and an expiry. Until an account has
// proved its address it may sign in, create and join teams, but roles
// invited to that address wait: a person who registers someone else's
// address (before or after the invitation) gets nothing, and the real owner
// can take the account over with a reset link.

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

// Lifetimes of e-mailed links and the e-mail throttle.
const (
	verifyTTL = 48 * time.Hour
	resetTTL  = time.Hour
	// InvitationTTL is how long an invitation's own link can be used; the
	// invitation itself stays until revoked and still goes to the account
	// that verifies the invited address.
	InvitationTTL = 14 * 24 * time.Hour
	// At most one account e-mail of each kind (verification, reset,
	// "someone tried to register") a minute and five an hour go to one
	// address.
	mailPerMinute = 1
	mailPerHour   = 5
	resetPerIP    = 20
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

// Languages e-mails are written in; "" is unknown (English).
var mailLangs = map[string]bool{"": true, "en": true, "zh-CN": true}

func checkLang(f Fields, field, lang string) string {
	if !mailLangs[lang] {
		f.Add(field, "must be en or zh-CN")
		return ""
	}
	return lang
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

// mailAllowed counts an account e-mail of a kind (its purpose) to email and
// says whether it may be sent (see mailPerMinute).
func (a *Accounts) mailAllowed(ctx context.Context, kind, email string) (bool, error) {
	email = strings.ToLower(email)
	for _, w := range []struct {
		key    string
		window time.Duration
		max    int
	}{{"mail:" + kind + ":minute:" + email, time.Minute, mailPerMinute}, {"mail:" + kind + ":hour:" + email, time.Hour, mailPerHour}} {
		n, err := a.Limiter.Hit(ctx, w.key, w.window)
		if err != nil {
			return false, fmt.Errorf("mail throttle: %w", err)
		}
		if n > w.max {
			return false, nil
		}
	}
	return true, nil
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

// ResendVerification e-mails u a new verification link (throttled per
// address; the older links stay valid until they expire).
func (a *Accounts) ResendVerification(ctx context.Context, u User) error {
	if u.EmailVerified {
		return Errorf(CodeConflict, "your e-mail address is already confirmed")
	}
	send, err := a.mailAllowed(ctx, PurposeVerify, u.Email)
	if err != nil {
		return err
	}
	if !send {
		return Errorf(CodeRateLimited, "an e-mail was sent recently; wait a minute (at most five an hour)")
	}
	link, err := NewEmailLink(a.PublicURL, "/verify/")
	if err != nil {
		return err
	}
	err = a.Store.CreateEmailToken(ctx, link.Hash, EmailToken{Purpose: PurposeVerify, UserID: u.ID, Email: u.Email,
		ExpiresAt: a.now().Add(verifyTTL)}, verifyMail(u.Lang, u.Email, link.URL))
	if err != nil {
		return fmt.Errorf("resend verification: %w", err)
	}
	return nil
}

// ResetRequest asks for a password-reset link.
type ResetRequest struct {
	Email string `json:"email"`
	// Lang (optional) is the e-mail's language when the account has none.
	Lang string `json:"lang"`
}

// RequestPasswordReset e-mails a reset link to the address if it has an
// account. The answer is the same whether it has one or not.
func (a *Accounts) RequestPasswordReset(ctx context.Context, ip string, in ResetRequest) (RegisterResult, error) {
	f := Fields{}
	email := NormalizeEmail(f, "email", in.Email)
	lang := checkLang(f, "lang", in.Lang)
	if err := f.Err(); err != nil {
		return RegisterResult{}, err
	}
	if err := a.limit(ctx, "reset:ip:"+ip, registerWindow, resetPerIP, true); err != nil {
		return RegisterResult{}, err
	}
	send, err := a.mailAllowed(ctx, PurposeReset, email)
	if err != nil || !send {
		return registered(email), err
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
		ExpiresAt: a.now().Add(resetTTL)}, resetMail(lang, u.Email, link.URL))
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

// mailText picks the zh-CN or English text.
func mailText(lang, en, zh string) string {
	if lang == "zh-CN" {
		return zh
	}
	return en
}

func verifyMail(lang, to, link string) Email {
	return Email{To: to,
		Subject: mailText(lang, "Confirm your e-mail address for Podium", "确认您在 Podium 的电子邮件地址"),
		Body: mailText(lang,
			"Someone (we hope you) created a Podium account with this address.\n\nConfirm it by opening this link within 48 hours:\n\n"+link+
				"\n\nUntil you do, roles you are invited to wait. If it was not you, ignore this e-mail.\n",
			"有人（希望是您）使用此地址创建了 Podium 账户。\n\n请在 48 小时内打开以下链接确认：\n\n"+link+
				"\n\n确认之前，您收到的角色邀请不会生效。如果不是您本人操作，请忽略此邮件。\n")}
}

func registerTakenMail(lang, to, resetPage string) Email {
	return Email{To: to,
		Subject: mailText(lang, "Someone tried to register on Podium with your address", "有人尝试用您的地址注册 Podium"),
		Body: mailText(lang,
			"Someone tried to create a Podium account with this address, which already has one. Nothing was changed.\n\n"+
				"If it was you, sign in, or reset your password here:\n\n"+resetPage+"\n\nIf it was not you, you can ignore this e-mail.\n",
			"有人尝试使用此地址创建 Podium 账户，但该地址已有账户，未做任何更改。\n\n"+
				"如果是您本人，请直接登录，或在此重设密码：\n\n"+resetPage+"\n\n如果不是您本人，请忽略此邮件。\n")}
}

func resetMail(lang, to, link string) Email {
	return Email{To: to,
		Subject: mailText(lang, "Reset your Podium password", "重设您的 Podium 密码"),
		Body: mailText(lang,
			"Someone (we hope you) asked to reset the password of the Podium account with this address.\n\n"+
				"Choose a new password by opening this link within an hour (it works once):\n\n"+link+
				"\n\nEvery session and personal token of the account will end. If it was not you, ignore this e-mail.\n",
			"有人（希望是您）申请重设使用此地址的 Podium 账户的密码。\n\n请在一小时内打开以下链接设置新密码（仅可使用一次）：\n\n"+link+
				"\n\n该账户的所有登录会话和个人令牌都将失效。如果不是您本人操作，请忽略此邮件。\n")}
}
