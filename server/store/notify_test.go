package store_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/podium-contests/podium/server/internal/testenv"
	"github.com/podium-contests/podium/server/store"
)

// TestProgressListenerReconnects: the progress listener passes on the
// round ids it hears; when its connection is killed it reconnects by
// itself, announces every round as changed (id 0, since notifications sent
// meanwhile are lost), and hears the next notifications again.
func TestProgressListenerReconnects(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	url := testenv.DatabaseURL(t)
	heard := make(chan int64, 16)
	st := testenv.StoreWith(t, url, store.Options{MaxOpenConns: 4, MaxIdleConns: 4})
	if err := st.ListenProgress(ctx, url, testenv.Logger(), func(id int64) { heard <- id }); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open(store.DriverName, url)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	notify := func(payload string) {
		t.Helper()
		if _, err := raw.ExecContext(ctx, "SELECT pg_notify($1, $2)", store.ProgressChannel, payload); err != nil {
			t.Fatal(err)
		}
	}
	expect := func(want int64) {
		t.Helper()
		limit := time.After(30 * time.Second)
		for {
			select {
			case id := <-heard:
				if id == want {
					return
				}
			case <-limit:
				t.Fatalf("round %d was never announced", want)
			}
		}
	}
	notify("5")
	expect(5)
	var killed int
	if err := raw.QueryRowContext(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN %'`).Scan(&killed); err != nil || killed != 1 {
		t.Fatalf("terminated %d listeners (%v), want 1", killed, err)
	}
	expect(0)
	notify("7")
	expect(7)
}
