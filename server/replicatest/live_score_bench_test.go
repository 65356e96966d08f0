package replicatest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/internal/apiclient"
)

// BenchmarkLiveScorePropagation measures how long a judge's score takes to
// reach the organizers' screens and the room's progress across two
// replicas, in a final of scoreRooms rooms, scoreJudges judges (six a room)
// and scoreTeams teams. Every room's first team is on stage; the judges'
// phones are on replica A; on replica B, orgScreens organizer sessions each
// hold the round's progress stream and the room streams of two rooms, and
// every room's display holds its stream. The judges score the entry on
// stage in waves: in each wave, one judge of every room submits at once
// (ten concurrent requests); when the six have scored, the moderator moves
// every room to its next team, scoreSlots teams a room in all. It reports the delay from sending a score to
// a stream receiving the state that counts it: on every progress stream
// (prog-*: the round's finished sheets) and on every stream of the judge's
// room (room-*: the room's "scored" count), over every (score, stream)
// pair. A measurement, not a check:
//
//	go test ./server/replicatest -run '^$' -bench LiveScorePropagation -benchtime 1x
func BenchmarkLiveScorePropagation(b *testing.B) {
	const (
		scoreRooms  = 10
		scoreJudges = 60
		scoreTeams  = 120
		orgScreens  = 5
		scoreSlots  = 4 // teams pitching in each room during the measurement
	)
	perRoom := scoreJudges / scoreRooms
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	rooms := make([]domain.LiveRoomInput, scoreRooms)
	for i := range rooms {
		rooms[i] = domain.LiveRoomInput{Name: fmt.Sprintf("Room %d", i+1)}
		for k := range perRoom {
			rooms[i].Judges = append(rooms[i].Judges, fmt.Sprintf("judge%d@jury.example.net", i*perRoom+k))
		}
	}
	final := startLiveFinal(ctx, b, scoreTeams, scoreJudges, rooms)
	onB, org, setup := final.pair.b.URL, final.org, final.setup

	// Every room's first team on stage.
	current := make([]int64, scoreRooms) // the entry on stage, by room
	for i, room := range setup.Rooms {
		current[i] = onStage(ctx, b, org, room.ID, "start")
	}

	// The screens on replica B.
	var progress []<-chan domain.Progress
	roomStreams := make([][]<-chan domain.RoomView, scoreRooms)
	for s := range orgScreens {
		screen, err := org.WithToken(ctx, fmt.Sprintf("screen %d", s)) // a sign-in of its own
		must(b, err)
		progress = append(progress, openProgressStream(ctx, b, screen, final.round.ID))
		for _, i := range []int{2 * s, 2*s + 1} {
			req, err := screen.Request(ctx, "GET", fmt.Sprintf("live/rooms/%d/stream", setup.Rooms[i].ID), nil)
			must(b, err)
			roomStreams[i] = append(roomStreams[i], openRoomStream(b, req))
		}
	}
	for i, room := range setup.Rooms {
		roomStreams[i] = append(roomStreams[i], openDisplayStream(ctx, b, onB, room.DisplayToken))
	}
	for i := range roomStreams { // the state at opening, with the team on stage
		for _, s := range roomStreams[i] {
			waitRoom(b, s, func(v domain.RoomView) bool { return v.Current != nil && v.Current.EntryID == current[i] })
		}
	}
	for _, p := range progress {
		<-p
	}

	// Each judge's sheets, by entry.
	sheets := map[string]map[int64]int64{} // judge's e-mail → entry → assignment
	for email, c := range final.judges {
		list, err := c.MyAssignments(ctx)
		must(b, err)
		sheets[email] = map[int64]int64{}
		for _, as := range list {
			sheets[email][as.SubmissionID] = as.ID
		}
	}

	b.ResetTimer()
	var progDelays, roomDelays []time.Duration
	done := 0 // sheets finished before the wave
	for slot := range scoreSlots {
		if slot > 0 { // every room's next team
			b.StopTimer()
			for i, room := range setup.Rooms {
				onStage(ctx, b, org, room.ID, "next") // the next team waits
				current[i] = onStage(ctx, b, org, room.ID, "start")
				for _, s := range roomStreams[i] {
					waitRoom(b, s, func(v domain.RoomView) bool { return v.Current != nil && v.Current.EntryID == current[i] })
				}
			}
			b.StartTimer()
		}
		for wave := range perRoom {
			pd, rd := scoreWave(ctx, b, final.judges, sheets, rooms, current, wave, done, progress, roomStreams)
			progDelays, roomDelays = append(progDelays, pd...), append(roomDelays, rd...)
			done += scoreRooms
		}
	}
	b.StopTimer()
	p50, p99, most := reportDelays(b, "prog-", progDelays)
	b.Logf("organizer progress: %d scores × %d streams: p50 %s, p99 %s, max %s", done, orgScreens, p50, p99, most)
	p50, p99, most = reportDelays(b, "room-", roomDelays)
	b.Logf("room progress: %d scores × %d streams a room: p50 %s, p99 %s, max %s", done, len(roomStreams[0]), p50, p99, most)
}

