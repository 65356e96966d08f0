package domain

import (
	"time"
)

// Slot statuses of a live round's schedule.
const (
	SlotScheduled = "scheduled" // waiting for its turn
	SlotDone      = "done"      // pitched
	SlotAbsent    = "absent"    // skipped: the team said it would not come
	SlotNoShow    = "no_show"   // skipped: the team did not turn up
)

// Room phases, derived from the clock (see RoomClock.Phase).
const (
	PhaseIdle     = "idle"     // the current team has not started
	PhasePitch    = "pitch"    // pitching
	PhaseQA       = "qa"       // questions
	PhaseOver     = "over"     // time is up; waiting for the moderator
	PhaseFinished = "finished" // no team left
)

// Moderator actions on a room.
const (
	ActStart  = "start"  // start the current team's pitch
	ActPause  = "pause"  // stop the clock
	ActResume = "resume" // run the clock again
	ActExtend = "extend" // add seconds to the current phase
	ActQA     = "qa"     // end the pitch early: questions now
	ActNext   = "next"   // the current team is done: the next one waits
	ActSkip   = "skip"   // the current team is absent or a no-show
)

// RoomClock is a room's state. It holds instants of the server's clock,
// not a running count, so that any replica, and any client after a reload,
// computes the same remaining time from it and the current time.
type RoomClock struct {
	SlotID    int64      `json:"slot_id"`    // the current slot (0: none left)
	StartedAt *time.Time `json:"started_at"` // nil: the current slot has not started
	PausedAt  *time.Time `json:"paused_at"`  // non-nil: paused since then
	PausedMS  int64      `json:"paused_ms"`  // pauses before PausedAt
	PitchMS   int64      `json:"pitch_ms"`   // the pitch's allowance, with extensions
	QAMS      int64      `json:"qa_ms"`      // the questions' allowance, with extensions
	Revision  int64      `json:"revision"`   // moves with every change
}

// RoomSlot is a slot as the state machine sees it.
type RoomSlot struct {
	ID     int64
	Status string
}

// RoomAction is a moderator's request.
type RoomAction struct {
	Action  string `json:"action" enum:"start,pause,resume,extend,qa,next,skip"`
	Seconds int    `json:"seconds,omitempty"`                      // extend: 1..1800
	Reason  string `json:"reason,omitempty" enum:"absent,no_show"` // skip
}

// SlotChange records a slot's new status.
type SlotChange struct {
	SlotID int64
	Status string
}

// Durations are a live round's default pitch and questions.
type Durations struct {
	Pitch time.Duration
	QA    time.Duration
}

// elapsed is the clock's running time at now (pauses excluded).
func (c RoomClock) elapsed(now time.Time) time.Duration {
	if c.StartedAt == nil {
		return 0
	}
	end := now
	if c.PausedAt != nil {
		end = *c.PausedAt
	}
	d := end.Sub(*c.StartedAt) - time.Duration(c.PausedMS)*time.Millisecond
	return max(d, 0)
}

// Phase says where the room is at now and how many milliseconds are left
// in that phase (negative once over: the overrun).
func (c RoomClock) Phase(now time.Time) (string, int64) {
	if c.SlotID == 0 {
		return PhaseFinished, 0
	}
	if c.StartedAt == nil {
		return PhaseIdle, c.PitchMS
	}
	e := c.elapsed(now).Milliseconds()
	switch {
	case e < c.PitchMS:
		return PhasePitch, c.PitchMS - e
	case e < c.PitchMS+c.QAMS:
		return PhaseQA, c.PitchMS + c.QAMS - e
	}
	return PhaseOver, c.PitchMS + c.QAMS - e
}

// NextSlot is the first slot after the current one still scheduled (0:
// none). slots are in the room's order.
func NextSlot(slots []RoomSlot, current int64) int64 {
	seen := current == 0
	for _, s := range slots {
		if seen && s.ID != current && s.Status == SlotScheduled {
			return s.ID
		}
		if s.ID == current {
			seen = true
		}
	}
	return 0
}

// StepRoom applies a moderator's action at now to a room's clock, over its
// slots in order, and returns the new clock and the slot whose status
// changes (if any). An action that does not fit the room's state is a
// conflict naming why; bad input is invalid and changes nothing.
func StepRoom(c RoomClock, slots []RoomSlot, d Durations, a RoomAction, now time.Time) (RoomClock, *SlotChange, error) {
	phase, _ := c.Phase(now)
	notNow := func(why string) (RoomClock, *SlotChange, error) {
		return c, nil, Errorf(CodeConflict, "cannot %s: %s", a.Action, why)
	}
	next := c
	next.Revision++
	switch a.Action {
	case ActStart:
		switch {
		case phase == PhaseFinished:
			return notNow("no team is left in this room")
		case phase != PhaseIdle:
			return notNow("the pitch has already started")
		}
		t := now
		next.StartedAt, next.PausedAt, next.PausedMS = &t, nil, 0
		return next, nil, nil
	case ActPause:
		if phase == PhaseIdle || phase == PhaseFinished || c.PausedAt != nil {
			return notNow("the clock is not running")
		}
		t := now
		next.PausedAt = &t
		return next, nil, nil
	case ActResume:
		if c.PausedAt == nil {
			return notNow("the clock is not paused")
		}
		next.PausedMS += now.Sub(*c.PausedAt).Milliseconds()
		next.PausedAt = nil
		return next, nil, nil
	case ActExtend:
		if a.Seconds < 1 || a.Seconds > 1800 {
			return c, nil, Invalid(map[string]string{"seconds": "must be between 1 and 1800"})
		}
		add := int64(a.Seconds) * 1000
		switch phase {
		case PhaseIdle, PhasePitch:
			next.PitchMS += add
		case PhaseQA:
			next.QAMS += add
		case PhaseOver:
			// Time was up: the questions run again for the extension.
			next.QAMS = c.elapsed(now).Milliseconds() - c.PitchMS + add
		default:
			return notNow("no team is left in this room")
		}
		return next, nil, nil
	case ActQA:
		if phase != PhasePitch {
			return notNow("no pitch is running")
		}
		next.PitchMS = c.elapsed(now).Milliseconds()
		return next, nil, nil
	case ActNext, ActSkip:
		if phase == PhaseFinished {
			return notNow("no team is left in this room")
		}
		status := SlotDone
		if a.Action == ActSkip {
			if a.Reason != SlotAbsent && a.Reason != SlotNoShow {
				return c, nil, Invalid(map[string]string{"reason": "must be absent or no_show"})
			}
			status = a.Reason
		} else if phase == PhaseIdle {
			return notNow("the pitch has not started (skip the team instead)")
		}
		next = RoomClock{SlotID: NextSlot(slots, c.SlotID), PitchMS: d.Pitch.Milliseconds(), QAMS: d.QA.Milliseconds(), Revision: c.Revision + 1}
		return next, &SlotChange{SlotID: c.SlotID, Status: status}, nil
	}
	return c, nil, Invalid(map[string]string{"action": "must be start, pause, resume, extend, qa, next or skip"})
}
