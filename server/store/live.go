package store

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/podium-contests/podium/server/domain"
)

// liveQueries are the statements of queries/live.sql.
type liveQueries struct {
	LiveSettings         string `query:"live-settings"`
	UpsertLiveSettings   string `query:"upsert-live-settings"`
	LiveRooms            string `query:"live-rooms"`
	LiveRoom             string `query:"live-room"`
	LiveRoomByToken      string `query:"live-room-by-token"`
	DeleteLiveSlots      string `query:"delete-live-slots"`
	DeleteOtherLiveRooms string `query:"delete-other-live-rooms"`
	UpsertLiveRoom       string `query:"upsert-live-room"`
	ResetLiveClocks      string `query:"reset-live-clocks"`
	LiveSlots            string `query:"live-slots"`
	InsertLiveSlot       string `query:"insert-live-slot"`
	MoveLiveSlot         string `query:"move-live-slot"`
	SaveRoomClock        string `query:"save-room-clock"`
	SetSlotStatus        string `query:"set-slot-status"`
	SetDisplayToken      string `query:"set-display-token"`
	JudgeRooms           string `query:"judge-rooms"`
	TeamSlots            string `query:"team-slots"`
	NotifyLive           string `query:"notify-live"`
}

// liveSettingsRow is a live_rounds row.
type liveSettingsRow struct {
	domain.LiveSettings
	Breaks []byte `db:"breaks"`
}

// liveRoomRow is a live_rooms row.
type liveRoomRow struct {
	domain.LiveRoom
	Judges    pgArray[int64] `db:"judges"`
	SlotID    *int64         `db:"slot_id"`
	StartedAt *time.Time     `db:"started_at"`
	PausedAt  *time.Time     `db:"paused_at"`
	PausedMS  int64          `db:"paused_ms"`
	PitchMS   int64          `db:"pitch_ms"`
	QAMS      int64          `db:"qa_ms"`
	Revision  int64          `db:"revision"`
}

func (r liveRoomRow) room() (domain.LiveRoom, error) {
	out := r.LiveRoom
	out.Judges = []int64(r.Judges)
	if out.Judges == nil {
		out.Judges = []int64{}
	}
	out.Clock = domain.RoomClock{StartedAt: r.StartedAt, PausedAt: r.PausedAt, PausedMS: r.PausedMS, PitchMS: r.PitchMS, QAMS: r.QAMS, Revision: r.Revision}
	if r.SlotID != nil {
		out.Clock.SlotID = *r.SlotID
	}
	return out, nil
}

// LiveSettings implements domain.LiveStore.
func (s *Store) LiveSettings(ctx context.Context, roundID int64) (domain.LiveSettings, error) {
	var row liveSettingsRow
	if err := s.db.GetContext(ctx, &row, s.q.LiveSettings, roundID); err != nil {
		return domain.LiveSettings{}, mapErr(err, "live round")
	}
	out := row.LiveSettings
	if err := json.Unmarshal(row.Breaks, &out.Breaks); err != nil {
		return domain.LiveSettings{}, err
	}
	if out.Breaks == nil {
		out.Breaks = []domain.Break{}
	}
	return out, nil
}

// LiveRooms implements domain.LiveStore.
func (s *Store) LiveRooms(ctx context.Context, roundID int64) ([]domain.LiveRoom, error) {
	return selectConverted(ctx, s.db, "rooms", liveRoomRow.room, s.q.LiveRooms, roundID)
}

// LiveRoom implements domain.LiveStore.
func (s *Store) LiveRoom(ctx context.Context, roomID int64) (domain.LiveRoom, error) {
	var row liveRoomRow
	if err := s.db.GetContext(ctx, &row, s.q.LiveRoom, roomID); err != nil {
		return domain.LiveRoom{}, mapErr(err, "room")
	}
	return row.room()
}

// LiveRoomByToken implements domain.LiveStore.
func (s *Store) LiveRoomByToken(ctx context.Context, token string) (domain.LiveRoom, error) {
	var row liveRoomRow
	if err := s.db.GetContext(ctx, &row, s.q.LiveRoomByToken, token); err != nil {
		return domain.LiveRoom{}, mapErr(err, "room")
	}
	return row.room()
}

// SaveLiveSetup implements domain.LiveStore.
func (s *Store) SaveLiveSetup(ctx context.Context, ls domain.LiveSettings, rooms []domain.LiveRoom, audit domain.AuditEntry) error {
	return s.inRoundTx(ctx, ls.RoundID, func(tx *preparedTx) error {
		if _, err := tx.ExecContext(ctx, s.q.UpsertLiveSettings, ls.RoundID, ls.PitchSeconds, ls.QASeconds, ls.StartsAt,
			string(domain.JSONValue(ls.Breaks))); err != nil {
			return mapErr(err, "live round")
		}
		if _, err := tx.ExecContext(ctx, s.q.DeleteLiveSlots, ls.RoundID); err != nil {
			return mapErr(err, "schedule")
		}
		names := make([]string, len(rooms))
		for i, r := range rooms {
			names[i] = strings.ToLower(r.Name)
		}
		if _, err := tx.ExecContext(ctx, s.q.DeleteOtherLiveRooms, ls.RoundID, names); err != nil {
			return mapErr(err, "rooms")
		}
		for _, r := range rooms {
			if _, err := tx.ExecContext(ctx, s.q.UpsertLiveRoom, ls.RoundID, r.Position, r.Name, r.Judges, r.ModeratorID, r.DisplayToken); err != nil {
				return mapErr(err, "room")
			}
		}
		if _, err := tx.ExecContext(ctx, s.q.ResetLiveClocks, ls.RoundID); err != nil {
			return mapErr(err, "rooms")
		}
		return s.addAudit(ctx, tx, audit)
	})
}

