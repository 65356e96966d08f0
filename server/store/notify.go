package store

import (
	"context"
	"log/slog"
	"strconv"
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
// until ctx ends. The listener reconnects by itself after a database
// restart; after a reconnect every round is announced as changed (id 0),
// since notifications sent meanwhile are lost.
func ListenProgress(ctx context.Context, url string, log *slog.Logger, fn func(roundID int64)) error {
	return listen(ctx, url, log, ProgressChannel, func(connected, again bool) {
		if connected && again {
			fn(0)
		}
	}, func(payload string) {
		if id, err := strconv.ParseInt(payload, 10, 64); err == nil {
			fn(id)
		}
	})
}

// ListenSessions lets the store keep sessions in memory (see sessionCache)
// while it hears, until ctx ends, which sessions end elsewhere. Without it
// every request reads its session from the database.
func (s *Store) ListenSessions(ctx context.Context, url string, log *slog.Logger) error {
	err := listen(ctx, url, log, SessionsChannel, func(connected, _ bool) {
		s.sessionCache.listening(connected)
	}, s.sessionCache.notified)
	if err == nil {
		go func() {
			<-ctx.Done()
			s.sessionCache.listening(false)
		}()
	}
	return err
}

// listen LISTENs on channel until ctx ends and calls notify with every
// payload. connected(true, again) runs once listening, again=true after a
// reconnect (notifications sent meanwhile are lost); connected(false, _)
// when the connection is lost. The listener reconnects by itself.
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
