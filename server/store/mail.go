package store

import (
	"context"

	"github.com/podium-contests/podium/server/domain"
)

// QueueMail implements domain.Outbox: mails go to the outbox in one
// statement.
func (s *Store) QueueMail(ctx context.Context, mails []domain.Email) error {
	return s.inTx(ctx, func(tx *preparedTx) error { return s.queueEmails(ctx, tx, mails) })
}

// LanguagesByEmail implements domain.Outbox.
func (s *Store) LanguagesByEmail(ctx context.Context, emails []string) (map[string]string, error) {
	var rows []struct {
		Email    string `db:"email"`
		Language string `db:"language"`
	}
	if err := s.db.SelectContext(ctx, &rows, s.q.LanguagesByEmail, emails); err != nil {
		return nil, mapErr(err, "languages")
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.Email] = r.Language
	}
	return out, nil
}

// SetUserLanguage implements domain.AccountStore.
func (s *Store) SetUserLanguage(ctx context.Context, userID int64, lang string) error {
	_, err := s.db.ExecContext(ctx, s.q.SetUserLanguage, userID, lang)
	return mapErr(err, "account")
}

// UserLanguage implements domain.AccountStore.
func (s *Store) UserLanguage(ctx context.Context, userID int64) (string, error) {
	var lang string
	err := s.db.GetContext(ctx, &lang, s.q.UserLanguage, userID)
	return lang, mapErr(err, "account")
}