// onStage sends a moderator's action to a room and returns the entry then
// on stage.
func onStage(ctx context.Context, b *testing.B, org *apiclient.Client, roomID int64, action string) int64 {
	b.Helper()
	var v domain.RoomView
	must(b, org.Call(ctx, apiclient.RouteOther, 200, "POST", fmt.Sprintf("live/rooms/%d/actions", roomID), domain.RoomAction{Action: action}, &v))
	if v.Current == nil {
		b.Fatalf("room %d has no team on stage after %s", roomID, action)
	}
	return v.Current.EntryID
}

// earliest returns the earliest of the times that are set.
func earliest(ts []time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if !t.IsZero() && (out.IsZero() || t.Before(out)) {
			out = t
		}
	}
	return out
}

// waitRoom reads a room stream until a state satisfying ok arrives, and
// returns when.
func waitRoom(b *testing.B, events <-chan domain.RoomView, ok func(domain.RoomView) bool) time.Time {
	for v := range events {
		if ok(v) {
			return time.Now()
		}
	}
	b.Error("a room stream ended")
	return time.Time{}
}

// scoreWave has judge number wave of every room submit their sheet for the
// entry on stage at once (on replica A), done sheets of the round being
// finished before, and returns the delays until the progress streams and
// the room streams counted each score.
func scoreWave(ctx context.Context, b *testing.B, judges map[string]*apiclient.Client, sheets map[string]map[int64]int64,
	rooms []domain.LiveRoomInput, current []int64, wave, done int, progress []<-chan domain.Progress, roomStreams [][]<-chan domain.RoomView) (progDelays, roomDelays []time.Duration) {
	ids := make([]int64, len(rooms))
	for i := range rooms {
		id, ok := sheets[rooms[i].Judges[wave]][current[i]]
		if !ok {
			b.Fatalf("%s has no sheet for the entry on stage in %s", rooms[i].Judges[wave], rooms[i].Name)
		}
		ids[i] = id
	}
	sent := make([]time.Time, len(rooms))
	var mu sync.Mutex
	var wg sync.WaitGroup
	// The listeners first, so each event is timed when it arrives.
	for _, p := range progress {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got := 0 // scores of this wave counted so far
			for ev := range p {
				at := time.Now()
				now := ev.Done - done
				if now <= got {
					continue
				}
				mu.Lock()
				// Which of the wave's scores a state counts is unknown:
				// each newly counted one is timed from the wave's earliest
				// sending, an upper bound of its delay.
				for range now - got {
					progDelays = append(progDelays, at.Sub(earliest(sent)))
				}
				mu.Unlock()
				got = now
				if got >= len(rooms) {
					return
				}
			}
			b.Error("a progress stream ended")
		}()
	}
	for i := range roomStreams {
		for _, s := range roomStreams[i] {
			wg.Add(1)
			go func() {
				defer wg.Done()
				at := waitRoom(b, s, func(v domain.RoomView) bool { return v.Scored >= wave+1 })
				mu.Lock()
				roomDelays = append(roomDelays, at.Sub(sent[i]))
				mu.Unlock()
			}()
		}
	}
	var start sync.WaitGroup
	start.Add(1)
	for i := range rooms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start.Wait()
			mu.Lock()
			sent[i] = time.Now()
			mu.Unlock()
			in := domain.ScoreInput{Values: map[string]float64{"innovation": 7, "impact": 8}, Final: true}
			if err := judges[rooms[i].Judges[wave]].Call(ctx, apiclient.RouteSaveScore, 200, "PUT", fmt.Sprintf("assignments/%d/score", ids[i]), in, nil); err != nil {
				b.Error(err)
			}
		}()
	}
	start.Done()
	wg.Wait()
	if b.Failed() {
		b.FailNow()
	}
	return progDelays, roomDelays
}
