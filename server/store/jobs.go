package store

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/podium-contests/podium/server/domain"
)

// jobQueries are the statements of queries/jobs.sql: the outbox, exports
// and the consistency check.
type jobQueries struct {
	UnsentOutbox      string `query:"unsent-outbox"`
	CountUnsentOutbox string `query:"count-unsent-outbox"`
	LockOutbox        string `query:"lock-outbox"`
	MarkOutboxSent    string `query:"mark-outbox-sent"`
	MarkOutboxFailed  string `query:"mark-outbox-failed"`
	LatestMailTo      string `query:"latest-mail-to"`
	InsertExport      string `query:"insert-export"`
	ExportByID        string `query:"export-by-id"`
	ListExports       string `query:"list-exports"`
	StartExport       string `query:"start-export"`
	ExportProgress    string `query:"export-progress"`
	FinishExport      string `query:"finish-export"`
	FailExport        string `query:"fail-export"`
	ExpiredExports    string `query:"expired-exports"`
	DeleteExport      string `query:"delete-export"`
	ExportEntries     string `query:"export-entries"`
	ObjectKeys        string `query:"object-keys"`
	SaveFileCRC32     string `query:"save-file-crc32"`
	FileCRC32s        string `query:"file-crc32s"`
	AllFileRecords    string `query:"all-file-records"`
}

// OutboxMail is an e-mail waiting in the outbox.
type OutboxMail struct {
	ID       int64  `db:"id"`
	To       string `db:"to_email"`
	Subject  string `db:"subject"`
	Body     string `db:"body"`
	Attempts int    `db:"attempts"`
}

// LatestMailTo returns the last e-mail queued for an address: tests and
// dev tools read the links in it (see PODIUM_DEV).
func (s *Store) LatestMailTo(ctx context.Context, to string) (OutboxMail, error) {
	var m OutboxMail
	err := s.db.GetContext(ctx, &m, s.q.LatestMailTo, to)
	return m, mapErr(err, "e-mail")
}

// UnsentMail lists the ids of e-mails not yet sent that have attempts left.
func (s *Store) UnsentMail(ctx context.Context, maxAttempts, limit int) ([]int64, error) {
	ids := []int64{}
	err := s.db.SelectContext(ctx, &ids, s.q.UnsentOutbox, maxAttempts, limit)
	return ids, mapErr(err, "outbox")
}

// CountUnsentMail counts e-mails waiting to be sent.
func (s *Store) CountUnsentMail(ctx context.Context) (int, error) {
	var n int
	err := s.db.GetContext(ctx, &n, s.q.CountUnsentOutbox)
	return n, mapErr(err, "outbox")
}

// ErrUndeliverable marks a send error that no retry can fix (a malformed
// address): DeliverMail then records the e-mail's last attempt at once.
var ErrUndeliverable = errors.New("undeliverable")

// DeliverMail sends the unsent outbox e-mails with ids in [from, to) that
// have attempts left (< maxAttempts) through send, in id order, while
// holding their row locks, so that of several replicas exactly one sends
// each; the e-mails sent are then marked sent in one statement, and each
// failure is recorded on its row. E-mails that are sent already, or being
// sent by another replica, are skipped. It returns how many it tried to
// send and the first send error, after trying every e-mail.
func (s *Store) DeliverMail(ctx context.Context, from, to int64, maxAttempts int, send func(OutboxMail) error) (tried int, err error) {
	var sendErr error
	err = s.inTx(ctx, func(tx *preparedTx) error {
		var batch []OutboxMail
		if err := tx.SelectContext(ctx, &batch, s.q.LockOutbox, from, to, maxAttempts); err != nil {
			return mapErr(err, "outbox")
		}
		tried = len(batch)
		var done []int64
		for _, m := range batch {
			err := send(m)
			if err == nil {
				done = append(done, m.ID)
				continue
			}
			if sendErr == nil {
				sendErr = err
			}
			attempts := 0
			if errors.Is(err, ErrUndeliverable) {
				attempts = maxAttempts
			}
			if _, err := tx.ExecContext(ctx, s.q.MarkOutboxFailed, m.ID, truncate(err.Error(), 500), attempts); err != nil {
				return mapErr(err, "outbox")
			}
		}
		if len(done) == 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, s.q.MarkOutboxSent, done)
		return mapErr(err, "outbox") // commit the sends and the recorded failures
	})
	if err != nil {
		return tried, err
	}
	return tried, sendErr
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// CreateExport implements domain.ExportStore.
func (s *Store) CreateExport(ctx context.Context, e domain.Export) (domain.Export, error) {
	rows, err := s.db.NamedQueryContext(ctx, s.q.InsertExport, exportRow{e, pgArray[string](e.Tracks)})
	if err != nil {
		return e, mapErr(err, "export")
	}
	defer rows.Close()
	if rows.Next() {
		err = rows.Scan(&e.CreatedAt)
	}
	if err == nil {
		err = rows.Err()
	}
	return e, mapErr(err, "export")
}

