package api

import (
	"github.com/podium-contests/podium/server/domain"

	"github.com/gofiber/fiber/v2"
)

// access says who may call a route; the OpenAPI document publishes it.
type access string

const (
	public    access = "public"
	signedIn  access = "user"
	adminOnly access = "admin"
)

// route is one API operation: how it is served and how it is documented.
// The OpenAPI document is built from this table, and a test checks that
// every route Fiber serves is in the document.
type route struct {
	Method  string
	Path    string // relative to /api/v1, with Fiber :params
	Summary string
	Tag     string
	Access  access
	Body    any // a value of the request body type, or nil
	Result  any // a value of the response data type, or nil
	Status  int // success status
	Handler fiber.Handler
}

// routes lists every /api/v1 operation.
func (s *server) routes() []route {
	return []route{
		{Method: "POST", Path: "/auth/register", Summary: "Create an account", Tag: "auth", Access: public,
			Body: domain.RegisterInput{}, Result: domain.User{}, Status: 201, Handler: s.register},
		{Method: "POST", Path: "/auth/login", Summary: "Sign in; sets the session cookie", Tag: "auth", Access: public,
			Body: loginInput{}, Result: loginResponse{}, Status: 200, Handler: s.login},
		{Method: "POST", Path: "/auth/logout", Summary: "Sign out", Tag: "auth", Access: public,
			Status: 200, Handler: s.logout},
		{Method: "GET", Path: "/me", Summary: "The caller, its CSRF token and its roles", Tag: "auth", Access: signedIn,
			Result: meResponse{}, Status: 200, Handler: s.me},
		{Method: "POST", Path: "/me/password", Summary: "Change the password; ends every other session", Tag: "auth", Access: signedIn,
			Body: domain.ChangePasswordInput{}, Result: loginResponse{}, Status: 200, Handler: s.changePassword},
		{Method: "GET", Path: "/me/tokens", Summary: "List personal API tokens", Tag: "auth", Access: signedIn,
			Result: []domain.APIToken{}, Status: 200, Handler: s.listTokens},
		{Method: "POST", Path: "/me/tokens", Summary: "Create a personal API token (shown once)", Tag: "auth", Access: signedIn,
			Body: tokenInput{}, Result: newToken{}, Status: 201, Handler: s.createToken},
		{Method: "DELETE", Path: "/me/tokens/:id", Summary: "Revoke a personal API token", Tag: "auth", Access: signedIn,
			Status: 200, Handler: s.deleteToken},
	}
}
