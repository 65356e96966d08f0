package domain

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"
)

// Invitation links. For judges who sign up at the venue, an organizer makes
// a link (shown with its QR code) that gives the judge role — optionally a
// panel — to every signed-in account with a verified address that opens it,
// until the organizer revokes it, it expires, or it has been used its
// maximum number of times. Only the hash of the link's secret is stored, so
// the link and its QR code are shown once, when made; the organizers list
// and revoke links by id. One role per contest holds as for every grant.

// RoleLink is an invitation link as organizers see it.
type RoleLink struct {
	ID         int64      `json:"id" db:"id"`
	ContestID  int64      `json:"contest_id" db:"contest_id"`
	Role       Role       `json:"role" db:"role"`
	Tracks     []string   `json:"tracks" db:"-"`
	Scoped     bool       `json:"scoped" db:"scoped"`
	Prize      string     `json:"prize" db:"prize"`
	Label      string     `json:"label" db:"label"`
	ExpiresAt  *time.Time `json:"expires_at" db:"expires_at"`
	MaxUses    *int       `json:"max_uses" db:"max_uses"`
	Uses       int        `json:"uses" db:"uses"`
	RevokedAt  *time.Time `json:"revoked_at" db:"revoked_at"`
	CreatedAt  time.Time  `json:"created_at" db:"created_at"`
	State      string     `json:"state" db:"-"`            // active, revoked, expired or used_up
	URL        string     `json:"url,omitempty" db:"-"`    // only when made
	QRCode     string     `json:"qr_png,omitempty" db:"-"` // data: URL of the link's QR code, only when made
	ContestRef string     `json:"contest_slug,omitempty" db:"contest_slug"`
	Title      string     `json:"contest_title,omitempty" db:"contest_title"`
}

// RoleLinkInput makes an invitation link.
type RoleLinkInput struct {
	Role   Role     `json:"role"`
	Tracks []string `json:"tracks"`
	Scoped bool     `json:"scoped"`
	Prize  string   `json:"prize"`
	Label  string   `json:"label"`
	// ExpiresAt is a time in the contest's zone (or with an offset); empty
	// for no expiry.
	ExpiresAt string `json:"expires_at"`
	MaxUses   int    `json:"max_uses"` // 0 for no limit
}

// The states of an invitation link.
const (
	LinkActive  = "active"
	LinkRevoked = "revoked"
	LinkExpired = "expired"
	LinkUsedUp  = "used_up"
)

// LinkState says whether a link may be used at now, and why not.
func LinkState(l RoleLink, now time.Time) string {
	switch {
	case l.RevokedAt != nil:
		return LinkRevoked
	case l.ExpiresAt != nil && !now.Before(*l.ExpiresAt):
		return LinkExpired
	case l.MaxUses != nil && l.Uses >= *l.MaxUses:
		return LinkUsedUp
	}
	return LinkActive
}

// linkRefusal is the message for a link that cannot be used.
var linkRefusal = map[string]*Error{
	LinkRevoked: Errorf(CodeForbidden, "the organizers have revoked this invitation link; ask them for a new one"),
	LinkExpired: Errorf(CodeTooLate, "this invitation link has expired; ask the organizers for a new one"),
	LinkUsedUp:  Errorf(CodeForbidden, "this invitation link has been used as many times as the organizers allowed; ask them for a new one"),
}

// LinkRefusal is the error of a link in state (nil when active).
func LinkRefusal(state string) error {
	if e, ok := linkRefusal[state]; ok {
		return e
	}
	return nil
}

// RoleLinkStore persists invitation links.
type RoleLinkStore interface {
	CreateRoleLink(ctx context.Context, l RoleLink, hash []byte, createdBy int64) (RoleLink, error)
	RoleLinks(ctx context.Context, contestID int64) ([]RoleLink, error)
	RevokeRoleLink(ctx context.Context, contestID, id int64) (RoleLink, error)
	RoleLinkByHash(ctx context.Context, hash []byte) (RoleLink, error)
	// UseRoleLink gives userID the link's role if the link is still
	// active at now (counting the use), and returns the link; a conflict
	// when the person already holds another role.
	UseRoleLink(ctx context.Context, hash []byte, userID int64, now time.Time) (RoleLink, error)
}

