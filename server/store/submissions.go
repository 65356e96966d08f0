package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/podium-contests/podium/server/domain"
)

type submissionRow struct {
	domain.Submission
	FieldsJSON []byte `db:"fields"`
}

func (r submissionRow) submission() (domain.Submission, error) {
	sub := r.Submission
	sub.Fields = map[string]string{}
	return sub, json.Unmarshal(r.FieldsJSON, &sub.Fields)
}

// SubmissionByTeam implements domain.SubmissionStore.
func (s *Store) SubmissionByTeam(ctx context.Context, teamID int64) (domain.Submission, error) {
	var r submissionRow
	if err := s.db.GetContext(ctx, &r, s.q.SubmissionByTeam, teamID); err != nil {
		return domain.Submission{}, mapErr(err, "submission")
	}
	return r.submission()
}

// SaveDraft implements domain.SubmissionStore.
func (s *Store) SaveDraft(ctx context.Context, teamID int64, in domain.DraftInput) error {
	fields, _ := json.Marshal(in.Fields)
	_, err := s.db.ExecContext(ctx, s.q.SaveDraft, teamID, in.Title, in.Abstract, fields)
	return mapErr(err, "submission")
}

// CreateFile implements domain.SubmissionStore.
func (s *Store) CreateFile(ctx context.Context, f domain.SubmissionFile) error {
	_, err := s.db.NamedExecContext(ctx, s.q.InsertFile, f)
	return mapErr(err, "file")
}

// FileByID implements domain.SubmissionStore.
func (s *Store) FileByID(ctx context.Context, id string) (domain.SubmissionFile, error) {
	var f domain.SubmissionFile
	err := s.db.GetContext(ctx, &f, s.q.FileByID, id)
	return f, mapErr(err, "file")
}

// MarkFileStored implements domain.SubmissionStore.
func (s *Store) MarkFileStored(ctx context.Context, id string) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q.ReplaceSlotFiles, id); err != nil {
			return mapErr(err, "file")
		}
		_, err := tx.ExecContext(ctx, s.q.MarkFileStored, id)
		return mapErr(err, "file")
	})
}

// SetFileStatus implements domain.SubmissionStore.
func (s *Store) SetFileStatus(ctx context.Context, id, status string) error {
	_, err := s.db.ExecContext(ctx, s.q.SetFileStatus, id, status)
	return mapErr(err, "file")
}

// DraftFiles implements domain.SubmissionStore.
func (s *Store) DraftFiles(ctx context.Context, submissionID int64) ([]domain.SubmissionFile, error) {
	out := []domain.SubmissionFile{}
	err := s.db.SelectContext(ctx, &out, s.q.DraftFiles, submissionID)
	return out, mapErr(err, "files")
}

// StaleUploads implements domain.SubmissionStore.
func (s *Store) StaleUploads(ctx context.Context, before time.Time, limit int) ([]domain.SubmissionFile, error) {
	out := []domain.SubmissionFile{}
	err := s.db.SelectContext(ctx, &out, s.q.StaleUploads, before, limit)
	return out, mapErr(err, "files")
}

type versionRow struct {
	Version     int       `db:"version"`
	SubmittedAt time.Time `db:"submitted_at"`
	Title       string    `db:"title"`
	Abstract    string    `db:"abstract"`
	Fields      []byte    `db:"fields"`
	Files       []byte    `db:"files"`
	Digest      string    `db:"digest"`
}

func (r versionRow) receipt(sub domain.Submission) (domain.Receipt, error) {
	rc := domain.Receipt{SubmissionID: sub.ID, TeamID: sub.TeamID, Version: r.Version, SubmittedAt: r.SubmittedAt.UTC(),
		Title: r.Title, Abstract: r.Abstract, Digest: r.Digest}
	if err := json.Unmarshal(r.Fields, &rc.Fields); err != nil {
		return rc, err
	}
	return rc, json.Unmarshal(r.Files, &rc.Files)
}

// CreateVersion implements domain.SubmissionStore. The draft row is locked
// for the whole transaction, so concurrent submits of one team serialise
// and version numbers never collide; the outbox rows commit with it.
func (s *Store) CreateVersion(ctx context.Context, submissionID, userID int64, idemKey string,
	build func(domain.Submission, []domain.SubmissionFile) (domain.Receipt, []domain.Email, error)) (domain.Receipt, error) {
	var out domain.Receipt
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		var r submissionRow
		if err := tx.GetContext(ctx, &r, s.q.LockSubmission, submissionID); err != nil {
			return mapErr(err, "submission")
		}
		draft, err := r.submission()
		if err != nil {
			return err
		}
		if idemKey != "" {
			var v versionRow
			err := tx.GetContext(ctx, &v, s.q.VersionByKey, submissionID, idemKey)
			if err == nil {
				out, err = v.receipt(draft)
				return err
			}
			if domain.ErrorCode(mapErr(err, "version")) != domain.CodeNotFound {
				return mapErr(err, "version")
			}
		}
		var files []domain.SubmissionFile
		if err := tx.SelectContext(ctx, &files, s.q.DraftFiles, submissionID); err != nil {
			return mapErr(err, "files")
		}
		rc, mails, err := build(draft, files)
		if err != nil {
			return err
		}
		fields, _ := json.Marshal(rc.Fields)
		filesJSON, _ := json.Marshal(rc.Files)
		if _, err := tx.ExecContext(ctx, s.q.InsertVersion, submissionID, rc.Version, rc.SubmittedAt, userID,
			rc.Title, rc.Abstract, fields, filesJSON, rc.Digest, idemKey); err != nil {
			return mapErr(err, "version")
		}
		if _, err := tx.ExecContext(ctx, s.q.SetCurrentVersion, submissionID, rc.Version); err != nil {
			return mapErr(err, "submission")
		}
		for _, m := range mails {
			if _, err := tx.ExecContext(ctx, s.q.InsertOutbox, m.To, m.Subject, m.Body); err != nil {
				return mapErr(err, "outbox")
			}
		}
		out = rc
		return nil
	})
	return out, err
}

// Versions implements domain.SubmissionStore.
func (s *Store) Versions(ctx context.Context, submissionID int64) ([]domain.VersionSummary, error) {
	out := []domain.VersionSummary{}
	err := s.db.SelectContext(ctx, &out, s.q.ListVersions, submissionID)
	return out, mapErr(err, "versions")
}

// Version implements domain.SubmissionStore.
func (s *Store) Version(ctx context.Context, submissionID int64, version int) (domain.Receipt, error) {
	var sub domain.Submission
	var v versionRow
	if err := s.db.GetContext(ctx, &v, s.q.Version, submissionID, version); err != nil {
		return domain.Receipt{}, mapErr(err, "version")
	}
	var r submissionRow
	if err := s.db.GetContext(ctx, &r, s.q.SubmissionByID, submissionID); err != nil {
		return domain.Receipt{}, mapErr(err, "submission")
	}
	sub = r.Submission
	return v.receipt(sub)
}
