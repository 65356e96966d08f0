package replicatest

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
	"github.com/podium-contests/podium/server/internal/apiclient"
	"github.com/podium-contests/podium/server/store"
)

// BenchmarkLiveRoomPropagation measures how long a moderator's action on a
// live room takes to reach the room's subscribers across two replicas: a
// live final with liveRooms rooms and liveTeams teams; every room has
// displaysPerRoom display streams, half on replica A and half on replica
// B; the moderator acts on replica B (pause, resume, alternating), one
// room after another, liveChanges times in all, waiting each time until
// every stream of the room has the new state. It reports the p50, p99 and
// maximum delay from sending the action to a stream receiving the new
// state, over every (change, stream) pair. A measurement, not a check:
//
//	go test ./server/replicatest -run '^$' -bench LiveRoomPropagation -benchtime 1x
func BenchmarkLiveRoomPropagation(b *testing.B) {
	const (
		liveRooms       = 10
		liveTeams       = 40
		displaysPerRoom = 6
		liveChanges     = 300
	)
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	rooms := make([]domain.LiveRoomInput, liveRooms)
	for i := range rooms {
		rooms[i] = domain.LiveRoomInput{Name: fmt.Sprintf("Room %d", i+1)}
	}
	final := startLiveFinal(ctx, b, liveTeams, 0, rooms)
	a, bb, org, setup := final.pair.a, final.pair.b, final.org, final.setup
	streams := make([][]<-chan domain.RoomView, liveRooms)
	for i, room := range setup.Rooms {
		for k := range displaysPerRoom {
			base := a.URL
			if k%2 == 1 {
				base = bb.URL
			}
			events := openDisplayStream(ctx, b, base, room.DisplayToken)
			<-events // the state at opening
			streams[i] = append(streams[i], events)
		}
	}
	for i, room := range setup.Rooms { // every room's first team starts
		act(ctx, b, org, room.ID, "start")
		for _, s := range streams[i] {
			waitRevision(b, s, -1)
		}
	}
	b.ResetTimer()
	var delays []time.Duration
	for n := range liveChanges {
		i := n % liveRooms
		action := []string{"pause", "resume"}[(n/liveRooms)%2]
		sent := time.Now()
		rev := act(ctx, b, org, setup.Rooms[i].ID, action)
		for _, s := range streams[i] {
			delays = append(delays, waitRevision(b, s, rev).Sub(sent))
		}
	}
	b.StopTimer()
	p50, p99, most := reportDelays(b, "", delays)
	b.Logf("%d changes × %d streams over %d rooms (streams on both replicas, actions on B): p50 %s, p99 %s, max %s",
		liveChanges, displaysPerRoom, liveRooms, p50, p99, most)
}

// reportDelays sorts delays and reports their p50, p99 and maximum as the
// benchmark's metrics (prefixed with prefix), and returns them.
func reportDelays(b *testing.B, prefix string, delays []time.Duration) (p50, p99, most time.Duration) {
	b.Helper()
	if len(delays) == 0 {
		b.Fatal("no delay measured")
	}
	slices.Sort(delays)
	pct := func(p float64) time.Duration { return delays[min(len(delays)-1, int(p*float64(len(delays))))] }
	p50, p99, most = pct(0.5), pct(0.99), delays[len(delays)-1]
	b.ReportMetric(float64(p50.Microseconds())/1000, prefix+"p50-ms")
	b.ReportMetric(float64(p99.Microseconds())/1000, prefix+"p99-ms")
	b.ReportMetric(float64(most.Microseconds())/1000, prefix+"max-ms")
	return p50, p99, most
}

// liveFinal is a live final on two replicas: its organizer signed in on
// replica B, its judges (their clients on replica A) and its schedule.
type liveFinal struct {
	pair   replicaPair
	org    *apiclient.Client
	judges map[string]*apiclient.Client // by e-mail
	round  domain.Round
	setup  domain.LiveSetup
}

