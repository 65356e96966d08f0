package domain

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Live rounds: a round whose finalists pitch in rooms on a schedule. The
// organizer sets the rooms (name, judges, an optional moderator among
// them), the pitch and question durations, the start and the breaks;
// BuildSchedule places the entries; each room's clock (RoomClock) is
// driven by its moderator and followed by the room display, the judges'
// phones and the organizers' screens. Judges score the live round through
// ordinary assignments: building the schedule assigns every judge of a
// room to every entry of that room.

// Default durations of a live pitch ("6 + 4").
const (
	DefaultPitchSeconds = 6 * 60
	DefaultQASeconds    = 4 * 60
	maxLiveRooms        = 50
	maxRoomJudges       = 30
	maxBreaks           = 20
	displayTokenBytes   = 24
)

// LiveSettings makes a round live.
type LiveSettings struct {
	RoundID      int64     `db:"round_id"`
	PitchSeconds int       `db:"pitch_seconds"`
	QASeconds    int       `db:"qa_seconds"`
	StartsAt     time.Time `db:"starts_at"`
	Breaks       []Break   `db:"-"`
}

// durations are the settings' defaults for a new slot's clock.
func (s LiveSettings) durations() Durations {
	return Durations{Pitch: time.Duration(s.PitchSeconds) * time.Second, QA: time.Duration(s.QASeconds) * time.Second}
}

// LiveRoom is a room of a live round with its clock.
type LiveRoom struct {
	ID           int64   `db:"id"`
	RoundID      int64   `db:"round_id"`
	Position     int     `db:"position"`
	Name         string  `db:"name"`
	Judges       []int64 `db:"-"`
	ModeratorID  *int64  `db:"moderator_id"`
	DisplayToken string  `db:"display_token"`
	Clock        RoomClock
}

// LiveSlot is an entry's place in a live round's schedule.
type LiveSlot struct {
	ID       int64     `json:"id" db:"id"`
	RoomID   int64     `json:"room_id" db:"room_id"`
	EntryID  int64     `json:"entry_id" db:"submission_id"`
	Position int       `json:"position" db:"position"`
	StartsAt time.Time `json:"starts_at" db:"starts_at"`
	Status   string    `json:"status" db:"status" enum:"scheduled,done,absent,no_show"`
	TeamID   int64     `json:"team_id,omitempty" db:"team_id"`
	TeamName string    `json:"team_name,omitempty" db:"team_name"`
	Title    string    `json:"title,omitempty" db:"title"`
	Track    string    `json:"track" db:"track"`
}

// TeamSlot is a team's slot as its team page shows it.
type TeamSlot struct {
	RoundID   int64     `json:"round_id" db:"round_id"`
	RoundName string    `json:"round_name" db:"round_name"`
	RoomID    int64     `json:"room_id" db:"room_id"`
	RoomName  string    `json:"room_name" db:"room_name"`
	Position  int       `json:"position" db:"position"`
	StartsAt  time.Time `json:"starts_at" db:"starts_at"`
	Status    string    `json:"status" db:"status" enum:"scheduled,done,absent,no_show"`
}

