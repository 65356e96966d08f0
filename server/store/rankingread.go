package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strconv"

	"github.com/podium-contests/podium/server/domain"
)

// RankingEntries implements domain.JudgingStore: a round's entries without
// the people of each entry (30,000 rows for a national round), which a
// ranking never shows; RoundEntries adds them. Scanned by hand, as
// RankingScores: sqlx mapped 10,000 rows' columns to fields by reflection.
func (s *Store) RankingEntries(ctx context.Context, roundID int64) ([]domain.Entry, error) {
	out := []domain.Entry{}
	err := s.db.scanEach(ctx, "entries", s.q.RoundEntries, []any{roundID}, func(rows *sql.Rows) error {
		var e domain.Entry
		err := rows.Scan(&e.SubmissionID, &e.Version, &e.Advanced, &e.TeamID, &e.TeamName, &e.Track, &e.Title,
			&e.Fields, &e.Pages, &e.MediaSeconds, &e.Active)
		out = append(out, e)
		return err
	})
	return out, err
}

// RankingScores implements domain.JudgingStore. A national round has
// 30,000 sheets: they are scanned by hand (sqlx's reflection and a JSON
// decoding of every sheet's values were most of the read's CPU) and
// sorted here, as round-scores sorts them.
func (s *Store) RankingScores(ctx context.Context, roundID int64) ([]domain.ScoreSheet, error) {
	out := []domain.ScoreSheet{}
	var values sql.RawBytes // decoded before the next row
	err := s.db.scanEach(ctx, "scores", s.q.RankingScores, []any{roundID}, func(rows *sql.Rows) error {
		sc := domain.ScoreSheet{RoundID: roundID, Final: true}
		err := rows.Scan(&sc.AssignmentID, &sc.JudgeID, &sc.SubmissionID, &values, &sc.Comment)
		if err == nil {
			sc.Values, err = decodeValues(values)
		}
		out = append(out, sc)
		return err
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b domain.ScoreSheet) int {
		return cmp.Or(cmp.Compare(a.SubmissionID, b.SubmissionID), cmp.Compare(a.JudgeID, b.JudgeID),
			cmp.Compare(a.AssignmentID, b.AssignmentID))
	})
	return out, nil
}

// decodeValues decodes a sheet's values, a JSON object of numbers as
// PostgreSQL writes a jsonb one ({"a": 1, "b": 2.5}), without
// encoding/json's reflection; anything else (escapes in a key, a value that
// is not a number, other spacing) is left to encoding/json, so the result
// is always what json.Unmarshal gives.
func decodeValues(b []byte) (map[string]float64, error) {
	if m, ok := decodeFlatNumbers(b); ok {
		return m, nil
	}
	var m map[string]float64
	err := json.Unmarshal(b, &m)
	return m, err
}

// decodeFlatNumbers is decodeValues' fast path; ok is false when b is not
// of the simple form it reads.
func decodeFlatNumbers(b []byte) (map[string]float64, bool) {
	i := 0
	skip := func() {
		for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r') {
			i++
		}
	}
	skip()
	if i >= len(b) || b[i] != '{' {
		return nil, false
	}
	i++
	m := make(map[string]float64, 4)
	skip()
	if i < len(b) && b[i] == '}' {
		i++
		skip()
		return m, i == len(b)
	}
	for {
		skip()
		if i >= len(b) || b[i] != '"' {
			return nil, false
		}
		i++
		start := i
		for i < len(b) && b[i] != '"' {
			if b[i] == '\\' || b[i] < 0x20 || b[i] >= 0x80 {
				return nil, false
			}
			i++
		}
		if i >= len(b) {
			return nil, false
		}
		key := string(b[start:i])
		i++
		skip()
		if i >= len(b) || b[i] != ':' {
			return nil, false
		}
		i++
		skip()
		start = i
		for i < len(b) && (b[i] == '-' || b[i] == '+' || b[i] == '.' || b[i] == 'e' || b[i] == 'E' || (b[i] >= '0' && b[i] <= '9')) {
			i++
		}
		if !jsonNumber(b[start:i]) {
			return nil, false
		}
		v, err := strconv.ParseFloat(string(b[start:i]), 64)
		if err != nil {
			return nil, false
		}
		if _, dup := m[key]; dup {
			return nil, false
		}
		m[key] = v
		skip()
		if i >= len(b) {
			return nil, false
		}
		if b[i] == '}' {
			i++
			skip()
			return m, i == len(b)
		}
		if b[i] != ',' {
			return nil, false
		}
		i++
	}
}

// jsonNumber says whether n is a number in JSON's grammar (strconv accepts
// more: "+1", ".5", "1.", "01").
func jsonNumber(n []byte) bool {
	i := 0
	if i < len(n) && n[i] == '-' {
		i++
	}
	switch {
	case i < len(n) && n[i] == '0':
		i++
	case i < len(n) && n[i] >= '1' && n[i] <= '9':
		for i < len(n) && n[i] >= '0' && n[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(n) && n[i] == '.' {
		i++
		if i >= len(n) || n[i] < '0' || n[i] > '9' {
			return false
		}
		for i < len(n) && n[i] >= '0' && n[i] <= '9' {
			i++
		}
	}
	if i < len(n) && (n[i] == 'e' || n[i] == 'E') {
		i++
		if i < len(n) && (n[i] == '+' || n[i] == '-') {
			i++
		}
		if i >= len(n) || n[i] < '0' || n[i] > '9' {
			return false
		}
		for i < len(n) && n[i] >= '0' && n[i] <= '9' {
			i++
		}
	}
	return i == len(n)
}
