package store

import (
	"context"

	"github.com/podium-contests/podium/server/domain"
)

// CertificateTemplate implements domain.CertificateStore.
func (s *Store) CertificateTemplate(ctx context.Context, contestID int64) (domain.CertificateTemplate, error) {
	var t domain.CertificateTemplate
	err := s.db.GetContext(ctx, &t, s.q.CertificateTemplate, contestID)
	return t, mapErr(err, "certificate template")
}

// SaveCertificateTemplate implements domain.CertificateStore: the template
// and its audit line in one transaction; the revision goes up.
func (s *Store) SaveCertificateTemplate(ctx context.Context, t domain.CertificateTemplate, actorID int64, audit domain.AuditEntry) (domain.CertificateTemplate, error) {
	var out domain.CertificateTemplate
	err := s.inTx(ctx, func(tx *preparedTx) error {
		if err := tx.GetContext(ctx, &out, s.q.SaveCertificateTemplate, t.ContestID, t.Title, t.WinnerText, t.ParticipantText,
			t.JudgeText, t.Signer, t.LogoKey, t.SignatureKey, actorID); err != nil {
			return mapErr(err, "certificate template")
		}
		return s.addAudit(ctx, tx, audit)
	})
	return out, err
}

// CertificateRecipients implements domain.CertificateStore.
func (s *Store) CertificateRecipients(ctx context.Context, contestID int64) ([]domain.CertificateRecipient, error) {
	out := []domain.CertificateRecipient{}
	err := s.db.SelectContext(ctx, &out, s.q.CertificateRecipients, contestID)
	return out, mapErr(err, "certificate recipients")
}

// IssueCertificates implements domain.CertificateStore, in one
// transaction: the recipients' certificates are upserted in one statement
// (codes kept), then the others of the contest are revoked.
func (s *Store) IssueCertificates(ctx context.Context, contestID int64, list []domain.CertificateRecipient, newCode func() string) ([]domain.Certificate, error) {
	n := len(list)
	codes, users, teams := make([]string, n), make([]int64, n), make([]int64, n)
	kinds, awards, names, teamNames, entries, tracks := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	for i, r := range list {
		codes[i], users[i], kinds[i], awards[i], names[i] = newCode(), r.UserID, r.Kind, r.Award, r.Name
		if r.TeamID != nil {
			teams[i] = *r.TeamID
		}
		teamNames[i], entries[i], tracks[i] = r.TeamName, r.EntryTitle, r.Track
	}
	out := []domain.Certificate{}
	err := s.inTx(ctx, func(tx *preparedTx) error {
		if err := tx.SelectContext(ctx, &out, s.q.IssueCertificates, contestID, codes, users, teams,
			kinds, awards, names, teamNames, entries, tracks); err != nil {
			return mapErr(err, "certificates")
		}
		ids := make([]int64, len(out))
		for i, x := range out {
			ids[i] = x.ID
		}
		_, err := tx.ExecContext(ctx, s.q.RevokeStaleCertificates, contestID, ids)
		return mapErr(err, "certificates")
	})
	if err != nil {
		return nil, err
	}
	live := out[:0]
	for _, x := range out {
		if x.RevokedAt == nil {
			live = append(live, x)
		}
	}
	return live, nil
}

// MarkCertificatesRendered implements domain.CertificateStore.
func (s *Store) MarkCertificatesRendered(ctx context.Context, ids []int64, keys []string, revision int) error {
	_, err := s.db.ExecContext(ctx, s.q.MarkCertificatesRendered, ids, keys, revision)
	return mapErr(err, "certificates")
}

// CertificateByCode implements domain.CertificateStore.
func (s *Store) CertificateByCode(ctx context.Context, code string) (domain.Certificate, error) {
	var x domain.Certificate
	err := s.db.GetContext(ctx, &x, s.q.CertificateByCode, code)
	return x, mapErr(err, "certificate")
}

// ListCertificates implements domain.CertificateStore (by id pages).
func (s *Store) ListCertificates(ctx context.Context, contestID int64, p domain.Page) ([]domain.Certificate, error) {
	out := []domain.Certificate{}
	err := s.db.SelectContext(ctx, &out, s.q.ListCertificates, contestID, p.After, p.Limit)
	return out, mapErr(err, "certificates")
}

