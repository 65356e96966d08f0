package domain

import (
	"cmp"
	"slices"
	"time"
)

// ScheduleEntry is an entry to place in a live round's schedule.
type ScheduleEntry struct {
	ID    int64
	Track string
}

// ScheduleRoom is a room of a live round, with its judges.
type ScheduleRoom struct {
	ID     int64
	Judges []int64
}

// Break is a pause in every room of a live round: no pitch overlaps it.
type Break struct {
	StartsAt time.Time `json:"starts_at"`
	Minutes  int       `json:"minutes"`
}

// ScheduleInput is what BuildSchedule needs. Conflicts lists the judge and
// entry pairs that must not meet: an entry never goes to a room where one
// of its conflicted judges sits.
type ScheduleInput struct {
	Entries   []ScheduleEntry
	Rooms     []ScheduleRoom
	Conflicts map[[2]int64]bool // {judge, entry}
	Start     time.Time
	Slot      time.Duration // pitch plus questions
	Breaks    []Break
}

// PlannedSlot is one entry's place in the schedule.
type PlannedSlot struct {
	EntryID  int64
	RoomID   int64
	Position int // 1-based, in the room
	StartsAt time.Time
}

// Unplaced is an entry no room can take, with why.
type Unplaced struct {
	EntryID int64  `json:"entry_id"`
	Reason  string `json:"reason"`
}

// BuildSchedule places every entry in a room and gives it a start time.
// Entries are taken track by track (the largest track first, ties by name;
// inside a track by id); an entry goes to a room that already holds its
// track while that room is below an even share, else to the least loaded
// room, never to a room with a judge in conflict with it (rooms tie by
// their order). Inside a room the entries follow their track order, and
// times run from Start in steps of Slot, pushed past the breaks. The
// result is deterministic for the same input.
func BuildSchedule(in ScheduleInput) ([]PlannedSlot, []Unplaced) {
	if len(in.Rooms) == 0 {
		out := make([]Unplaced, len(in.Entries))
		for i, e := range in.Entries {
			out[i] = Unplaced{EntryID: e.ID, Reason: "the round has no rooms"}
		}
		return nil, out
	}
	byTrack := map[string][]ScheduleEntry{}
	for _, e := range in.Entries {
		byTrack[e.Track] = append(byTrack[e.Track], e)
	}
	tracks := make([]string, 0, len(byTrack))
	for t := range byTrack {
		tracks = append(tracks, t)
		slices.SortFunc(byTrack[t], func(a, b ScheduleEntry) int { return cmp.Compare(a.ID, b.ID) })
	}
	slices.SortFunc(tracks, func(a, b string) int {
		if c := cmp.Compare(len(byTrack[b]), len(byTrack[a])); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	share := (len(in.Entries) + len(in.Rooms) - 1) / len(in.Rooms)
	placed := make([][]ScheduleEntry, len(in.Rooms))
	holds := make([]map[string]bool, len(in.Rooms))
	for i := range holds {
		holds[i] = map[string]bool{}
	}
	var unplaced []Unplaced
	for _, t := range tracks {
		for _, e := range byTrack[t] {
			best := -1
			for ri, r := range in.Rooms {
				if roomConflicts(in.Conflicts, r, e.ID) {
					continue
				}
				if best < 0 || better(placed, holds, share, t, ri, best) {
					best = ri
				}
			}
			if best < 0 {
				unplaced = append(unplaced, Unplaced{EntryID: e.ID, Reason: "every room has a judge in conflict with this team"})
				continue
			}
			placed[best] = append(placed[best], e)
			holds[best][t] = true
		}
	}
	var out []PlannedSlot
	for ri, list := range placed {
		times := SlotTimes(in.Start, in.Slot, in.Breaks, len(list))
		for i, e := range list {
			out = append(out, PlannedSlot{EntryID: e.ID, RoomID: in.Rooms[ri].ID, Position: i + 1, StartsAt: times[i]})
		}
	}
	return out, unplaced
}

// better says whether room a is a better home than room b for an entry of
// track t.
func better(placed [][]ScheduleEntry, holds []map[string]bool, share int, t string, a, b int) bool {
	homeA := holds[a][t] && len(placed[a]) < share
	homeB := holds[b][t] && len(placed[b]) < share
	if homeA != homeB {
		return homeA
	}
	return len(placed[a]) < len(placed[b])
}

func roomConflicts(conflicts map[[2]int64]bool, r ScheduleRoom, entry int64) bool {
	for _, j := range r.Judges {
		if conflicts[[2]int64{j, entry}] {
			return true
		}
	}
	return false
}

// SlotTimes gives n consecutive slots of length slot from start, each
// moved past any break it would overlap.
func SlotTimes(start time.Time, slot time.Duration, breaks []Break, n int) []time.Time {
	bs := slices.Clone(breaks)
	slices.SortFunc(bs, func(a, b Break) int { return a.StartsAt.Compare(b.StartsAt) })
	out := make([]time.Time, n)
	t := start
	for i := range out {
		for _, b := range bs {
			end := b.StartsAt.Add(time.Duration(b.Minutes) * time.Minute)
			if t.Before(end) && t.Add(slot).After(b.StartsAt) {
				t = end
			}
		}
		out[i] = t
		t = t.Add(slot)
	}
	return out
}
