package api

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/podium-contests/podium/server/domain"
)

// liveFixture is contest "final" with four submitted teams (two per
// track), three judges, and a blind round made live with two rooms: Hall
// A (judge1, its moderator) and Hall B (judge2, judge3). judge1 declared a
// conflict with team T1.
type liveFixture struct {
	ts       *testServer
	admin    *client
	judges   []*client // judge1..3
	captains []*client // of T1..T4
	teams    []domain.Team
	round    domain.Round
	setup    domain.LiveSetup
}

func judgeEmail(i int) string { return fmt.Sprintf("judge%d@jury.example.net", i+1) }

func newLiveFixture(t *testing.T) *liveFixture {
	ts := newTestServer(t)
	f := &liveFixture{ts: ts, admin: ts.admin()}
	f.admin.createContest("final")
	for i := range 3 {
		mustStatus(t, f.admin.do("POST", "/api/v1/contests/final/members", map[string]any{"email": judgeEmail(i), "role": "judge"}), 201)
		f.judges = append(f.judges, ts.signUp(judgeEmail(i)))
	}
	for i, track := range []string{"energy", "energy", "mobility", "mobility"} {
		c := ts.signUp(fmt.Sprintf("captain%d@team.example.com", i+1))
		team := c.createTeam("final", fmt.Sprintf("T%d", i+1), track)
		base := fmt.Sprintf("/api/v1/teams/%d/submission", team.ID)
		mustStatus(t, c.do("PUT", base, map[string]any{"title": fmt.Sprintf("Entry %d", i+1), "fields": map[string]string{"repo": "https://git.example.org/x"}}), 200)
		c.uploadPDF(team.ID, pdfBytes(2048))
		mustStatus(t, c.do("POST", base+"/submit", map[string]any{}), 201)
		f.captains = append(f.captains, c)
		f.teams = append(f.teams, team)
	}
	mustStatus(t, f.judges[0].do("POST", "/api/v1/contests/final/conflicts", map[string]any{"team_id": f.teams[0].ID, "reason": "my student"}), 201)
	r := f.admin.do("POST", "/api/v1/contests/final/rounds", map[string]any{
		"name": "Final", "judges_per_entry": 1, "method": "mean", "blind": true,
		"closes_at": time.Now().Add(24 * time.Hour).Format(time.RFC3339),
		"rubric":    []map[string]any{{"id": "impact", "label": "Impact", "weight": 1, "min": 1, "max": 10}},
	})
	mustStatus(t, r, 201)
	f.round = decode[domain.Round](t, r)
	r = f.admin.do("PUT", f.path("/live"), map[string]any{
		"starts_at": "2026-12-08T09:00", "breaks": []map[string]any{{"starts_at": "2026-12-08T09:15", "minutes": 15}},
		"rooms": []map[string]any{
			{"name": "Hall A", "judges": []string{judgeEmail(0)}, "moderator": judgeEmail(0)},
			{"name": "Hall B", "judges": []string{judgeEmail(1), judgeEmail(2)}},
		},
	})
	mustStatus(t, r, 200)
	f.setup = decode[domain.LiveSetup](t, r)
	return f
}

func (f *liveFixture) path(suffix string) string {
	return fmt.Sprintf("/api/v1/rounds/%d%s", f.round.ID, suffix)
}

func (f *liveFixture) build(t *testing.T) domain.LiveSetup {
	t.Helper()
	r := f.admin.do("POST", f.path("/live/schedule"), map[string]any{})
	mustStatus(t, r, 200)
	f.setup = decode[domain.LiveSetup](t, r)
	return f.setup
}

func (f *liveFixture) room(name string) domain.LiveRoomSetup {
	for _, r := range f.setup.Rooms {
		if r.Name == name {
			return r
		}
	}
	f.ts.t.Fatalf("no room %s", name)
	return domain.LiveRoomSetup{}
}

func (f *liveFixture) act(c *client, room int64, body map[string]any) response {
	return c.do("POST", fmt.Sprintf("/api/v1/live/rooms/%d/actions", room), body)
}

