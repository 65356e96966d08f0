package domain

import (
	"context"
	"crypto/rand"
	"time"
)

// TeamMember is one person in a team.
type TeamMember struct {
	UserID   int64     `json:"user_id" db:"user_id"`
	Name     string    `json:"name" db:"name"`
	Email    string    `json:"email" db:"email"`
	Captain  bool      `json:"captain" db:"captain"`
	JoinedAt time.Time `json:"joined_at" db:"joined_at"`
}

// Team is a group that enters one track of a contest with one submission.
type Team struct {
	ID                int64        `json:"id" db:"id"`
	ContestID         int64        `json:"contest_id" db:"contest_id"`
	ContestSlug       string       `json:"contest_slug" db:"contest_slug"`
	TrackID           int64        `json:"track_id" db:"track_id"`
	Track             string       `json:"track" db:"track"`
	Name              string       `json:"name" db:"name"`
	InviteCode        string       `json:"invite_code,omitempty" db:"invite_code"`
	CaptainID         int64        `json:"captain_id" db:"captain_id"`
	DeadlineExtension *time.Time   `json:"deadline_extension" db:"deadline_extension"`
	CreatedAt         time.Time    `json:"created_at" db:"created_at"`
	Members           []TeamMember `json:"members" db:"-"`
	Deadline          time.Time    `json:"deadline" db:"-"` // the team's effective deadline
}

// HasMember reports whether userID is in the team.
func (t Team) HasMember(userID int64) bool {
	for _, m := range t.Members {
		if m.UserID == userID {
			return true
		}
	}
	return false
}

// TeamInput creates a team.
type TeamInput struct {
	Name  string `json:"name"`
	Track string `json:"track"`
}

// TeamStore persists teams and their members.
type TeamStore interface {
	// CreateTeam inserts the team with its captain and an empty draft; a
	// captain already in a team of the contest, or holding another role in
	// it, is a conflict (the database decides, so concurrent requests
	// cannot both succeed).
	CreateTeam(ctx context.Context, t Team) (Team, error)
	// JoinTeam adds userID to the team with this invite code unless it has
	// maxSize members, atomically (the last seat goes to exactly one).
	JoinTeam(ctx context.Context, contestID int64, code string, userID int64, maxSize int) (int64, error)
	TeamByID(ctx context.Context, id int64) (Team, error)
	// TeamAndContest returns a team with its contest.
	TeamAndContest(ctx context.Context, id int64) (Team, Contest, error)
	TeamsOfUser(ctx context.Context, userID int64) ([]Team, error)
	ListTeams(ctx context.Context, contestID int64, p Page) ([]Team, error)
	// RemoveMember removes a member; the team is deleted when it becomes
	// empty and has never submitted. A member who leaves a team that has
	// submitted is recorded as having left it: they keep counting as its
	// member for conflicts of interest, keep the participant role, and
	// cannot enter another team of the contest.
	RemoveMember(ctx context.Context, teamID, userID int64) error
	SetCaptain(ctx context.Context, teamID, userID int64) error
	SetExtension(ctx context.Context, teamID int64, until *time.Time, audit AuditEntry) error
}

// inviteAlphabet avoids look-alike characters so codes survive being read
// aloud or typed from a slide.
const inviteAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

func newInviteCode() (string, error) {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	for i := range b {
		b[i] = inviteAlphabet[int(b[i])%len(inviteAlphabet)]
	}
	return string(b), nil
}

// effectiveDeadline is the contest's deadline, or the team's extension.
func effectiveDeadline(c Contest, t Team) time.Time {
	if t.DeadlineExtension != nil && t.DeadlineExtension.After(c.SubmissionDeadline) {
		return *t.DeadlineExtension
	}
	return c.SubmissionDeadline
}