// LiveStore persists live rounds (a live round is a round: with its
// entries, judges and assignments).
type LiveStore interface {
	RoundStore
	AssignmentStore
	// LiveSettings returns a round's live settings (not_found: not live).
	LiveSettings(ctx context.Context, roundID int64) (LiveSettings, error)
	LiveRooms(ctx context.Context, roundID int64) ([]LiveRoom, error)
	// SaveLiveSetup makes a round live or changes its settings and rooms:
	// rooms keep their id and display token by name, others go; the
	// schedule is cleared.
	SaveLiveSetup(ctx context.Context, s LiveSettings, rooms []LiveRoom, audit AuditEntry) error
	LiveSlots(ctx context.Context, roundID int64) ([]LiveSlot, error)
	// ReplaceSchedule stores a new schedule and the round's assignments
	// (refused once any score exists), resets the rooms' clocks to their
	// first slot, queues mails and audits, all at once.
	ReplaceSchedule(ctx context.Context, roundID int64, slots []PlannedSlot, pairs []AssignmentPair, mails []Email, audit AuditEntry) error
	// MoveSlots changes the rooms, positions and times of some slots and
	// the assignments that follow them, at once.
	MoveSlots(ctx context.Context, roundID int64, slots []PlannedSlot, retire []Retired, pairs []AssignmentPair, mails []Email, audit AuditEntry) error
	LiveRoom(ctx context.Context, roomID int64) (LiveRoom, error)
	LiveRoomByToken(ctx context.Context, token string) (LiveRoom, error)
	// SaveRoomClock writes a room's clock if its revision is still prev
	// (conflict otherwise), with the slot's new status, and tells the
	// listeners of the round.
	SaveRoomClock(ctx context.Context, room LiveRoom, prev int64, c RoomClock, change *SlotChange, actorID int64) error
	SetDisplayToken(ctx context.Context, roomID int64, token string) error
	// JudgeRooms lists the rooms a user judges in, across contests.
	JudgeRooms(ctx context.Context, userID int64) ([]JudgeRoom, error)
	TeamSlots(ctx context.Context, teamID int64) ([]TeamSlot, error)
}

// Live implements live rounds on top of Judging.
type Live struct {
	Judging *Judging
	Store   LiveStore
}

// BreakInput is a break as the organizer types it.
type BreakInput struct {
	StartsAt string `json:"starts_at"`
	Minutes  int    `json:"minutes"`
}

// LiveRoomInput is a room as the organizer sets it: judges by e-mail, and
// optionally one of them as its moderator.
type LiveRoomInput struct {
	Name      string   `json:"name"`
	Judges    []string `json:"judges"`
	Moderator string   `json:"moderator,omitempty"`
}

// LiveSetupInput makes a round live (PUT: the whole setup).
type LiveSetupInput struct {
	PitchMinutes *float64        `json:"pitch_minutes"` // default 6
	QAMinutes    *float64        `json:"qa_minutes"`    // default 4
	StartsAt     string          `json:"starts_at"`
	Breaks       []BreakInput    `json:"breaks"`
	Rooms        []LiveRoomInput `json:"rooms"`
}

// LiveJudge is a judge of a room as organizers see it.
type LiveJudge struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// LiveRoomSetup is a room as organizers see it.
type LiveRoomSetup struct {
	ID           int64       `json:"id"`
	Name         string      `json:"name"`
	Judges       []LiveJudge `json:"judges"`
	Moderator    string      `json:"moderator"` // e-mail, "" when only organizers moderate
	DisplayToken string      `json:"display_token"`
}

// LiveSetup is a live round as organizers see it.
type LiveSetup struct {
	RoundID      int64           `json:"round_id"`
	PitchSeconds int             `json:"pitch_seconds"`
	QASeconds    int             `json:"qa_seconds"`
	StartsAt     time.Time       `json:"starts_at"`
	Breaks       []Break         `json:"breaks"`
	Rooms        []LiveRoomSetup `json:"rooms"`
	Slots        []LiveSlot      `json:"slots"`
	Unplaced     []Unplaced      `json:"unplaced"`
}

// minutesToSeconds validates a duration in minutes.
func minutesToSeconds(f Fields, field string, v *float64, def, lo, hi int) int {
	if v == nil {
		return def
	}
	s := int(*v*60 + 0.5)
	if *v != *v || s < lo || s > hi {
		f.Problem(field, ProblemRange, map[string]any{"min": float64(lo) / 60, "max": float64(hi) / 60})
	}
	return s
}

