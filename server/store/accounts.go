package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/podium-contests/podium/server/domain"
)

// CreateUser implements domain.AccountStore.
func (s *Store) CreateUser(ctx context.Context, u domain.User, hash string) (domain.User, error) {
	err := s.db.GetContext(ctx, &u, s.q.CreateUser, u.Email, u.Name, hash, u.IsAdmin, u.Organization)
	return u, mapErr(err, "account")
}

// RegisterUser implements domain.AccountStore.
func (s *Store) RegisterUser(ctx context.Context, u domain.User, hash string) (domain.User, bool, error) {
	var row struct {
		domain.User
		Created bool `db:"created"`
	}
	err := s.db.GetContext(ctx, &row, s.q.RegisterUser, u.Email, u.Name, hash, u.Organization, u.Lang)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.User{}, false, nil // taken by a concurrent registration
	}
	return row.User, row.Created, mapErr(err, "account")
}

// CreateEmailToken implements domain.AccountStore.
func (s *Store) CreateEmailToken(ctx context.Context, hash []byte, t domain.EmailToken, m domain.Email) error {
	_, err := s.db.ExecContext(ctx, s.q.CreateEmailToken, hash, t.Purpose, t.UserID, t.Email, t.ExpiresAt, m.To, m.Subject, m.Body)
	return mapErr(err, "e-mail link")
}

// QueueAccountMail implements domain.AccountStore.
func (s *Store) QueueAccountMail(ctx context.Context, m domain.Email) error {
	_, err := s.db.ExecContext(ctx, s.q.QueueAccountMail, m.To, m.Subject, m.Body)
	return mapErr(err, "outbox")
}

// useEmailToken deletes a link and returns whom it was sent to.
func (s *Store) useEmailToken(ctx context.Context, tx *preparedTx, hash []byte, purpose string) (int64, string, error) {
	var t struct {
		UserID int64  `db:"user_id"`
		Email  string `db:"email"`
	}
	err := tx.GetContext(ctx, &t, s.q.UseEmailToken, hash, purpose)
	return t.UserID, t.Email, mapErr(err, "link")
}

// VerifyEmail implements domain.AccountStore.
func (s *Store) VerifyEmail(ctx context.Context, hash []byte) (domain.User, error) {
	var u domain.User
	err := s.inTx(ctx, func(tx *preparedTx) error {
		id, email, err := s.useEmailToken(ctx, tx, hash, domain.PurposeVerify)
		if err != nil {
			return err
		}
		if err := tx.GetContext(ctx, &u, s.q.MarkVerified, id, email); err != nil {
			return mapErr(err, "link")
		}
		_, err = tx.ExecContext(ctx, s.q.ClaimInvitations, id, email)
		return mapErr(err, "invitations")
	})
	if err == nil {
		s.sessionCache.forgetUser(u.ID)
	}
	return u, err
}

// ResetPassword implements domain.AccountStore.
func (s *Store) ResetPassword(ctx context.Context, hash []byte, passwordHash string) (domain.User, error) {
	var u domain.User
	err := s.inTx(ctx, func(tx *preparedTx) error {
		id, email, err := s.useEmailToken(ctx, tx, hash, domain.PurposeReset)
		if err != nil {
			return err
		}
		if err := tx.GetContext(ctx, &u, s.q.ResetPassword, id, email, passwordHash); err != nil {
			return mapErr(err, "link")
		}
		for _, q := range []string{s.q.DeleteUserSessions, s.q.DeleteUserTokens, s.q.DeleteUserEmailTokens} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return mapErr(err, "account")
			}
		}
		_, err = tx.ExecContext(ctx, s.q.ClaimInvitations, id, email)
		return mapErr(err, "invitations")
	})
	if err == nil {
		s.sessionCache.forgetUser(u.ID)
	}
	return u, err
}

// UserCredentials implements domain.AccountStore.
func (s *Store) UserCredentials(ctx context.Context, email string) (domain.User, string, error) {
	var row struct {
		domain.User
		PasswordHash string `db:"password_hash"`
	}
	err := s.db.GetContext(ctx, &row, s.q.UserCredentials, email)
	return row.User, row.PasswordHash, mapErr(err, "account")
}

// SetPassword implements domain.AccountStore.
func (s *Store) SetPassword(ctx context.Context, userID int64, hash string) error {
	_, err := s.db.ExecContext(ctx, s.q.SetPassword, userID, hash)
	s.sessionCache.forgetUser(userID)
	return mapErr(err, "account")
}

// SetAdmin implements domain.AccountStore.
func (s *Store) SetAdmin(ctx context.Context, userID int64, hash string) error {
	_, err := s.db.ExecContext(ctx, s.q.SetAdmin, userID, hash)
	s.sessionCache.forgetUser(userID)
	return mapErr(err, "account")
}

// CreateSession implements domain.AccountStore.
func (s *Store) CreateSession(ctx context.Context, idHash []byte, se domain.Session) error {
	_, err := s.db.ExecContext(ctx, s.q.CreateSession, idHash, se.UserID, se.CSRFToken, se.CreatedAt, se.LastSeenAt, se.ExpiresAt)
	return mapErr(err, "session")
}

// sessionRow is a session with its user, or (in the session cache) a
// personal token with its user.
type sessionRow struct {
	domain.Session
	IDHash []byte          `db:"id_hash"`
	User   domain.User     `db:"user"`
	Token  domain.APIToken `db:"-"`
}

