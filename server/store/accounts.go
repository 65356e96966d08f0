package store

import (
	"context"
	"time"

	"github.com/lib/pq"

	"github.com/podium-contests/podium/server/domain"
)

// CreateUser implements domain.AccountStore.
func (s *Store) CreateUser(ctx context.Context, u domain.User, hash string) (domain.User, error) {
	err := s.db.GetContext(ctx, &u, s.q.CreateUser, u.Email, u.Name, hash, u.IsAdmin, u.Organization)
	return u, mapErr(err, "account")
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

// sessionRow is a session with its user.
type sessionRow struct {
	domain.Session
	IDHash []byte      `db:"id_hash"`
	User   domain.User `db:"user"`
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
	return []any{pq.ByteaArray(keys)}
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
func (s *Store) CreateToken(ctx context.Context, userID int64, name string, hash []byte) (domain.APIToken, error) {
	var t domain.APIToken
	err := s.db.GetContext(ctx, &t, s.q.CreateToken, userID, name, hash)
	return t, mapErr(err, "token")
}

// UserByToken implements domain.AccountStore.
func (s *Store) UserByToken(ctx context.Context, hash []byte) (domain.User, error) {
	var u domain.User
	err := s.db.GetContext(ctx, &u, s.q.UserByToken, hash)
	return u, mapErr(err, "token")
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

// PruneExpired deletes expired sessions and old rate-limit windows.
func (s *Store) PruneExpired(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, s.q.DeleteExpiredSessions); err != nil {
		return mapErr(err, "session")
	}
	_, err := s.db.ExecContext(ctx, s.q.DeleteOldRateLimits)
	return mapErr(err, "rate limit")
}
