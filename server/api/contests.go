package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/podium-contests/podium/server/domain"
)

// memberResult says whether a role went to an account or to an invitation.
type memberResult struct {
	Email   string `json:"email"`
	Role    string `json:"role"`
	Invited bool   `json:"invited"`
}

func (s *server) createContest(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	var in domain.ContestInput
	if err := parseBody(c, &in); err != nil {
		return err
	}
	contest, err := s.Contests.CreateContest(c.UserContext(), u, in)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusCreated, contest)
}

func (s *server) listContests(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	list, err := s.Contests.ListContests(c.UserContext(), viewer(c), p)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, paged(list, p, func(x domain.Contest) int64 { return x.ID }))
}

func (s *server) getContest(c *fiber.Ctx) error {
	contest, err := s.Contests.Contest(c.UserContext(), viewer(c), c.Params("slug"))
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, contest)
}

// viewer is the caller of a public route: the signed-in user, or the zero
// User for a visitor.
func viewer(c *fiber.Ctx) domain.User {
	u, _ := currentUser(c)
	return u
}

func (s *server) openContest(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	contest, err := s.Contests.OpenContest(c.UserContext(), u, c.Params("slug"))
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, contest)
}

func (s *server) patchContest(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	if len(c.Body()) == 0 {
		return domain.Invalid(map[string]string{"body": "is required (JSON)"})
	}
	contest, err := s.Contests.UpdateContest(c.UserContext(), u, c.Params("slug"), c.Body())
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, contest)
}

func (s *server) addMember(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	var in domain.MemberInput
	if err := parseBody(c, &in); err != nil {
		return err
	}
	invited, err := s.Contests.AddMember(c.UserContext(), u, c.Params("slug"), in)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusCreated, memberResult{Email: in.Email, Role: string(in.Role), Invited: invited})
}

// listMembers answers a page of the members list: ?role=organizer|
// track_lead|judge|invited and ?q= (part of a name or e-mail) filter it.
func (s *server) listMembers(c *fiber.Ctx) error {
	f := domain.MemberFilter{Role: c.Query("role"), Query: c.Query("q")}
	return userPage(c, func(u domain.User, p domain.Page) ([]domain.Member, error) {
		return s.Contests.Members(c.UserContext(), u, c.Params("slug"), f, p)
	}, func(m domain.Member) int64 { return m.Cursor })
}

func (s *server) revokeInvitation(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return domain.NotFound("invitation")
	}
	if err := s.Contests.RevokeInvitation(c.UserContext(), u, c.Params("slug"), int64(id)); err != nil {
		return err
	}
	return data(c, fiber.StatusOK, fiber.Map{})
}

func (s *server) removeMember(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	id, err := c.ParamsInt("user_id")
	if err != nil || id <= 0 {
		return domain.NotFound("member")
	}
	if err := s.Contests.RemoveContestMember(c.UserContext(), u, c.Params("slug"), int64(id), domain.Role(c.Query("role"))); err != nil {
		return err
	}
	return data(c, fiber.StatusOK, fiber.Map{})
}

func (s *server) listAudit(c *fiber.Ctx) error {
	return userPage(c, func(u domain.User, p domain.Page) ([]domain.AuditEntry, error) {
		return s.Contests.Audit(c.UserContext(), u, c.Params("slug"), p)
	}, func(x domain.AuditEntry) int64 { return x.ID })
}

// contestRoutes lists the contest set-up operations.
func (s *server) contestRoutes() []route {
	return []route{
		{Method: "POST", Path: "/contests", Summary: "Create a contest (platform admins); the creator organizes it", Tag: "contests", Access: adminOnly,
			Body: domain.ContestInput{}, Result: domain.Contest{}, Status: 201, Handler: s.createContest},
		{Method: "GET", Path: "/contests", Summary: "List contests (paginated: ?after=&limit=); drafts only for their organizers", Tag: "contests", Access: public,
			Result: pageResult[domain.Contest]{}, Status: 200, Handler: s.listContests},
		{Method: "GET", Path: "/contests/:slug", Summary: "A contest's public description (a draft: organizers only)", Tag: "contests", Access: public,
			Result: domain.Contest{}, Status: 200, Handler: s.getContest},
		{Method: "POST", Path: "/contests/:slug/open", Summary: "Open a draft contest to the public (organizers, audited)", Tag: "contests", Access: organizer,
			Result: domain.Contest{}, Status: 200, Handler: s.openContest},
		{Method: "PATCH", Path: "/contests/:slug", Summary: "Edit a contest (organizers); fields given replace the current ones", Tag: "contests", Access: organizer,
			Body: domain.ContestInput{}, Result: domain.Contest{}, Status: 200, Handler: s.patchContest},
		{Method: "POST", Path: "/contests/:slug/members", Summary: "Add an organizer or judge by e-mail (invites unknown addresses)", Tag: "contests", Access: organizer,
			Body: domain.MemberInput{}, Result: memberResult{}, Status: 201, Handler: s.addMember},
		{Method: "GET", Path: "/contests/:slug/members", Summary: "List organizers, track leads, judges and pending invitations (paginated: ?after=&limit=; ?role=organizer|track_lead|judge|invited, ?q= part of a name or e-mail); accounts by role, then invitations", Tag: "contests", Access: organizer,
			Result: pageResult[domain.Member]{}, Status: 200, Handler: s.listMembers},
		{Method: "DELETE", Path: "/contests/:slug/members/:user_id", Summary: "Take a person's organizer and judge roles (?role= for one); audited", Tag: "contests", Access: organizer,
			Status: 200, Handler: s.removeMember},
		{Method: "DELETE", Path: "/contests/:slug/invitations/:id", Summary: "Revoke a pending invitation (its link stops working); audited", Tag: "contests", Access: organizer,
			Status: 200, Handler: s.revokeInvitation},
		{Method: "GET", Path: "/contests/:slug/audit", Summary: "The contest's audit log, newest first (paginated: ?limit=, then ?after= the previous page's next_after for older entries; next_after 0 on the oldest page)", Tag: "contests", Access: organizer,
			Result: pageResult[domain.AuditEntry]{}, Status: 200, Handler: s.listAudit},
	}
}
