package api

import (
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/podium-contests/podium/server/domain"
)

// Single sign-on (domain/sso.go). The browser goes to
// GET /auth/oidc/{provider}/start, which keeps the request's state in a
// cookie and redirects to the provider; the provider sends it back to
// GET /auth/oidc/callback, which opens a session and redirects to the page
// the person came from, or to /signin?sso_error=<reason> (the SPA words the
// reason in the person's language).

// oidcStateCookie keeps the state of the sign-in under way in the browser
// that started it; SameSite=Lax, so that the provider's redirect (a
// top-level GET) brings it back.
const oidcStateCookie = "podium_oidc_state"

const oidcCookiePath = "/api/v1/auth/oidc"

func (s *server) setOIDCState(c *fiber.Ctx, state string, expires time.Time) {
	c.Cookie(&fiber.Cookie{Name: oidcStateCookie, Value: state, Path: oidcCookiePath, Expires: expires,
		Secure: s.Config.SecureCookies(), HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode})
}

// ssoFailed redirects to the sign-in page with the reason of an SSO
// failure; other errors go to the error handler.
func (s *server) ssoFailed(c *fiber.Ctx, err error) error {
	reason := domain.SSOReason(err)
	if reason == "" {
		return err
	}
	s.Log.Info("sign-in with a provider refused", "request_id", requestIDOf(c), "reason", reason, "err", err)
	return c.Redirect("/signin?"+url.Values{"sso_error": {reason}}.Encode(), fiber.StatusFound)
}

func (s *server) ssoProviders(c *fiber.Ctx) error {
	ps, err := s.SSO.SignInProviders(c.UserContext())
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, ps)
}

func (s *server) ssoStart(c *fiber.Ctx) error {
	st, err := s.SSO.Start(c.UserContext(), c.Params("provider"), c.Query("next"))
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return s.ssoFailed(c, domain.SSOFailure(domain.SSOUnavailable, "no such sign-in provider"))
	}
	if err != nil {
		return s.ssoFailed(c, err)
	}
	s.setOIDCState(c, st.State, time.Now().Add(15*time.Minute))
	return c.Redirect(st.URL, fiber.StatusFound)
}

func (s *server) ssoCallback(c *fiber.Ctx) error {
	res, err := s.SSO.Callback(c.UserContext(), domain.OIDCCallback{
		State: c.Query("state"), BrowserState: c.Cookies(oidcStateCookie), Code: c.Query("code"), Error: c.Query("error"),
	})
	if err != nil {
		return s.ssoFailed(c, err)
	}
	s.setOIDCState(c, "", time.Unix(0, 0))
	if res.Login.SessionID != "" {
		s.setSessionCookie(c, res.Login.SessionID, res.Login.ExpiresAt)
	}
	return c.Redirect(res.Next, fiber.StatusFound)
}

func (s *server) ssoLink(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	if identityOf(c).Session == nil {
		return domain.Errorf(domain.CodeForbidden, "link a sign-in provider from a signed-in browser, not with a token")
	}
	st, err := s.SSO.StartLink(c.UserContext(), u, c.Params("provider"))
	if err != nil {
		return err
	}
	s.setOIDCState(c, st.State, time.Now().Add(15*time.Minute))
	return data(c, fiber.StatusOK, st)
}

func (s *server) mySignInWays(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	w, err := s.SSO.SignInWays(c.UserContext(), u)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, w)
}

func (s *server) ssoUnlink(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	if identityOf(c).Session == nil {
		return domain.Errorf(domain.CodeForbidden, "unlink a sign-in provider from a signed-in browser, not with a token")
	}
	w, err := s.SSO.Unlink(c.UserContext(), u, c.Params("provider"))
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, w)
}

func (s *server) listSSOProviders(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	ps, err := s.SSO.Providers(c.UserContext(), u)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, ps)
}

func (s *server) createSSOProvider(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	var in domain.OIDCProviderInput
	if err := parseBody(c, &in); err != nil {
		return err
	}
	p, err := s.SSO.CreateProvider(c.UserContext(), u, in)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusCreated, p)
}

// providerID is the :id of a provider route.
func providerID(c *fiber.Ctx) (int64, error) {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return 0, domain.NotFound("sign-in provider")
	}
	return int64(id), nil
}

func (s *server) updateSSOProvider(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	id, err := providerID(c)
	if err != nil {
		return err
	}
	var in domain.OIDCProviderInput
	if err := parseBody(c, &in); err != nil {
		return err
	}
	p, err := s.SSO.UpdateProvider(c.UserContext(), u, id, in)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, p)
}

func (s *server) deleteSSOProvider(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	id, err := providerID(c)
	if err != nil {
		return err
	}
	if err := s.SSO.DeleteProvider(c.UserContext(), u, id); err != nil {
		return err
	}
	return data(c, fiber.StatusOK, fiber.Map{})
}

// ssoRoutes lists the single sign-on operations.
func (s *server) ssoRoutes() []route {
	return []route{
		{Method: "GET", Path: "/auth/oidc/providers", Summary: "The sign-in providers offered on the sign-in page", Tag: "auth", Access: public,
			Result: []domain.SignInProvider{}, Status: 200, Handler: s.ssoProviders},
		{Method: "GET", Path: "/auth/oidc/callback", Summary: "The providers' redirect: opens a session and redirects to the page signed in from (or to /signin?sso_error=reason)", Tag: "auth", Access: public,
			Status: 302, Handler: s.ssoCallback},
		{Method: "GET", Path: "/auth/oidc/:provider/start", Summary: "Sign in with a provider: redirects there (authorization code with PKCE); ?next=/path to come back to", Tag: "auth", Access: public,
			Status: 302, Handler: s.ssoStart},
		{Method: "POST", Path: "/me/identities/:provider", Summary: "Link a provider to the signed-in account: answers the provider's URL to open", Tag: "auth", Access: signedIn,
			Result: domain.OIDCStart{}, Status: 200, Handler: s.ssoLink},
		{Method: "GET", Path: "/me/identities", Summary: "How the signed-in account signs in: whether it has a password, and its linked providers", Tag: "auth", Access: signedIn,
			Result: domain.SignInWays{}, Status: 200, Handler: s.mySignInWays},
		{Method: "DELETE", Path: "/me/identities/:provider", Summary: "Unlink a provider from the signed-in account (refused when it is the account's only way to sign in)", Tag: "auth", Access: signedIn,
			Result: domain.SignInWays{}, Status: 200, Handler: s.ssoUnlink},
		{Method: "GET", Path: "/admin/sso-providers", Summary: "List the sign-in providers with their settings (platform admins; secrets are never shown)", Tag: "admin", Access: adminOnly,
			Result: []domain.OIDCProvider{}, Status: 200, Handler: s.listSSOProviders},
		{Method: "POST", Path: "/admin/sso-providers", Summary: "Add a sign-in provider (platform admins)", Tag: "admin", Access: adminOnly,
			Body: domain.OIDCProviderInput{}, Result: domain.OIDCProvider{}, Status: 201, Handler: s.createSSOProvider},
		{Method: "PUT", Path: "/admin/sso-providers/:id", Summary: "Change a sign-in provider (the secret stays unless given)", Tag: "admin", Access: adminOnly,
			Body: domain.OIDCProviderInput{}, Result: domain.OIDCProvider{}, Status: 200, Handler: s.updateSSOProvider},
		{Method: "DELETE", Path: "/admin/sso-providers/:id", Summary: "Remove a sign-in provider and its links to accounts (the accounts stay)", Tag: "admin", Access: adminOnly,
			Status: 200, Handler: s.deleteSSOProvider},
	}
}
