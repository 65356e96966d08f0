package api

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/podium-contests/podium/server/domain"
)

// countingProgress counts the progress loads that reach the store.
type countingProgress struct {
	domain.ProgressStore
	loads atomic.Int64
}

func (c *countingProgress) RoundProgress(ctx context.Context, roundID int64) ([]domain.JudgeProgress, error) {
	c.loads.Add(1)
	return c.ProgressStore.RoundProgress(ctx, roundID)
}

// streamFixture is an assigned round served on a real socket by an app with
// its own event hub (fed only by the test's Publish calls) and a counted
// progress store.
type streamFixture struct {
	*judgingFixture
	base     string
	events   *Events
	progress *countingProgress
}

func newStreamFixture(t *testing.T, perSession, perUser int, heartbeat time.Duration) *streamFixture {
	f := newJudgingFixture(t, 2, 2)
	f.createRound(t, 1, "mean", false)
	mustStatus(t, f.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", f.round.ID), map[string]any{}), 200)
	sf := &streamFixture{judgingFixture: f, events: NewEvents(), progress: &countingProgress{ProgressStore: f.ts.deps.ProgressStore}}
	sf.events.heartbeat = heartbeat
	t.Cleanup(sf.events.Close)
	deps := f.ts.deps
	deps.Config.EventStreamsPerSession, deps.Config.EventStreamsPerUser = perSession, perUser
	deps.Events, deps.ProgressStore, deps.Registry = sf.events, sf.progress, prometheus.NewRegistry()
	f.ts.app = New(deps)
	sf.base = f.ts.listen()
	return sf
}

// openStream is one client's progress stream: its status, and its events
// (the channel closes when the stream ends). A refused stream's error body
// comes back as the message.
type openedStream struct {
	status  int
	message string
	events  chan domain.Progress
}

func (sf *streamFixture) open(t *testing.T, c *client) openedStream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/api/v1/rounds/%d/progress/stream", sf.base, sf.round.ID), nil)
	for k, v := range c.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	req.Header.Set("X-Forwarded-For", c.ip)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	out := openedStream{status: resp.StatusCode}
	if resp.StatusCode != 200 {
		var e errorBody
		_ = json.NewDecoder(resp.Body).Decode(&e)
		out.message = e.Error.Message
		return out
	}
	out.events = progressEvents(resp.Body)
	return out
}

// progressEvents decodes the progress events of a stream's body; the
// channel closes when the body ends.
func progressEvents(body io.Reader) chan domain.Progress {
	events := make(chan domain.Progress, 10)
	go func() {
		sc := bufio.NewScanner(body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var p domain.Progress
				if err := json.Unmarshal([]byte(data), &p); err == nil {
					events <- p
				}
			}
		}
		close(events)
	}()
	return events
}

// next waits for the stream's next event; ok is false when it ended.
func next(t *testing.T, s openedStream) (domain.Progress, bool) {
	t.Helper()
	select {
	case p, ok := <-s.events:
		return p, ok
	case <-time.After(30 * time.Second):
		t.Fatal("no event and no end of the stream")
		return domain.Progress{}, false
	}
}

// TestProgressStreamsShareOneLoadPerChange: five streams of a round cost
// one progress query per change, not five.
func TestProgressStreamsShareOneLoadPerChange(t *testing.T) {
	t.Parallel()
	sf := newStreamFixture(t, 8, 24, time.Hour)
	var streams []openedStream
	for range 5 {
		s := sf.open(t, sf.admin)
		mustStatus(t, response{Status: s.status, Body: []byte(s.message)}, 200)
		if p, ok := next(t, s); !ok || p.Assigned != 2 {
			t.Fatalf("first event %+v (stream open %v)", p, ok)
		}
		streams = append(streams, s)
	}
	before := sf.progress.loads.Load()
	sf.events.Publish(sf.round.ID)
	for i, s := range streams {
		if p, ok := next(t, s); !ok || p.RoundID != sf.round.ID {
			t.Fatalf("stream %d after a change: %+v (open %v)", i, p, ok)
		}
	}
	if n := sf.progress.loads.Load() - before; n != 1 {
		t.Fatalf("one change of a round with 5 streams made %d progress queries, want 1", n)
	}
}

// TestProgressStreamsAreCappedPerSignInAndPerAccount: beyond the caps a
// stream is refused with 429 and a message saying which cap.
func TestProgressStreamsAreCappedPerSignInAndPerAccount(t *testing.T) {
	t.Parallel()
	sf := newStreamFixture(t, 2, 3, time.Hour)
	for range 2 {
		if s := sf.open(t, sf.admin); s.status != 200 {
			t.Fatalf("stream within the caps: %d %s", s.status, s.message)
		}
	}
	s := sf.open(t, sf.admin)
	if s.status != 429 || !strings.Contains(s.message, "sign-in") {
		t.Fatalf("third stream of one session: %d %q, want 429 naming the sign-in", s.status, s.message)
	}
	other := sf.ts.client()
	other.ip = sf.admin.ip
	other.login("root@example.org", "admin-password-1")
	if s := sf.open(t, other); s.status != 200 {
		t.Fatalf("a second session's first stream: %d %s", s.status, s.message)
	}
	s = sf.open(t, other)
	if s.status != 429 || !strings.Contains(s.message, "account") {
		t.Fatalf("fourth stream of one account: %d %q, want 429 naming the account", s.status, s.message)
	}
}

// TestProgressStreamEndsAtLogout: signing out ends the session's streams
// at once.
func TestProgressStreamEndsAtLogout(t *testing.T) {
	t.Parallel()
	sf := newStreamFixture(t, 8, 24, time.Hour) // no heartbeat during the test
	s := sf.open(t, sf.admin)
	if _, ok := next(t, s); !ok {
		t.Fatal("stream ended before its first event")
	}
	mustStatus(t, sf.admin.do("POST", "/api/v1/auth/logout", map[string]any{}), 200)
	if p, ok := next(t, s); ok {
		t.Fatalf("the stream goes on after logout: %+v", p)
	}
}

// TestProgressStreamEndsWhenItsSignInEnds: a session ended elsewhere (by
// another replica, or expired) and a revoked API token end their streams
// at the next heartbeat.
func TestProgressStreamEndsWhenItsSignInEnds(t *testing.T) {
	t.Parallel()
	sf := newStreamFixture(t, 8, 24, 5*time.Millisecond)
	session := sf.open(t, sf.admin)
	tok := decode[newToken](t, sf.admin.do("POST", "/api/v1/me/tokens", map[string]any{"name": "dashboard"}))
	script := sf.ts.client()
	script.bearer = tok.Token
	token := sf.open(t, script)
	for _, s := range []openedStream{session, token} {
		if _, ok := next(t, s); !ok {
			t.Fatal("stream ended before its first event")
		}
	}
	// Revoke the token, and end the session behind this replica's back.
	mustStatus(t, sf.admin.do("DELETE", fmt.Sprintf("/api/v1/me/tokens/%d", tok.ID), nil), 200)
	if err := sf.ts.acc.Logout(t.Context(), sf.sessionID(t)); err != nil {
		t.Fatal(err)
	}
	for _, s := range []openedStream{token, session} {
		for { // the stream ends (no change is published meanwhile)
			if _, ok := next(t, s); !ok {
				break
			}
		}
	}
}

// sessionID is the admin's session cookie.
func (sf *streamFixture) sessionID(t *testing.T) string {
	for k, v := range sf.admin.cookies {
		if strings.Contains(k, "session") {
			return v
		}
	}
	t.Fatal("admin has no session cookie")
	return ""
}
