package api

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/podium-contests/podium/server/domain"
)

// Events fans progress changes out to the server-sent-event streams of this
// replica. Changes arrive through Publish, fed by a PostgreSQL LISTEN on
// every replica, so a score saved on one replica reaches streams on all.
//
// A change costs one load per round, not one per stream: each round with
// open streams has a feed that loads the progress once and hands the same
// bytes to every stream of the round. Each stream belongs to a sign-in (a
// session or an API token): it ends at once when that session logs out on
// this replica, and at its next heartbeat when the sign-in has ended
// elsewhere or expired. Streams are capped per sign-in and per account.
type Events struct {
	mu        sync.Mutex
	feeds     map[feedKey]*feed
	bySignIn  map[string]map[*stream]struct{}
	perUser   map[int64]int
	closed    bool
	heartbeat time.Duration
}

// feedKey names a feed: a round's progress (room 0), or a live room's
// state for one audience (see live.go).
type feedKey struct {
	round    int64
	room     int64
	audience string
}

// feed is the one loader of a round's progress, or of a live room's state.
type feed struct {
	key   feedKey
	round int64
	load  func() ([]byte, error)
	subs  map[*stream]struct{}
	wake  chan struct{} // buffered 1: changes coalesce while a load runs
	stop  chan struct{}
}

// stream is one open event stream.
type stream struct {
	signIn  string
	user    int64
	feed    *feed
	updates chan []byte // buffered 1: the latest progress replaces an unsent one
	done    chan struct{}
	endOnce sync.Once
}

func (st *stream) end() { st.endOnce.Do(func() { close(st.done) }) }

// defaultHeartbeat keeps idle streams alive through proxies, and is how
// often a stream checks that its sign-in still stands.
const defaultHeartbeat = 15 * time.Second

// NewEvents returns an empty hub.
func NewEvents() *Events {
	return &Events{feeds: map[feedKey]*feed{}, bySignIn: map[string]map[*stream]struct{}{}, perUser: map[int64]int{},
		heartbeat: defaultHeartbeat}
}

// Publish wakes the feed of a round (of every round for id 0); a busy feed
// coalesces several changes into one load.
func (e *Events) Publish(roundID int64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, f := range e.feeds {
		if roundID != 0 && f.round != roundID {
			continue
		}
		select {
		case f.wake <- struct{}{}:
		default:
		}
	}
}

// subscribe opens a stream of a feed (of round roundID) for a sign-in of
// user, within caps; load is the feed's loader when the stream starts it.
func (e *Events) subscribe(key feedKey, roundID int64, signIn string, user int64, caps domain.StreamCaps, load func() ([]byte, error), log *slog.Logger) (*stream, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	st := &stream{signIn: signIn, user: user, updates: make(chan []byte, 1), done: make(chan struct{})}
	if e.closed {
		st.end()
		return st, nil
	}
	if err := domain.CheckStreamCaps(caps, len(e.bySignIn[signIn]), e.perUser[user]); err != nil {
		return nil, err
	}
	f := e.feeds[key]
	if f == nil {
		f = &feed{key: key, round: roundID, load: load, subs: map[*stream]struct{}{}, wake: make(chan struct{}, 1), stop: make(chan struct{})}
		e.feeds[key] = f
		go e.run(f, log)
	}
	st.feed = f
	f.subs[st] = struct{}{}
	if e.bySignIn[signIn] == nil {
		e.bySignIn[signIn] = map[*stream]struct{}{}
	}
	e.bySignIn[signIn][st] = struct{}{}
	e.perUser[user]++
	return st, nil
}

// unsubscribe forgets a stream; the last stream of a round stops its feed.
func (e *Events) unsubscribe(st *stream) {
	st.end()
	e.mu.Lock()
	defer e.mu.Unlock()
	f := st.feed
	if f == nil {
		return
	}
	if _, ok := f.subs[st]; !ok {
		return
	}
	delete(f.subs, st)
	if len(f.subs) == 0 {
		close(f.stop)
		delete(e.feeds, f.key)
	}
	if delete(e.bySignIn[st.signIn], st); len(e.bySignIn[st.signIn]) == 0 {
		delete(e.bySignIn, st.signIn)
	}
	if e.perUser[st.user]--; e.perUser[st.user] <= 0 {
		delete(e.perUser, st.user)
	}
}