func TestLiveSetupAndSchedule(t *testing.T) {
	t.Parallel()
	f := newLiveFixture(t)
	if f.setup.PitchSeconds != 360 || f.setup.QASeconds != 240 || len(f.setup.Rooms) != 2 || f.room("Hall A").Moderator != judgeEmail(0) {
		t.Fatalf("setup = %+v", f.setup)
	}
	s := f.build(t)
	if len(s.Slots) != 4 || len(s.Unplaced) != 0 {
		t.Fatalf("schedule = %+v", s)
	}
	hallA := f.room("Hall A").ID
	times := map[int64][]string{}
	for _, sl := range s.Slots {
		if sl.TeamID == f.teams[0].ID && sl.RoomID == hallA {
			t.Error("T1 was placed with judge1, who declared a conflict with it")
		}
		times[sl.RoomID] = append(times[sl.RoomID], sl.StartsAt.In(time.FixedZone("CST", 8*3600)).Format("15:04"))
	}
	for room, ts := range times {
		// 10-minute slots from 09:00, the second pushed past the 09:15 break.
		if !slices.Equal(ts, []string{"09:00", "09:30"}) {
			t.Errorf("room %d times = %v", room, ts)
		}
	}
	// Each room's judges are assigned its entries.
	as := decode[[]domain.Assignment](t, f.admin.do("GET", f.path("/assignments"), nil))
	if len(as) != 2*1+2*2 {
		t.Errorf("%d assignments, want 6", len(as))
	}
	// The team learns its slot by e-mail and on its team page; another
	// team's slots stay hidden.
	if m := f.ts.lastMailTo("captain1@team.example.com"); !strings.Contains(m.Subject, "Your pitch: Hall B") {
		t.Errorf("slot mail = %q", m.Subject)
	}
	slots := decode[[]domain.TeamSlot](t, f.captains[0].do("GET", fmt.Sprintf("/api/v1/teams/%d/live-slots", f.teams[0].ID), nil))
	if len(slots) != 1 || slots[0].RoomName != "Hall B" {
		t.Errorf("team slots = %+v", slots)
	}
	mustStatus(t, f.captains[1].do("GET", fmt.Sprintf("/api/v1/teams/%d/live-slots", f.teams[0].ID), nil), 404)
	// The public timetable names the teams but not the blind round's titles.
	tt := decode[domain.Timetable](t, f.ts.client().do("GET", fmt.Sprintf("/api/v1/live/rounds/%d/timetable", f.round.ID), nil))
	if len(tt.Rooms) != 2 || len(tt.Rooms[0].Slots) != 2 || tt.Rooms[0].Slots[0].TeamName == "" || tt.Rooms[0].Slots[0].Title != "" {
		t.Errorf("timetable = %+v", tt)
	}

	// Moving T1 into Hall A is refused (judge1's conflict); swapping two
	// others moves their judges with them.
	for _, sl := range s.Slots {
		if sl.TeamID == f.teams[0].ID {
			mustStatus(t, f.admin.do("POST", f.path("/live/move"), map[string]any{"entry_id": sl.EntryID, "room_id": hallA}), 400)
		}
	}
	var a, b domain.LiveSlot
	for _, sl := range s.Slots {
		if sl.RoomID == hallA && a.ID == 0 {
			a = sl
		}
		if sl.RoomID != hallA && sl.TeamID != f.teams[0].ID && b.ID == 0 {
			b = sl
		}
	}
	r := f.admin.do("POST", f.path("/live/swap"), map[string]any{"a": a.EntryID, "b": b.EntryID})
	mustStatus(t, r, 200)
	after := decode[domain.LiveSetup](t, r)
	for _, sl := range after.Slots {
		if sl.EntryID == a.EntryID && (sl.RoomID != b.RoomID || !sl.StartsAt.Equal(b.StartsAt)) {
			t.Errorf("swapped slot %+v, want room %d at %s", sl, b.RoomID, b.StartsAt)
		}
	}
	judgeOf := map[int64][]int64{}
	for _, x := range decode[[]domain.Assignment](t, f.admin.do("GET", f.path("/assignments"), nil)) {
		judgeOf[x.SubmissionID] = append(judgeOf[x.SubmissionID], x.JudgeID)
	}
	if j1 := f.judges[0].userID(); !slices.Contains(judgeOf[b.EntryID], j1) || slices.Contains(judgeOf[a.EntryID], j1) {
		t.Errorf("judges did not follow the swap: %v", judgeOf)
	}

	// Bad input names the field and changes nothing.
	r = f.admin.do("PUT", f.path("/live"), map[string]any{"starts_at": "2026-12-08T09:00",
		"rooms": []map[string]any{{"name": "Hall A", "judges": []string{"nobody@example.org"}}}})
	mustStatus(t, r, 400)
	if _, fields := r.errorCode(t); fields["rooms[0].judges[0]"] == "" {
		t.Errorf("fields = %v", fields)
	}
	if got := decode[domain.LiveSetup](t, f.admin.do("GET", f.path("/live"), nil)); len(got.Slots) != 4 || len(got.Rooms) != 2 {
		t.Errorf("a refused setup changed the round: %+v", got)
	}
}

