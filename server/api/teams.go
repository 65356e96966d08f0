package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/podium-contests/podium/server/domain"
)

type joinInput struct {
	InviteCode string `json:"invite_code"`
}

type captainInput struct {
	UserID int64 `json:"user_id"`
}

func (s *server) inviteToTeam(c *fiber.Ctx) error {
	return withID(c, "team", func(u domain.User, id int64) error {
		var in domain.TeamInviteInput
		if err := parseBody(c, &in); err != nil {
			return err
		}
		if err := s.Contests.InviteToTeam(c.UserContext(), u, id, in); err != nil {
			return err
		}
		return data(c, fiber.StatusAccepted, fiber.Map{})
	})
}

func (s *server) createTeam(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	var in domain.TeamInput
	if err := parseBody(c, &in); err != nil {
		return err
	}
	t, err := s.Contests.CreateTeam(c.UserContext(), u, c.Params("slug"), in)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusCreated, t)
}

func (s *server) joinTeam(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	var in joinInput
	if err := parseBody(c, &in); err != nil {
		return err
	}
	t, err := s.Contests.JoinTeam(c.UserContext(), u, c.Params("slug"), in.InviteCode)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, t)
}

// teamFilterOf reads the team list's filters: ?track=, ?status=submitted|
// not_submitted|late, ?extended=true, ?flagged=true (files with entry-check
// findings) and ?q= (part of a team name or e-mail).
func teamFilterOf(c *fiber.Ctx) (domain.TeamFilter, error) {
	f := domain.TeamFilter{Track: c.Query("track"), Status: c.Query("status"), Query: c.Query("q")}
	for _, b := range []struct {
		name string
		to   *bool
	}{{"extended", &f.Extended}, {"flagged", &f.Flagged}} {
		switch c.Query(b.name) {
		case "", "false", "0":
		case "true", "1":
			*b.to = true
		default:
			return f, domain.Invalid(map[string]string{b.name: "must be true or false"})
		}
	}
	return f, nil
}

func (s *server) listTeams(c *fiber.Ctx) error {
	f, err := teamFilterOf(c)
	if err != nil {
		return err
	}
	return userPage(c, func(u domain.User, p domain.Page) ([]domain.TeamListItem, error) {
		return s.Contests.ListTeams(c.UserContext(), u, c.Params("slug"), f, p)
	}, func(x domain.TeamListItem) int64 { return x.ID })
}

// nearDuplicates lists the contest's entries with near-duplicate texts.
func (s *server) nearDuplicates(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	d, err := s.Contests.NearDuplicates(c.UserContext(), u, c.Params("slug"))
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, d)
}

// previewInvite describes the team of an invite code, given as ?code= so
// that it stays out of the request logs (which record the path only).
func (s *server) previewInvite(c *fiber.Ctx) error {
	p, err := s.Contests.PreviewTeam(c.UserContext(), viewer(c), s.clientIP(c), c.Params("slug"), c.Query("code"))
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, p)
}

func (s *server) myTeams(c *fiber.Ctx) error {
	u, err := currentUser(c)
	if err != nil {
		return err
	}
	list, err := s.Contests.MyTeams(c.UserContext(), u)
	if err != nil {
		return err
	}
	return data(c, fiber.StatusOK, list)
}

func (s *server) getTeam(c *fiber.Ctx) error {
	return withID(c, "team", func(u domain.User, id int64) error {
		t, err := s.Contests.Team(c.UserContext(), u, id)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, t)
	})
}

func (s *server) leaveTeam(c *fiber.Ctx) error {
	return withID(c, "team", func(u domain.User, id int64) error {
		if err := s.Contests.LeaveTeam(c.UserContext(), u, id); err != nil {
			return err
		}
		return data(c, fiber.StatusOK, fiber.Map{})
	})
}

func (s *server) removeTeamMember(c *fiber.Ctx) error {
	return withID(c, "team", func(u domain.User, id int64) error {
		userID, err := idParam(c, "user_id", "member")
		if err != nil {
			return err
		}
		if err := s.Contests.RemoveMember(c.UserContext(), u, id, userID); err != nil {
			return err
		}
		return data(c, fiber.StatusOK, fiber.Map{})
	})
}

