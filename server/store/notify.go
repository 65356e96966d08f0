package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/lib/pq"
)

// ProgressChannel is the NOTIFY channel on which score and assignment
// changes announce their round id.
const ProgressChannel = "podium_progress"

// SessionsChannel is the NOTIFY channel on which the database announces
// ended sessions and changed users (migration 00009).
const SessionsChannel = "podium_sessions"

// ListenProgress calls fn with the round id of every progress notification
// until ctx ends, after dropping that round's progress from this replica's
// cache (see progressCache), which it turns on once it hears its own probe.
// The listener reconnects by itself after a database restart; after a
// reconnect every round is announced as changed (id 0), since
// notifications sent meanwhile are lost.
func (s *Store) ListenProgress(ctx context.Context, url string, log *slog.Logger, fn func(roundID int64)) error {
	changed := func(id int64) {
		s.progressCache.changed(id)
		fn(id)
	}
	return s.listenProbed(ctx, url, log, ProgressChannel, s.q.ProbeProgressChannel, s.progressCache.listening, func(again bool) {
		if again {
			changed(0)
		}
	}, func(payload string) {
		if id, err := strconv.ParseInt(payload, 10, 64); err == nil {
			changed(id)
		}
	})
}

// ListenSessions lets the store keep sessions in memory (see sessionCache)
// while it hears, until ctx ends, which sessions end elsewhere. Without it
// every request reads its session from the database.
func (s *Store) ListenSessions(ctx context.Context, url string, log *slog.Logger) error {
	return s.listenProbed(ctx, url, log, SessionsChannel, s.q.ProbeSessionsChannel, s.sessionCache.listening, nil, s.sessionCache.notified)
}

// listenProbed listens on channel for a cache that may only be used while
// its invalidations are heard: cache(false) whenever the connection goes
// down or comes back, cache(true) once the listener has heard a probe this
// replica sent through the database (probeQuery, with the payload as $1)
// since, so a listener that cannot hear notifications (LISTEN through a
// transaction-mode pooler) leaves the cache off. up(again) runs when the
// listener is connected, again after a reconnect (nil: nothing to do);
// every other payload goes to notify.
func (s *Store) listenProbed(ctx context.Context, url string, log *slog.Logger, channel, probeQuery string, cache func(on bool), up func(again bool), notify func(payload string)) error {
	var mu sync.Mutex
	var probe string
	return listen(ctx, url, log, channel, func(connected, again bool) {
		cache(false)
		if !connected {
			return
		}
		mu.Lock()
		probe = probePrefix + randomHex()
		p := probe
		mu.Unlock()
		go func() {
			pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			if _, err := s.db.ExecContext(pctx, probeQuery, p); err != nil && ctx.Err() == nil {
				log.Warn("cache stays off: probe not sent", "channel", channel, "err", err)
			}
		}()
		if up != nil {
			up(again)
		}
	}, func(payload string) {
		if strings.HasPrefix(payload, probePrefix) {
			mu.Lock()
			heard := payload == probe
			mu.Unlock()
			if heard {
				cache(true)
			}
			return
		}
		notify(payload)
	})
}

// probePrefix marks a podium_sessions payload as a listener's probe.
const probePrefix = "probe:"

func randomHex() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b) // crypto/rand does not fail
	return hex.EncodeToString(b)
}

// listen LISTENs on channel until ctx ends and calls notify with every
// payload. connected(true, again) runs once listening, again=true after a
// reconnect (notifications sent meanwhile are lost); connected(false, _)
// when the connection is lost and when ctx ends. The listener reconnects by
// itself.
func listen(ctx context.Context, url string, log *slog.Logger, channel string, connected func(up, again bool), notify func(payload string)) error {
	l := pq.NewListener(url, time.Second, 30*time.Second, func(ev pq.ListenerEventType, err error) {
		if err != nil {
			log.Warn("listener", "channel", channel, "event", ev, "err", err)
		}
		switch ev {
		case pq.ListenerEventDisconnected:
			connected(false, false)
		case pq.ListenerEventReconnected:
			connected(true, true)
		}
	})
	if err := l.Listen(channel); err != nil {
		l.Close()
		return err
	}
	connected(true, false)
	go func() {
		defer l.Close()
		for {
			select {
			case <-ctx.Done():
				connected(false, false)
				return
			case n := <-l.Notify:
				if n != nil { // nil: reconnected, reported by the event above
					notify(n.Extra)
				}
			case <-time.After(time.Minute):
				_ = l.Ping()
			}
		}
	}()
	return nil
}
