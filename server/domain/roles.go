package domain

import (
	"context"
	"fmt"
	"slices"
)

// Standing is what a person already is in one contest: the roles they hold,
// the team they are in (or left after it submitted), and the roles they are
// invited to. RoleConflict decides from it whether they may take another.
type Standing struct {
	Email string
	// PlatformAdmin: admins may act as organizers of every contest.
	PlatformAdmin bool
	Roles         []Role // held in the contest
	Team          string // the team they are a member of, or ""
	// LeftTeam is the team they left after it had submitted (they still
	// count as its member for conflicts of interest), or "".
	LeftTeam string
	Invited  []Role // pending invitations to the contest
}

// RoleConflict is the rule "one person, one role per contest": organizer,
// judge and participant exclude each other, a person enters at most one
// team per contest for the contest's life (leaving a team after it
// submitted does not free them), and a platform admin, who may organize
// every contest, enters none. It returns a conflict error naming what
// stands in the way, or nil. Asking again for a role already held is not a
// conflict (it updates that role). For a participant, joining says whether
// the person joins an existing team (rejoining the team they left is
// allowed; the database checks which team that is).
func RoleConflict(st Standing, want Role, joining bool) error {
	who := st.Email
	held := func(r Role) bool { return slices.Contains(st.Roles, r) }
	switch want {
	case RoleParticipant:
		switch {
		case st.PlatformAdmin:
			return Errorf(CodeForbidden, "%s is a platform admin, who may organize every contest, and cannot enter one", who)
		case held(RoleOrganizer):
			return Errorf(CodeForbidden, "%s is an organizer of this contest; organizers cannot enter it", who)
		case held(RoleJudge):
			return Errorf(CodeForbidden, "%s is a judge of this contest; judges cannot enter it", who)
		case held(RoleTrackLead):
			return Errorf(CodeForbidden, "%s is a track lead of this contest; track leads cannot enter it", who)
		case st.Team != "":
			return Errorf(CodeConflict, "%s is already a member of team %s in this contest", who, st.Team)
		case st.LeftTeam != "" && !joining:
			return Errorf(CodeConflict, "%s left team %s after it submitted; a person enters one team per contest", who, st.LeftTeam)
		}
		return nil
	case RoleOrganizer, RoleJudge, RoleTrackLead:
		switch {
		case want != RoleOrganizer && st.PlatformAdmin:
			return Errorf(CodeConflict, "%s is a platform admin, who may organize every contest, and cannot %s one", who, map[Role]string{RoleJudge: "judge", RoleTrackLead: "lead a track of"}[want])
		case st.Team != "":
			return Errorf(CodeConflict, "%s is a member of team %s in this contest", who, st.Team)
		case st.LeftTeam != "":
			return Errorf(CodeConflict, "%s was a member of team %s in this contest (until after it submitted)", who, st.LeftTeam)
		}
		for _, r := range st.Roles {
			if r != want {
				return Errorf(CodeConflict, "%s is %s of this contest", who, article(r))
			}
		}
		for _, r := range st.Invited {
			if r != want {
				return Errorf(CodeConflict, "%s is already invited as %s of this contest", who, r)
			}
		}
		return nil
	}
	return Invalid(map[string]string{"role": "must be organizer, track_lead or judge"})
}

func article(r Role) string {
	switch r {
	case RoleOrganizer:
		return "an organizer"
	case RoleTrackLead:
		return "a track lead"
	}
	return fmt.Sprintf("a %s", r)
}

// CheckRole is the one check that every path giving a person a role in a
// contest calls before it writes: adding an organizer or a judge, claiming
// an invitation, creating or joining a team. It gives the clear message;
// the database enforces the same rule under a per-person lock (see
// migration 00016), so two concurrent grants cannot both succeed.
func (s *Contests) CheckRole(ctx context.Context, contestID int64, email string, want Role, joining bool) error {
	st, err := s.Store.Standing(ctx, contestID, email)
	if err != nil {
		return err
	}
	st.Email = email
	return RoleConflict(st, want, joining)
}
