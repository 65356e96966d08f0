package api

import (
	"bytes"
	"github.com/gofiber/fiber/v2"

	"github.com/podium-contests/podium/server/domain"
)

func (s *server) auditCSV(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	slug := c.Params("slug")
	// Authorize and render before the first byte, so errors stay JSON.
	var buf bytes.Buffer
	if err := s.Contests.WriteAuditCSV(c.UserContext(), u, slug, &buf); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, domain.AttachmentDisposition(slug+"-audit.csv"))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(buf.Bytes())
}

// auditRoutes lists the audit log exports (the paginated JSON list is with
// the contest routes).
func (s *server) auditRoutes() []route {
	return []route{
		{Method: "GET", Path: "/contests/:slug/audit.csv", Summary: "The whole audit log as CSV (organizers; formula-safe cells)", Tag: "contests", Access: organizer,
			Status: 200, Handler: s.auditCSV},
	}
}
