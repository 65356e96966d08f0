package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/podium-contests/podium/server/domain"
)

// Retention implements domain.RetentionStore.
func (s *Store) Retention(ctx context.Context, contestID int64) (domain.Retention, error) {
	var r domain.Retention
	err := s.db.GetContext(ctx, &r, s.q.ContestRetention, contestID)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Retention{}, nil
	}
	return r, mapErr(err, "retention")
}

// SetRetention implements domain.RetentionStore (0 days removes the
// period of a contest not purged).
func (s *Store) SetRetention(ctx context.Context, contestID int64, days int) error {
	var err error
	if days == 0 {
		_, err = s.db.ExecContext(ctx, s.q.ClearContestRetention, contestID)
	} else {
		_, err = s.db.ExecContext(ctx, s.q.SetContestRetention, contestID, days)
	}
	return mapErr(err, "retention")
}

// PurgeFiles implements domain.RetentionStore.
func (s *Store) PurgeFiles(ctx context.Context, contestID int64) ([]domain.PurgeFile, error) {
	out := []domain.PurgeFile{}
	err := s.db.SelectContext(ctx, &out, s.q.PurgeFiles, contestID)
	return out, mapErr(err, "files")
}

// PurgeExports implements domain.RetentionStore.
func (s *Store) PurgeExports(ctx context.Context, contestID int64) ([]domain.PurgeExport, error) {
	out := []domain.PurgeExport{}
	err := s.db.SelectContext(ctx, &out, s.q.PurgeExports, contestID)
	return out, mapErr(err, "exports")
}

// PurgeCounts implements domain.RetentionStore.
func (s *Store) PurgeCounts(ctx context.Context, contestID int64) (domain.PurgeCounts, error) {
	var c domain.PurgeCounts
	err := s.db.GetContext(ctx, &c, s.q.PurgeCounts, contestID)
	return c, mapErr(err, "purge")
}

// Purge implements domain.RetentionStore.
func (s *Store) Purge(ctx context.Context, contestID int64, audit domain.AuditEntry) error {
	return s.inTx(ctx, func(tx *preparedTx) error {
		if _, err := tx.ExecContext(ctx, s.q.PurgeContest, contestID); err != nil {
			return mapErr(err, "purge")
		}
		return s.addAudit(ctx, tx, audit)
	})
}

// RetentionDue implements domain.RetentionStore.
func (s *Store) RetentionDue(ctx context.Context, now time.Time) ([]domain.DueContest, error) {
	var rows []struct {
		domain.DueContest
		Orgs pgArray[string] `db:"organizers"`
	}
	if err := s.db.SelectContext(ctx, &rows, s.q.RetentionDue, now); err != nil {
		return nil, mapErr(err, "retention")
	}
	out := make([]domain.DueContest, len(rows))
	for i, r := range rows {
		out[i] = r.DueContest
		out[i].Organizers = []string(r.Orgs)
	}
	return out, nil
}

// MarkRetentionNotified implements domain.RetentionStore.
func (s *Store) MarkRetentionNotified(ctx context.Context, contestID int64) error {
	_, err := s.db.ExecContext(ctx, s.q.MarkRetentionNotified, contestID)
	return mapErr(err, "retention")
}