// SessionByHash implements domain.AccountStore. A session read in the last
// few seconds comes from memory (see sessionCache); otherwise concurrent
// lookups share one query (see batcher).
func (s *Store) SessionByHash(ctx context.Context, idHash []byte) (domain.Session, domain.User, error) {
	key, now := string(idHash), time.Now()
	if row, ok := s.sessionCache.get(key, now); ok {
		return row.Session, row.User, nil
	}
	gen := s.sessionCache.generation()
	row, err := lookup(ctx, s.sessions, key, "session")
	if err != nil {
		return domain.Session{}, domain.User{}, err
	}
	s.sessionCache.put(key, row, gen, now)
	return row.Session, row.User, nil
}

// hashKeys passes session hashes as bytea[].
func hashKeys(hashes []string) []any {
	keys := make([][]byte, len(hashes))
	for i, h := range hashes {
		keys[i] = []byte(h)
	}
	return []any{keys}
}

// TouchSession implements domain.AccountStore.
func (s *Store) TouchSession(ctx context.Context, idHash []byte, lastSeen, expires time.Time) error {
	_, err := s.db.ExecContext(ctx, s.q.TouchSession, idHash, lastSeen, expires)
	if err == nil {
		s.sessionCache.touched(string(idHash), lastSeen, expires)
	}
	return mapErr(err, "session")
}

// DeleteSession implements domain.AccountStore.
func (s *Store) DeleteSession(ctx context.Context, idHash []byte) error {
	_, err := s.db.ExecContext(ctx, s.q.DeleteSession, idHash)
	s.sessionCache.drop(string(idHash))
	return mapErr(err, "session")
}

// DeleteUserSessions implements domain.AccountStore.
func (s *Store) DeleteUserSessions(ctx context.Context, userID int64) error {
	_, err := s.db.ExecContext(ctx, s.q.DeleteUserSessions, userID)
	s.sessionCache.forgetUser(userID)
	return mapErr(err, "session")
}

// CreateToken implements domain.AccountStore.
func (s *Store) CreateToken(ctx context.Context, userID int64, in domain.APIToken, hash []byte) (domain.APIToken, error) {
	var t domain.APIToken
	err := s.db.GetContext(ctx, &t, s.q.CreateToken, userID, in.Name, hash, in.Scope, in.ExpiresAt)
	return t, mapErr(err, "token")
}

// tokenCacheKey keeps tokens apart from sessions in the session cache.
func tokenCacheKey(hash []byte) string { return "token:" + string(hash) }

// TokenByHash implements domain.AccountStore. Tokens are cached like
// sessions (see sessionCache): a revoked token (its deletion notifies, see
// migration 00015) or a changed user drops the user's entries.
func (s *Store) TokenByHash(ctx context.Context, hash []byte) (domain.APIToken, domain.User, error) {
	key, now := tokenCacheKey(hash), time.Now()
	if row, ok := s.sessionCache.get(key, now); ok {
		return row.Token, row.User, nil
	}
	gen := s.sessionCache.generation()
	var row struct {
		domain.APIToken
		User domain.User `db:"user"`
	}
	if err := s.db.GetContext(ctx, &row, s.q.TokenByHash, hash); err != nil {
		return domain.APIToken{}, domain.User{}, mapErr(err, "token")
	}
	s.sessionCache.put(key, sessionRow{Session: domain.Session{UserID: row.UserID, ExpiresAt: row.ExpiresAt},
		User: row.User, Token: row.APIToken}, gen, now)
	return row.APIToken, row.User, nil
}

// TouchToken implements domain.AccountStore.
func (s *Store) TouchToken(ctx context.Context, hash []byte, at time.Time) error {
	_, err := s.db.ExecContext(ctx, s.q.TouchToken, hash, at)
	if err == nil {
		s.sessionCache.tokenUsed(tokenCacheKey(hash), at)
	}
	return mapErr(err, "token")
}

// DeleteUserTokens implements domain.AccountStore.
func (s *Store) DeleteUserTokens(ctx context.Context, userID int64) error {
	_, err := s.db.ExecContext(ctx, s.q.DeleteUserTokens, userID)
	s.sessionCache.forgetUser(userID)
	return mapErr(err, "token")
}

// ListTokens implements domain.AccountStore.
func (s *Store) ListTokens(ctx context.Context, userID int64) ([]domain.APIToken, error) {
	out := []domain.APIToken{}
	err := s.db.SelectContext(ctx, &out, s.q.ListTokens, userID)
	return out, mapErr(err, "token")
}

// DeleteToken implements domain.AccountStore.
func (s *Store) DeleteToken(ctx context.Context, userID, tokenID int64) error {
	res, err := s.db.ExecContext(ctx, s.q.DeleteToken, userID, tokenID)
	s.sessionCache.forgetUser(userID)
	if err != nil {
		return mapErr(err, "token")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.NotFound("token")
	}
	return nil
}

// Roles implements domain.AccountStore.
func (s *Store) Roles(ctx context.Context, userID int64) ([]domain.ContestRole, error) {
	out := []domain.ContestRole{}
	err := s.db.SelectContext(ctx, &out, s.q.UserRoles, userID)
	return out, mapErr(err, "roles")
}

// PruneExpired deletes expired sessions, tokens and e-mailed links, and
// old rate-limit windows.
func (s *Store) PruneExpired(ctx context.Context) error {
	for _, q := range []string{s.q.DeleteExpiredSessions, s.q.DeleteExpiredTokens, s.q.DeleteExpiredEmailTokens} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			return mapErr(err, "session")
		}
	}
	_, err := s.db.ExecContext(ctx, s.q.DeleteOldRateLimits)
	return mapErr(err, "rate limit")
}