// SetLiveSetup makes a round live, or changes its setup before it starts.
// Changing it clears the schedule (build it again).
func (l *Live) SetLiveSetup(ctx context.Context, u User, roundID int64, in LiveSetupInput) (LiveSetup, error) {
	r, c, err := l.Judging.organizerRound(ctx, u, roundID)
	if err != nil {
		return LiveSetup{}, err
	}
	if err := l.refuseStarted(ctx, roundID); err != nil {
		return LiveSetup{}, err
	}
	f := Fields{}
	s := LiveSettings{RoundID: r.ID, Breaks: []Break{}}
	s.PitchSeconds = minutesToSeconds(f, "pitch_minutes", in.PitchMinutes, DefaultPitchSeconds, 30, 7200)
	s.QASeconds = minutesToSeconds(f, "qa_minutes", in.QAMinutes, DefaultQASeconds, 0, 7200)
	if t := parseContestTime(f, "starts_at", in.StartsAt, c.Location(), true); t != nil {
		s.StartsAt = *t
	}
	if len(in.Breaks) > maxBreaks {
		f.Problem("breaks", ProblemTooMany, map[string]any{"max": maxBreaks})
	}
	for i, b := range in.Breaks {
		p := fmt.Sprintf("breaks[%d]", i)
		t := parseContestTime(f, p+".starts_at", b.StartsAt, c.Location(), true)
		if b.Minutes < 1 || b.Minutes > 600 {
			f.Problem(p+".minutes", ProblemRange, map[string]any{"min": 1, "max": 600})
		}
		if t != nil {
			s.Breaks = append(s.Breaks, Break{StartsAt: *t, Minutes: b.Minutes})
		}
	}
	switch {
	case len(in.Rooms) == 0:
		f.Problem("rooms", ProblemTooFew, map[string]any{"min": 1})
	case len(in.Rooms) > maxLiveRooms:
		f.Problem("rooms", ProblemTooMany, map[string]any{"max": maxLiveRooms})
	}
	var emails []string
	for _, room := range in.Rooms {
		emails = append(emails, room.Judges...)
	}
	ids, err := l.Store.JudgeIDsByEmail(ctx, c.ID, emails)
	if err != nil {
		return LiveSetup{}, err
	}
	names := map[string]bool{}
	rooms := make([]LiveRoom, 0, len(in.Rooms))
	for i, in := range in.Rooms {
		p := fmt.Sprintf("rooms[%d]", i)
		room := LiveRoom{Position: i + 1, Name: CheckText(f, p+".name", in.Name, 100), Judges: []int64{}}
		if key := strings.ToLower(room.Name); room.Name != "" && names[key] {
			f.Problem(p+".name", ProblemDuplicate, nil)
		} else {
			names[key] = true
		}
		if len(in.Judges) > maxRoomJudges {
			f.Problem(p+".judges", ProblemTooMany, map[string]any{"max": maxRoomJudges})
		}
		for k, e := range in.Judges {
			id, ok := ids[strings.ToLower(strings.TrimSpace(e))]
			switch {
			case !ok:
				f.Add(fmt.Sprintf("%s.judges[%d]", p, k), "is not a judge of this contest")
			case slices.Contains(room.Judges, id):
				f.Problem(fmt.Sprintf("%s.judges[%d]", p, k), ProblemDuplicate, nil)
			default:
				room.Judges = append(room.Judges, id)
			}
		}
		if m := strings.ToLower(strings.TrimSpace(in.Moderator)); m != "" {
			id, ok := ids[m]
			if !ok || !slices.Contains(room.Judges, id) {
				f.Add(p+".moderator", "must be one of the room's judges")
			} else {
				room.ModeratorID = &id
			}
		}
		if room.DisplayToken, err = RandomToken(displayTokenBytes); err != nil {
			return LiveSetup{}, err
		}
		rooms = append(rooms, room)
	}
	if err := f.Err(); err != nil {
		return LiveSetup{}, err
	}
	audit := AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: "round.live_setup", ObjectType: "round",
		ObjectID: fmt.Sprint(r.ID), Detail: mustJSON(in)}
	if err := l.Store.SaveLiveSetup(ctx, s, rooms, audit); err != nil {
		return LiveSetup{}, err
	}
	return l.setup(ctx, c, r)
}