// CreateTeam forms a team with u as captain.
func (s *Contests) CreateTeam(ctx context.Context, u User, slug string, in TeamInput) (Team, error) {
	c, err := s.Store.ContestBySlug(ctx, slug)
	if err != nil {
		return Team{}, err
	}
	f := Fields{}
	name := CheckText(f, "name", in.Name, 100)
	track, ok := c.TrackBySlug(in.Track)
	if !ok {
		f.Add("track", "must be one of the contest's tracks")
	}
	if err := f.Err(); err != nil {
		return Team{}, err
	}
	if err := s.checkCanParticipate(ctx, u, c, false); err != nil {
		return Team{}, err
	}
	code, err := newInviteCode()
	if err != nil {
		return Team{}, err
	}
	t, err := s.Teams.CreateTeam(ctx, Team{ContestID: c.ID, TrackID: track.ID, Name: name, InviteCode: code, CaptainID: u.ID})
	if err != nil {
		return Team{}, err
	}
	return s.teamView(ctx, u, c, t.ID)
}

// checkCanParticipate refuses u a place in a team of c while registration
// is closed or when another role stands in the way (see RoleConflict);
// joining says whether u joins an existing team rather than creating one.
func (s *Contests) checkCanParticipate(ctx context.Context, u User, c Contest, joining bool) error {
	if !c.RegistrationOpen(s.now()) {
		return Errorf(CodeTooLate, "team registration is closed for this contest")
	}
	if u.IsAdmin {
		return RoleConflict(Standing{Email: u.Email, PlatformAdmin: true}, RoleParticipant, joining)
	}
	return s.CheckRole(ctx, c.ID, u.Email, RoleParticipant, joining)
}

// JoinTeam adds u to the team with the invite code.
func (s *Contests) JoinTeam(ctx context.Context, u User, slug, code string) (Team, error) {
	c, err := s.Store.ContestBySlug(ctx, slug)
	if err != nil {
		return Team{}, err
	}
	if code == "" {
		return Team{}, Invalid(map[string]string{"invite_code": "is required"})
	}
	if err := s.checkCanParticipate(ctx, u, c, true); err != nil {
		return Team{}, err
	}
	id, err := s.Teams.JoinTeam(ctx, c.ID, code, u.ID, c.MaxTeamSize)
	if err != nil {
		return Team{}, err
	}
	return s.teamView(ctx, u, c, id)
}

// teamView loads a team for u: members and organizers see it (with the
// invite code only for members), everyone else gets not_found.
func (s *Contests) teamView(ctx context.Context, u User, c Contest, id int64) (Team, error) {
	t, err := s.Teams.TeamByID(ctx, id)
	if err != nil {
		return Team{}, err
	}
	return s.visibleTeam(ctx, u, c, t)
}

// visibleTeam returns t as u may see it: members and organizers see it
// (organizers without the invite code), everyone else gets not_found.
func (s *Contests) visibleTeam(ctx context.Context, u User, c Contest, t Team) (Team, error) {
	if !t.HasMember(u.ID) {
		a, err := s.access(ctx, u, t.ContestID)
		if err != nil {
			return Team{}, err
		}
		if !a.Organizer {
			return Team{}, NotFound("team")
		}
		t.InviteCode = ""
	}
	t.Deadline = effectiveDeadline(c, t)
	return t, nil
}

// teamFor loads a team and its contest, visible to u.
func (s *Contests) teamFor(ctx context.Context, u User, id int64) (Team, Contest, error) {
	t, c, err := s.Teams.TeamAndContest(ctx, id)
	if err != nil {
		return Team{}, Contest{}, err
	}
	t, err = s.visibleTeam(ctx, u, c, t)
	return t, c, err
}

// Team returns a team visible to u.
func (s *Contests) Team(ctx context.Context, u User, id int64) (Team, error) {
	t, _, err := s.teamFor(ctx, u, id)
	return t, err
}

// MyTeams lists u's teams across contests.
func (s *Contests) MyTeams(ctx context.Context, u User) ([]Team, error) {
	return s.Teams.TeamsOfUser(ctx, u.ID)
}

