package store

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// ProgressChannel is the NOTIFY channel on which score and assignment
// changes announce their round id.
const ProgressChannel = "podium_progress"

// listenerIdle is how long the listener waits for a notification before it
// pings the database, so that a silently dropped connection is noticed.
const listenerIdle = time.Minute

// ListenProgress calls fn with the round id of every progress notification
// until ctx ends. It holds one connection of its own (a session, so behind a
// transaction-mode pooler url must reach PostgreSQL in session mode). The
// listener reconnects by itself after a database restart, waiting 1 s and
// doubling up to 30 s; after a reconnect every round is announced as changed
// (id 0), since notifications sent meanwhile are lost.
func ListenProgress(ctx context.Context, url string, log *slog.Logger, fn func(roundID int64)) error {
	conn, err := listen(ctx, url)
	if err != nil {
		return err
	}
	go func() {
		backoff := time.Second
		for ctx.Err() == nil {
			if conn == nil {
				select {
				case <-ctx.Done():
					return
				case <-time.After(backoff):
				}
				if conn, err = listen(ctx, url); err != nil {
					log.Warn("progress listener: reconnect", "err", err)
					backoff = min(2*backoff, 30*time.Second)
					continue
				}
				backoff = time.Second
				fn(0)
			}
			if err := relay(ctx, conn, fn); err != nil && ctx.Err() == nil {
				log.Warn("progress listener: connection lost", "err", err)
				conn.Close(context.Background()) //nolint:errcheck // the connection is broken already
				conn = nil
			}
		}
		if conn != nil {
			conn.Close(context.Background()) //nolint:errcheck // shutting down
		}
	}()
	return nil
}

// listen opens a connection that listens on ProgressChannel.
func listen(ctx context.Context, url string) (*pgx.Conn, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, "LISTEN "+ProgressChannel); err != nil {
		conn.Close(ctx) //nolint:errcheck // already failing
		return nil, err
	}
	return conn, nil
}

// relay passes notifications to fn until ctx ends or the connection fails;
// after listenerIdle without one it pings the database.
func relay(ctx context.Context, conn *pgx.Conn, fn func(roundID int64)) error {
	for {
		wait, cancel := context.WithTimeout(ctx, listenerIdle)
		n, err := conn.WaitForNotification(wait)
		cancel()
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case errors.Is(err, context.DeadlineExceeded):
			if err := conn.Ping(ctx); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			if id, err := strconv.ParseInt(n.Payload, 10, 64); err == nil {
				fn(id)
			}
		}
	}
}
