package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/podium-contests/podium/server/domain"
)

// FinalSettings implements domain.FinalStore: the defaults before the
// first save.
func (s *Store) FinalSettings(ctx context.Context, contestID int64) (domain.FinalSettings, error) {
	var row struct {
		Weights  []byte     `db:"weights"`
		Missing  string     `db:"missing"`
		Revision int        `db:"revision"`
		FrozenAt *time.Time `db:"frozen_at"`
		FrozenBy *int64     `db:"frozen_by"`
	}
	out := domain.FinalSettings{Weights: []domain.RoundWeight{}, Missing: "exclude"}
	err := s.db.GetContext(ctx, &row, s.q.FinalSettings, contestID)
	if err != nil {
		if domain.ErrorCode(mapErr(err, "final")) == domain.CodeNotFound {
			return out, nil
		}
		return out, mapErr(err, "final ranking")
	}
	if err := json.Unmarshal(row.Weights, &out.Weights); err != nil {
		return out, err
	}
	out.Missing, out.Revision, out.FrozenAt = row.Missing, row.Revision, row.FrozenAt
	return out, nil
}

// SaveFinalWeights implements domain.FinalStore.
func (s *Store) SaveFinalWeights(ctx context.Context, contestID int64, in domain.FinalSettings, revision int, audit domain.AuditEntry) (int, error) {
	var next int
	err := s.inTx(ctx, func(tx *preparedTx) error {
		if _, err := tx.ExecContext(ctx, s.q.EnsureFinal, contestID); err != nil {
			return mapErr(err, "final ranking")
		}
		w, _ := json.Marshal(in.Weights)
		if err := tx.GetContext(ctx, &next, s.q.SaveFinalWeights, contestID, w, in.Missing, revision); err != nil {
			if domain.ErrorCode(mapErr(err, "final")) == domain.CodeNotFound {
				return domain.Errorf(domain.CodeConflict, "another organizer changed the weights meanwhile; reload to see them, then save again")
			}
			return mapErr(err, "final ranking")
		}
		return s.addAudit(ctx, tx, audit)
	})
	return next, err
}

// SetFrozen implements domain.FinalStore.
func (s *Store) SetFrozen(ctx context.Context, contestID int64, at *time.Time, by int64, audit domain.AuditEntry) error {
	return s.inTx(ctx, func(tx *preparedTx) error {
		if _, err := tx.ExecContext(ctx, s.q.EnsureFinal, contestID); err != nil {
			return mapErr(err, "final ranking")
		}
		var id int64
		if err := tx.GetContext(ctx, &id, s.q.SetFrozen, contestID, at, by); err != nil {
			if domain.ErrorCode(mapErr(err, "final")) == domain.CodeNotFound {
				if at != nil {
					return domain.Errorf(domain.CodeConflict, "the ranking is already frozen")
				}
				return domain.Errorf(domain.CodeConflict, "the ranking is not frozen")
			}
			return mapErr(err, "final ranking")
		}
		return s.addAudit(ctx, tx, audit)
	})
}

// AddOverride implements domain.FinalStore.
func (s *Store) AddOverride(ctx context.Context, contestID, actorID int64, in domain.OverrideInput, audit domain.AuditEntry) (int64, error) {
	nullID := func(v int64) *int64 {
		if v <= 0 {
			return nil
		}
		return &v
	}
	var pos *int
	if in.Kind == domain.OverrideMove {
		pos = &in.Position
	}
	var id int64
	err := s.inTx(ctx, func(tx *preparedTx) error {
		if err := tx.GetContext(ctx, &id, s.q.AddOverride, contestID, in.Kind, nullID(in.EntryID), nullID(in.OtherID), pos,
			in.Award, in.Reason, actorID); err != nil {
			return mapErr(err, "override")
		}
		return s.addAudit(ctx, tx, audit)
	})
	return id, err
}

// Overrides implements domain.FinalStore: oldest first.
func (s *Store) Overrides(ctx context.Context, contestID int64) ([]domain.Override, error) {
	out := []domain.Override{}
	err := s.db.SelectContext(ctx, &out, s.q.ListOverrides, contestID)
	return out, mapErr(err, "overrides")
}

// RevokeOverride implements domain.FinalStore.
func (s *Store) RevokeOverride(ctx context.Context, contestID, id, actorID int64, audit domain.AuditEntry) error {
	return s.inTx(ctx, func(tx *preparedTx) error {
		var got int64
		if err := tx.GetContext(ctx, &got, s.q.RevokeOverride, id, contestID, actorID); err != nil {
			return mapErr(err, "override")
		}
		return s.addAudit(ctx, tx, audit)
	})
}