// ListTeams lists a contest's teams for its organizers.
func (s *Contests) ListTeams(ctx context.Context, u User, slug string, p Page) ([]Team, error) {
	c, err := s.organizerOf(ctx, u, slug)
	if err != nil {
		return nil, err
	}
	return s.Teams.ListTeams(ctx, c.ID, p.Normalize())
}

// memberTeam loads a team that u is a member of, while registration is open.
func (s *Contests) memberTeam(ctx context.Context, u User, id int64) (Team, Contest, error) {
	t, c, err := s.teamFor(ctx, u, id)
	if err != nil {
		return Team{}, Contest{}, err
	}
	if !t.HasMember(u.ID) {
		return Team{}, Contest{}, Errorf(CodeForbidden, "only the team's members may do this")
	}
	if !c.RegistrationOpen(s.now()) {
		return Team{}, Contest{}, Errorf(CodeTooLate, "teams can no longer change in this contest")
	}
	return t, c, nil
}

// LeaveTeam removes u from a team. A captain hands over first, unless alone.
func (s *Contests) LeaveTeam(ctx context.Context, u User, id int64) error {
	t, _, err := s.memberTeam(ctx, u, id)
	if err != nil {
		return err
	}
	if t.CaptainID == u.ID && len(t.Members) > 1 {
		return Errorf(CodeConflict, "hand the captaincy to another member before leaving")
	}
	return s.Teams.RemoveMember(ctx, id, u.ID)
}

// RemoveMember lets the captain remove another member.
func (s *Contests) RemoveMember(ctx context.Context, u User, id, userID int64) error {
	t, _, err := s.memberTeam(ctx, u, id)
	if err != nil {
		return err
	}
	if t.CaptainID != u.ID {
		return Errorf(CodeForbidden, "only the captain may remove members")
	}
	if userID == u.ID || !t.HasMember(userID) {
		return NotFound("member")
	}
	return s.Teams.RemoveMember(ctx, id, userID)
}

// HandOver makes another member the captain.
func (s *Contests) HandOver(ctx context.Context, u User, id, userID int64) (Team, error) {
	t, c, err := s.teamFor(ctx, u, id)
	if err != nil {
		return Team{}, err
	}
	if t.CaptainID != u.ID {
		return Team{}, Errorf(CodeForbidden, "only the captain may hand over")
	}
	if !t.HasMember(userID) {
		return Team{}, Invalid(map[string]string{"user_id": "is not a member of this team"})
	}
	if err := s.Teams.SetCaptain(ctx, id, userID); err != nil {
		return Team{}, err
	}
	return s.teamView(ctx, u, c, id)
}

// ExtensionInput grants a team more time.
type ExtensionInput struct {
	Until  string `json:"until"` // empty removes the extension
	Reason string `json:"reason"`
}

// GrantExtension sets a team's own deadline (audited, organizers only).
func (s *Contests) GrantExtension(ctx context.Context, u User, id int64, in ExtensionInput) (Team, error) {
	t, c, err := s.teamFor(ctx, u, id)
	if err != nil {
		return Team{}, err
	}
	a, err := s.access(ctx, u, c.ID)
	if err != nil {
		return Team{}, err
	}
	if !a.Organizer {
		return Team{}, Errorf(CodeForbidden, "only organizers grant extensions")
	}
	f := Fields{}
	until := parseContestTime(f, "until", in.Until, c.Location(), false)
	reason := CheckText(f, "reason", in.Reason, 1000)
	if until != nil && !until.After(c.SubmissionDeadline) {
		f.Add("until", "must be after the contest's deadline")
	}
	if err := f.Err(); err != nil {
		return Team{}, err
	}
	detail := map[string]any{"reason": reason, "until": until, "previous": t.DeadlineExtension}
	err = s.Teams.SetExtension(ctx, id, until, AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: "team.extension",
		ObjectType: "team", ObjectID: itoa64(id), Detail: mustJSON(detail)})
	if err != nil {
		return Team{}, err
	}
	return s.teamView(ctx, u, c, id)
}