// LiveSlots implements domain.LiveStore.
func (s *Store) LiveSlots(ctx context.Context, roundID int64) ([]domain.LiveSlot, error) {
	out := []domain.LiveSlot{}
	err := s.db.SelectContext(ctx, &out, s.q.LiveSlots, roundID)
	return out, mapErr(err, "schedule")
}

// ReplaceSchedule implements domain.LiveStore.
func (s *Store) ReplaceSchedule(ctx context.Context, roundID int64, slots []domain.PlannedSlot, pairs []domain.AssignmentPair, mails []domain.Email, audit domain.AuditEntry) error {
	return s.inRoundTx(ctx, roundID, func(tx *preparedTx) error {
		var scored int
		if err := tx.GetContext(ctx, &scored, s.q.CountRoundScores, roundID); err != nil {
			return mapErr(err, "scores")
		}
		if scored > 0 {
			return domain.Errorf(domain.CodeConflict, "judges have started scoring: move or swap teams instead of building the schedule again")
		}
		if _, err := tx.ExecContext(ctx, s.q.DeleteLiveSlots, roundID); err != nil {
			return mapErr(err, "schedule")
		}
		for _, p := range slots {
			if _, err := tx.ExecContext(ctx, s.q.InsertLiveSlot, roundID, p.RoomID, p.EntryID, p.Position, p.StartsAt); err != nil {
				return mapErr(err, "slot")
			}
		}
		if _, err := tx.ExecContext(ctx, s.q.ResetLiveClocks, roundID); err != nil {
			return mapErr(err, "rooms")
		}
		if _, err := tx.ExecContext(ctx, s.q.DeleteRoundAssignments, roundID); err != nil {
			return mapErr(err, "assignments")
		}
		if _, err := tx.ExecContext(ctx, s.q.MarkAssigned, roundID); err != nil {
			return mapErr(err, "round")
		}
		if err := s.insertPairs(ctx, tx, roundID, pairs, mails); err != nil {
			return err
		}
		return s.addAudit(ctx, tx, audit)
	})
}

// MoveSlots implements domain.LiveStore.
func (s *Store) MoveSlots(ctx context.Context, roundID int64, slots []domain.PlannedSlot, retire []domain.Retired, pairs []domain.AssignmentPair, mails []domain.Email, audit domain.AuditEntry) error {
	return s.inRoundTx(ctx, roundID, func(tx *preparedTx) error {
		for _, p := range slots {
			if _, err := tx.ExecContext(ctx, s.q.MoveLiveSlot, roundID, p.EntryID, p.RoomID, p.Position, p.StartsAt); err != nil {
				return mapErr(err, "slot")
			}
		}
		for _, r := range retire {
			res, err := tx.ExecContext(ctx, s.q.RetireAssignment, r.ID, r.Status, r.Reason)
			if err != nil {
				return mapErr(err, "assignment")
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return domain.Errorf(domain.CodeConflict, "the assignments changed meanwhile; try again")
			}
		}
		if err := s.insertPairs(ctx, tx, roundID, pairs, mails); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q.ResetLiveClocks, roundID); err != nil {
			return mapErr(err, "rooms")
		}
		return s.addAudit(ctx, tx, audit)
	})
}

// SaveRoomClock implements domain.LiveStore.
func (s *Store) SaveRoomClock(ctx context.Context, room domain.LiveRoom, prev int64, c domain.RoomClock, change *domain.SlotChange, actorID int64) error {
	err := s.inTx(ctx, func(tx *preparedTx) error {
		var slot *int64
		if c.SlotID != 0 {
			slot = &c.SlotID
		}
		res, err := tx.ExecContext(ctx, s.q.SaveRoomClock, room.ID, prev, slot, c.StartedAt, c.PausedAt, c.PausedMS, c.PitchMS, c.QAMS, c.Revision)
		if err != nil {
			return mapErr(err, "room")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.CodeConflict, "the room changed meanwhile; try again")
		}
		if change != nil {
			if _, err := tx.ExecContext(ctx, s.q.SetSlotStatus, change.SlotID, change.Status, actorID); err != nil {
				return mapErr(err, "slot")
			}
		}
		_, err = tx.ExecContext(ctx, s.q.NotifyLive, room.RoundID)
		return mapErr(err, "room")
	})
	return err
}

// SetDisplayToken implements domain.LiveStore.
func (s *Store) SetDisplayToken(ctx context.Context, roomID int64, token string) error {
	res, err := s.db.ExecContext(ctx, s.q.SetDisplayToken, roomID, token)
	if err != nil {
		return mapErr(err, "room")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.NotFound("room")
	}
	return nil
}

// JudgeRooms implements domain.LiveStore.
func (s *Store) JudgeRooms(ctx context.Context, userID int64) ([]domain.JudgeRoom, error) {
	out := []domain.JudgeRoom{}
	err := s.db.SelectContext(ctx, &out, s.q.JudgeRooms, userID)
	return out, mapErr(err, "rooms")
}

// TeamSlots implements domain.LiveStore.
func (s *Store) TeamSlots(ctx context.Context, teamID int64) ([]domain.TeamSlot, error) {
	out := []domain.TeamSlot{}
	err := s.db.SelectContext(ctx, &out, s.q.TeamSlots, teamID)
	return out, mapErr(err, "slots")
}

var _ domain.LiveStore = (*Store)(nil)
