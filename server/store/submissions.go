package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

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
	_, err := s.db.ExecContext(ctx, s.q.SaveDraft, teamID, in.Title, in.Abstract, []byte(domain.JSONValue(in.Fields)))
	return mapErr(err, "submission")
}

// CreateFile implements domain.SubmissionStore.
func (s *Store) CreateFile(ctx context.Context, f domain.SubmissionFile) error {
	res, err := s.db.NamedExecContext(ctx, s.q.InsertFile, f)
	if err != nil {
		return mapErr(err, "file")
	}
	n, err := res.RowsAffected()
	if err != nil {
		return mapErr(err, "file")
	}
	if n == 0 {
		return domain.NotFound("submission")
	}
	return nil
}

// FileByID implements domain.SubmissionStore.
func (s *Store) FileByID(ctx context.Context, id string) (domain.SubmissionFile, error) {
	var f domain.SubmissionFile
	err := s.db.GetContext(ctx, &f, s.q.FileByID, id)
	return f, mapErr(err, "file")
}

// StoreFile implements domain.SubmissionStore: one statement, so that a
// completion costs one round trip and one commit. A file that is no longer
// pending (a concurrent completion stored it) is read as it is.
func (s *Store) StoreFile(ctx context.Context, id string, fingerprintPending bool) (domain.SubmissionFile, error) {
	var f domain.SubmissionFile
	err := s.db.GetContext(ctx, &f, s.q.StoreFile, id, fingerprintPending)
	if errors.Is(err, sql.ErrNoRows) {
		return s.FileByID(ctx, id)
	}
	return f, mapErr(err, "file")
}

