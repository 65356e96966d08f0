package api

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/podium-contests/podium/server/domain"
)

// Events fans progress changes out to the server-sent-event streams of this
// replica. Changes arrive through Publish, fed by a PostgreSQL LISTEN on
// every replica, so a score saved on one replica reaches streams on all.
type Events struct {
	mu     sync.Mutex
	subs   map[int64]map[chan struct{}]struct{}
	closed bool
}

// NewEvents returns an empty hub.
func NewEvents() *Events {
	return &Events{subs: map[int64]map[chan struct{}]struct{}{}}
}

// Publish wakes every stream of a round (of every round for id 0); a busy
// stream coalesces several changes into one update.
func (e *Events) Publish(roundID int64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for id, subs := range e.subs {
		if roundID != 0 && id != roundID {
			continue
		}
		for ch := range subs {
			select {
			case ch <- struct{}{}:
			default:
			}
		}
	}
}

// subscribe returns a channel signalled on each change of the round, closed
// when the hub closes, and a function to unsubscribe.
func (e *Events) subscribe(roundID int64) (chan struct{}, func()) {
	e.mu.Lock()
	defer e.mu.Unlock()
	ch := make(chan struct{}, 1)
	if e.closed {
		close(ch)
		return ch, func() {}
	}
	if e.subs[roundID] == nil {
		e.subs[roundID] = map[chan struct{}]struct{}{}
	}
	e.subs[roundID][ch] = struct{}{}
	return ch, func() {
		e.mu.Lock()
		defer e.mu.Unlock()
		if _, ok := e.subs[roundID][ch]; ok {
			delete(e.subs[roundID], ch)
			close(ch)
		}
	}
}

// Close ends every stream (at shutdown, so that it does not wait on them).
func (e *Events) Close() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.closed = true
	for _, subs := range e.subs {
		for ch := range subs {
			close(ch)
		}
	}
	e.subs = map[int64]map[chan struct{}]struct{}{}
}

// heartbeat keeps idle streams alive through proxies.
const heartbeat = 15 * time.Second

// progressStream sends the round's progress now and after every change.
func (s *server) progressStream(c *fiber.Ctx) error {
	return withRound(c, func(u domain.User, id int64) error {
		load := func() (domain.Progress, error) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			return s.Judging.Progress(ctx, u, id, s.ProgressStore)
		}
		first, err := load() // authorizes before the stream starts
		if err != nil {
			return err
		}
		changes, unsubscribe := s.Events.subscribe(id)
		c.Set(fiber.HeaderContentType, "text/event-stream")
		c.Set(fiber.HeaderCacheControl, "no-cache")
		c.Set("X-Accel-Buffering", "no")
		c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
			defer unsubscribe()
			p, ticker := first, time.NewTicker(heartbeat)
			defer ticker.Stop()
			for {
				b, _ := json.Marshal(p)
				if _, err := fmt.Fprintf(w, "event: progress\ndata: %s\n\n", b); err != nil || w.Flush() != nil {
					return
				}
			wait:
				select {
				case _, ok := <-changes:
					if !ok {
						return
					}
				case <-ticker.C:
					if _, err := w.WriteString(": ping\n\n"); err != nil || w.Flush() != nil {
						return
					}
					goto wait
				}
				if p, err = load(); err != nil {
					s.Log.Warn("progress stream", "round_id", id, "err", err)
					return
				}
			}
		})
		return nil
	})
}