type ceremonyRow struct {
	ContestID     int64      `db:"contest_id"`
	Order         []byte     `db:"reveal_order"`
	Revealed      int        `db:"revealed"`
	State         string     `db:"state"`
	Rehearsal     bool       `db:"rehearsal"`
	AudienceToken string     `db:"audience_token"`
	PublishAt     *time.Time `db:"publish_at"`
	Revision      int        `db:"revision"`
}

func (r ceremonyRow) ceremony() (domain.Ceremony, error) {
	c := domain.Ceremony{ContestID: r.ContestID, Revealed: r.Revealed, State: r.State, Rehearsal: r.Rehearsal,
		AudienceToken: r.AudienceToken, PublishAt: r.PublishAt, Revision: r.Revision}
	err := json.Unmarshal(r.Order, &c.Order)
	return c, err
}

// Ceremony implements domain.CeremonyStore: the contest's ceremony,
// created (idle, with newToken as its audience link) on first use.
func (s *Store) Ceremony(ctx context.Context, contestID int64, newToken string) (domain.Ceremony, error) {
	if _, err := s.db.ExecContext(ctx, s.q.EnsureCeremony, contestID, newToken); err != nil {
		return domain.Ceremony{}, mapErr(err, "ceremony")
	}
	var row ceremonyRow
	if err := s.db.GetContext(ctx, &row, s.q.CeremonyByContest, contestID); err != nil {
		return domain.Ceremony{}, mapErr(err, "ceremony")
	}
	return row.ceremony()
}

// CeremonyByToken implements domain.CeremonyStore.
func (s *Store) CeremonyByToken(ctx context.Context, token string) (domain.Ceremony, error) {
	var row ceremonyRow
	if err := s.db.GetContext(ctx, &row, s.q.CeremonyByToken, token); err != nil {
		return domain.Ceremony{}, mapErr(err, "ceremony")
	}
	return row.ceremony()
}

// UpdateCeremony implements domain.CeremonyStore.
func (s *Store) UpdateCeremony(ctx context.Context, c domain.Ceremony, publish bool, audit domain.AuditEntry) (int, error) {
	var out struct {
		Revision int  `db:"revision"`
		Notified bool `db:"notified"`
	}
	err := s.inTx(ctx, func(tx *preparedTx) error {
		order, _ := json.Marshal(c.Order)
		if err := tx.GetContext(ctx, &out, s.q.UpdateCeremony, c.ContestID, order, c.Revealed, c.State, c.Rehearsal,
			c.AudienceToken, c.PublishAt, c.Revision); err != nil {
			if domain.ErrorCode(mapErr(err, "ceremony")) == domain.CodeNotFound {
				return domain.Errorf(domain.CodeConflict, "the ceremony changed meanwhile (another presenter?); reload and try again")
			}
			return mapErr(err, "ceremony")
		}
		if publish {
			if _, err := tx.ExecContext(ctx, s.q.PublishResults, c.ContestID); err != nil {
				return mapErr(err, "contest")
			}
		}
		return s.addAudit(ctx, tx, audit)
	})
	return out.Revision, err
}

// EntryPhotos implements domain.CeremonyStore.
func (s *Store) EntryPhotos(ctx context.Context, entryIDs []int64) (map[int64]domain.PhotoFile, error) {
	var rows []struct {
		SubmissionID int64 `db:"submission_id"`
		domain.PhotoFile
	}
	if err := s.db.SelectContext(ctx, &rows, s.q.EntryPhotos, entryIDs); err != nil {
		return nil, mapErr(err, "photos")
	}
	out := map[int64]domain.PhotoFile{}
	for _, r := range rows {
		out[r.SubmissionID] = r.PhotoFile
	}
	return out, nil
}

// DuePublications implements domain.CeremonyStore.
func (s *Store) DuePublications(ctx context.Context) ([]int64, error) {
	out := []int64{}
	err := s.db.SelectContext(ctx, &out, s.q.DuePublications)
	return out, mapErr(err, "publications")
}

// PublishScheduled implements domain.CeremonyStore: publishes the results
// (if not yet out) with an audit line without an actor.
func (s *Store) PublishScheduled(ctx context.Context, contestID int64, audit domain.AuditEntry) error {
	return s.inTx(ctx, func(tx *preparedTx) error {
		if _, err := tx.ExecContext(ctx, s.q.PublishResults, contestID); err != nil {
			return mapErr(err, "contest")
		}
		_, err := tx.ExecContext(ctx, s.q.AddSystemAudit, contestID, audit.Action, audit.ObjectType, audit.ObjectID, []byte(audit.Detail))
		return mapErr(err, "audit")
	})
}
