package domain

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Member is a person with a role in a contest.
type Member struct {
	UserID       int64    `json:"user_id" db:"user_id"`
	Email        string   `json:"email" db:"email"`
	Name         string   `json:"name" db:"name"`
	Role         Role     `json:"role" db:"role"`
	Tracks       []string `json:"tracks" db:"-"`
	Organization string   `json:"organization" db:"organization"`
	// Scoped and Prize limit a judge to a panel (see scope.go).
	Scoped  bool   `json:"scoped" db:"scoped"`
	Prize   string `json:"prize" db:"prize"`
	Invited bool   `json:"invited" db:"invited"` // no verified account yet
	// InvitationID names a pending invitation (to revoke it); 0 for members.
	InvitationID int64     `json:"invitation_id" db:"invitation_id"`
	CreatedAt    time.Time `json:"created_at" db:"created_at"`
	// Cursor is the row's place in the members list's order (see
	// MemberFilter): a page's last Cursor is the next page's after.
	Cursor int64 `json:"-" db:"sort_key"`
}

// MemberInput adds an organizer, a track lead or a judge by e-mail. A
// track lead organizes Tracks (at least one); a judge's Tracks are their
// preference, or their limit when Scoped; Prize ("field=option") limits a
// judge to the entries that chose a sponsor prize.
type MemberInput struct {
	Email        string   `json:"email"`
	Role         Role     `json:"role"`
	Tracks       []string `json:"tracks"`
	Organization string   `json:"organization"`
	Scoped       bool     `json:"scoped"`
	Prize        string   `json:"prize"`
}

// AuditEntry records one administrative action.
type AuditEntry struct {
	ID         int64           `json:"id" db:"id"`
	ContestID  int64           `json:"contest_id" db:"contest_id"`
	ActorID    int64           `json:"actor_id" db:"actor_id"`
	ActorEmail string          `json:"actor_email" db:"actor_email"`
	Action     string          `json:"action" db:"action"`
	ObjectType string          `json:"object_type" db:"object_type"`
	ObjectID   string          `json:"object_id" db:"object_id"`
	Detail     json.RawMessage `json:"detail" db:"detail"`
	CreatedAt  time.Time       `json:"created_at" db:"created_at"`
}

// Page asks for one page of a list ordered by id: items with id > After.
type Page struct {
	After int64
	Limit int
}

// Normalize bounds the page size.
func (p Page) Normalize() Page {
	if p.Limit <= 0 || p.Limit > 200 {
		p.Limit = 50
	}
	if p.After < 0 {
		p.After = 0
	}
	return p
}

