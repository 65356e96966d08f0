package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/podium-contests/podium/server/domain"
)

func (s *server) makeRoleLink(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	var in domain.RoleLinkInput
	if err := parseBody(c, &in); err != nil {
		return err
	}
	l, err := s.Contests.MakeRoleLink(c.UserContext(), u, c.Params("slug"), in)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return data(c, fiber.StatusCreated, l)
}

func (s *server) listRoleLinks(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	list, err := s.Contests.ListRoleLinks(c.UserContext(), u, c.Params("slug"))
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, list)
}

func (s *server) revokeRoleLink(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return domain.NotFound("invitation link")
	}
	l, err := s.Contests.RevokeRoleLink(c.UserContext(), u, c.Params("slug"), int64(id))
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, l)
}

// The link's secret travels in the body, never in a URL a log keeps.
func (s *server) previewRoleLink(c *fiber.Ctx) error {
	var in linkInput
	if err := parseBody(c, &in); err != nil {
		return err
	}
	l, err := s.Contests.PreviewRoleLink(c.UserContext(), in.Token)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, l)
}

func (s *server) acceptRoleLink(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	var in linkInput
	if err := parseBody(c, &in); err != nil {
		return err
	}
	l, err := s.Contests.AcceptRoleLink(c.UserContext(), u, in.Token)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, l)
}

// roleLinkRoutes lists the invitation links for judges at the venue.
func (s *server) roleLinkRoutes() []route {
	return []route{
		{Method: "POST", Path: "/contests/:slug/invite-links", Summary: "Make an invitation link for judges (optional panel, expiry, use limit); its URL and QR code (PNG data URL) are shown only now (audited)", Tag: "contests", Access: organizer,
			Body: domain.RoleLinkInput{}, Result: domain.RoleLink{}, Status: 201, Handler: s.makeRoleLink},
		{Method: "GET", Path: "/contests/:slug/invite-links", Summary: "The contest's invitation links with their state (active, revoked, expired, used_up) and uses", Tag: "contests", Access: organizer,
			Result: []domain.RoleLink{}, Status: 200, Handler: s.listRoleLinks},
		{Method: "DELETE", Path: "/contests/:slug/invite-links/:id", Summary: "Revoke an invitation link: whoever opens it is told so (audited)", Tag: "contests", Access: organizer,
			Result: domain.RoleLink{}, Status: 200, Handler: s.revokeRoleLink},
		{Method: "POST", Path: "/invite-links/preview", Summary: "What an invitation link offers (contest, role, panel), or why it can no longer be used", Tag: "auth", Access: public,
			Body: linkInput{}, Result: domain.RoleLink{}, Status: 200, Handler: s.previewRoleLink},
		{Method: "POST", Path: "/invite-links/accept", Summary: "Take the role an invitation link offers (a verified account; audited)", Tag: "auth", Access: signedIn,
			Body: linkInput{}, Result: domain.RoleLink{}, Status: 200, Handler: s.acceptRoleLink},
	}
}
