package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/podium-contests/podium/server/domain"
)

// access says who may call a route; the OpenAPI document publishes it and
// the router enforces its first part (see requireAccess): public routes
// are open, admin routes need a platform admin, every other route a
// signed-in caller. Whether the caller organizes the contest, is in the
// team or judges the entry depends on the object, which the domain checks.
type access string

const (
	public    access = "public"
	signedIn  access = "user"
	adminOnly access = "admin"
	// organizer routes need an organizer of the contest (or a platform admin).
	organizer access = "organizer"
	// teamMember routes need a member of the team (organizers may read).
	teamMember access = "team"
	// judge routes need a judge of the contest (and, for an assignment, its judge).
	judge access = "judge"
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

// mount registers routes on r, each behind the check of its Access.
func mount(r fiber.Router, routes []route) {
	for _, rt := range routes {
		r.Add(rt.Method, rt.Path, requireAccess(rt.Access), rt.Handler)
	}
}

// requireAccess refuses a caller that a route's access excludes whatever
// its handler does: anyone but a platform admin on an admin route, and
// anonymous callers on any route that is not public.
func requireAccess(a access) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if a == public {
			return c.Next()
		}
		u, err := currentUser(c)
		if err != nil {
			return err
		}
		if a == adminOnly && !u.IsAdmin {
			return domain.Errorf(domain.CodeForbidden, "only platform admins may do this")
		}
		return c.Next()
	}
}

// withID runs fn for the signed-in caller and the id in the path (:id),
// naming what (a round, a team...) in its errors.
func withID(c *fiber.Ctx, what string, fn func(u domain.User, id int64) error) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	id, err := idParam(c, "id", what)
	if err != nil {
		return err
	}
	return fn(u, id)
}

// routes lists every /api/v1 operation, resource by resource.
func (s *server) routes() []route {
	var all []route
	for _, group := range [][]route{s.authRoutes(), s.ssoRoutes(), s.addressRoutes(), s.contestRoutes(), s.teamRoutes(), s.submissionRoutes(), s.judgingRoutes(), s.exportRoutes(), s.auditRoutes(), s.liveRoutes(), s.ceremonyRoutes(), s.privacyRoutes(), s.roleLinkRoutes(), s.retentionRoutes(), s.certificateRoutes()} {
		all = append(all, group...)
	}
	return all
}
