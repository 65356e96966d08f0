package api

import (
	"errors"
	"net/http/httptest"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/podium-contests/podium/server/domain"
)

// The router enforces each route's declared access, whatever its handler
// does: these handlers forgot every check and answer 200 to anyone.
func TestRouterEnforcesDeclaredAccess(t *testing.T) {
	t.Parallel()
	app := fiber.New(fiber.Config{ErrorHandler: func(c *fiber.Ctx, err error) error {
		var de *domain.Error
		if !errors.As(err, &de) {
			return c.SendStatus(500)
		}
		return c.SendStatus(statusOf[de.Code])
	}})
	// The caller, as authenticate would set it: none, a user, or an admin.
	app.Use(func(c *fiber.Ctx) error {
		switch c.Get("X-Caller") {
		case "user":
			c.Locals(identityKey, &identity{User: domain.User{ID: 2}})
		case "admin":
			c.Locals(identityKey, &identity{User: domain.User{ID: 1, IsAdmin: true}})
		}
		return c.Next()
	})
	forgetful := func(c *fiber.Ctx) error { return c.SendStatus(200) }
	mount(app, []route{
		{Method: "POST", Path: "/admin", Access: adminOnly, Handler: forgetful},
		{Method: "GET", Path: "/signed-in", Access: signedIn, Handler: forgetful},
		{Method: "GET", Path: "/organizer", Access: organizer, Handler: forgetful},
		{Method: "GET", Path: "/public", Access: public, Handler: forgetful},
	})
	cases := []struct {
		method, path, caller string
		want                 int
	}{
		{"POST", "/admin", "", 401},
		{"POST", "/admin", "user", 403},
		{"POST", "/admin", "admin", 200},
		{"GET", "/signed-in", "", 401},
		{"GET", "/signed-in", "user", 200},
		{"GET", "/organizer", "", 401},
		{"GET", "/organizer", "user", 200}, // which contest's organizer is the domain's to check
		{"GET", "/public", "", 200},
	}
	for _, tc := range cases {
		req := httptest.NewRequest(tc.method, tc.path, nil)
		req.Header.Set("X-Caller", tc.caller)
		res, err := app.Test(req)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != tc.want {
			t.Errorf("%s %s as %q: %d, want %d", tc.method, tc.path, tc.caller, res.StatusCode, tc.want)
		}
	}
}
