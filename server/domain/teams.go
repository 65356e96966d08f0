package domain

import (
	"context"
	"crypto/rand"
	"github.com/podium-contests/podium/server/internal/ratelimit"
	"strings"
	"time"
	"unicode/utf8"
)

// TeamMember is one person in a team.
type TeamMember struct {
	UserID   int64     `json:"user_id" db:"user_id"`
	Name     string    `json:"name" db:"name"`
	Email    string    `json:"email" db:"email"`
	Captain  bool      `json:"captain" db:"captain"`
	JoinedAt time.Time `json:"joined_at" db:"joined_at"`
	// EmailVerified: the member has confirmed their address (members who
	// joined before confirmation was required, or changed their address
	// since, may not have; organizers see it and can resend the link).
	EmailVerified bool `json:"email_verified" db:"email_verified"`
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
	// ContestDeadline is the contest's deadline where a query reads it
	// with the team (not sent: Deadline is what counts).
	ContestDeadline time.Time `json:"-" db:"contest_deadline"`
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

// TeamListItem is a team as its contest's organizers list it: who is in it,
// whether and when it submitted, and its deadline.
type TeamListItem struct {
	Team
	// Version is the team's latest submitted version (0: never submitted).
	Version     int        `json:"version" db:"version"`
	SubmittedAt *time.Time `json:"submitted_at" db:"submitted_at"` // of Version
	Submitted   bool       `json:"submitted" db:"-"`
	// Late: Version was submitted after the contest's deadline (within the
	// team's extension).
	Late bool `json:"late" db:"-"`
	// Extended: the team has an extension past the contest's deadline;
	// Deadline is then the extension.
	Extended bool `json:"extended" db:"-"`
	// FlaggedFiles counts the team's current files whose entry check found
	// something (the receipt view lists the findings).
	FlaggedFiles int `json:"flagged_files,omitempty" db:"-"`
}

// Team list filters.
const (
	TeamsSubmitted    = "submitted"
	TeamsNotSubmitted = "not_submitted"
	// TeamsLate: the latest version was submitted after the contest's
	// deadline (within the team's extension).
	TeamsLate = "late"
)

// TeamFilter narrows an organizer's team list; zero values do not filter.
type TeamFilter struct {
	Track    string // a track's slug
	Status   string // TeamsSubmitted, TeamsNotSubmitted or TeamsLate
	Extended bool   // only teams with an extension
	Flagged  bool   // only teams with files the entry check flagged
	// Tracks limits the list to these tracks (a track lead's); nil for all.
	Tracks []string
	// Query matches part of the team's name or of a member's e-mail,
	// ignoring case.
	Query string
}

// TeamPreview is what an invite link shows before joining: enough to
// recognise the team, nothing more.
type TeamPreview struct {
	Contest     string `json:"contest" db:"-"` // its title
	ContestSlug string `json:"contest_slug" db:"-"`
	Team        string `json:"team" db:"team"`
	Track       string `json:"track" db:"track"`     // the track's slug
	TrackTitle  string `json:"track_title" db:"-"`   // and its title
	Captain     string `json:"captain" db:"captain"` // the captain's name
	Members     int    `json:"members" db:"members"`
	MaxTeamSize int    `json:"max_team_size" db:"-"`
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
	// TeamsOfUser lists a person's teams with their ContestDeadline.
	TeamsOfUser(ctx context.Context, userID int64) ([]Team, error)
	// ListTeams lists one page of a contest's teams matching the filter,
	// with their members and latest version (Team.Deadline and the derived
	// flags are left to the caller).
	ListTeams(ctx context.Context, contestID int64, f TeamFilter, p Page) ([]TeamListItem, error)
	// TeamPreview describes the team of a contest with this invite code.
	TeamPreview(ctx context.Context, contestID int64, code string) (TeamPreview, error)
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
	if in.Track == "" && len(c.Tracks) == 1 {
		track, ok = c.Tracks[0], true // a contest of one track: no choice to make
	}
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

// checkCanParticipate refuses u a place in a team of c while the contest is
// a draft or registration is closed, or when another role stands in the way
// (see RoleConflict); joining says whether u joins an existing team rather
// than creating one.
func (s *Contests) checkCanParticipate(ctx context.Context, u User, c Contest, joining bool) error {
	if c.Status == ContestDraft {
		a, err := s.access(ctx, u, c.ID)
		if err != nil {
			return err
		}
		if !a.Organizer {
			return NotFound("contest")
		}
		return Errorf(CodeConflict, "this contest is a draft: open it before teams can register")
	}
	if !c.RegistrationOpen(s.now()) {
		return Errorf(CodeTooLate, "team registration is closed for this contest")
	}
	if err := RequireVerified(u, "create or join a team"); err != nil {
		return err
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
		if !a.Scope().Covers(t.Track) {
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

// MyTeams lists u's teams across contests, each with its deadline.
func (s *Contests) MyTeams(ctx context.Context, u User) ([]Team, error) {
	list, err := s.Teams.TeamsOfUser(ctx, u.ID)
	for i, t := range list {
		list[i].Deadline = effectiveDeadline(Contest{SubmissionDeadline: t.ContestDeadline}, t)
	}
	return list, err
}

// ListTeams lists a contest's teams for its organizers, filtered, by id
// pages, each with its effective deadline and submission state.
func (s *Contests) ListTeams(ctx context.Context, u User, slug string, f TeamFilter, p Page) ([]TeamListItem, error) {
	c, sc, err := s.scopeOf(ctx, u, slug)
	if err != nil {
		return nil, err
	}
	bad := Fields{}
	f.Track, f.Query = strings.TrimSpace(f.Track), strings.TrimSpace(f.Query)
	if _, ok := c.TrackBySlug(f.Track); f.Track != "" && !ok {
		bad.Add("track", "must be one of the contest's tracks")
	} else if f.Track != "" && !sc.Covers(f.Track) {
		return nil, NotFound("track")
	}
	f.Tracks = nil
	if sc.Limited() {
		f.Tracks = sc.Tracks
	}
	if f.Status != "" && f.Status != TeamsSubmitted && f.Status != TeamsNotSubmitted && f.Status != TeamsLate {
		bad.Add("status", "must be submitted, not_submitted or late")
	}
	if utf8.RuneCountInString(f.Query) > 200 || !StorableText(f.Query) {
		bad.Add("q", "must be valid text of at most 200 characters")
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	list, err := s.Teams.ListTeams(ctx, c.ID, f, p.Normalize())
	if err != nil {
		return nil, err
	}
	for i := range list {
		describeListedTeam(c, &list[i])
	}
	return list, nil
}

// describeListedTeam fills what an organizer's list derives from the
// stored team: the effective deadline and the submitted, late and extended
// flags.
func describeListedTeam(c Contest, t *TeamListItem) {
	t.InviteCode = ""
	t.Deadline = effectiveDeadline(c, t.Team)
	t.Extended = t.Deadline.After(c.SubmissionDeadline)
	t.Submitted = t.Version > 0
	t.Late = t.SubmittedAt != nil && t.SubmittedAt.After(c.SubmissionDeadline)
	if t.Members == nil {
		t.Members = []TeamMember{}
	}
}

// invitePreviews throttles invite previews per client address, like the
// other routes anyone may call: a person opens a link or two, a guesser
// many (60 at once, then 4 a minute).
var invitePreviews = ratelimit.Rate{Burst: 60, Count: 60, Period: 15 * time.Minute}

// PreviewTeam describes the team an invite code leads to, for anyone
// holding the code (the invite link's page); without a valid code it
// reveals nothing but not_found. ip is the caller's address, for the
// throttle.
func (s *Contests) PreviewTeam(ctx context.Context, u User, ip, slug, code string) (TeamPreview, error) {
	if err := throttle(s.Limiter, "invite-preview:ip:"+ip, invitePreviews, true, "too many invite codes looked up"); err != nil {
		return TeamPreview{}, err
	}
	c, err := s.Store.ContestBySlug(ctx, slug)
	if err != nil {
		return TeamPreview{}, err
	}
	if err := s.checkVisible(ctx, u, c); err != nil {
		return TeamPreview{}, err
	}
	code = strings.ToUpper(strings.TrimSpace(code))
	if code == "" || len(code) > 64 {
		return TeamPreview{}, NotFound("team")
	}
	p, err := s.Teams.TeamPreview(ctx, c.ID, code)
	if err != nil {
		return TeamPreview{}, err
	}
	p.Contest, p.ContestSlug, p.MaxTeamSize = c.Title, c.Slug, c.MaxTeamSize
	if tr, ok := c.TrackBySlug(p.Track); ok {
		p.TrackTitle = tr.Title
	}
	return p, nil
}

// memberTeam loads a team that u is a member of, while its members may
// change (TeamChangeRefusal).
func (s *Contests) memberTeam(ctx context.Context, u User, id int64) (Team, Contest, error) {
	t, c, err := s.teamFor(ctx, u, id)
	if err != nil {
		return Team{}, Contest{}, err
	}
	if !t.HasMember(u.ID) {
		return Team{}, Contest{}, Errorf(CodeForbidden, "only the team's members may do this")
	}
	if err := TeamChangeRefusal(c, s.now()); err != nil {
		return Team{}, Contest{}, err
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
	if !a.Scope().Covers(t.Track) {
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
