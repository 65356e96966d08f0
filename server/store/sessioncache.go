package store

import (
	"strconv"
	"strings"
	"sync"
	"time"
)

// Bounds of the session cache.
const (
	// sessionCacheTTL is the longest a cached session is used: the bound on
	// staleness should a notification be lost without the listener noticing.
	sessionCacheTTL = 10 * time.Second
	// sessionCacheMargin keeps sessions this close to their expiry out of
	// the cache: another replica may have extended them (touched them, which
	// notifies nobody), so whether they expired is always read afresh.
	sessionCacheMargin = 2 * time.Minute
	// sessionCacheSize bounds the entries kept.
	sessionCacheSize = 100_000
)

// sessionCache keeps recently read sessions with their users for
// sessionCacheTTL, so that most requests need no session query. It is only
// used while this replica listens to the podium_sessions notifications
// (migration 00009): a deleted session or a changed user drops the user's
// entries on every replica as soon as the notification arrives, and on this
// replica at once. While the listener is down it holds nothing.
type sessionCache struct {
	mu      sync.Mutex
	enabled bool
	gen     uint64 // moves at every invalidation; a read that saw another is not kept
	entries map[string]cachedSession
}

type cachedSession struct {
	row     sessionRow
	fetched time.Time
}

func newSessionCache() *sessionCache {
	return &sessionCache{entries: map[string]cachedSession{}}
}

// get returns the cached session of hash if it is fresh and not close to
// its expiry.
func (c *sessionCache) get(hash string, now time.Time) (sessionRow, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[hash]
	if !ok || !c.enabled || now.Sub(e.fetched) >= sessionCacheTTL || e.row.ExpiresAt.Sub(now) < sessionCacheMargin {
		return sessionRow{}, false
	}
	return e.row, true
}

// generation is to be taken before reading a session, and given to put.
func (c *sessionCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// put keeps a session read at time fetched, unless something was
// invalidated since gen (the read may predate it).
func (c *sessionCache) put(hash string, row sessionRow, gen uint64, fetched time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.enabled || c.gen != gen {
		return
	}
	if len(c.entries) >= sessionCacheSize {
		for h, e := range c.entries {
			if fetched.Sub(e.fetched) >= sessionCacheTTL {
				delete(c.entries, h)
			}
		}
		if len(c.entries) >= sessionCacheSize {
			clear(c.entries)
		}
	}
	c.entries[hash] = cachedSession{row: row, fetched: fetched}
}

// touched records a session's new idle timer, written by this replica.
func (c *sessionCache) touched(hash string, lastSeen, expires time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[hash]; ok {
		e.row.LastSeenAt, e.row.ExpiresAt = lastSeen, expires
		c.entries[hash] = e
	}
}

// tokenUsed records a cached token's last use, written by this replica.
func (c *sessionCache) tokenUsed(key string, at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[key]; ok {
		e.row.Token.LastUsedAt = &at
		c.entries[key] = e
	}
}

// drop forgets one session.
func (c *sessionCache) drop(hash string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	delete(c.entries, hash)
}

// notified applies a podium_sessions payload (migration 00009): user ids,
// comma-separated, whose sessions are forgotten, or anything else ('*') to
// forget every session.
func (c *sessionCache) notified(payload string) {
	users := map[int64]bool{}
	for _, f := range strings.Split(payload, ",") {
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			users = nil
			break
		}
		users[id] = true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if users == nil {
		clear(c.entries)
		return
	}
	for h, e := range c.entries {
		if users[e.row.User.ID] {
			delete(c.entries, h)
		}
	}
}

// forgetUser forgets a user's sessions on this replica (the notification
// does so on the others).
func (c *sessionCache) forgetUser(id int64) { c.notified(strconv.FormatInt(id, 10)) }

// listening forgets every session and turns the cache on (the listener is
// connected: notifications will come) or off (they would be lost).
func (c *sessionCache) listening(on bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.enabled = on
	clear(c.entries)
}
