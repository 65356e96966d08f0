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

// ListenProgress calls fn with the round id of every progress notification
// until ctx ends. The listener reconnects by itself after a database
// restart; after a reconnect every round is announced as changed (id 0),
// since notifications sent meanwhile are lost.
func ListenProgress(ctx context.Context, url string, log *slog.Logger, fn func(roundID int64)) error {
	l := pq.NewListener(url, time.Second, 30*time.Second, func(ev pq.ListenerEventType, err error) {
		if err != nil {
			log.Warn("progress listener", "event", ev, "err", err)
		}
	})
	if err := l.Listen(ProgressChannel); err != nil {
		l.Close()
		return err
	}
	go func() {
		defer l.Close()
		for {
			select {
			case <-ctx.Done():
				return
			case n := <-l.Notify:
				if n == nil { // reconnected
					fn(0)
					continue
				}
				if id, err := strconv.ParseInt(n.Extra, 10, 64); err == nil {
					fn(id)
				}
			case <-time.After(time.Minute):
				_ = l.Ping()
			}
		}
	}()
	return nil
}
