package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/podium-contests/podium/server/domain"
)

func (s *server) getRetention(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	r, err := s.Contests.ContestRetention(c.UserContext(), u, c.Params("slug"))
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, r)
}

func (s *server) setRetention(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	var in domain.RetentionInput
	if err := parseBody(c, &in); err != nil {
		return err
	}
	r, err := s.Contests.SetContestRetention(c.UserContext(), u, c.Params("slug"), in)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, r)
}

func (s *server) purgeDryRun(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	p, err := s.Contests.PurgeDryRun(c.UserContext(), u, c.Params("slug"))
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, p)
}

func (s *server) purge(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	var in domain.PurgeInput
	if err := parseBody(c, &in); err != nil {
		return err
	}
	p, err := s.Contests.Purge(c.UserContext(), u, c.Params("slug"), in)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, p)
}

// retentionRoutes lists a contest's retention period and purge.
func (s *server) retentionRoutes() []route {
	return []route{
		{Method: "GET", Path: "/contests/:slug/retention", Summary: "The contest's retention period (days after its results, or its deadline), when it is over and its state", Tag: "contests", Access: organizer,
			Result: domain.Retention{}, Status: 200, Handler: s.getRetention},
		{Method: "PUT", Path: "/contests/:slug/retention", Summary: "Set the retention period in days (0 for none); audited", Tag: "contests", Access: organizer,
			Body: domain.RetentionInput{}, Result: domain.Retention{}, Status: 200, Handler: s.setRetention},
		{Method: "GET", Path: "/contests/:slug/retention/dry-run", Summary: "What a purge would remove now: every file, the exports, and the counts of personal data by kind", Tag: "contests", Access: organizer,
			Result: domain.PurgePlan{}, Status: 200, Handler: s.purgeDryRun},
		{Method: "POST", Path: "/contests/:slug/retention/purge", Summary: "Purge the contest's files and personal data once its retention period is over ({confirm: the contest's slug}; audited)", Tag: "contests", Access: organizer,
			Body: domain.PurgeInput{}, Result: domain.PurgePlan{}, Status: 200, Handler: s.purge},
	}
}