// ContestStore persists contests, members and the audit log.
type ContestStore interface {
	// ContestParticipant returns a member of a team of the contest
	// (not found otherwise).
	ContestParticipant(ctx context.Context, contestID, userID int64) (User, error)
	CreateContest(ctx context.Context, c Contest, creatorID int64) (Contest, error)
	UpdateContest(ctx context.Context, c Contest, audit AuditEntry) (Contest, error)
	ContestBySlug(ctx context.Context, slug string) (Contest, error)
	// ContestWithRoles reads a contest by slug with what userID holds in
	// it (nothing for 0).
	ContestWithRoles(ctx context.Context, slug string, userID int64) (Contest, Membership, error)
	ContestWithRolesByID(ctx context.Context, id, userID int64) (Contest, Membership, error)
	ContestByID(ctx context.Context, id int64) (Contest, error)
	// ListContests lists the open contests and the drafts that viewer
	// organizes (every draft for a platform admin).
	ListContests(ctx context.Context, viewer User, p Page) ([]Contest, error)
	// OpenContest makes a draft contest open, with its audit entry.
	OpenContest(ctx context.Context, id int64, audit AuditEntry) error
	MemberRoles(ctx context.Context, contestID, userID int64) ([]Role, error)
	// LeadTracks reads the tracks a track lead of the contest organizes.
	LeadTracks(ctx context.Context, contestID, userID int64) ([]string, error)
	// AddMember gives the role to the account that has verified the
	// address, or else records an invitation with the link's hash and
	// queues its e-mail; it reports which happened.
	AddMember(ctx context.Context, contestID int64, in MemberInput, link InvitationLink) (invited bool, err error)
	ListMembers(ctx context.Context, contestID int64) ([]Member, error)
	// ListMembersPage reads one page of the members list, filtered (see
	// MemberFilter for its order).
	ListMembersPage(ctx context.Context, contestID int64, f MemberFilter, p Page) ([]Member, error)
	// AcceptInvitation uses an invitation's link once: the role goes to
	// userID. Not found when the link is unknown, used or expired.
	AcceptInvitation(ctx context.Context, tokenHash []byte, userID int64) (Invitation, error)
	// RevokeInvitation deletes a contest's pending invitation.
	RevokeInvitation(ctx context.Context, contestID, invitationID int64) (Invitation, error)
	// RemoveContestMember takes a user's organizer or judge roles in a contest
	// (only role unless it is empty) and returns those removed; a conflict
	// when it would leave the contest without an organizer.
	RemoveContestMember(ctx context.Context, contestID, userID int64, role Role) ([]Role, error)
	// Standing reads what the person with this address (who may have no
	// account yet) already is in the contest.
	Standing(ctx context.Context, contestID int64, email string) (Standing, error)
	AddAudit(ctx context.Context, e AuditEntry) error
	// ListAudit reads a page of the audit log newest first: p.After is
	// the id of the last entry of the previous page (0: the newest), the
	// page holds older entries.
	ListAudit(ctx context.Context, contestID int64, p Page) ([]AuditEntry, error)
}

// Mailer queues e-mails in the outbox; a job delivers them.
type Mailer interface {
	Enqueue(ctx context.Context, to, subject, body string) error
}

// Contests implements the contest, team and submission use cases.
type Contests struct {
	Store   ContestStore
	Teams   TeamStore
	Subs    SubmissionStore
	Blob    BlobStore
	Limiter Limiter
	// Mail queues the e-mails of invitations and judging (optional: none
	// are queued without it); PublicURL is the origin their links use.
	Mail      Outbox
	PublicURL string
	// Uploads are the upload quotas and the per-user throttles of the
	// upload and submit routes.
	Uploads UploadLimits
	Now     func() time.Time
	// Checks queues the entry check of each completed upload, and
	// CheckStore reads the results (both optional: no checks without them).
	Checks CheckQueue
	// Fingerprints, when set, fingerprints multipart uploads after their
	// completion (see CompleteFile); nil hashes them before it answers.
	Fingerprints FingerprintQueue
	CheckStore   CheckStore
	// RoleLinks keeps the invitation links for judges at the venue.
	RoleLinks RoleLinkStore
	// Retention keeps the contests' retention periods and purges.
	Retention RetentionStore
}

// What the other services (judging, exports) read and write of contests,
// through this service rather than its stores.

// contestByID reads a contest.
func (s *Contests) contestByID(ctx context.Context, id int64) (Contest, error) {
	return s.Store.ContestByID(ctx, id)
}

// contestBySlug reads a contest.
func (s *Contests) contestBySlug(ctx context.Context, slug string) (Contest, error) {
	return s.Store.ContestBySlug(ctx, slug)
}

// teamByID reads a team with its members.
func (s *Contests) teamByID(ctx context.Context, id int64) (Team, error) {
	return s.Teams.TeamByID(ctx, id)
}

// listMembers lists a contest's members and invitations.
func (s *Contests) listMembers(ctx context.Context, contestID int64) ([]Member, error) {
	return s.Store.ListMembers(ctx, contestID)
}

// addAudit records an entry of a contest's audit log.
func (s *Contests) addAudit(ctx context.Context, e AuditEntry) error {
	return s.Store.AddAudit(ctx, e)
}

