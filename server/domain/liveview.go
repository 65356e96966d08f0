package domain

import (
	"context"
	"slices"
	"time"
)

// RoomView is a room's state at a server instant: the clock itself (so a
// client can compute every later second) and what it means at ServerTime
// (phase, remaining and elapsed milliseconds), with the current and next
// teams and the room's timetable. Clients correct their clock by the
// difference between ServerTime and their own time at receipt.
type RoomView struct {
	RoomID      int64      `json:"room_id"`
	RoomName    string     `json:"room_name"`
	RoundID     int64      `json:"round_id"`
	RoundName   string     `json:"round_name"`
	ContestSlug string     `json:"contest_slug"`
	Timezone    string     `json:"timezone"` // the contest's, for the timetable
	Blind       bool       `json:"blind"`
	Clock       RoomClock  `json:"clock"`
	Phase       string     `json:"phase" enum:"idle,pitch,qa,over,finished"`
	RemainingMS int64      `json:"remaining_ms"`
	ElapsedMS   int64      `json:"elapsed_ms"`
	Paused      bool       `json:"paused"`
	ServerTime  time.Time  `json:"server_time"`
	Current     *LiveSlot  `json:"current"`
	Next        *LiveSlot  `json:"next"`
	Slots       []LiveSlot `json:"slots"`
	// Scored is how many judges have submitted their scores for the
	// current entry, of Judges, the room's judges: the room's progress.
	Scored int `json:"scored"`
	Judges int `json:"judges"`
	// CanModerate: the caller may drive the clock (organizers and the
	// room's moderator); false on the display and for other judges.
	CanModerate bool `json:"can_moderate"`
}

// JudgeRoom is a room a judge sits in.
type JudgeRoom struct {
	RoomID      int64  `json:"room_id" db:"room_id"`
	RoomName    string `json:"room_name" db:"room_name"`
	RoundID     int64  `json:"round_id" db:"round_id"`
	RoundName   string `json:"round_name" db:"round_name"`
	ContestSlug string `json:"contest_slug" db:"contest_slug"`
	Moderator   bool   `json:"moderator" db:"moderator"`
}

// Room audiences: what a view may show.
const (
	AudienceFull  = "full"  // organizers, the moderator, the display: the team is on stage
	AudienceJudge = "judge" // a judge of the room: blind rounds hide the team
)

// ShowsTeam says whether an audience of a round may see which team an entry
// is: a judge of a blind round may not (AudienceJudge); organizers, the
// moderator and the stage may (AudienceFull), as may everyone in a round
// that is not blind.
func ShowsTeam(blind bool, audience string) bool {
	return !blind || audience == AudienceFull
}

// roomAccess says how u may see a room: as a moderator, as a judge, or
// not at all (not_found for strangers).
func (l *Live) roomAccess(ctx context.Context, u User, room LiveRoom) (audience string, moderate bool, err error) {
	r, err := l.Store.RoundByID(ctx, room.RoundID)
	if err != nil {
		return "", false, err
	}
	a, err := l.Judging.Contests.access(ctx, u, r.ContestID)
	if err != nil {
		return "", false, err
	}
	switch {
	case a.Organizer:
		return AudienceFull, true, nil
	case a.Judge && room.ModeratorID != nil && *room.ModeratorID == u.ID:
		return AudienceFull, true, nil
	case a.Judge && slices.Contains(room.Judges, u.ID):
		return AudienceJudge, false, nil
	}
	return "", false, NotFound("room")
}

// RoomAudience authorizes u on a room and says which view they get.
func (l *Live) RoomAudience(ctx context.Context, u User, roomID int64) (string, error) {
	room, err := l.Store.LiveRoom(ctx, roomID)
	if err != nil {
		return "", err
	}
	aud, _, err := l.roomAccess(ctx, u, room)
	return aud, err
}