// run loads the round's progress once per wake-up and hands it to every
// stream of the round.
func (e *Events) run(f *feed, log *slog.Logger) {
	for {
		select {
		case <-f.stop:
			return
		case <-f.wake:
		}
		b, err := f.load()
		if err != nil {
			log.Warn("progress stream", "round_id", f.round, "err", err)
			continue // the streams keep their last state; the next change retries
		}
		e.mu.Lock()
		for st := range f.subs {
			select { // only this goroutine sends: after the drain there is room
			case <-st.updates:
			default:
			}
			st.updates <- b
		}
		e.mu.Unlock()
	}
}

// EndSignIn ends every stream of a sign-in at once (at logout).
func (e *Events) EndSignIn(signIn string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for st := range e.bySignIn[signIn] {
		st.end()
	}
}

// Close ends every stream (at shutdown, so that it does not wait on them).
func (e *Events) Close() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.closed = true
	for _, streams := range e.bySignIn {
		for st := range streams {
			st.end()
		}
	}
}

// signInOf names the caller's sign-in for the stream caps, with a check
// that it still stands: the session, or the API token.
func (s *server) signInOf(c *fiber.Ctx) (string, func(context.Context) (bool, error)) {
	if id := identityOf(c); id != nil && id.Session != nil {
		sid := id.SessionID
		return sessionSignIn(sid), func(ctx context.Context) (bool, error) { return s.Accounts.SessionAlive(ctx, sid) }
	}
	token := strings.TrimSpace(strings.TrimPrefix(c.Get(fiber.HeaderAuthorization), "Bearer "))
	return "token:" + string(domain.HashSecret(token)), func(ctx context.Context) (bool, error) { return s.Accounts.TokenAlive(ctx, token) }
}

// sessionSignIn names a session's sign-in.
func sessionSignIn(sessionID string) string { return "session:" + string(domain.HashSecret(sessionID)) }

// progressStream sends the round's progress now and after every change,
// while the caller's sign-in stands.
func (s *server) progressStream(c *fiber.Ctx) error {
	return withID(c, "round", func(u domain.User, id int64) error {
		load := func() (domain.Progress, error) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			return s.Judging.RoundProgress(ctx, id, s.ProgressStore)
		}
		ctx, cancel := context.WithTimeout(c.UserContext(), 10*time.Second)
		first, err := s.Judging.WholeRoundProgress(ctx, u, id, s.ProgressStore) // authorizes before the stream starts
		cancel()
		if err != nil {
			return err
		}
		signIn, alive := s.signInOf(c)
		caps := domain.StreamCaps{PerSession: s.Config.EventStreamsPerSession, PerUser: s.Config.EventStreamsPerUser}
		st, err := s.Events.subscribe(feedKey{round: id}, id, signIn, u.ID, caps, func() ([]byte, error) {
			p, err := load()
			if err != nil {
				return nil, err
			}
			return json.Marshal(p)
		}, s.Log)
		if err != nil {
			return err
		}
		firstJSON, _ := json.Marshal(first)
		s.serveStream(c, st, "progress", firstJSON, alive)
		return nil
	})
}

// serveStream answers the request with the stream's events: first now,
// then every update, with a heartbeat that also ends the stream once alive
// says its right to it has ended (signed out, a replaced link); alive may
// be nil when there is nothing to check.
func (s *server) serveStream(c *fiber.Ctx, st *stream, event string, first []byte, alive func(context.Context) (bool, error)) {
	heartbeat := s.Events.heartbeat
	c.Set(fiber.HeaderContentType, "text/event-stream")
	c.Set(fiber.HeaderCacheControl, "no-cache")
	c.Set("X-Accel-Buffering", "no")
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		defer s.Events.unsubscribe(st)
		ticker := time.NewTicker(heartbeat)
		defer ticker.Stop()
		b := first
		for {
			if b != nil {
				if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", event, b); err != nil || w.Flush() != nil {
					return
				}
			}
			b = nil
			select {
			case b = <-st.updates:
			case <-st.done:
				return
			case <-ticker.C:
				if alive != nil {
					ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
					ok, err := alive(ctx)
					cancel()
					if err == nil && !ok {
						return // signed out elsewhere, expired, or the link was replaced
					}
				}
				if _, err := w.WriteString(": ping\n\n"); err != nil || w.Flush() != nil {
					return
				}
			}
		}
	})
}
