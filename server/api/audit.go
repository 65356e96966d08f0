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
	c.Set(fiber.HeaderCacheControl, "no-store")
	return sendCSV(c, slug+"-audit.csv", buf.Bytes())
}

// sendCSV sends a CSV attachment, with a UTF-8 byte order mark first when
// the request asks ?bom=1 (the console's export buttons do, for
// spreadsheets; scripts get plain UTF-8 by default).
func sendCSV(c *fiber.Ctx, filename string, body []byte) error {
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, domain.AttachmentDisposition(filename))
	if c.Query("bom") == "1" {
		body = append([]byte(domain.UTF8BOM), body...)
	}
	return c.Send(body)
}

// auditRoutes lists the audit log exports (the paginated JSON list is with
// the contest routes).
func (s *server) auditRoutes() []route {
	return []route{
		{Method: "GET", Path: "/contests/:slug/audit.csv", Summary: "The whole audit log as CSV, newest first as the console shows it (organizers; formula-safe cells; ?bom=1 starts it with a UTF-8 byte order mark for spreadsheets)", Tag: "contests", Access: organizer,
			Status: 200, Handler: s.auditCSV},
	}
}
