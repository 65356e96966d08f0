package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/podium-contests/podium/server/domain"
)

// SaveFileCheck implements domain.CheckStore.
func (s *Store) SaveFileCheck(ctx context.Context, c domain.FileCheck) error {
	var facts []byte
	switch {
	case c.Facts != nil:
		facts = domain.JSONValue(c.Facts)
	case c.Media != nil:
		// A media file's facts are stored under "media", beside the flat
		// PDF facts of older rows.
		facts = domain.JSONValue(storedFacts{Media: c.Media})
	case c.Image != nil:
		facts = domain.JSONValue(storedFacts{Image: c.Image})
	}
	_, err := s.db.ExecContext(ctx, s.q.SaveFileCheck, c.FileID, facts, []byte(domain.JSONValue(c.Warnings)), c.CheckedAt)
	return mapErr(err, "file check")
}

// AddCheckWarning implements domain.CheckStore.
func (s *Store) AddCheckWarning(ctx context.Context, fileID string, w domain.CheckWarning) error {
	_, err := s.db.ExecContext(ctx, s.q.AddCheckWarning, fileID, string(domain.JSONValue(w)))
	return mapErr(err, "file check")
}

// storedFacts tells a media file's facts from a PDF's in file_checks.facts.
type storedFacts struct {
	Media *domain.MediaFacts `json:"media,omitempty"`
	Image *domain.ImageFacts `json:"image,omitempty"`
}

// FileChecks implements domain.CheckStore.
func (s *Store) FileChecks(ctx context.Context, fileIDs []string) (map[string]domain.FileCheck, error) {
	var rows []struct {
		FileID    string    `db:"file_id"`
		Facts     []byte    `db:"facts"`
		Warnings  []byte    `db:"warnings"`
		CheckedAt time.Time `db:"checked_at"`
	}
	if err := s.db.SelectContext(ctx, &rows, s.q.FileChecks, fileIDs); err != nil {
		return nil, mapErr(err, "file checks")
	}
	out := make(map[string]domain.FileCheck, len(rows))
	for _, r := range rows {
		c := domain.FileCheck{FileID: r.FileID, CheckedAt: r.CheckedAt, Warnings: []domain.CheckWarning{}}
		if len(r.Facts) > 0 {
			var sf storedFacts
			if err := json.Unmarshal(r.Facts, &sf); err != nil {
				return nil, err
			}
			c.Image = sf.Image
			if c.Media = sf.Media; c.Media == nil && c.Image == nil {
				c.Facts = &domain.PDFFacts{}
				if err := json.Unmarshal(r.Facts, c.Facts); err != nil {
					return nil, err
				}
			}
		}
		if err := json.Unmarshal(r.Warnings, &c.Warnings); err != nil {
			return nil, err
		}
		out[r.FileID] = c
	}
	return out, nil
}

// DuplicateFiles implements domain.CheckStore.
func (s *Store) DuplicateFiles(ctx context.Context, contestID, teamID int64, sha256 string) ([]domain.DuplicateFile, error) {
	out := []domain.DuplicateFile{}
	err := s.db.SelectContext(ctx, &out, s.q.DuplicateFiles, contestID, teamID, sha256)
	return out, mapErr(err, "files")
}

// ContestHasBlindRound implements domain.CheckStore.
func (s *Store) ContestHasBlindRound(ctx context.Context, contestID int64) (bool, error) {
	var blind bool
	err := s.db.GetContext(ctx, &blind, s.q.ContestHasBlindRound, contestID)
	return blind, mapErr(err, "rounds")
}

// EntryTexts implements domain.CheckStore.
func (s *Store) EntryTexts(ctx context.Context, contestID int64) ([]domain.EntryTextRow, error) {
	var rows []struct {
		domain.EntryTextRow
		FieldsJSON []byte `db:"fields"`
	}
	if err := s.db.SelectContext(ctx, &rows, s.q.EntryTexts, contestID); err != nil {
		return nil, mapErr(err, "entries")
	}
	out := make([]domain.EntryTextRow, len(rows))
	for i, r := range rows {
		out[i] = r.EntryTextRow
		if err := json.Unmarshal(r.FieldsJSON, &out[i].Fields); err != nil {
			return nil, err
		}
	}
	return out, nil
}
