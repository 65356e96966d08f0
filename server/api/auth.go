package api

import (
	"crypto/subtle"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/podium-contests/podium/server/domain"
)

// identity is who made the request and how.
type identity struct {
	User      domain.User
	Session   *domain.Session // nil for bearer tokens
	SessionID string
	Scope     domain.TokenScope // the bearer token's; empty for sessions
}

const identityKey = "identity"

func identityOf(c *fiber.Ctx) *identity {
	id, _ := c.Locals(identityKey).(*identity)
	return id
}

// currentUser returns the caller or an unauthorized error.
func currentUser(c *fiber.Ctx) (domain.User, error) {
	id := identityOf(c)
	if id == nil {
		return domain.User{}, domain.Errorf(domain.CodeUnauthorized, "sign in first")
	}
	return id.User, nil
}

// sessionCookie is the cookie's name: the __Host- prefix (which requires
// Secure) pins it to our origin outside dev mode.
func (s *server) sessionCookie() string {
	if s.Config.SecureCookies() {
		return "__Host-podium_session"
	}
	return "podium_session"
}

func (s *server) setSessionCookie(c *fiber.Ctx, value string, expires time.Time) {
	c.Cookie(&fiber.Cookie{
		Name: s.sessionCookie(), Value: value, Path: "/", Expires: expires,
		Secure: s.Config.SecureCookies(), HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode,
	})
}

func (s *server) clearSessionCookie(c *fiber.Ctx) {
	s.setSessionCookie(c, "", time.Unix(0, 0))
}

// authenticate resolves a bearer token or the session cookie. A bad token is
// an error; a stale cookie is dropped and the request goes on anonymously.
func (s *server) authenticate(c *fiber.Ctx) error {
	ctx := c.UserContext()
	if auth := c.Get(fiber.HeaderAuthorization); auth != "" {
		token, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok {
			return domain.Errorf(domain.CodeUnauthorized, "Authorization must be \"Bearer <token>\"")
		}
		u, t, err := s.Accounts.AuthenticateToken(ctx, s.clientKey(c), strings.TrimSpace(token))
		if err != nil {
			return err
		}
		if t.Scope == domain.ScopeRead && c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
			return domain.Errorf(domain.CodeForbidden, "this token is read-only (scope read): it may only GET")
		}
		c.Locals(identityKey, &identity{User: u, Scope: t.Scope})
		return c.Next()
	}
	sid := c.Cookies(s.sessionCookie())
	if sid == "" {
		return c.Next()
	}
	se, u, err := s.Accounts.Authenticate(ctx, sid)
	switch {
	case domain.ErrorCode(err) == domain.CodeUnauthorized:
		s.clearSessionCookie(c)
	case err != nil:
		return err
	default:
		c.Locals(identityKey, &identity{User: u, Session: &se, SessionID: sid})
	}
	return c.Next()
}

// csrfExempt are the state-changing routes that act on no existing session
// (the e-mailed links carry their own secret).
var csrfExempt = map[string]bool{"/api/v1/auth/login": true, "/api/v1/auth/register": true,
	"/api/v1/auth/verify": true, "/api/v1/auth/reset": true, "/api/v1/auth/reset/confirm": true}

// checkCSRF protects state-changing requests: bodies must be JSON, a
// browser's Origin must be ours, and cookie sessions must echo their token
// in X-CSRF-Token. Bearer tokens are not sent by browsers on their own, so
// they need no token.
func (s *server) checkCSRF(c *fiber.Ctx) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return c.Next()
	}
	if err := requireJSON(c); err != nil {
		return err
	}
	if origin := c.Get(fiber.HeaderOrigin); origin != "" && origin != c.BaseURL() && origin != strings.TrimRight(s.Config.PublicURL, "/") {
		return domain.Errorf(domain.CodeForbidden, "cross-origin request refused")
	}
	id := identityOf(c)
	if id == nil || id.Session == nil || csrfExempt[c.Path()] {
		return c.Next()
	}
	token := c.Get("X-CSRF-Token")
	if token == "" || subtle.ConstantTimeCompare([]byte(token), []byte(id.Session.CSRFToken)) != 1 {
		return domain.Errorf(domain.CodeForbidden, "missing or invalid CSRF token (send the X-CSRF-Token header)")
	}
	return c.Next()
}

// parseBody decodes a JSON body into v, naming the field of a type error.
func parseBody(c *fiber.Ctx, v any) error {
	if len(c.Body()) == 0 {
		return domain.Invalid(map[string]string{"body": "is required (JSON)"})
	}
	if err := c.BodyParser(v); err != nil {
		return bodyError(err)
	}
	return nil
}