// MakeRoleLink makes an invitation link (organizers; audited).
func (s *Contests) MakeRoleLink(ctx context.Context, u User, slug string, in RoleLinkInput) (RoleLink, error) {
	c, err := s.organizerOf(ctx, u, slug)
	if err != nil {
		return RoleLink{}, err
	}
	f := Fields{}
	if in.Role != RoleJudge {
		f.Add("role", "must be judge (organizers and track leads are invited by e-mail)")
	}
	for i, t := range in.Tracks {
		if _, ok := c.TrackBySlug(t); !ok {
			f.Add(fmt.Sprintf("tracks[%d]", i), "is not a track of this contest")
		}
	}
	if in.Tracks == nil {
		in.Tracks = []string{}
	}
	if in.Scoped && len(in.Tracks) == 0 {
		f.Add("tracks", "must name at least one track of this contest (a panel's)")
	}
	l := RoleLink{ContestID: c.ID, Role: in.Role, Tracks: in.Tracks, Scoped: in.Scoped, Prize: CheckPrize(f, "prize", c, in.Prize)}
	if strings.TrimSpace(in.Label) != "" { // optional: a name for the organizers' list
		l.Label = CheckText(f, "label", in.Label, 100)
	}
	if in.ExpiresAt != "" {
		l.ExpiresAt = parseContestTime(f, "expires_at", in.ExpiresAt, c.Location(), false)
		if l.ExpiresAt != nil && !l.ExpiresAt.After(s.now()) {
			f.Add("expires_at", "must be in the future")
		}
	}
	if in.MaxUses < 0 || in.MaxUses > 10000 {
		f.Add("max_uses", "must be between 1 and 10000, or 0 for no limit")
	} else if in.MaxUses > 0 {
		l.MaxUses = &in.MaxUses
	}
	if err := f.Err(); err != nil {
		return RoleLink{}, err
	}
	link, err := NewEmailLink(s.PublicURL, "/jury/")
	if err != nil {
		return RoleLink{}, err
	}
	made, err := s.RoleLinks.CreateRoleLink(ctx, l, link.Hash, u.ID)
	if err != nil {
		return RoleLink{}, err
	}
	png, err := qrcode.Encode(link.URL, qrcode.Medium, 320)
	if err != nil {
		return RoleLink{}, fmt.Errorf("invitation link QR code: %w", err)
	}
	made.URL, made.QRCode = link.URL, "data:image/png;base64,"+base64.StdEncoding.EncodeToString(png)
	made.State = LinkState(made, s.now())
	return made, s.Store.AddAudit(ctx, AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: "invite_link.create",
		ObjectType: "invite_link", ObjectID: strconv.FormatInt(made.ID, 10), Detail: mustJSON(in)})
}

// ListRoleLinks lists a contest's invitation links (organizers).
func (s *Contests) ListRoleLinks(ctx context.Context, u User, slug string) ([]RoleLink, error) {
	c, err := s.organizerOf(ctx, u, slug)
	if err != nil {
		return nil, err
	}
	list, err := s.RoleLinks.RoleLinks(ctx, c.ID)
	for i := range list {
		list[i].State = LinkState(list[i], s.now())
	}
	return list, err
}

// RevokeRoleLink revokes an invitation link (organizers; audited): whoever
// opens it afterwards is told so.
func (s *Contests) RevokeRoleLink(ctx context.Context, u User, slug string, id int64) (RoleLink, error) {
	c, err := s.organizerOf(ctx, u, slug)
	if err != nil {
		return RoleLink{}, err
	}
	l, err := s.RoleLinks.RevokeRoleLink(ctx, c.ID, id)
	if err != nil {
		return RoleLink{}, err
	}
	l.State = LinkState(l, s.now())
	return l, s.Store.AddAudit(ctx, AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: "invite_link.revoke",
		ObjectType: "invite_link", ObjectID: strconv.FormatInt(id, 10), Detail: mustJSON(map[string]any{"label": l.Label, "uses": l.Uses})})
}

// PreviewRoleLink says what a link offers (anyone holding it): the contest
// and the role, or why it can no longer be used.
func (s *Contests) PreviewRoleLink(ctx context.Context, token string) (RoleLink, error) {
	f := Fields{}
	h := checkLinkToken(f, token)
	if err := f.Err(); err != nil {
		return RoleLink{}, err
	}
	l, err := s.RoleLinks.RoleLinkByHash(ctx, h)
	if ErrorCode(err) == CodeNotFound {
		return RoleLink{}, Errorf(CodeNotFound, "this invitation link is unknown: check that it was copied whole")
	}
	if err != nil {
		return RoleLink{}, err
	}
	l.State = LinkState(l, s.now())
	if err := LinkRefusal(l.State); err != nil {
		return RoleLink{}, err
	}
	return RoleLink{ID: l.ID, Role: l.Role, Tracks: l.Tracks, Scoped: l.Scoped, Prize: l.Prize, Label: l.Label,
		ContestRef: l.ContestRef, Title: l.Title, ExpiresAt: l.ExpiresAt, State: l.State}, nil
}

// AcceptRoleLink gives u the link's role (a signed-in account with a
// verified address); audited.
func (s *Contests) AcceptRoleLink(ctx context.Context, u User, token string) (RoleLink, error) {
	l, err := s.PreviewRoleLink(ctx, token)
	if err != nil {
		return RoleLink{}, err
	}
	if !u.EmailVerified {
		return RoleLink{}, Errorf(CodeForbidden, "confirm your own e-mail address first (see the e-mail we sent you)")
	}
	c, err := s.Store.ContestBySlug(ctx, l.ContestRef)
	if err != nil {
		return RoleLink{}, err
	}
	if u.IsAdmin {
		return RoleLink{}, RoleConflict(Standing{Email: u.Email, PlatformAdmin: true}, l.Role, false)
	}
	if err := s.CheckRole(ctx, c.ID, u.Email, l.Role, false); err != nil {
		return RoleLink{}, err
	}
	used, err := s.RoleLinks.UseRoleLink(ctx, HashSecret(strings.TrimSpace(token)), u.ID, s.now())
	if ErrorCode(err) == CodeNotFound {
		// Revoked, expired or used up between the preview and now.
		return RoleLink{}, Errorf(CodeForbidden, "this invitation link can no longer be used; ask the organizers for a new one")
	}
	if err != nil {
		return RoleLink{}, err
	}
	return l, s.Store.AddAudit(ctx, AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: "invite_link.accept",
		ObjectType: "member", ObjectID: strconv.FormatInt(u.ID, 10),
		Detail: mustJSON(map[string]any{"link": used.ID, "role": used.Role, "account": u.Email})})
}