// ExportByID implements domain.ExportStore.
func (s *Store) ExportByID(ctx context.Context, id string) (domain.Export, error) {
	var e exportRow
	err := s.db.GetContext(ctx, &e, s.q.ExportByID, id)
	return e.export(), mapErr(err, "export")
}

// exportRow is an export with its tracks as the driver reads them.
type exportRow struct {
	domain.Export
	TracksArr pgArray[string] `db:"tracks"`
}

func (r exportRow) export() domain.Export {
	e := r.Export
	e.Tracks = []string(r.TracksArr)
	if e.Tracks == nil {
		e.Tracks = []string{}
	}
	return e
}

// ListExports implements domain.ExportStore.
func (s *Store) ListExports(ctx context.Context, contestID int64, limit int) ([]domain.Export, error) {
	var rows []exportRow
	if err := s.db.SelectContext(ctx, &rows, s.q.ListExports, contestID, limit); err != nil {
		return nil, mapErr(err, "exports")
	}
	out := make([]domain.Export, len(rows))
	for i, r := range rows {
		out[i] = r.export()
	}
	return out, nil
}

// StartExport implements domain.ExportStore.
func (s *Store) StartExport(ctx context.Context, id string, total int) error {
	_, err := s.db.ExecContext(ctx, s.q.StartExport, id, total)
	return mapErr(err, "export")
}

// ExportProgress implements domain.ExportStore.
func (s *Store) ExportProgress(ctx context.Context, id string, done int) error {
	_, err := s.db.ExecContext(ctx, s.q.ExportProgress, id, done)
	return mapErr(err, "export")
}

// FinishExport implements domain.ExportStore.
func (s *Store) FinishExport(ctx context.Context, id, objectKey string) error {
	_, err := s.db.ExecContext(ctx, s.q.FinishExport, id, objectKey)
	return mapErr(err, "export")
}

// FailExport implements domain.ExportStore.
func (s *Store) FailExport(ctx context.Context, id, reason string) error {
	_, err := s.db.ExecContext(ctx, s.q.FailExport, id, reason)
	return mapErr(err, "export")
}

// ExpiredExports implements domain.ExportStore.
func (s *Store) ExpiredExports(ctx context.Context, before time.Time, limit int) ([]domain.Export, error) {
	out := []domain.Export{}
	err := s.db.SelectContext(ctx, &out, s.q.ExpiredExports, before, limit)
	return out, mapErr(err, "exports")
}

// DeleteExport implements domain.ExportStore.
func (s *Store) DeleteExport(ctx context.Context, id string) error {
	_, err := s.db.ExecContext(ctx, s.q.DeleteExport, id)
	return mapErr(err, "export")
}

