package api

import (
	"github.com/gofiber/fiber/v2"
)

// access says who may call a route; the OpenAPI document publishes it.
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

// routes lists every /api/v1 operation, resource by resource.
func (s *server) routes() []route {
	var all []route
	for _, group := range [][]route{s.authRoutes(), s.ssoRoutes(), s.addressRoutes(), s.contestRoutes(), s.teamRoutes(), s.submissionRoutes(), s.judgingRoutes(), s.exportRoutes(), s.auditRoutes()} {
		all = append(all, group...)
	}
	return all
}
