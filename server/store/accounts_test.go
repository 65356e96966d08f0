package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/internal/testenv"
	"github.com/podium-contests/podium/server/store"
)

// TestUsersSessionsTokens runs on a store with prepared statements (the
// default) and on one without (PODIUM_DB_PREPARED=false, for poolers that
// cannot carry them): both must behave the same.
func TestUsersSessionsTokens(t *testing.T) {
	t.Run("prepared", func(t *testing.T) { checkUsersSessionsTokens(t, testenv.Store(t)) })
	t.Run("unprepared", func(t *testing.T) {
		checkUsersSessionsTokens(t, testenv.StoreWith(t, testenv.DatabaseURL(t), store.Options{MaxOpenConns: 4, MaxIdleConns: 4, Unprepared: true}))
	})
}

func checkUsersSessionsTokens(t *testing.T, s *store.Store) {
	ctx := context.Background()
	u, err := s.CreateUser(ctx, domain.User{Email: "Ada@Example.org", Name: "Ada"}, "hash")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateUser(ctx, domain.User{Email: "ada@example.org", Name: "Other"}, "hash"); domain.ErrorCode(err) != domain.CodeConflict {
		t.Fatalf("duplicate e-mail (case-insensitive): got %v, want conflict", err)
	}
	got, hash, err := s.UserCredentials(ctx, "ADA@example.org")
	if err != nil || got.ID != u.ID || hash != "hash" {
		t.Fatalf("credentials: %+v %q %v", got, hash, err)
	}
	if _, _, err := s.UserCredentials(ctx, "nobody@example.org"); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Fatalf("unknown user: %v", err)
	}

	now := time.Now().UTC().Truncate(time.Microsecond)
	h := domain.HashSecret("sid")
	if err := s.CreateSession(ctx, h, domain.Session{UserID: u.ID, CSRFToken: "c", CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	se, su, err := s.SessionByHash(ctx, h)
	if err != nil || se.UserID != u.ID || su.ID != u.ID || su.Email != u.Email || se.CSRFToken != "c" || !se.ExpiresAt.Equal(now.Add(time.Hour)) {
		t.Fatalf("session: %+v %v", se, err)
	}
	if err := s.DeleteUserSessions(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.SessionByHash(ctx, h); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Fatalf("session survived DeleteUserSessions: %v", err)
	}

	tok, err := s.CreateToken(ctx, u.ID, domain.APIToken{Name: "ci", Scope: domain.ScopeRead, ExpiresAt: now.Add(time.Hour)}, domain.HashSecret("pdm_x"))
	if err != nil {
		t.Fatal(err)
	}
	if tt, tu, err := s.TokenByHash(ctx, domain.HashSecret("pdm_x")); err != nil || tu.ID != u.ID || tt.ID != tok.ID || tt.Scope != domain.ScopeRead {
		t.Fatalf("token by hash: %+v %+v %v", tt, tu, err)
	}
	other, _ := s.CreateUser(ctx, domain.User{Email: "eve@example.org", Name: "Eve"}, "hash")
	if err := s.DeleteToken(ctx, other.ID, tok.ID); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Fatalf("another user deleted the token: %v", err)
	}
	if err := s.DeleteToken(ctx, u.ID, tok.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.ListTokens(ctx, u.ID); len(list) != 0 {
		t.Fatalf("token still listed: %+v", list)
	}
}

// TestSessionsCachedAcrossStores has two stores on one database, as two
// replicas: one keeps sessions in memory while listening, and forgets them
// when the other changes the user or ends the sessions (migration 00009's
// notifications), well before the cache's own time limit.
func TestSessionsCachedAcrossStores(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	url := testenv.DatabaseURL(t)
	a, b := testenv.StoreAt(t, url), testenv.StoreAt(t, url)
	if err := a.ListenSessions(ctx, url, testenv.Logger()); err != nil {
		t.Fatal(err)
	}
	u, err := a.CreateUser(ctx, domain.User{Email: "grace@example.org", Name: "Grace"}, "hash")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	h := domain.HashSecret("sid-cached")
	if err := a.CreateSession(ctx, h, domain.Session{UserID: u.ID, CSRFToken: "c", CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, su, err := a.SessionByHash(ctx, h); err != nil || su.IsAdmin {
		t.Fatalf("session: %+v %v", su, err)
	}
	// The cache comes on once the listener heard its own probe: a session
	// deleted behind its back (the trigger off, so no notification) is
	// still served from memory.
	raw, err := sql.Open(store.DriverName, url)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.ExecContext(ctx, "ALTER TABLE sessions DISABLE TRIGGER sessions_ended"); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		hk := domain.HashSecret(fmt.Sprintf("sid-hidden-%d", i))
		if err := a.CreateSession(ctx, hk, domain.Session{UserID: u.ID, CSRFToken: "c", CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := a.SessionByHash(ctx, hk); err != nil {
			t.Fatal(err)
		}
		if _, err := raw.ExecContext(ctx, "DELETE FROM sessions WHERE id_hash = $1", hk); err != nil {
			t.Fatal(err)
		}
		if _, _, err := a.SessionByHash(ctx, hk); err == nil {
			break // served from memory: the cache is on
		}
		if i == 1000 {
			t.Fatal("the session cache never came on")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if _, err := raw.ExecContext(ctx, "ALTER TABLE sessions ENABLE TRIGGER sessions_ended"); err != nil {
		t.Fatal(err)
	}
	// The other replica makes the user an admin: this one sees it.
	if err := b.SetAdmin(ctx, u.ID, "hash2"); err != nil {
		t.Fatal(err)
	}
	testenv.Eventually(t, notifiedWithin, "the admin right on the caching store", func() bool {
		_, su, err := a.SessionByHash(ctx, h)
		return err == nil && su.IsAdmin
	})
	// The other replica ends the user's sessions: this one refuses it.
	if err := b.DeleteUserSessions(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	testenv.Eventually(t, notifiedWithin, "the ended session to be refused by the caching store", func() bool {
		_, _, err := a.SessionByHash(ctx, h)
		return domain.ErrorCode(err) == domain.CodeNotFound
	})

	// Personal tokens are cached the same way: one revoked on the other
	// replica (migration 00015's trigger) is refused here too.
	th := domain.HashSecret("pdm_cached")
	tok, err := a.CreateToken(ctx, u.ID, domain.APIToken{Name: "ci", Scope: domain.ScopeFull, ExpiresAt: now.Add(time.Hour)}, th)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.TokenByHash(ctx, th); err != nil {
		t.Fatal(err)
	}
	if err := b.DeleteToken(ctx, u.ID, tok.ID); err != nil {
		t.Fatal(err)
	}
	testenv.Eventually(t, notifiedWithin, "the revoked token to be refused by the caching store", func() bool {
		_, _, err := a.TokenByHash(ctx, th)
		return domain.ErrorCode(err) == domain.CodeNotFound
	})
}

// notifiedWithin bounds the waits for another replica's change: half the
// session cache's time limit, so that only a notification can make them
// true in time.
const notifiedWithin = 5 * time.Second
