package domain

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)

func slotsByRoom(slots []PlannedSlot) map[int64][]int64 {
	out := map[int64][]int64{}
	for _, s := range slots {
		out[s.RoomID] = append(out[s.RoomID], s.EntryID)
	}
	return out
}

func TestBuildSchedule(t *testing.T) {
	ten := 10 * time.Minute
	tests := []struct {
		name     string
		in       ScheduleInput
		want     map[int64][]int64
		unplaced []int64
	}{
		{"tracks stay together and rooms balance",
			ScheduleInput{Entries: []ScheduleEntry{{1, "ai"}, {2, "bio"}, {3, "ai"}, {4, "bio"}, {5, "ai"}, {6, "ai"}},
				Rooms: []ScheduleRoom{{ID: 10}, {ID: 20}}, Start: t0, Slot: ten},
			map[int64][]int64{10: {1, 3, 5}, 20: {6, 2, 4}}, nil},
		{"a conflicted judge keeps the team out of the room",
			ScheduleInput{Entries: []ScheduleEntry{{1, "ai"}, {2, "ai"}, {3, "ai"}, {4, "ai"}},
				Rooms:     []ScheduleRoom{{ID: 10, Judges: []int64{100}}, {ID: 20, Judges: []int64{200}}},
				Conflicts: map[[2]int64]bool{{100, 1}: true, {100, 2}: true}, Start: t0, Slot: ten},
			map[int64][]int64{10: {3, 4}, 20: {1, 2}}, nil},
		{"no room without a conflict: unplaced",
			ScheduleInput{Entries: []ScheduleEntry{{1, "ai"}, {2, "ai"}},
				Rooms:     []ScheduleRoom{{ID: 10, Judges: []int64{100}}},
				Conflicts: map[[2]int64]bool{{100, 2}: true}, Start: t0, Slot: ten},
			map[int64][]int64{10: {1}}, []int64{2}},
		{"no rooms: all unplaced",
			ScheduleInput{Entries: []ScheduleEntry{{1, "ai"}}, Start: t0, Slot: ten},
			map[int64][]int64{}, []int64{1}},
		{"input order does not matter",
			ScheduleInput{Entries: []ScheduleEntry{{6, "ai"}, {5, "ai"}, {4, "bio"}, {3, "ai"}, {2, "bio"}, {1, "ai"}},
				Rooms: []ScheduleRoom{{ID: 10}, {ID: 20}}, Start: t0, Slot: ten},
			map[int64][]int64{10: {1, 3, 5}, 20: {6, 2, 4}}, nil},
		{"a room holding a full share gives way",
			ScheduleInput{Entries: []ScheduleEntry{{1, "ai"}, {2, "ai"}, {3, "ai"}, {4, "ai"}, {5, "ai"}},
				Rooms: []ScheduleRoom{{ID: 10}, {ID: 20}, {ID: 30}}, Start: t0, Slot: ten},
			map[int64][]int64{10: {1, 2}, 20: {3, 4}, 30: {5}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			slots, un := BuildSchedule(tc.in)
			got := slotsByRoom(slots)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("rooms = %v, want %v", got, tc.want)
			}
			var gotUn []int64
			for _, u := range un {
				gotUn = append(gotUn, u.EntryID)
			}
			if fmt.Sprint(gotUn) != fmt.Sprint(tc.unplaced) {
				t.Errorf("unplaced = %v, want %v", gotUn, tc.unplaced)
			}
			for _, s := range slots {
				for _, r := range tc.in.Rooms {
					if r.ID == s.RoomID && roomConflicts(tc.in.Conflicts, r, s.EntryID) {
						t.Errorf("entry %d placed with a conflicted judge in room %d", s.EntryID, r.ID)
					}
				}
			}
			again, _ := BuildSchedule(tc.in)
			if fmt.Sprint(again) != fmt.Sprint(slots) {
				t.Error("not deterministic")
			}
		})
	}
}