// loginResponse is the body of a successful login.
type loginResponse struct {
	User      domain.User `json:"user"`
	CSRFToken string      `json:"csrf_token"`
}

// meResponse describes the caller.
type meResponse struct {
	User      domain.User          `json:"user"`
	CSRFToken string               `json:"csrf_token,omitempty"`
	Roles     []domain.ContestRole `json:"roles"`
	Language  string               `json:"language"` // of the caller's e-mails; "" when not known
}

type loginInput struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	// Language (optional): the SPA's language, kept for the account's
	// e-mails (en or zh-CN; others are ignored at sign-in).
	Language string `json:"language"`
}

// meInput changes the caller's settings.
type meInput struct {
	Language string `json:"language"` // en or zh-CN: the language of the caller's e-mails
}

// meSettings are the caller's settings.
type meSettings struct {
	Language string `json:"language"`
}

// linkInput carries the secret at the end of an e-mailed link.
type linkInput struct {
	Token string `json:"token"`
}

// newToken is shown once, when the token is created.
type newToken struct {
	domain.APIToken
	Token string `json:"token"`
}

func (s *server) register(c *fiber.Ctx) error {
	var in domain.RegisterInput
	if err := parseBody(c, &in); err != nil {
		return err
	}
	out, err := s.Accounts.Register(c.UserContext(), s.clientKey(c), in)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusCreated, out)
}

func (s *server) verifyEmail(c *fiber.Ctx) error {
	var in linkInput
	if err := parseBody(c, &in); err != nil {
		return err
	}
	u, err := s.Accounts.VerifyEmail(c.UserContext(), in.Token)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, u)
}

func (s *server) resendVerification(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	if err := s.Accounts.ResendVerification(c.UserContext(), u); err != nil {
		return err
	}
	return data(c, fiber.StatusAccepted, fiber.Map{})
}

func (s *server) requestReset(c *fiber.Ctx) error {
	var in domain.ResetRequest
	if err := parseBody(c, &in); err != nil {
		return err
	}
	out, err := s.Accounts.RequestPasswordReset(c.UserContext(), s.clientKey(c), in)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusAccepted, out)
}

func (s *server) confirmReset(c *fiber.Ctx) error {
	var in domain.ResetInput
	if err := parseBody(c, &in); err != nil {
		return err
	}
	u, err := s.Accounts.ResetPassword(c.UserContext(), in)
	if err != nil {
		return err
	}
	s.clearSessionCookie(c) // every session of the account ended
	return data(c, fiber.StatusOK, u)
}

func (s *server) acceptInvitation(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	var in linkInput
	if err := parseBody(c, &in); err != nil {
		return err
	}
	inv, err := s.Contests.AcceptInvitation(c.UserContext(), u, in.Token)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, inv)
}

func (s *server) login(c *fiber.Ctx) error {
	var in loginInput
	if err := parseBody(c, &in); err != nil {
		return err
	}
	l, err := s.Accounts.Login(c.UserContext(), s.clientKey(c), in.Email, in.Password)
	if err != nil {
		return err
	}
	if id := identityOf(c); id != nil && id.Session != nil {
		_ = s.Accounts.Logout(c.UserContext(), id.SessionID)
		s.Events.EndSignIn(sessionSignIn(id.SessionID))
	}
	if in.Language != "" {
		// Signing in never fails for a language the e-mails lack.
		if _, err := s.Accounts.SetLanguage(c.UserContext(), l.User, in.Language); err != nil && domain.ErrorCode(err) != domain.CodeInvalid {
			return err
		}
	}
	s.setSessionCookie(c, l.SessionID, l.ExpiresAt)
	return data(c, fiber.StatusOK, loginResponse{User: l.User, CSRFToken: l.CSRFToken})
}

func (s *server) logout(c *fiber.Ctx) error {
	if id := identityOf(c); id != nil && id.Session != nil {
		if err := s.Accounts.Logout(c.UserContext(), id.SessionID); err != nil {
			return err
		}
		s.Events.EndSignIn(sessionSignIn(id.SessionID))
	}
	s.clearSessionCookie(c)
	return data(c, fiber.StatusOK, fiber.Map{})
}

func (s *server) me(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	roles, err := s.Accounts.Store.Roles(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	lang, err := s.Accounts.Language(c.UserContext(), u)
	if err != nil {
		return err
	}
	out := meResponse{User: u, Roles: roles, Language: lang}
	if se := identityOf(c).Session; se != nil {
		out.CSRFToken = se.CSRFToken
	}
	return data(c, fiber.StatusOK, out)
}

func (s *server) patchMe(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	var in meInput
	if err := parseBody(c, &in); err != nil {
		return err
	}
	lang, err := s.Accounts.SetLanguage(c.UserContext(), u, in.Language)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, meSettings{Language: lang})
}

