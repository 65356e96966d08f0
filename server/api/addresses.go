package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/podium-contests/podium/server/domain"
)

func (s *server) changeEmail(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	var in domain.ChangeEmailInput
	if err := parseBody(c, &in); err != nil {
		return err
	}
	nu, err := s.Accounts.ChangeEmail(c.UserContext(), u, in)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, nu)
}

func (s *server) remindVerification(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	id, err := c.ParamsInt("user_id")
	if err != nil || id <= 0 {
		return domain.NotFound("participant")
	}
	p, err := s.Contests.UnconfirmedParticipant(c.UserContext(), u, c.Params("slug"), int64(id))
	if err != nil {
		return err
	}
	if err := s.Accounts.ResendVerification(c.UserContext(), p); err != nil {
		return err
	}
	return data(c, fiber.StatusAccepted, fiber.Map{})
}

// addressRoutes: changing one's address, and organizers reminding a
// participant who has not confirmed theirs.
func (s *server) addressRoutes() []route {
	return []route{
		{Method: "POST", Path: "/me/email", Summary: "Change the caller's e-mail address (with the current password); the new one must be confirmed by the link e-mailed to it", Tag: "auth", Access: signedIn,
			Body: domain.ChangeEmailInput{}, Result: domain.User{}, Status: 200, Handler: s.changeEmail},
		{Method: "POST", Path: "/contests/:slug/participants/:user_id/verification", Summary: "E-mail a participant who has not confirmed their address a new link (organizers; throttled per address)", Tag: "contests", Access: organizer,
			Status: 202, Handler: s.remindVerification},
	}
}