type exportEntryRow struct {
	SubmissionID int64           `db:"submission_id"`
	TeamID       int64           `db:"team_id"`
	TeamName     string          `db:"team_name"`
	Track        string          `db:"track"`
	Version      int             `db:"version"`
	SubmittedAt  time.Time       `db:"submitted_at"`
	Digest       string          `db:"digest"`
	Title        string          `db:"title"`
	Abstract     string          `db:"abstract"`
	Fields       []byte          `db:"fields"`
	Files        []byte          `db:"files"`
	Emails       pgArray[string] `db:"emails"`
}

// ExportEntries implements domain.ExportStore: the versions come from one
// query, the object keys of their files from a second.
func (s *Store) ExportEntries(ctx context.Context, contestID, roundID int64) ([]domain.ExportEntry, error) {
	var rows []exportEntryRow
	if err := s.db.SelectContext(ctx, &rows, s.q.ExportEntries, contestID, roundID); err != nil {
		return nil, mapErr(err, "submissions")
	}
	out := make([]domain.ExportEntry, len(rows))
	var ids []string
	for i, r := range rows {
		e := domain.ExportEntry{SubmissionID: r.SubmissionID, TeamID: r.TeamID, TeamName: r.TeamName, Track: r.Track, Emails: r.Emails,
			Version: r.Version, SubmittedAt: r.SubmittedAt.UTC(), Digest: r.Digest, Title: r.Title, Abstract: r.Abstract}
		var files []domain.ReceiptFile
		if err := json.Unmarshal(r.Fields, &e.Fields); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(r.Files, &files); err != nil {
			return nil, err
		}
		for _, f := range files {
			e.Files = append(e.Files, domain.ExportFile{ReceiptFile: f})
			ids = append(ids, f.FileID)
		}
		out[i] = e
	}
	if len(ids) == 0 {
		return out, nil
	}
	var keys []struct {
		ID     string `db:"id"`
		Key    string `db:"object_key"`
		SHA256 string `db:"sha256"`
	}
	if err := s.db.SelectContext(ctx, &keys, s.q.ObjectKeys, ids); err != nil {
		return nil, mapErr(err, "files")
	}
	byID := make(map[string]int, len(keys))
	for i, k := range keys {
		byID[k.ID] = i
	}
	for i := range out {
		for j := range out[i].Files {
			f := &out[i].Files[j]
			k, ok := byID[f.FileID]
			if !ok {
				continue
			}
			f.ObjectKey, f.StoredSHA256 = keys[k].Key, keys[k].SHA256
		}
	}
	return out, nil
}

// SaveFileCRC32 implements domain.ExportStore.
func (s *Store) SaveFileCRC32(ctx context.Context, crcs map[string]uint32) error {
	if len(crcs) == 0 {
		return nil
	}
	ids, values := make([]string, 0, len(crcs)), make([]int64, 0, len(crcs))
	for id, crc := range crcs {
		ids, values = append(ids, id), append(values, int64(crc))
	}
	_, err := s.db.ExecContext(ctx, s.q.SaveFileCRC32, ids, values)
	return mapErr(err, "files")
}

// FileCRC32s implements domain.ExportStore.
func (s *Store) FileCRC32s(ctx context.Context, ids []string) (map[string]uint32, error) {
	var rows []struct {
		ID    string `db:"id"`
		CRC32 int64  `db:"crc32"`
	}
	if err := s.db.SelectContext(ctx, &rows, s.q.FileCRC32s, ids); err != nil {
		return nil, mapErr(err, "files")
	}
	out := make(map[string]uint32, len(rows))
	for _, r := range rows {
		out[r.ID] = uint32(r.CRC32)
	}
	return out, nil
}

// FileRecord is a submission file as the consistency check sees it.
type FileRecord struct {
	ID        string `db:"id"`
	ObjectKey string `db:"object_key"`
	Size      int64  `db:"size"`
	SHA256    string `db:"sha256"`
	Status    string `db:"status"`
}

// FileRecords lists every submission file row, ordered by object key.
func (s *Store) FileRecords(ctx context.Context) ([]FileRecord, error) {
	out := []FileRecord{}
	err := s.db.SelectContext(ctx, &out, s.q.AllFileRecords)
	return out, mapErr(err, "files")
}
