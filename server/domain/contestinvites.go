package domain

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// Invitations. An organizer invites an address to be an organizer or judge
// (AddMember). If an account has verified that address the role is its at
// once; otherwise the invitation waits, and its link is e-mailed to the
// address. The role then goes either to the account that verifies the
// address (VerifyEmail or a password reset), or to the signed-in, verified
// account that follows the invitation's link (AcceptInvitation), whatever
// its own address: the link was sent only to the invited address, so
// holding it proves access to that mailbox, the same proof a verification
// link gives. The link works once and for InvitationTTL; the invitation
// stays until it is claimed or revoked. An unverified account cannot accept
// a link, so that every role holder has an address that reaches them.

// Invitation is a pending role offered to an address.
type Invitation struct {
	ID          int64  `json:"id" db:"id"`
	ContestID   int64  `json:"contest_id" db:"contest_id"`
	ContestSlug string `json:"contest_slug" db:"contest_slug"`
	Email       string `json:"email" db:"email"`
	Role        Role   `json:"role" db:"role"`
}

// InvitationLink is an invitation's single-use link: its hash and expiry
// are stored, and its URL e-mailed, only if the role waits for an
// invitation.
type InvitationLink struct {
	URL       string
	Hash      []byte
	ExpiresAt time.Time
}

// NewInvitationLink makes the link of an invitation, valid for
// InvitationTTL from now.
func NewInvitationLink(publicURL string, now time.Time) (InvitationLink, error) {
	link, err := NewEmailLink(publicURL, "/invite/")
	if err != nil {
		return InvitationLink{}, err
	}
	return InvitationLink{URL: link.URL, Hash: link.Hash, ExpiresAt: now.Add(InvitationTTL)}, nil
}

// AcceptInvitation gives u the role of the invitation whose link carries
// token (see the package notes above: u must have verified its own address).
func (s *Contests) AcceptInvitation(ctx context.Context, u User, token string) (Invitation, error) {
	f := Fields{}
	h := checkLinkToken(f, token)
	if err := f.Err(); err != nil {
		return Invitation{}, err
	}
	if !u.EmailVerified {
		return Invitation{}, Errorf(CodeForbidden, "confirm your own e-mail address first (see the e-mail we sent you)")
	}
	inv, err := s.Store.AcceptInvitation(ctx, h, u.ID)
	if ErrorCode(err) == CodeNotFound {
		return Invitation{}, Errorf(CodeNotFound, "this invitation link is unknown, used, revoked or expired (confirming the invited address also takes up the role); ask the organizers for a new one")
	}
	if err != nil {
		return Invitation{}, fmt.Errorf("accept invitation: %w", err)
	}
	return inv, s.Store.AddAudit(ctx, AuditEntry{ContestID: inv.ContestID, ActorID: u.ID, Action: "invitation.accept",
		ObjectType: "member", ObjectID: strconv.FormatInt(u.ID, 10),
		Detail: mustJSON(map[string]any{"invited": inv.Email, "account": u.Email, "role": inv.Role})})
}

// RevokeInvitation deletes a pending invitation (organizers only); its
// link stops working.
func (s *Contests) RevokeInvitation(ctx context.Context, u User, slug string, id int64) error {
	c, err := s.organizerOf(ctx, u, slug)
	if err != nil {
		return err
	}
	inv, err := s.Store.RevokeInvitation(ctx, c.ID, id)
	if err != nil {
		return err
	}
	return s.Store.AddAudit(ctx, AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: "invitation.revoke",
		ObjectType: "invitation", ObjectID: inv.Email, Detail: mustJSON(map[string]any{"role": inv.Role})})
}

// RemoveContestMember takes a user's organizer or judge role in a contest (both
// when role is empty); participants leave through their team. A contest
// keeps at least one organizer.
func (s *Contests) RemoveContestMember(ctx context.Context, u User, slug string, userID int64, role Role) error {
	c, err := s.organizerOf(ctx, u, slug)
	if err != nil {
		return err
	}
	if role != "" && role != RoleOrganizer && role != RoleJudge && role != RoleTrackLead {
		return Invalid(map[string]string{"role": "must be organizer, track_lead or judge"})
	}
	removed, err := s.Store.RemoveContestMember(ctx, c.ID, userID, role)
	if err != nil {
		return err
	}
	if len(removed) == 0 {
		return NotFound("member")
	}
	return s.Store.AddAudit(ctx, AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: "member.remove",
		ObjectType: "member", ObjectID: strconv.FormatInt(userID, 10), Detail: mustJSON(map[string]any{"roles": removed})})
}