// refuseStarted refuses changes to a live round's setup once a room has
// started.
func (l *Live) refuseStarted(ctx context.Context, roundID int64) error {
	slots, err := l.Store.LiveSlots(ctx, roundID)
	if err != nil {
		return err
	}
	rooms, err := l.Store.LiveRooms(ctx, roundID)
	if err != nil {
		return err
	}
	for _, room := range rooms {
		if room.Clock.StartedAt != nil {
			return Errorf(CodeConflict, "room %s has started: move or swap teams instead", room.Name)
		}
	}
	for _, s := range slots {
		if s.Status != SlotScheduled {
			return Errorf(CodeConflict, "the live round has started: move or swap teams instead")
		}
	}
	return nil
}

// Setup returns a live round's setup and schedule for its organizers
// (not_found when the round is not live).
func (l *Live) Setup(ctx context.Context, u User, roundID int64) (LiveSetup, error) {
	r, c, err := l.Judging.organizerRound(ctx, u, roundID)
	if err != nil {
		return LiveSetup{}, err
	}
	return l.setup(ctx, c, r)
}

func (l *Live) setup(ctx context.Context, c Contest, r Round) (LiveSetup, error) {
	s, err := l.Store.LiveSettings(ctx, r.ID)
	if err != nil {
		return LiveSetup{}, err
	}
	rooms, err := l.Store.LiveRooms(ctx, r.ID)
	if err != nil {
		return LiveSetup{}, err
	}
	judges, err := l.Store.Judges(ctx, c.ID)
	if err != nil {
		return LiveSetup{}, err
	}
	byID := map[int64]JudgeInfo{}
	for _, j := range judges {
		byID[j.UserID] = j
	}
	out := LiveSetup{RoundID: r.ID, PitchSeconds: s.PitchSeconds, QASeconds: s.QASeconds, StartsAt: s.StartsAt, Breaks: s.Breaks,
		Rooms: []LiveRoomSetup{}, Unplaced: []Unplaced{}}
	for _, room := range rooms {
		rs := LiveRoomSetup{ID: room.ID, Name: room.Name, Judges: []LiveJudge{}, DisplayToken: room.DisplayToken}
		for _, id := range room.Judges {
			j := byID[id]
			rs.Judges = append(rs.Judges, LiveJudge{ID: id, Name: j.Name, Email: j.Email})
			if room.ModeratorID != nil && *room.ModeratorID == id {
				rs.Moderator = j.Email
			}
		}
		out.Rooms = append(out.Rooms, rs)
	}
	if out.Slots, err = l.Store.LiveSlots(ctx, r.ID); err != nil {
		return LiveSetup{}, err
	}
	placed := map[int64]bool{}
	for _, s := range out.Slots {
		placed[s.EntryID] = true
	}
	if len(out.Slots) > 0 {
		entries, err := l.Store.RoundEntries(ctx, r.ID)
		if err != nil {
			return LiveSetup{}, err
		}
		for _, e := range entries {
			if !placed[e.SubmissionID] {
				out.Unplaced = append(out.Unplaced, Unplaced{EntryID: e.SubmissionID, Reason: "not in the schedule"})
			}
		}
	}
	return out, nil
}

// liveInputs gathers what a schedule needs: settings, rooms, entries, and
// the judge-entry conflicts of the rooms' judges.
type liveInputs struct {
	settings LiveSettings
	rooms    []LiveRoom
	entries  []Entry
	judges   map[int64]JudgeInfo
	conflict map[[2]int64]bool
}

