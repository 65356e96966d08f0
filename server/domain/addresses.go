package domain

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// Changing an address, and organizers reminding unconfirmed members.

// ChangeEmailInput changes the caller's address; the current password
// proves it is the owner at the keyboard.
type ChangeEmailInput struct {
	Email           string `json:"email"`
	CurrentPassword string `json:"current_password"`
}

// ChangeEmail gives u a new address, which must be confirmed again: the
// account keeps its roles and teams, but cannot create or join a team
// (RequireVerified) until it follows the link e-mailed to the new address.
func (a *Accounts) ChangeEmail(ctx context.Context, u User, in ChangeEmailInput) (User, error) {
	f := Fields{}
	email := NormalizeEmail(f, "email", in.Email)
	if in.CurrentPassword == "" {
		f.Add("current_password", "is required")
	}
	if err := f.Err(); err != nil {
		return User{}, err
	}
	if strings.EqualFold(email, u.Email) {
		return User{}, Invalid(map[string]string{"email": "is already your address"})
	}
	passwordKey := fmt.Sprintf("password:user:%d", u.ID)
	if err := a.throttle(passwordKey, a.Rates.PasswordChange, false); err != nil {
		return User{}, err
	}
	_, hash, err := a.Store.UserCredentials(ctx, u.Email)
	if err != nil {
		return User{}, fmt.Errorf("change e-mail: %w", err)
	}
	if !CheckPassword(hash, in.CurrentPassword) {
		a.failed(passwordKey, a.Rates.PasswordChange)
		return User{}, Invalid(map[string]string{"current_password": "is wrong (an account made by a sign-in provider sets a password with a reset link first)"})
	}
	link, err := NewEmailLink(a.PublicURL, "/verify/")
	if err != nil {
		return User{}, err
	}
	nu, err := a.Store.ChangeEmail(ctx, u.ID, email, EmailToken{Purpose: PurposeVerify, UserID: u.ID, Email: email,
		ExpiresAt: a.now().Add(verifyTTL)}, link.Hash, a.verifyMail(u.Lang, email, link.URL))
	if ErrorCode(err) == CodeConflict {
		return User{}, &Error{Code: CodeConflict, Message: "email: another account has this address", Err: err,
			Fields: FieldsOf(map[string]string{"email": "is already used"})}
	}
	if err != nil {
		return User{}, fmt.Errorf("change e-mail: %w", err)
	}
	return nu, nil
}

// UnconfirmedParticipant returns the member userID of a team of the
// contest slug, for its organizer to resend the verification link; conflict
// when the member has confirmed their address already.
func (s *Contests) UnconfirmedParticipant(ctx context.Context, u User, slug string, userID int64) (User, error) {
	c, err := s.organizerOf(ctx, u, slug)
	if err != nil {
		return User{}, err
	}
	p, err := s.Store.ContestParticipant(ctx, c.ID, userID)
	if err != nil {
		return User{}, err
	}
	if p.EmailVerified {
		return User{}, Errorf(CodeConflict, "%s has confirmed their address already", p.Email)
	}
	return p, s.Store.AddAudit(ctx, AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: "member.remind_verification",
		ObjectType: "member", ObjectID: strconv.FormatInt(p.ID, 10), Detail: mustJSON(map[string]any{"email": p.Email})})
}