// sendMail queues one e-mail per address, each built in the address's
// language (the account's, or English).
func (s *Contests) sendMail(ctx context.Context, to []string, build func(to, lang string) Email) error {
	if s.Mail == nil || len(to) == 0 {
		return nil
	}
	langs, err := s.Mail.LanguagesByEmail(ctx, to)
	if err != nil {
		return err
	}
	byLower := map[string]string{}
	for addr, lang := range langs {
		byLower[strings.ToLower(addr)] = lang
	}
	mails := make([]Email, len(to))
	for i, addr := range to {
		mails[i] = build(addr, mailLanguage(byLower[strings.ToLower(addr)]))
	}
	return s.Mail.QueueMail(ctx, mails)
}

func (s *Contests) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Access is what one user may do in one contest.
type Access struct {
	User      User
	Organizer bool // contest-wide organizers and platform admins
	Judge     bool
	// LeadTracks are the tracks a track lead organizes (nil otherwise).
	LeadTracks []string
}

// Scope is the part of the contest a organizes.
func (a Access) Scope() Scope { return Scope{All: a.Organizer, Tracks: a.LeadTracks} }

func (s *Contests) access(ctx context.Context, u User, contestID int64) (Access, error) {
	var m Membership
	if u.ID == 0 {
		return accessOf(u, m), nil
	}
	var err error
	if m.Roles, err = s.Store.MemberRoles(ctx, contestID, u.ID); err != nil {
		return Access{}, err
	}
	if slices.Contains(m.Roles, RoleTrackLead) {
		if m.LeadTracks, err = s.Store.LeadTracks(ctx, contestID, u.ID); err != nil {
			return Access{}, err
		}
	}
	return accessOf(u, m), nil
}

// Membership is what one person holds in one contest: their roles and,
// for a track lead, the tracks they organize.
type Membership struct {
	Roles      []Role
	LeadTracks []string
}

// accessOf is what u may do in a contest where they hold m.
func accessOf(u User, m Membership) Access {
	a := Access{User: u, Organizer: u.IsAdmin}
	for _, r := range m.Roles {
		a.Organizer = a.Organizer || r == RoleOrganizer
		a.Judge = a.Judge || r == RoleJudge
		if r == RoleTrackLead {
			a.LeadTracks = m.LeadTracks
		}
	}
	return a
}

// contestAccess reads a contest by slug and what u may do in it, in one
// round trip.
func (s *Contests) contestAccess(ctx context.Context, u User, slug string) (Contest, Access, error) {
	c, m, err := s.Store.ContestWithRoles(ctx, slug, u.ID)
	if err != nil {
		return Contest{}, Access{}, err
	}
	return c, accessOf(u, m), nil
}

// contestAccessByID is contestAccess for a contest known by its id.
func (s *Contests) contestAccessByID(ctx context.Context, u User, id int64) (Contest, Access, error) {
	c, m, err := s.Store.ContestWithRolesByID(ctx, id, u.ID)
	if err != nil {
		return Contest{}, Access{}, err
	}
	return c, accessOf(u, m), nil
}

// scopeOf loads a contest and the part of it u organizes (all of it, or a
// track lead's tracks). Whoever organizes none of it gets not_found when the
// contest is a draft, else forbidden.
func (s *Contests) scopeOf(ctx context.Context, u User, slug string) (Contest, Scope, error) {
	c, a, err := s.contestAccess(ctx, u, slug)
	if err != nil {
		return Contest{}, Scope{}, err
	}
	if sc := a.Scope(); sc.Organizes() {
		return c, sc, nil
	}
	if c.Status == ContestDraft {
		return Contest{}, Scope{}, NotFound("contest")
	}
	return Contest{}, Scope{}, Errorf(CodeForbidden, "only the contest's organizers may do this")
}