func (l *Live) inputs(ctx context.Context, r Round) (liveInputs, error) {
	var in liveInputs
	var err error
	if in.settings, err = l.Store.LiveSettings(ctx, r.ID); err != nil {
		return in, err
	}
	if in.rooms, err = l.Store.LiveRooms(ctx, r.ID); err != nil {
		return in, err
	}
	if in.entries, err = l.Store.RoundEntries(ctx, r.ID); err != nil {
		return in, err
	}
	all, err := l.Store.Judges(ctx, r.ContestID)
	if err != nil {
		return in, err
	}
	declared, err := l.Store.DeclaredConflicts(ctx, r.ContestID)
	if err != nil {
		return in, err
	}
	in.judges = map[int64]JudgeInfo{}
	for _, j := range all {
		in.judges[j.UserID] = j
	}
	in.conflict = map[[2]int64]bool{}
	for _, room := range in.rooms {
		for _, id := range room.Judges {
			for _, e := range in.entries {
				if conflictReason(in.judges[id], e, declared) != "" {
					in.conflict[[2]int64{id, e.SubmissionID}] = true
				}
			}
		}
	}
	return in, nil
}

// BuildLiveSchedule places the round's entries in its rooms (see
// BuildSchedule), assigns each room's judges to its entries, and e-mails
// every team its slot and every judge their count. Refused once a room has
// started or a judge has scored.
func (l *Live) BuildLiveSchedule(ctx context.Context, u User, roundID int64) (LiveSetup, error) {
	r, c, err := l.Judging.organizerRound(ctx, u, roundID)
	if err != nil {
		return LiveSetup{}, err
	}
	if err := l.refuseStarted(ctx, roundID); err != nil {
		return LiveSetup{}, err
	}
	// Building the schedule is a live round's assignment: it fixes the
	// round's entries.
	if err := l.Store.FillRoundEntries(ctx, r); err != nil {
		return LiveSetup{}, err
	}
	in, err := l.inputs(ctx, r)
	if err != nil {
		return LiveSetup{}, err
	}
	sin := ScheduleInput{Conflicts: in.conflict, Start: in.settings.StartsAt, Breaks: in.settings.Breaks,
		Slot: time.Duration(in.settings.PitchSeconds+in.settings.QASeconds) * time.Second}
	for _, e := range in.entries {
		sin.Entries = append(sin.Entries, ScheduleEntry{ID: e.SubmissionID, Track: e.Track})
	}
	for _, room := range in.rooms {
		sin.Rooms = append(sin.Rooms, ScheduleRoom{ID: room.ID, Judges: room.Judges})
	}
	planned, unplaced := BuildSchedule(sin)
	pairs, counts := roomPairs(in.rooms, planned)
	mails, err := l.slotMails(ctx, c, r, in, planned)
	if err != nil {
		return LiveSetup{}, err
	}
	var judges []JudgeInfo
	for _, room := range in.rooms {
		for _, id := range room.Judges {
			judges = append(judges, in.judges[id])
		}
	}
	mails = append(mails, judgeMails(mailAssignments, c, r, judges, counts, l.Judging.Contests.PublicURL)...)
	audit := AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: "round.live_schedule", ObjectType: "round", ObjectID: fmt.Sprint(r.ID),
		Detail: mustJSON(map[string]any{"slots": len(planned), "unplaced": unplaced})}
	if err := l.Store.ReplaceSchedule(ctx, r.ID, planned, pairs, mails, audit); err != nil {
		return LiveSetup{}, err
	}
	out, err := l.setup(ctx, c, r)
	if err != nil {
		return LiveSetup{}, err
	}
	if len(unplaced) > 0 {
		out.Unplaced = unplaced
	}
	return out, nil
}

// roomPairs assigns every judge of a room to every entry of the room, and
// counts each judge's entries.
func roomPairs(rooms []LiveRoom, planned []PlannedSlot) ([]AssignmentPair, map[int64]int) {
	judgesOf := map[int64][]int64{}
	for _, room := range rooms {
		judgesOf[room.ID] = room.Judges
	}
	var pairs []AssignmentPair
	counts := map[int64]int{}
	for _, s := range planned {
		for _, j := range judgesOf[s.RoomID] {
			pairs = append(pairs, AssignmentPair{SubmissionID: s.EntryID, JudgeID: j})
			counts[j]++
		}
	}
	return pairs, counts
}