func TestSlotTimes(t *testing.T) {
	ten := 10 * time.Minute
	tests := []struct {
		name   string
		breaks []Break
		want   []string
	}{
		{"no break", nil, []string{"09:00", "09:10", "09:20"}},
		{"a break between slots", []Break{{t0.Add(20 * time.Minute), 15}}, []string{"09:00", "09:10", "09:35"}},
		{"a break inside a slot pushes it", []Break{{t0.Add(15 * time.Minute), 5}}, []string{"09:00", "09:20", "09:30"}},
		{"breaks in any order", []Break{{t0.Add(25 * time.Minute), 5}, {t0.Add(5 * time.Minute), 5}}, []string{"09:10", "09:30", "09:40"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, x := range SlotTimes(t0, ten, tc.breaks, 3) {
				got = append(got, x.Format("15:04"))
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestStepRoom(t *testing.T) {
	d := Durations{Pitch: 6 * time.Minute, QA: 4 * time.Minute}
	slots := []RoomSlot{{1, SlotScheduled}, {2, SlotScheduled}, {3, SlotScheduled}}
	idle := RoomClock{SlotID: 1, PitchMS: 360000, QAMS: 240000}
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	ptr := func(t time.Time) *time.Time { return &t }
	started := idle
	started.StartedAt = ptr(at(0))
	paused := started
	paused.PausedAt = ptr(at(60))
	tests := []struct {
		name   string
		clock  RoomClock
		act    RoomAction
		now    int
		phase  string
		left   int64 // ms left at now+10s after the action
		slot   int64
		change *SlotChange
		code   Code
	}{
		{"start", idle, RoomAction{Action: ActStart}, 0, PhasePitch, 350000, 1, nil, ""},
		{"start twice", started, RoomAction{Action: ActStart}, 5, "", 0, 0, nil, CodeConflict},
		{"pause keeps the time", started, RoomAction{Action: ActPause}, 60, PhasePitch, 300000, 1, nil, ""},
		{"resume after a 100 s pause", paused, RoomAction{Action: ActResume}, 160, PhasePitch, 290000, 1, nil, ""},
		{"resume when running", started, RoomAction{Action: ActResume}, 5, "", 0, 0, nil, CodeConflict},
		{"extend the pitch", started, RoomAction{Action: ActExtend, Seconds: 60}, 100, PhasePitch, 310000, 1, nil, ""},
		{"extend questions", started, RoomAction{Action: ActExtend, Seconds: 60}, 400, PhaseQA, 250000, 1, nil, ""},
		{"extend after time is up", started, RoomAction{Action: ActExtend, Seconds: 30}, 700, PhaseQA, 20000, 1, nil, ""},
		{"extend by nothing", started, RoomAction{Action: ActExtend}, 100, "", 0, 0, nil, CodeInvalid},
		{"questions early", started, RoomAction{Action: ActQA}, 200, PhaseQA, 230000, 1, nil, ""},
		{"next before start", idle, RoomAction{Action: ActNext}, 0, "", 0, 0, nil, CodeConflict},
		{"next", started, RoomAction{Action: ActNext}, 650, PhaseIdle, 360000, 2, &SlotChange{1, SlotDone}, ""},
		{"skip a no-show", idle, RoomAction{Action: ActSkip, Reason: SlotNoShow}, 0, PhaseIdle, 360000, 2, &SlotChange{1, SlotNoShow}, ""},
		{"skip without reason", idle, RoomAction{Action: ActSkip}, 0, "", 0, 0, nil, CodeInvalid},
		{"skip the last", RoomClock{SlotID: 3}, RoomAction{Action: ActSkip, Reason: SlotAbsent}, 0, PhaseFinished, 0, 0, &SlotChange{3, SlotAbsent}, ""},
		{"nothing left", RoomClock{}, RoomAction{Action: ActStart}, 0, "", 0, 0, nil, CodeConflict},
		{"unknown action", idle, RoomAction{Action: "dance"}, 0, "", 0, 0, nil, CodeInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			next, ch, err := StepRoom(tc.clock, slots, d, tc.act, at(tc.now))
			if tc.code != "" {
				if ErrorCode(err) != tc.code {
					t.Fatalf("err = %v, want %s", err, tc.code)
				}
				if next != tc.clock {
					t.Error("a refused action changed the clock")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if next.Revision != tc.clock.Revision+1 {
				t.Errorf("revision = %d", next.Revision)
			}
			phase, left := next.Phase(at(tc.now + 10))
			if phase != tc.phase || (phase != PhaseFinished && left != tc.left) || next.SlotID != tc.slot {
				t.Errorf("phase %s, %d ms left, slot %d; want %s, %d, %d", phase, left, next.SlotID, tc.phase, tc.left, tc.slot)
			}
			if fmt.Sprint(ch) != fmt.Sprint(tc.change) {
				t.Errorf("change = %v, want %v", ch, tc.change)
			}
		})
	}
}

func TestNextSlotSkipsDone(t *testing.T) {
	slots := []RoomSlot{{1, SlotDone}, {2, SlotAbsent}, {3, SlotScheduled}, {4, SlotScheduled}}
	for _, tc := range []struct{ cur, want int64 }{{0, 3}, {1, 3}, {3, 4}, {4, 0}} {
		if got := NextSlot(slots, tc.cur); got != tc.want {
			t.Errorf("NextSlot(%d) = %d, want %d", tc.cur, got, tc.want)
		}
	}
}

// TestLiveEnumTags checks that the values the API document publishes for
// the live fields (their enum tags) are the statuses, phases and actions
// the state machine uses.
func TestLiveEnumTags(t *testing.T) {
	tag := func(v any, field string) string {
		f, ok := reflect.TypeOf(v).FieldByName(field)
		if !ok {
			t.Fatalf("%T has no field %s", v, field)
		}
		return f.Tag.Get("enum")
	}
	statuses := strings.Join([]string{SlotScheduled, SlotDone, SlotAbsent, SlotNoShow}, ",")
	for _, tc := range []struct {
		name, got, want string
	}{
		{"LiveSlot.Status", tag(LiveSlot{}, "Status"), statuses},
		{"TeamSlot.Status", tag(TeamSlot{}, "Status"), statuses},
		{"RoomView.Phase", tag(RoomView{}, "Phase"), strings.Join([]string{PhaseIdle, PhasePitch, PhaseQA, PhaseOver, PhaseFinished}, ",")},
		{"RoomAction.Action", tag(RoomAction{}, "Action"), strings.Join([]string{ActStart, ActPause, ActResume, ActExtend, ActQA, ActNext, ActSkip}, ",")},
		{"RoomAction.Reason", tag(RoomAction{}, "Reason"), strings.Join([]string{SlotAbsent, SlotNoShow}, ",")},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: enum %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

// TestShowsTeam: only a judge of a blind round is kept from the team; the
// organizers' page of assignments keeps it, a judge's would not.
func TestShowsTeam(t *testing.T) {
	for _, c := range []struct {
		blind    bool
		audience string
		want     bool
	}{
		{false, AudienceFull, true},
		{false, AudienceJudge, true},
		{true, AudienceFull, true},
		{true, AudienceJudge, false},
	} {
		if got := ShowsTeam(c.blind, c.audience); got != c.want {
			t.Errorf("ShowsTeam(blind %v, %s) = %v, want %v", c.blind, c.audience, got, c.want)
		}
		list := entriesFor(Round{Blind: c.blind}, c.audience, []Assignment{{ID: 1, TeamName: "Owls", Title: "Nest"}})
		if shown := list[0].TeamName == "Owls"; shown != c.want || list[0].Title != "Nest" {
			t.Errorf("entriesFor(blind %v, %s) = %+v", c.blind, c.audience, list[0])
		}
	}
}