// organizerOf loads a contest and checks that u organizes it. Others get
// not_found when the contest is invisible to them, else forbidden.
func (s *Contests) organizerOf(ctx context.Context, u User, slug string) (Contest, error) {
	c, a, err := s.contestAccess(ctx, u, slug)
	if err != nil {
		return Contest{}, err
	}
	if !a.Organizer {
		if c.Status == ContestDraft && !a.Scope().Organizes() {
			return Contest{}, NotFound("contest")
		}
		return Contest{}, Permit(a.Scope(), ActContest, "", "")
	}
	return c, nil
}

// CreateContest lets a platform admin create a contest; they become its
// organizer.
func (s *Contests) CreateContest(ctx context.Context, u User, in ContestInput) (Contest, error) {
	if !u.IsAdmin {
		return Contest{}, Errorf(CodeForbidden, "only platform admins create contests")
	}
	c, err := in.Validate()
	if err != nil {
		return Contest{}, err
	}
	c, err = s.Store.CreateContest(ctx, c, u.ID)
	if ErrorCode(err) == CodeConflict {
		return Contest{}, &Error{Code: CodeConflict, Message: "a contest with this slug exists", Fields: Fields{"slug": NewProblem(ProblemDuplicate, nil)}}
	}
	return c, err
}

// UpdateContest merges a JSON patch over the contest and saves it.
func (s *Contests) UpdateContest(ctx context.Context, u User, slug string, patch []byte) (Contest, error) {
	c, err := s.organizerOf(ctx, u, slug)
	if err != nil {
		return Contest{}, err
	}
	in := InputOf(c)
	if err := json.Unmarshal(patch, &in); err != nil {
		return Contest{}, Invalid(map[string]string{"body": "must be a JSON object of contest fields"})
	}
	next, err := in.Validate()
	if err != nil {
		return Contest{}, err
	}
	if next.Status != c.Status {
		return Contest{}, Invalid(map[string]string{"status": "cannot be edited: an organizer opens a draft with POST /contests/{slug}/open"})
	}
	next.ID, next.ResultsPublishedAt = c.ID, c.ResultsPublishedAt
	return s.Store.UpdateContest(ctx, next, AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: "contest.update",
		ObjectType: "contest", ObjectID: c.Slug, Detail: mustJSON(map[string]any{"patch": storableJSON(patch)})})
}

// Contest returns a contest's public description; a draft exists only for
// its organizers (u may be the zero User: an anonymous visitor).
func (s *Contests) Contest(ctx context.Context, u User, slug string) (Contest, error) {
	c, err := s.Store.ContestBySlug(ctx, slug)
	if err != nil {
		return Contest{}, err
	}
	return c, s.checkVisible(ctx, u, c)
}

// checkVisible answers not_found for a draft contest unless u organizes it.
func (s *Contests) checkVisible(ctx context.Context, u User, c Contest) error {
	if c.Status != ContestDraft {
		return nil
	}
	a, err := s.access(ctx, u, c.ID)
	if err != nil {
		return err
	}
	if !a.Scope().Organizes() {
		return NotFound("contest")
	}
	return nil
}

// ListContests lists the contests u may see (open ones, and the drafts u
// organizes), by id pages.
func (s *Contests) ListContests(ctx context.Context, u User, p Page) ([]Contest, error) {
	return s.Store.ListContests(ctx, u, p.Normalize())
}

// OpenContest opens a draft contest to the public (organizers, audited).
// Opening an open contest changes nothing.
func (s *Contests) OpenContest(ctx context.Context, u User, slug string) (Contest, error) {
	c, err := s.organizerOf(ctx, u, slug)
	if err != nil || c.Status == ContestOpen {
		return c, err
	}
	err = s.Store.OpenContest(ctx, c.ID, AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: "contest.open",
		ObjectType: "contest", ObjectID: c.Slug, Detail: mustJSON(map[string]any{"from": c.Status, "to": ContestOpen})})
	if err != nil {
		return Contest{}, err
	}
	return s.Store.ContestByID(ctx, c.ID)
}

