package store

import (
	"testing"
	"time"

	"github.com/podium-contests/podium/server/domain"
)

func cachedRow(userID int64, expires time.Time) sessionRow {
	return sessionRow{Session: domain.Session{UserID: userID, ExpiresAt: expires}, User: domain.User{ID: userID}}
}

func TestSessionCacheKeepsOnlyWhileListening(t *testing.T) {
	now := time.Now()
	c := newSessionCache()
	c.put("a", cachedRow(1, now.Add(time.Hour)), c.generation(), now)
	if _, ok := c.get("a", now); ok {
		t.Fatal("kept a session before the listener was up")
	}
	c.listening(true)
	c.put("a", cachedRow(1, now.Add(time.Hour)), c.generation(), now)
	if row, ok := c.get("a", now); !ok || row.User.ID != 1 {
		t.Fatalf("get after put: %+v %v", row, ok)
	}
	c.listening(false)
	if _, ok := c.get("a", now); ok {
		t.Fatal("served a session while the listener was down")
	}
}

func TestSessionCacheLimits(t *testing.T) {
	now := time.Now()
	c := newSessionCache()
	c.listening(true)
	c.put("fresh", cachedRow(1, now.Add(time.Hour)), c.generation(), now)
	c.put("near-expiry", cachedRow(2, now.Add(sessionCacheMargin/2)), c.generation(), now)
	if _, ok := c.get("fresh", now.Add(sessionCacheTTL)); ok {
		t.Fatal("served a session older than the TTL")
	}
	if _, ok := c.get("near-expiry", now); ok {
		t.Fatal("served a session close to its expiry (another replica may have extended it)")
	}
	// A read that started before an invalidation is not kept.
	gen := c.generation()
	c.drop("other")
	c.put("late", cachedRow(3, now.Add(time.Hour)), gen, now)
	if _, ok := c.get("late", now); ok {
		t.Fatal("kept a read that predates an invalidation")
	}
	// A touch on this replica moves the cached idle timer.
	c.put("fresh", cachedRow(1, now.Add(time.Hour)), c.generation(), now)
	c.touched("fresh", now, now.Add(2*time.Hour))
	if row, _ := c.get("fresh", now); !row.ExpiresAt.Equal(now.Add(2 * time.Hour)) {
		t.Fatalf("touch not applied: %v", row.ExpiresAt)
	}
}

func TestSessionCacheNotifications(t *testing.T) {
	now := time.Now()
	c := newSessionCache()
	c.listening(true)
	for h, u := range map[string]int64{"a1": 1, "a2": 1, "b": 2, "c": 3} {
		c.put(h, cachedRow(u, now.Add(time.Hour)), c.generation(), now)
	}
	c.notified("1,3")
	for h, want := range map[string]bool{"a1": false, "a2": false, "b": true, "c": false} {
		if _, ok := c.get(h, now); ok != want {
			t.Errorf("after notifying users 1 and 3, %s cached: %v, want %v", h, ok, want)
		}
	}
	c.notified("*")
	if _, ok := c.get("b", now); ok {
		t.Fatal("'*' did not forget every session")
	}
}
