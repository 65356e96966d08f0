package store

import (
	"context"
	"sync"
	"time"
)

// announceDelay is how long changes of a round are gathered before one
// notification announces them.
const announceDelay = 100 * time.Millisecond

// announcer tells the progress listeners (ProgressChannel) which rounds
// changed, after the change has committed and at most once per round every
// announceDelay: a burst of score saves sends one notification per round,
// and no save's commit waits on the database-wide lock that NOTIFY takes
// at commit. A notification lost to a database outage only delays the
// progress views until the round's next change.
type announcer struct {
	db    runner
	query string

	mu      sync.Mutex
	dirty   map[int64]bool
	pending bool
}

func newAnnouncer(db runner, query string) *announcer {
	return &announcer{db: db, query: query, dirty: map[int64]bool{}}
}

// announce marks the round changed and schedules a flush unless one is
// already due.
func (a *announcer) announce(roundID int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.dirty[roundID] = true
	if !a.pending {
		a.pending = true
		time.AfterFunc(announceDelay, a.flush)
	}
}

// flush sends one notification per changed round.
func (a *announcer) flush() {
	a.mu.Lock()
	ids := make([]int64, 0, len(a.dirty))
	for id := range a.dirty {
		ids = append(ids, id)
	}
	a.dirty, a.pending = map[int64]bool{}, false
	a.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, _ = a.db.ExecContext(ctx, a.query, ids) // lost: see the type's comment
}