// Room returns a room's state for u (organizers, the moderator and the
// room's judges).
func (l *Live) Room(ctx context.Context, u User, roomID int64) (RoomView, error) {
	room, err := l.Store.LiveRoom(ctx, roomID)
	if err != nil {
		return RoomView{}, err
	}
	aud, mod, err := l.roomAccess(ctx, u, room)
	if err != nil {
		return RoomView{}, err
	}
	v, err := l.RoomState(ctx, room, aud)
	v.CanModerate = mod
	return v, err
}

// DisplayRoom returns a room's state for its display link (no sign-in).
func (l *Live) DisplayRoom(ctx context.Context, token string) (RoomView, error) {
	if len(token) < 16 {
		return RoomView{}, NotFound("room")
	}
	room, err := l.Store.LiveRoomByToken(ctx, token)
	if err != nil {
		return RoomView{}, err
	}
	return l.RoomState(ctx, room, AudienceFull)
}

// RoomByToken finds the room of a display link.
func (l *Live) RoomByToken(ctx context.Context, token string) (LiveRoom, error) {
	if len(token) < 16 {
		return LiveRoom{}, NotFound("room")
	}
	return l.Store.LiveRoomByToken(ctx, token)
}

// RoomStateByID is RoomState for a room by id (for stream loaders, which
// authorized their audience when the stream opened).
func (l *Live) RoomStateByID(ctx context.Context, roomID int64, audience string) (RoomView, error) {
	room, err := l.Store.LiveRoom(ctx, roomID)
	if err != nil {
		return RoomView{}, err
	}
	return l.RoomState(ctx, room, audience)
}

// RoomState builds a room's view for an audience, at the server's now.
// The caller has authorized the audience.
func (l *Live) RoomState(ctx context.Context, room LiveRoom, audience string) (RoomView, error) {
	r, err := l.Store.RoundByID(ctx, room.RoundID)
	if err != nil {
		return RoomView{}, err
	}
	c, err := l.Judging.Contests.contestByID(ctx, r.ContestID)
	if err != nil {
		return RoomView{}, err
	}
	all, err := l.Store.LiveSlots(ctx, room.RoundID)
	if err != nil {
		return RoomView{}, err
	}
	now := l.Judging.now()
	v := RoomView{RoomID: room.ID, RoomName: room.Name, RoundID: r.ID, RoundName: r.Name, ContestSlug: r.ContestSlug, Timezone: c.Timezone, Blind: r.Blind,
		Clock: room.Clock, ServerTime: now, Slots: []LiveSlot{}, Paused: room.Clock.PausedAt != nil}
	v.Phase, v.RemainingMS = room.Clock.Phase(now)
	v.ElapsedMS = room.Clock.elapsed(now).Milliseconds()
	var order []RoomSlot
	for _, s := range all {
		if s.RoomID != room.ID {
			continue
		}
		if !ShowsTeam(r.Blind, audience) {
			s.TeamID, s.TeamName = 0, ""
		}
		v.Slots = append(v.Slots, s)
		order = append(order, RoomSlot{ID: s.ID, Status: s.Status})
	}
	next := NextSlot(order, room.Clock.SlotID)
	for i := range v.Slots {
		switch v.Slots[i].ID {
		case room.Clock.SlotID:
			v.Current = &v.Slots[i]
		case next:
			v.Next = &v.Slots[i]
		}
	}
	v.Judges = len(room.Judges)
	if v.Current != nil {
		sheets, err := l.Judging.Store.RoundScores(ctx, r.ID, true)
		if err != nil {
			return RoomView{}, err
		}
		for _, sh := range sheets {
			if sh.SubmissionID == v.Current.EntryID {
				v.Scored++
			}
		}
	}
	return v, nil
}

// maxClockRetries bounds the retries of a moderator's action that lost a
// race with another moderator's.
const maxClockRetries = 3