// AddMember makes someone an organizer or judge of a contest.
func (s *Contests) AddMember(ctx context.Context, u User, slug string, in MemberInput) (invited bool, err error) {
	c, err := s.organizerOf(ctx, u, slug)
	if err != nil {
		return false, err
	}
	f := Fields{}
	in.Email = NormalizeEmail(f, "email", in.Email)
	if in.Role != RoleOrganizer && in.Role != RoleJudge && in.Role != RoleTrackLead {
		f.Add("role", "must be organizer, track_lead or judge")
	}
	for i, t := range in.Tracks {
		if _, ok := c.TrackBySlug(t); !ok {
			f.Add(fmt.Sprintf("tracks[%d]", i), "is not a track of this contest")
		}
	}
	if in.Tracks == nil {
		in.Tracks = []string{}
	}
	if len(in.Tracks) == 0 && (in.Role == RoleTrackLead || in.Scoped) {
		f.Add("tracks", "must name at least one track of this contest (a track lead's, or a panel's)")
	}
	if in.Role != RoleJudge && (in.Scoped || in.Prize != "") {
		f.Add("role", "only a judge is limited to a panel (scoped, prize)")
	}
	in.Prize = CheckPrize(f, "prize", c, in.Prize)
	in.Organization = strings.TrimSpace(in.Organization)
	if len(in.Organization) > 200 {
		f.Add("organization", "must be at most 200 characters")
	}
	if err := f.Err(); err != nil {
		return false, err
	}
	if err := s.CheckRole(ctx, c.ID, in.Email, in.Role, false); err != nil {
		return false, err
	}
	inv, err := NewInvitationLink(s.PublicURL, s.now())
	if err != nil {
		return false, err
	}
	invited, err = s.Store.AddMember(ctx, c.ID, in, inv)
	if err != nil {
		return false, err
	}
	if err := s.Store.AddAudit(ctx, AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: "member.add",
		ObjectType: "member", ObjectID: in.Email, Detail: mustJSON(in)}); err != nil {
		return false, err
	}
	// The e-mail: a role given at once links to the judge portal or the
	// contest's console (through sign-in); an invitation links to its own
	// single-use page (see contestinvites.go).
	next := "/judge"
	if in.Role != RoleJudge {
		next = "/organize/" + url.PathEscape(c.Slug)
	}
	to := link(s.PublicURL, "/signin", url.Values{"next": {next}, "contest": {c.Slug}})
	if invited {
		to = inv.URL
	}
	return invited, s.sendMail(ctx, []string{in.Email}, func(addr, lang string) Email {
		return localMail(lang, mailJudgeInvite, addr, c.Title, roleNames[lang][in.Role], to)
	})
}

// Members lists one page of a contest's organizers, track leads, judges
// and pending invitations, filtered.
func (s *Contests) Members(ctx context.Context, u User, slug string, f MemberFilter, p Page) ([]Member, error) {
	c, err := s.organizerOf(ctx, u, slug)
	if err != nil {
		return nil, err
	}
	if f, err = f.Check(); err != nil {
		return nil, err
	}
	return s.Store.ListMembersPage(ctx, c.ID, f, p.Normalize())
}

// Audit lists a contest's audit log, newest first (see ListAudit).
func (s *Contests) Audit(ctx context.Context, u User, slug string, p Page) ([]AuditEntry, error) {
	c, err := s.organizerOf(ctx, u, slug)
	if err != nil {
		return nil, err
	}
	return s.Store.ListAudit(ctx, c.ID, p.Normalize())
}

// storableJSON re-encodes client JSON for a jsonb column: json.Marshal
// replaces invalid UTF-8, and PostgreSQL refuses \u0000 in jsonb, so it
// becomes U+FFFD too. Raw bytes from a client would otherwise make the
// insert fail (a 500 for a bad request).
func storableJSON(raw []byte) json.RawMessage {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return mustJSON(nil)
	}
	return bytes.ReplaceAll(mustJSON(v), []byte(`\u0000`), []byte(`\ufffd`))
}

func mustJSON(v any) json.RawMessage {
	return JSONValue(v)
}