func TestLiveRoomClock(t *testing.T) {
	t.Parallel()
	f := newLiveFixture(t)
	f.build(t)
	hallA, hallB := f.room("Hall A"), f.room("Hall B")

	// judge1 moderates Hall A; judge2 and judge3 only follow Hall B, and
	// see no team in this blind round; the display shows the team.
	r := f.act(f.judges[0], hallA.ID, map[string]any{"action": "start"})
	mustStatus(t, r, 200)
	v := decode[domain.RoomView](t, r)
	if v.Phase != domain.PhasePitch || v.Current == nil || v.Next == nil || !v.CanModerate {
		t.Fatalf("after start: %+v", v)
	}
	mustStatus(t, f.act(f.judges[1], hallB.ID, map[string]any{"action": "start"}), 403)
	mustStatus(t, f.judges[1].do("GET", fmt.Sprintf("/api/v1/live/rooms/%d", hallA.ID), nil), 404)
	jv := decode[domain.RoomView](t, f.judges[1].do("GET", fmt.Sprintf("/api/v1/live/rooms/%d", hallB.ID), nil))
	if jv.CanModerate || jv.Current == nil || jv.Current.TeamName != "" || jv.Current.Title == "" {
		t.Errorf("judge's view of a blind room: %+v", jv.Current)
	}
	dv := decode[domain.RoomView](t, f.ts.client().do("GET", "/api/v1/live/display/"+hallA.DisplayToken, nil))
	if dv.Current == nil || dv.Current.TeamName == "" || dv.Phase != domain.PhasePitch {
		t.Errorf("display view: %+v", dv)
	}
	mustStatus(t, f.ts.client().do("GET", "/api/v1/live/display/"+strings.Repeat("x", 32), nil), 404)
	// The state holds the server's instants: the remaining time follows
	// from it and the server's time.
	if want := dv.Clock.PitchMS - dv.ServerTime.Sub(*dv.Clock.StartedAt).Milliseconds(); dv.RemainingMS != want {
		t.Errorf("remaining %d, want %d", dv.RemainingMS, want)
	}

	// Extend, skip, and record a no-show.
	v = decode[domain.RoomView](t, f.act(f.admin, hallA.ID, map[string]any{"action": "extend", "seconds": 60}))
	if v.Clock.PitchMS != 420000 {
		t.Errorf("extended pitch = %d", v.Clock.PitchMS)
	}
	mustStatus(t, f.act(f.judges[0], hallA.ID, map[string]any{"action": "extend", "seconds": 0}), 400)
	first := v.Current.ID
	v = decode[domain.RoomView](t, f.act(f.judges[0], hallA.ID, map[string]any{"action": "next"}))
	if v.Phase != domain.PhaseIdle || v.Current == nil || v.Current.ID == first {
		t.Fatalf("after next: %+v", v)
	}
	v = decode[domain.RoomView](t, f.act(f.judges[0], hallA.ID, map[string]any{"action": "skip", "reason": "no_show"}))
	if v.Phase != domain.PhaseFinished {
		t.Errorf("after the last skip: %s", v.Phase)
	}
	statuses := map[string]int{}
	for _, sl := range v.Slots {
		statuses[sl.Status]++
	}
	if statuses[domain.SlotDone] != 1 || statuses[domain.SlotNoShow] != 1 {
		t.Errorf("statuses = %v", statuses)
	}
	// The live round has started: the schedule is not rebuilt.
	mustStatus(t, f.admin.do("POST", f.path("/live/schedule"), map[string]any{}), 409)

	// judge1 finds its room; a regenerated display link retires the old one.
	rooms := decode[[]domain.JudgeRoom](t, f.judges[0].do("GET", "/api/v1/me/live-rooms", nil))
	if len(rooms) != 1 || rooms[0].RoomID != hallA.ID || !rooms[0].Moderator {
		t.Errorf("judge rooms = %+v", rooms)
	}
	nt := decode[domain.LiveRoomSetup](t, f.admin.do("POST", fmt.Sprintf("/api/v1/live/rooms/%d/display-token", hallA.ID), map[string]any{}))
	mustStatus(t, f.ts.client().do("GET", "/api/v1/live/display/"+hallA.DisplayToken, nil), 404)
	mustStatus(t, f.ts.client().do("GET", "/api/v1/live/display/"+nt.DisplayToken, nil), 200)
}