// slotMails tells each team of planned its slot, in each member's language.
func (l *Live) slotMails(ctx context.Context, c Contest, r Round, in liveInputs, planned []PlannedSlot) ([]Email, error) {
	byEntry := map[int64]Entry{}
	for _, e := range in.entries {
		byEntry[e.SubmissionID] = e
	}
	roomName := map[int64]string{}
	for _, room := range in.rooms {
		roomName[room.ID] = room.Name
	}
	var to []string
	for _, s := range planned {
		to = append(to, byEntry[s.EntryID].MemberEmails...)
	}
	langs := map[string]string{}
	if m := l.Judging.Contests.Mail; m != nil && len(to) > 0 {
		got, err := m.LanguagesByEmail(ctx, to)
		if err != nil {
			return nil, err
		}
		for addr, lang := range got {
			langs[strings.ToLower(addr)] = lang
		}
	}
	var out []Email
	for _, s := range planned {
		e := byEntry[s.EntryID]
		for _, addr := range e.MemberEmails {
			out = append(out, localMail(mailLanguage(langs[strings.ToLower(addr)]), mailLiveSlot, addr, c.Title, r.Name,
				roomName[s.RoomID], dueText(c, s.StartsAt), link(l.Judging.Contests.PublicURL, fmt.Sprintf("/teams/%d", e.TeamID), nil)))
		}
	}
	return out, nil
}

// SlotMove moves an entry to a room, at a position (1-based; 0: last).
type SlotMove struct {
	EntryID  int64 `json:"entry_id"`
	RoomID   int64 `json:"room_id"`
	Position int   `json:"position"`
}

// SlotSwap swaps two entries' slots.
type SlotSwap struct {
	A int64 `json:"a"` // entry ids
	B int64 `json:"b"`
}

// MoveSlot moves one team to another room or position; the slots of the
// rooms it leaves and joins get new times, their teams are e-mailed, and
// the entry's judges follow its room. Only teams still waiting move.
func (l *Live) MoveSlot(ctx context.Context, u User, roundID int64, in SlotMove) (LiveSetup, error) {
	return l.reorder(ctx, u, roundID, "round.live_move", in, func(rooms map[int64][]LiveSlot, at map[int64]int64, f Fields) {
		from, ok := at[in.EntryID]
		if !ok {
			f.Add("entry_id", "is not in the schedule")
		}
		if _, ok := rooms[in.RoomID]; !ok {
			f.Add("room_id", "is not a room of this round")
		}
		if len(f) > 0 {
			return
		}
		list := rooms[from]
		i := slices.IndexFunc(list, func(s LiveSlot) bool { return s.EntryID == in.EntryID })
		s := list[i]
		if s.Status != SlotScheduled {
			f.Add("entry_id", "has already had its turn")
			return
		}
		rooms[from] = slices.Delete(slices.Clone(list), i, i+1)
		dst := rooms[in.RoomID]
		pos := in.Position - 1
		if in.Position <= 0 || pos > len(dst) {
			pos = len(dst)
		}
		s.RoomID = in.RoomID
		rooms[in.RoomID] = slices.Insert(slices.Clone(dst), pos, s)
	})
}

