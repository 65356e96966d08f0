package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/podium-contests/podium/server/domain"
)

// myData sends everything Podium holds about the caller, as an attachment.
func (s *server) myData(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	d, err := s.Privacy.MyData(c.UserContext(), u)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	if c.Query("download") == "1" {
		c.Set(fiber.HeaderContentDisposition, domain.AttachmentDisposition("podium-my-data.json"))
	}
	return data(c, fiber.StatusOK, d)
}

// deleteMe erases the caller's account and ends the session.
func (s *server) deleteMe(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	var in domain.DeleteAccountInput
	if err := parseBody(c, &in); err != nil {
		return err
	}
	if err := s.Privacy.DeleteAccount(c.UserContext(), u, in); err != nil {
		return err
	}
	s.clearSessionCookie(c)
	return data(c, fiber.StatusOK, fiber.Map{})
}

// privacyRoutes lists a person's data operations.
func (s *server) privacyRoutes() []route {
	return []route{
		{Method: "GET", Path: "/me/data", Summary: "Everything Podium holds about the caller (JSON, ?download=1 as an attachment) with 5-minute links to the files they uploaded", Tag: "auth", Access: signedIn,
			Result: domain.PersonalData{}, Status: 200, Handler: s.myData},
		{Method: "DELETE", Path: "/me", Summary: "Delete the caller's account: {confirm: their e-mail address, password}; submitted versions and counted scores stay under a replaced name, the rest is erased (audited)", Tag: "auth", Access: signedIn,
			Body: domain.DeleteAccountInput{}, Status: 200, Handler: s.deleteMe},
	}
}
