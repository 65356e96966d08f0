package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
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
// when the connection is lost and when ctx ends. The listener has its own
// connection, outside the pool, and reconnects by itself, waiting from
// listenRetryMin up to listenRetryMax between attempts; while idle it pings
// the database every listenPing to notice a connection that died silently.
func listen(ctx context.Context, url string, log *slog.Logger, channel string, connected func(up, again bool), notify func(payload string)) error {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return err
	}
	// A deadline, not a cancel request, ends a wait for notifications, so
	// that the periodic ping never races a late cancel request.
	cfg.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.DeadlineContextWatcherHandler{Conn: c.Conn()}
	}
	conn, err := listenOn(ctx, cfg, channel)
	if err != nil {
		return err
	}
	connected(true, false)
	go func() {
		for {
			err := receive(ctx, conn, notify)
			_ = conn.Close(context.Background())
			connected(false, false)
			if ctx.Err() != nil {
				return
			}
			log.Warn("listener", "channel", channel, "event", "disconnected", "err", err)
			for wait := listenRetryMin; ; wait = min(2*wait, listenRetryMax) {
				select {
				case <-ctx.Done():
					return
				case <-time.After(wait):
				}
				if conn, err = listenOn(ctx, cfg, channel); err == nil {
					break
				}
				log.Warn("listener", "channel", channel, "event", "reconnect failed", "err", err)
			}
			connected(true, true)
		}
	}()
	return nil
}

// Reconnection and liveness intervals of listen.
const (
	listenRetryMin = time.Second
	listenRetryMax = 30 * time.Second
	listenPing     = time.Minute
)

// listenOn opens a connection that LISTENs on channel.
func listenOn(ctx context.Context, cfg *pgx.ConnConfig, channel string) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		_ = conn.Close(context.Background())
		return nil, err
	}
	return conn, nil
}

// receive passes conn's notifications to notify until ctx ends (nil) or
// the connection fails (its error).
func receive(ctx context.Context, conn *pgx.Conn, notify func(payload string)) error {
	for {
		wctx, cancel := context.WithTimeout(ctx, listenPing)
		n, err := conn.WaitForNotification(wctx)
		cancel()
		switch {
		case ctx.Err() != nil:
			return nil
		case err == nil:
			notify(n.Payload)
		case errors.Is(err, context.DeadlineExceeded) && !conn.IsClosed():
			if err := conn.Ping(ctx); err != nil && ctx.Err() == nil {
				return err
			}
		default:
			return err
		}
	}
}