// SwapSlots swaps two waiting teams' slots (rooms and times).
func (l *Live) SwapSlots(ctx context.Context, u User, roundID int64, in SlotSwap) (LiveSetup, error) {
	return l.reorder(ctx, u, roundID, "round.live_swap", in, func(rooms map[int64][]LiveSlot, at map[int64]int64, f Fields) {
		ra, okA := at[in.A]
		rb, okB := at[in.B]
		if !okA {
			f.Add("a", "is not in the schedule")
		}
		if !okB {
			f.Add("b", "is not in the schedule")
		}
		if in.A == in.B {
			f.Add("b", "must differ from a")
		}
		if len(f) > 0 {
			return
		}
		ia := slices.IndexFunc(rooms[ra], func(s LiveSlot) bool { return s.EntryID == in.A })
		ib := slices.IndexFunc(rooms[rb], func(s LiveSlot) bool { return s.EntryID == in.B })
		sa, sb := rooms[ra][ia], rooms[rb][ib]
		if sa.Status != SlotScheduled {
			f.Add("a", "has already had its turn")
		}
		if sb.Status != SlotScheduled {
			f.Add("b", "has already had its turn")
		}
		if len(f) > 0 {
			return
		}
		sa.RoomID, sb.RoomID = rb, ra
		rooms[ra], rooms[rb] = slices.Clone(rooms[ra]), slices.Clone(rooms[rb])
		rooms[ra][ia], rooms[rb][ib] = sb, sa
	})
}

// reorder applies change to the schedule by room, then stores the slots
// whose room, position or time changed, moves the judges of the entries
// that changed rooms, and e-mails the teams whose slot changed.
func (l *Live) reorder(ctx context.Context, u User, roundID int64, action string, detail any,
	change func(rooms map[int64][]LiveSlot, at map[int64]int64, f Fields)) (LiveSetup, error) {
	r, c, err := l.Judging.organizerRound(ctx, u, roundID)
	if err != nil {
		return LiveSetup{}, err
	}
	in, err := l.inputs(ctx, r)
	if err != nil {
		return LiveSetup{}, err
	}
	slots, err := l.Store.LiveSlots(ctx, roundID)
	if err != nil {
		return LiveSetup{}, err
	}
	rooms := map[int64][]LiveSlot{}
	at := map[int64]int64{}
	before := map[int64]LiveSlot{}
	for _, s := range slots {
		rooms[s.RoomID] = append(rooms[s.RoomID], s)
		at[s.EntryID] = s.RoomID
		before[s.EntryID] = s
	}
	for _, room := range in.rooms {
		if _, ok := rooms[room.ID]; !ok {
			rooms[room.ID] = nil
		}
	}
	f := Fields{}
	change(rooms, at, f)
	if err := f.Err(); err != nil {
		return LiveSetup{}, err
	}
	judgesOf := map[int64][]int64{}
	for _, room := range in.rooms {
		judgesOf[room.ID] = room.Judges
	}
	slotLen := time.Duration(in.settings.PitchSeconds+in.settings.QASeconds) * time.Second
	var moved []PlannedSlot
	var movedRooms []PlannedSlot // entries that changed rooms
	for roomID, list := range rooms {
		times := SlotTimes(in.settings.StartsAt, slotLen, in.settings.Breaks, len(list))
		for i, s := range list {
			p := PlannedSlot{EntryID: s.EntryID, RoomID: roomID, Position: i + 1, StartsAt: times[i]}
			b := before[s.EntryID]
			if b.RoomID != p.RoomID || b.Position != p.Position || !b.StartsAt.Equal(p.StartsAt) {
				moved = append(moved, p)
			}
			if b.RoomID != p.RoomID {
				for _, j := range judgesOf[roomID] {
					if in.conflict[[2]int64{j, s.EntryID}] {
						return LiveSetup{}, Invalid(map[string]string{"room_id": fmt.Sprintf("a judge of this room has a conflict with the team of entry %d", s.EntryID)})
					}
				}
				movedRooms = append(movedRooms, p)
			}
		}
	}
	slices.SortFunc(moved, func(a, b PlannedSlot) int { return int(a.EntryID - b.EntryID) })
	retire, pairs, err := l.followRooms(ctx, roundID, judgesOf, movedRooms)
	if err != nil {
		return LiveSetup{}, err
	}
	mails, err := l.slotMails(ctx, c, r, in, moved)
	if err != nil {
		return LiveSetup{}, err
	}
	audit := AuditEntry{ContestID: c.ID, ActorID: u.ID, Action: action, ObjectType: "round", ObjectID: fmt.Sprint(r.ID), Detail: mustJSON(detail)}
	if err := l.Store.MoveSlots(ctx, roundID, moved, retire, pairs, mails, audit); err != nil {
		return LiveSetup{}, err
	}
	return l.setup(ctx, c, r)
}