func (s *server) changePassword(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	var in domain.ChangePasswordInput
	if err := parseBody(c, &in); err != nil {
		return err
	}
	l, err := s.Accounts.ChangePassword(c.UserContext(), u, in)
	if err != nil {
		return err
	}
	s.setSessionCookie(c, l.SessionID, l.ExpiresAt)
	return data(c, fiber.StatusOK, loginResponse{User: l.User, CSRFToken: l.CSRFToken})
}

func (s *server) listTokens(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	list, err := s.Accounts.Store.ListTokens(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, list)
}

func (s *server) createToken(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	if identityOf(c).Session == nil {
		return domain.Errorf(domain.CodeForbidden, "tokens are created from a signed-in session, not with another token")
	}
	var in domain.TokenInput
	if err := parseBody(c, &in); err != nil {
		return err
	}
	t, secret, err := s.Accounts.CreateToken(c.UserContext(), u, in)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusCreated, newToken{APIToken: t, Token: secret})
}

func (s *server) deleteToken(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return domain.NotFound("token")
	}
	if err := s.Accounts.Store.DeleteToken(c.UserContext(), u.ID, int64(id)); err != nil {
		return err
	}
	return data(c, fiber.StatusOK, fiber.Map{})
}

// authRoutes lists the account and session operations.
func (s *server) authRoutes() []route {
	return []route{
		{Method: "POST", Path: "/auth/register", Summary: "Create an account and e-mail it a verification link (a taken address gets the same answer)", Tag: "auth", Access: public,
			Body: domain.RegisterInput{}, Result: domain.RegisterResult{}, Status: 201, Handler: s.register},
		{Method: "POST", Path: "/auth/verify", Summary: "Confirm an e-mail address with the link's token; claims the roles invited to it", Tag: "auth", Access: public,
			Body: linkInput{}, Result: domain.User{}, Status: 200, Handler: s.verifyEmail},
		{Method: "POST", Path: "/auth/reset", Summary: "E-mail a password-reset link (the same answer whether the address has an account)", Tag: "auth", Access: public,
			Body: domain.ResetRequest{}, Result: domain.RegisterResult{}, Status: 202, Handler: s.requestReset},
		{Method: "POST", Path: "/auth/reset/confirm", Summary: "Set a new password with a reset link's token; ends every session and token", Tag: "auth", Access: public,
			Body: domain.ResetInput{}, Result: domain.User{}, Status: 200, Handler: s.confirmReset},
		{Method: "POST", Path: "/me/verify", Summary: "E-mail a new verification link (at most one a minute, five an hour)", Tag: "auth", Access: signedIn,
			Status: 202, Handler: s.resendVerification},
		{Method: "POST", Path: "/invitations/accept", Summary: "Accept an invitation with its e-mailed link's token (a verified account)", Tag: "auth", Access: signedIn,
			Body: linkInput{}, Result: domain.Invitation{}, Status: 200, Handler: s.acceptInvitation},
		{Method: "POST", Path: "/auth/login", Summary: "Sign in; sets the session cookie", Tag: "auth", Access: public,
			Body: loginInput{}, Result: loginResponse{}, Status: 200, Handler: s.login},
		{Method: "POST", Path: "/auth/logout", Summary: "Sign out", Tag: "auth", Access: public,
			Status: 200, Handler: s.logout},
		{Method: "GET", Path: "/me", Summary: "The caller, its CSRF token and its roles", Tag: "auth", Access: signedIn,
			Result: meResponse{}, Status: 200, Handler: s.me},
		{Method: "PATCH", Path: "/me", Summary: "Change the caller's settings: the language of its e-mails (en or zh-CN)", Tag: "auth", Access: signedIn,
			Body: meInput{}, Result: meSettings{}, Status: 200, Handler: s.patchMe},
		{Method: "POST", Path: "/me/password", Summary: "Change the password; ends every other session and every token", Tag: "auth", Access: signedIn,
			Body: domain.ChangePasswordInput{}, Result: loginResponse{}, Status: 200, Handler: s.changePassword},
		{Method: "GET", Path: "/me/tokens", Summary: "List personal API tokens", Tag: "auth", Access: signedIn,
			Result: []domain.APIToken{}, Status: 200, Handler: s.listTokens},
		{Method: "POST", Path: "/me/tokens", Summary: "Create a personal API token (shown once; from a session, not a token)", Tag: "auth", Access: signedIn,
			Body: domain.TokenInput{}, Result: newToken{}, Status: 201, Handler: s.createToken},
		{Method: "DELETE", Path: "/me/tokens/:id", Summary: "Revoke a personal API token", Tag: "auth", Access: signedIn,
			Status: 200, Handler: s.deleteToken},
	}
}