// CountCertificates implements domain.CertificateStore: unrevoked
// certificates by kind.
func (s *Store) CountCertificates(ctx context.Context, contestID int64) (map[string]int, error) {
	var rows []struct {
		Kind string `db:"kind"`
		N    int    `db:"n"`
	}
	if err := s.db.SelectContext(ctx, &rows, s.q.CountCertificates, contestID); err != nil {
		return nil, mapErr(err, "certificates")
	}
	out := map[string]int{domain.CertWinner: 0, domain.CertParticipant: 0, domain.CertJudge: 0}
	for _, r := range rows {
		out[r.Kind] = r.N
	}
	return out, nil
}

// TeamCertificates implements domain.CertificateStore.
func (s *Store) TeamCertificates(ctx context.Context, teamID int64) ([]domain.Certificate, error) {
	out := []domain.Certificate{}
	err := s.db.SelectContext(ctx, &out, s.q.TeamCertificates, teamID)
	return out, mapErr(err, "certificates")
}

// UserCertificates implements domain.CertificateStore.
func (s *Store) UserCertificates(ctx context.Context, userID int64) ([]domain.Certificate, error) {
	out := []domain.Certificate{}
	err := s.db.SelectContext(ctx, &out, s.q.UserCertificates, userID)
	return out, mapErr(err, "certificates")
}

// RevokeCertificate implements domain.CertificateStore, audited in the
// same transaction.
func (s *Store) RevokeCertificate(ctx context.Context, id int64, reason string, audit domain.AuditEntry) error {
	return s.inTx(ctx, func(tx *preparedTx) error {
		if _, err := tx.ExecContext(ctx, s.q.RevokeCertificate, id, reason); err != nil {
			return mapErr(err, "certificate")
		}
		return s.addAudit(ctx, tx, audit)
	})
}

// CreateCertificateRun implements domain.CertificateStore.
func (s *Store) CreateCertificateRun(ctx context.Context, r domain.CertificateRun) (domain.CertificateRun, error) {
	var out domain.CertificateRun
	err := s.db.GetContext(ctx, &out, s.q.InsertCertificateRun, r.ID, r.ContestID, r.Status, r.CreatedBy)
	return out, mapErr(err, "certificate run")
}

// CertificateRun implements domain.CertificateStore.
func (s *Store) CertificateRun(ctx context.Context, id string) (domain.CertificateRun, error) {
	var out domain.CertificateRun
	err := s.db.GetContext(ctx, &out, s.q.CertificateRun, id)
	return out, mapErr(err, "certificate run")
}

// LatestCertificateRun implements domain.CertificateStore.
func (s *Store) LatestCertificateRun(ctx context.Context, contestID int64) (domain.CertificateRun, error) {
	var out domain.CertificateRun
	err := s.db.GetContext(ctx, &out, s.q.LatestCertificateRun, contestID)
	return out, mapErr(err, "certificate run")
}

// StartCertificateRun implements domain.CertificateStore; the unique index
// of running runs per contest makes a second one a conflict.
func (s *Store) StartCertificateRun(ctx context.Context, id string, total int) error {
	_, err := s.db.ExecContext(ctx, s.q.StartCertificateRun, id, total)
	return mapErr(err, "certificate run")
}

// CertificateRunProgress implements domain.CertificateStore.
func (s *Store) CertificateRunProgress(ctx context.Context, id string, done int) error {
	_, err := s.db.ExecContext(ctx, s.q.CertificateRunProgress, id, done)
	return mapErr(err, "certificate run")
}

// FinishCertificateRun implements domain.CertificateStore.
func (s *Store) FinishCertificateRun(ctx context.Context, id string) error {
	_, err := s.db.ExecContext(ctx, s.q.FinishCertificateRun, id)
	return mapErr(err, "certificate run")
}

// FailCertificateRun implements domain.CertificateStore.
func (s *Store) FailCertificateRun(ctx context.Context, id, reason string) error {
	_, err := s.db.ExecContext(ctx, s.q.FailCertificateRun, id, reason)
	return mapErr(err, "certificate run")
}

var _ domain.CertificateStore = (*Store)(nil)