// Act applies a moderator's action to a room's clock; the room's
// listeners on every replica hear of it.
func (l *Live) Act(ctx context.Context, u User, roomID int64, a RoomAction) (RoomView, error) {
	for try := 0; ; try++ {
		room, err := l.Store.LiveRoom(ctx, roomID)
		if err != nil {
			return RoomView{}, err
		}
		aud, mod, err := l.roomAccess(ctx, u, room)
		if err != nil {
			return RoomView{}, err
		}
		if !mod {
			return RoomView{}, Errorf(CodeForbidden, "only the room's moderator and the organizers drive its clock")
		}
		s, err := l.Store.LiveSettings(ctx, room.RoundID)
		if err != nil {
			return RoomView{}, err
		}
		slots, err := l.Store.LiveSlots(ctx, room.RoundID)
		if err != nil {
			return RoomView{}, err
		}
		var order []RoomSlot
		for _, sl := range slots {
			if sl.RoomID == room.ID {
				order = append(order, RoomSlot{ID: sl.ID, Status: sl.Status})
			}
		}
		next, change, err := StepRoom(room.Clock, order, s.durations(), a, l.Judging.now())
		if err != nil {
			return RoomView{}, err
		}
		err = l.Store.SaveRoomClock(ctx, room, room.Clock.Revision, next, change, u.ID)
		if ErrorCode(err) == CodeConflict && try < maxClockRetries {
			continue // another moderator acted first: decide again on the new state
		}
		if err != nil {
			return RoomView{}, err
		}
		room.Clock = next
		v, err := l.RoomState(ctx, room, aud)
		v.CanModerate = true
		return v, err
	}
}

// MyRooms lists the rooms the caller judges in.
func (l *Live) MyRooms(ctx context.Context, u User) ([]JudgeRoom, error) {
	return l.Store.JudgeRooms(ctx, u.ID)
}

// TimetableRoom is one room of a public timetable.
type TimetableRoom struct {
	Name  string     `json:"name"`
	Slots []LiveSlot `json:"slots"`
}

// Timetable is a live round's public schedule, room by room.
type Timetable struct {
	RoundName   string          `json:"round_name"`
	ContestSlug string          `json:"contest_slug"`
	Timezone    string          `json:"timezone"`
	Rooms       []TimetableRoom `json:"rooms"`
}

// PublicTimetable is a live round's schedule for anyone, once its contest
// is public: team names and times per room. In a blind round it leaves out
// the entries' titles, so that the timetable cannot tie a blind entry to
// its team; the team itself is on stage anyway.
func (l *Live) PublicTimetable(ctx context.Context, u User, roundID int64) (Timetable, error) {
	r, err := l.Store.RoundByID(ctx, roundID)
	if err != nil {
		return Timetable{}, err
	}
	c, err := l.Judging.Contests.contestByID(ctx, r.ContestID)
	if err != nil {
		return Timetable{}, err
	}
	if err := l.Judging.Contests.checkVisible(ctx, u, c); err != nil {
		return Timetable{}, NotFound("timetable")
	}
	rooms, err := l.Store.LiveRooms(ctx, roundID)
	if ErrorCode(err) == CodeNotFound || (err == nil && len(rooms) == 0) {
		return Timetable{}, NotFound("timetable")
	}
	if err != nil {
		return Timetable{}, err
	}
	slots, err := l.Store.LiveSlots(ctx, roundID)
	if err != nil {
		return Timetable{}, err
	}
	if len(slots) == 0 {
		return Timetable{}, NotFound("timetable")
	}
	out := Timetable{RoundName: r.Name, ContestSlug: c.Slug, Timezone: c.Timezone, Rooms: []TimetableRoom{}}
	for _, room := range rooms {
		tr := TimetableRoom{Name: room.Name, Slots: []LiveSlot{}}
		for _, s := range slots {
			if s.RoomID == room.ID {
				s.TeamID = 0
				if r.Blind {
					s.Title = ""
				}
				tr.Slots = append(tr.Slots, s)
			}
		}
		out.Rooms = append(out.Rooms, tr)
	}
	return out, nil
}