func (s *server) handOver(c *fiber.Ctx) error {
	return withID(c, "team", func(u domain.User, id int64) error {
		var in captainInput
		if err := parseBody(c, &in); err != nil {
			return err
		}
		t, err := s.Contests.HandOver(c.UserContext(), u, id, in.UserID)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, t)
	})
}

func (s *server) grantExtension(c *fiber.Ctx) error {
	return withID(c, "team", func(u domain.User, id int64) error {
		var in domain.ExtensionInput
		if err := parseBody(c, &in); err != nil {
			return err
		}
		t, err := s.Contests.GrantExtension(c.UserContext(), u, id, in)
		if err != nil {
			return err
		}
		return data(c, fiber.StatusOK, t)
	})
}

// teamRoutes lists the team operations.
func (s *server) teamRoutes() []route {
	return []route{
		{Method: "GET", Path: "/me/teams", Summary: "The caller's teams", Tag: "teams", Access: signedIn,
			Result: []domain.Team{}, Status: 200, Handler: s.myTeams},
		{Method: "POST", Path: "/contests/:slug/teams", Summary: "Create a team; the caller is captain", Tag: "teams", Access: signedIn,
			Body: domain.TeamInput{}, Result: domain.Team{}, Status: 201, Handler: s.createTeam},
		{Method: "POST", Path: "/contests/:slug/teams/join", Summary: "Join a team by invite code", Tag: "teams", Access: signedIn,
			Body: joinInput{}, Result: domain.Team{}, Status: 200, Handler: s.joinTeam},
		{Method: "GET", Path: "/contests/:slug/invite", Summary: "What an invite link leads to (?code=): team, track, captain's name; not_found without a valid code (throttled per address)", Tag: "teams", Access: public,
			Result: domain.TeamPreview{}, Status: 200, Handler: s.previewInvite},
		{Method: "GET", Path: "/contests/:slug/teams", Summary: "List a contest's teams with members, latest version and deadline (organizers, paginated; ?track=, ?status=submitted|not_submitted|late, ?extended=true, ?flagged=true, ?q= part of a team name or member e-mail)", Tag: "teams", Access: organizer,
			Result: pageResult[domain.TeamListItem]{}, Status: 200, Handler: s.listTeams},
		{Method: "GET", Path: "/contests/:slug/near-duplicates", Summary: "Pairs of entries whose texts (title, abstract, text answers) are near-duplicates: shingles + MinHash, Jaccard >= 0.5 (organizers)", Tag: "teams", Access: organizer,
			Result: domain.NearDuplicates{}, Status: 200, Handler: s.nearDuplicates},
		{Method: "GET", Path: "/teams/:id", Summary: "A team (members and organizers)", Tag: "teams", Access: teamMember,
			Result: domain.Team{}, Status: 200, Handler: s.getTeam},
		{Method: "POST", Path: "/teams/:id/invitations", Summary: "E-mail someone the team's invite link (members, 20 an hour)", Tag: "teams", Access: teamMember,
			Body: domain.TeamInviteInput{}, Status: 202, Handler: s.inviteToTeam},
		{Method: "POST", Path: "/teams/:id/leave", Summary: "Leave the team", Tag: "teams", Access: teamMember,
			Status: 200, Handler: s.leaveTeam},
		{Method: "DELETE", Path: "/teams/:id/members/:user_id", Summary: "Remove a member (captain)", Tag: "teams", Access: teamMember,
			Status: 200, Handler: s.removeTeamMember},
		{Method: "POST", Path: "/teams/:id/captain", Summary: "Hand the captaincy to another member (captain)", Tag: "teams", Access: teamMember,
			Body: captainInput{}, Result: domain.Team{}, Status: 200, Handler: s.handOver},
		{Method: "POST", Path: "/teams/:id/extension", Summary: "Grant the team its own deadline (organizers, audited)", Tag: "teams", Access: organizer,
			Body: domain.ExtensionInput{}, Result: domain.Team{}, Status: 200, Handler: s.grantExtension},
	}
}