// startLiveFinal starts two replicas and sets up a live final: teams teams
// with a submitted entry (alternating two tracks), judges judges of the
// contest (judge0@jury.example.net, ...), a live round with rooms (which
// may name those judges) and its schedule built.
func startLiveFinal(ctx context.Context, b *testing.B, teams, judges int, rooms []domain.LiveRoomInput) liveFinal {
	b.Helper()
	// Every team and judge registers from this one address.
	pair := startReplicas(ctx, b, 16, "PODIUM_RATE_REGISTER=1000 + 1000/1h")
	a, bb, dbURL := pair.a, pair.b, pair.dbURL
	pair.createAdmin(ctx, b)
	org := apiclient.New(apiclient.NewBalancer(bb.URL), nil)
	must(b, org.Login(ctx, "root@example.org", apiclient.Password))
	slug := "live"
	_, err := org.CreateContest(ctx, apiclient.ContestInput(slug, 1<<20))
	must(b, err)
	outbox, err := store.Open(ctx, dbURL, store.Options{MaxOpenConns: 2, MaxIdleConns: 1})
	must(b, err)
	defer outbox.Close()
	for i := range teams {
		c := apiclient.New(apiclient.NewBalancer(a.URL, bb.URL), nil)
		email := fmt.Sprintf("captain%d@uni%d.example.edu", i, i)
		must(b, c.SignUp(ctx, email, "Captain", "Uni"))
		must(b, c.VerifyFromOutbox(ctx, outbox, email))
		team, err := c.CreateTeam(ctx, slug, fmt.Sprintf("Team %d", i), []string{"energy", "health"}[i%2])
		must(b, err)
		must(b, c.SaveDraft(ctx, team.ID, fmt.Sprintf("Entry %d", i)))
		_, err = c.UploadFile(ctx, team.ID, apiclient.PDFSlot, "deck.pdf", apiclient.PDF(2048, uint64(i)))
		must(b, err)
		_, err = c.Submit(ctx, team.ID, "")
		must(b, err)
	}
	jc := map[string]*apiclient.Client{}
	for i := range judges {
		c := apiclient.New(apiclient.NewBalancer(a.URL), nil)
		email := fmt.Sprintf("judge%d@jury.example.net", i)
		must(b, c.SignUp(ctx, email, "Judge", "Jury"))
		must(b, c.VerifyFromOutbox(ctx, outbox, email))
		must(b, org.AddMember(ctx, slug, email, domain.RoleJudge))
		jc[email] = c
	}
	var round domain.Round
	must(b, org.Call(ctx, apiclient.RouteOther, 201, "POST", "contests/"+slug+"/rounds", domain.RoundInput{Name: "Final", Rubric: apiclient.Rubric,
		JudgesPerEntry: 1, Method: "mean", ClosesAt: time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339)}, &round))
	must(b, org.Call(ctx, apiclient.RouteOther, 200, "PUT", fmt.Sprintf("rounds/%d/live", round.ID),
		domain.LiveSetupInput{StartsAt: time.Now().Add(time.Hour).UTC().Format(time.RFC3339), Rooms: rooms}, nil))
	var setup domain.LiveSetup
	must(b, org.Call(ctx, apiclient.RouteOther, 200, "POST", fmt.Sprintf("rounds/%d/live/schedule", round.ID), map[string]any{}, &setup))
	if len(setup.Slots) != teams {
		b.Fatalf("%d slots, want %d", len(setup.Slots), teams)
	}
	return liveFinal{pair: pair, org: org, judges: jc, round: round, setup: setup}
}

// act sends a moderator's action and returns the room's new revision.
func act(ctx context.Context, b *testing.B, c *apiclient.Client, roomID int64, action string) int64 {
	b.Helper()
	var v domain.RoomView
	must(b, c.Call(ctx, apiclient.RouteOther, 200, "POST", fmt.Sprintf("live/rooms/%d/actions", roomID), domain.RoomAction{Action: action}, &v))
	return v.Clock.Revision
}

// waitRevision reads a stream until a state of revision rev (any newer
// state when rev < 0) arrives, and returns when.
func waitRevision(b *testing.B, events <-chan domain.RoomView, rev int64) time.Time {
	b.Helper()
	for v := range events {
		if (rev < 0 && v.Phase == domain.PhasePitch) || (rev >= 0 && v.Clock.Revision >= rev) {
			return time.Now()
		}
	}
	b.Fatal("a display stream ended")
	return time.Time{}
}

// openDisplayStream opens a room display's event stream on base.
func openDisplayStream(ctx context.Context, b *testing.B, base, token string) <-chan domain.RoomView {
	b.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/api/v1/live/display/"+token+"/stream", nil)
	return openRoomStream(b, req)
}

// openRoomStream sends req, a request for a room's event stream, and sends
// every room state it receives on the returned channel.
func openRoomStream(b *testing.B, req *http.Request) <-chan domain.RoomView {
	b.Helper()
	resp, err := http.DefaultClient.Do(req)
	must(b, err)
	if resp.StatusCode != 200 {
		b.Fatalf("room stream: status %d", resp.StatusCode)
	}
	b.Cleanup(func() { resp.Body.Close() })
	out := make(chan domain.RoomView, 16)
	go func() {
		defer close(out)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var v domain.RoomView
				if json.Unmarshal([]byte(data), &v) == nil {
					out <- v
				}
			}
		}
	}()
	return out
}