// roomEvents opens a room's event stream at path as c (nil: no sign-in)
// and returns its decoded states.
func roomEvents(t *testing.T, base, path string, c *client) <-chan domain.RoomView {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", base+path, nil)
	if c != nil {
		for k, v := range c.cookies {
			req.AddCookie(&http.Cookie{Name: k, Value: v})
		}
		req.Header.Set("X-Forwarded-For", c.ip)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != 200 {
		t.Fatalf("%s: status %d", path, resp.StatusCode)
	}
	events := make(chan domain.RoomView, 8)
	go func() {
		defer close(events)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var v domain.RoomView
				if json.Unmarshal([]byte(data), &v) == nil {
					events <- v
				}
			}
		}
	}()
	return events
}

// waitPhase reads events until one in phase arrives.
func waitPhase(t *testing.T, events <-chan domain.RoomView, phase string) domain.RoomView {
	t.Helper()
	for v := range events {
		if v.Phase == phase {
			return v
		}
	}
	t.Fatalf("the stream ended before phase %s reached it", phase)
	return domain.RoomView{}
}

// TestLiveRoomStreams: a moderator's action reaches, through the
// database's notification, the display (with the team), the moderator
// (still allowed to moderate) and a judge of the blind room (no team).
func TestLiveRoomStreams(t *testing.T) {
	t.Parallel()
	f := newLiveFixture(t)
	f.build(t)
	hallA, hallB := f.room("Hall A"), f.room("Hall B")
	base := f.ts.listen()
	display := roomEvents(t, base, "/api/v1/live/display/"+hallB.DisplayToken+"/stream", nil)
	judge := roomEvents(t, base, fmt.Sprintf("/api/v1/live/rooms/%d/stream", hallB.ID), f.judges[2])
	moderator := roomEvents(t, base, fmt.Sprintf("/api/v1/live/rooms/%d/stream", hallA.ID), f.judges[0])
	if v := <-display; v.Phase != domain.PhaseIdle {
		t.Fatalf("first display event phase %s", v.Phase)
	}
	if v := <-moderator; !v.CanModerate {
		t.Fatal("the moderator's first state does not let them moderate")
	}
	mustStatus(t, f.act(f.admin, hallB.ID, map[string]any{"action": "start"}), 200)
	if v := waitPhase(t, display, domain.PhasePitch); v.Current == nil || v.Current.TeamName == "" {
		t.Errorf("display event without the team: %+v", v.Current)
	}
	if v := waitPhase(t, judge, domain.PhasePitch); v.Current == nil || v.Current.TeamName != "" || v.CanModerate {
		t.Errorf("a judge's event of a blind room: %+v, can moderate %v", v.Current, v.CanModerate)
	}
	mustStatus(t, f.act(f.judges[0], hallA.ID, map[string]any{"action": "start"}), 200)
	v := waitPhase(t, moderator, domain.PhasePitch)
	if !v.CanModerate || v.Judges != 1 || v.Scored != 0 {
		t.Errorf("after a change the moderator's stream: can moderate %v, scored %d of %d", v.CanModerate, v.Scored, v.Judges)
	}
	// The judge's submitted score reaches the room's progress.
	for _, a := range decode[[]domain.Assignment](t, f.judges[0].do("GET", "/api/v1/me/assignments", nil)) {
		if a.SubmissionID == v.Current.EntryID && a.RoundID == f.round.ID {
			mustStatus(t, f.judges[0].do("PUT", fmt.Sprintf("/api/v1/assignments/%d/score", a.ID),
				map[string]any{"values": map[string]float64{"impact": 8}, "final": true}), 200)
		}
	}
	for v := range moderator {
		if v.Scored == 1 {
			return
		}
	}
	t.Fatal("the stream ended before the score reached the room's progress")
}
