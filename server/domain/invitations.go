package domain

import (
	"context"
	"github.com/podium-contests/podium/server/internal/ratelimit"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// teamInvites throttles team invitations by e-mail: 20 per team per hour,
// so a team cannot be used to send mail to strangers in bulk.
var teamInvites = ratelimit.Rate{Burst: 20, Count: 20, Period: time.Hour}

// TeamInviteInput invites someone to a team by e-mail.
type TeamInviteInput struct {
	Email string `json:"email"`
}

// InviteToTeam e-mails an address the team's invite link (members, while
// registration is open and the team has room). Joining still goes through
// the invite code, by whoever signs in with the link.
func (s *Contests) InviteToTeam(ctx context.Context, u User, id int64, in TeamInviteInput) error {
	t, c, err := s.memberTeam(ctx, u, id)
	if err != nil {
		return err
	}
	f := Fields{}
	email := NormalizeEmail(f, "email", in.Email)
	for _, m := range t.Members {
		if strings.EqualFold(m.Email, email) {
			f.Add("email", "is already a member of the team")
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	if c.MaxTeamSize > 0 && len(t.Members) >= c.MaxTeamSize {
		return Errorf(CodeConflict, "the team is full (%d members)", c.MaxTeamSize)
	}
	if err := throttle(s.Limiter, "team-invite:"+strconv.FormatInt(t.ID, 10), teamInvites, true, "this team has sent many invitations lately"); err != nil {
		return err
	}
	inviter := u.Name
	if inviter == "" {
		inviter = u.Email
	}
	join := link(s.PublicURL, "/c/"+url.PathEscape(c.Slug)+"/join/"+url.PathEscape(t.InviteCode), nil)
	return s.sendMail(ctx, []string{email}, func(to, lang string) Email {
		return localMail(lang, mailTeamInvite, to, c.Title, t.Name, inviter, join, t.InviteCode)
	})
}
