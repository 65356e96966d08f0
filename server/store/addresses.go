package store

import (
	"context"

	"github.com/podium-contests/podium/server/domain"
)

// ChangeEmail implements domain.AccountStore: the new address, its
// verification link and e-mail in one transaction.
func (s *Store) ChangeEmail(ctx context.Context, userID int64, email string, t domain.EmailToken, hash []byte, m domain.Email) (domain.User, error) {
	var u domain.User
	err := s.inTx(ctx, func(tx *preparedTx) error {
		if err := tx.GetContext(ctx, &u, s.q.ChangeEmail, userID, email); err != nil {
			return mapErr(err, "account")
		}
		_, err := tx.ExecContext(ctx, s.q.CreateEmailToken, hash, t.Purpose, t.UserID, t.Email, t.ExpiresAt, m.To, m.Subject, m.Body)
		return mapErr(err, "e-mail link")
	})
	if err == nil {
		s.sessionCache.forgetUser(userID)
	}
	return u, err
}

// ContestParticipant implements domain.ContestStore.
func (s *Store) ContestParticipant(ctx context.Context, contestID, userID int64) (domain.User, error) {
	var u domain.User
	err := s.db.GetContext(ctx, &u, s.q.ContestParticipant, contestID, userID)
	return u, mapErr(err, "participant")
}