// followRooms moves the assignments of entries that changed rooms to the
// judges of their new room; a judge who has scored an entry keeps it.
func (l *Live) followRooms(ctx context.Context, roundID int64, judgesOf map[int64][]int64, moved []PlannedSlot) ([]Retired, []AssignmentPair, error) {
	if len(moved) == 0 {
		return nil, nil, nil
	}
	active, err := l.Store.Assignments(ctx, roundID, true)
	if err != nil {
		return nil, nil, err
	}
	var retire []Retired
	var pairs []AssignmentPair
	for _, p := range moved {
		has := map[int64]bool{}
		for _, a := range active {
			if a.SubmissionID != p.EntryID {
				continue
			}
			has[a.JudgeID] = true
			if !slices.Contains(judgesOf[p.RoomID], a.JudgeID) && a.ScoreState == "none" {
				retire = append(retire, Retired{ID: a.ID, Status: AssignMoved, Reason: "the team moved to another room"})
			}
		}
		for _, j := range judgesOf[p.RoomID] {
			if !has[j] {
				pairs = append(pairs, AssignmentPair{SubmissionID: p.EntryID, JudgeID: j})
			}
		}
	}
	return retire, pairs, nil
}

// RegenerateDisplayToken gives a room's display a new link; the old one
// stops working (open displays are cut off at their next change).
func (l *Live) RegenerateDisplayToken(ctx context.Context, u User, roomID int64) (LiveRoomSetup, error) {
	room, err := l.Store.LiveRoom(ctx, roomID)
	if err != nil {
		return LiveRoomSetup{}, err
	}
	if _, _, err := l.Judging.organizerRound(ctx, u, room.RoundID); err != nil {
		return LiveRoomSetup{}, err
	}
	token, err := RandomToken(displayTokenBytes)
	if err != nil {
		return LiveRoomSetup{}, err
	}
	if err := l.Store.SetDisplayToken(ctx, roomID, token); err != nil {
		return LiveRoomSetup{}, err
	}
	return LiveRoomSetup{ID: room.ID, Name: room.Name, Judges: []LiveJudge{}, DisplayToken: token}, nil
}

// TeamLiveSlots lists a team's live slots, for its members and organizers.
func (l *Live) TeamLiveSlots(ctx context.Context, u User, teamID int64) ([]TeamSlot, error) {
	if _, _, err := l.Judging.Contests.teamFor(ctx, u, teamID); err != nil {
		return nil, err
	}
	return l.Store.TeamSlots(ctx, teamID)
}

// mailLiveSlot tells a team its slot: contest, round, room, time, link.
const mailLiveSlot = "live_slot"

func init() {
	mailCatalog[LangEnglish][mailLiveSlot] = mailText{"[%[1]s] Your pitch: %[3]s at %[4]s",
		"Your team pitches in the round %[2]q of %[1]s in the room %[3]s at %[4]s.\n\nPlease be there a few minutes early. Your team page always shows your current slot:\n%[5]s\n"}
	mailCatalog[LangChinese][mailLiveSlot] = mailText{"[%[1]s] 路演安排：%[3]s，%[4]s",
		"您的团队将在%[1]s“%[2]s”轮次中于 %[4]s 在 %[3]s 进行路演。\n\n请提前几分钟到场。团队页面会始终显示最新的安排：\n%[5]s\n"}
}