// RecordFileDigests implements domain.SubmissionStore.
func (s *Store) RecordFileDigests(ctx context.Context, id, sha256Hex string, crc uint32) (string, error) {
	var got string
	err := s.db.GetContext(ctx, &got, s.q.RecordFileDigests, id, sha256Hex, int64(crc))
	return got, mapErr(err, "file")
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

// CleanupFiles implements domain.SubmissionStore.
func (s *Store) CleanupFiles(ctx context.Context, stalePendingBefore time.Time, limit int) ([]domain.SubmissionFile, error) {
	out := []domain.SubmissionFile{}
	err := s.db.SelectContext(ctx, &out, s.q.CleanupFiles, stalePendingBefore, limit)
	return out, mapErr(err, "files")
}

// AbandonStaleUpload implements domain.SubmissionStore.
func (s *Store) AbandonStaleUpload(ctx context.Context, id string) (bool, error) {
	var got string
	err := s.db.GetContext(ctx, &got, s.q.AbandonStaleUpload, id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, mapErr(err, "file")
}

// UploadUsage implements domain.SubmissionStore.
func (s *Store) UploadUsage(ctx context.Context, teamID int64, since time.Time) ([]domain.FileUsage, error) {
	out := []domain.FileUsage{}
	err := s.db.SelectContext(ctx, &out, s.q.UploadUsage, teamID, since)
	return out, mapErr(err, "files")
}

// AbandonSuperseded implements domain.SubmissionStore.
func (s *Store) AbandonSuperseded(ctx context.Context, teamID int64, slot string, userID int64, keepID string) error {
	_, err := s.db.ExecContext(ctx, s.q.AbandonSuperseded, teamID, slot, userID, keepID)
	return mapErr(err, "files")
}

// draftKey asks drafts-for-submit for a team's draft and the version
// already recorded under an idempotency key.
type draftKey struct {
	TeamID         int64
	IdempotencyKey string
}

// draftKeys passes keys as drafts-for-submit's two arrays.
func draftKeys(keys []draftKey) []any {
	teams := make([]int64, len(keys))
	idem := make([]string, len(keys))
	for i, k := range keys {
		teams[i], idem[i] = k.TeamID, k.IdempotencyKey
	}
	return []any{teams, idem}
}

// draftRow is a drafts-for-submit row.
type draftRow struct {
	KeyTeamID         int64  `db:"key_team_id"`
	KeyIdempotencyKey string `db:"key_idempotency_key"`
	submissionRow
	DraftRevision int64  `db:"draft_revision"`
	FilesJSON     []byte `db:"files"`
	Existing      []byte `db:"existing"`
}

func (r draftRow) key() draftKey {
	return draftKey{TeamID: r.KeyTeamID, IdempotencyKey: r.KeyIdempotencyKey}
}

// versionRow is a recorded version, read as a row or (drafts-for-submit's
// "existing") as a JSON object.
type versionRow struct {
	Version     int             `db:"version" json:"version"`
	SubmittedAt time.Time       `db:"submitted_at" json:"submitted_at"`
	Title       string          `db:"title" json:"title"`
	Abstract    string          `db:"abstract" json:"abstract"`
	Fields      json.RawMessage `db:"fields" json:"fields"`
	Files       json.RawMessage `db:"files" json:"files"`
	Digest      string          `db:"digest" json:"digest"`
}

func (r versionRow) receipt(sub domain.Submission) (domain.Receipt, error) {
	rc := domain.Receipt{SubmissionID: sub.ID, TeamID: sub.TeamID, Version: r.Version, SubmittedAt: r.SubmittedAt.UTC(),
		Title: r.Title, Abstract: r.Abstract, Digest: r.Digest}
	if err := json.Unmarshal(r.Fields, &rc.Fields); err != nil {
		return rc, err
	}
	return rc, json.Unmarshal(r.Files, &rc.Files)
}

// versionWrite is one version to record, as insert-versions reads it.
type versionWrite struct {
	SubmissionID   int64           `json:"submission_id"`
	Version        int             `json:"version"`
	SubmittedAt    time.Time       `json:"submitted_at"`
	SubmittedBy    int64           `json:"submitted_by"`
	Title          string          `json:"title"`
	Abstract       string          `json:"abstract"`
	Fields         json.RawMessage `json:"fields"`
	Files          json.RawMessage `json:"files"`
	Digest         string          `json:"digest"`
	IdempotencyKey string          `json:"idempotency_key"`
	DraftRevision  int64           `json:"draft_revision"` // as read
	Emails         json.RawMessage `json:"emails"`
}

// insertVersions applies insert-versions and reports the submissions whose
// version it recorded.
func (s *Store) insertVersions(ctx context.Context, items []versionWrite) (map[int64]bool, error) {
	return writeJSONBatch(ctx, s.db, s.q.InsertVersions, items, "version")
}

// ReadDraft implements domain.SubmissionStore: one lookup (concurrent
// ones share a query, see batcher).
func (s *Store) ReadDraft(ctx context.Context, teamID int64, idemKey string) (domain.DraftRead, error) {
	r, err := lookup(ctx, s.drafts, draftKey{TeamID: teamID, IdempotencyKey: idemKey}, "submission")
	if err != nil {
		return domain.DraftRead{}, err
	}
	draft, err := r.submission()
	if err != nil {
		return domain.DraftRead{}, err
	}
	d := domain.DraftRead{Draft: draft, Revision: r.DraftRevision}
	if idemKey != "" && r.Existing != nil {
		var v versionRow
		if err := json.Unmarshal(r.Existing, &v); err != nil {
			return domain.DraftRead{}, err
		}
		rc, err := v.receipt(draft)
		if err != nil {
			return domain.DraftRead{}, err
		}
		d.Existing = &rc
		return d, nil
	}
	return d, json.Unmarshal(r.FilesJSON, &d.Files)
}

// RecordVersionIf implements domain.SubmissionStore: one statement that
// succeeds only if the draft is still at the revision and version read, so
// concurrent submits of one team never share a version number. Concurrent
// submits share their statement and commit (see writeBatcher).
func (s *Store) RecordVersionIf(ctx context.Context, vw domain.VersionWrite) (bool, error) {
	rc := vw.Receipt
	w := versionWrite{SubmissionID: rc.SubmissionID, Version: rc.Version, SubmittedAt: rc.SubmittedAt, SubmittedBy: vw.SubmittedBy,
		Title: rc.Title, Abstract: rc.Abstract, Digest: rc.Digest, IdempotencyKey: vw.IdempotencyKey, DraftRevision: vw.DraftRevision,
		Emails: domain.JSONValue(vw.Emails)}
	w.Fields, w.Files = domain.JSONValue(rc.Fields), domain.JSONValue(rc.Files)
	return s.versionWrites.do(ctx, w)
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

// queueEmails adds mails to the outbox in one statement, inside tx.
func (s *Store) queueEmails(ctx context.Context, tx *preparedTx, mails []domain.Email) error {
	if len(mails) == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, s.q.InsertOutbox, string(domain.JSONValue(mails)))
	return mapErr(err, "outbox")
}
