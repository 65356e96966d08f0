package store

import (
	"context"
	"slices"
	"sync"

	"github.com/podium-contests/podium/server/domain"
)

// progressCacheRounds bounds the rounds whose progress a replica keeps
// (a national round's 500 judges are some 50 KB).
const progressCacheRounds = 64

// progressCache keeps each round's per-judge progress (RoundProgress), so
// that organizers watching a round between two changes share one count
// instead of each scanning the round's assignments and sheets. A round's
// entry is dropped by every change of its sheets (drafts included) and
// assignments: on this replica at once (see Store.roundChanged), on the
// others when the progress notification arrives (ListenProgress), which is
// also when their live progress streams move. Concurrent readers of a round
// whose count is running wait for that count. It is only used while this
// replica hears the progress notifications; judges' names and e-mails edited
// meanwhile show from the round's next change.
type progressCache struct {
	mu      sync.Mutex
	enabled bool
	rounds  map[int64]*progressCount
}

// progressCount is one round's count, running (done open) or finished.
type progressCount struct {
	done  chan struct{}
	judge []domain.JudgeProgress
	err   error
}

func newProgressCache() *progressCache {
	return &progressCache{rounds: map[int64]*progressCount{}}
}

// get returns round's progress, counting it with count unless a count
// started since the round's last change is running or kept. The result is
// the caller's to change. count runs without the caller's cancellation,
// since other readers may wait for it.
func (c *progressCache) get(ctx context.Context, round int64, count func(ctx context.Context) ([]domain.JudgeProgress, error)) ([]domain.JudgeProgress, error) {
	c.mu.Lock()
	if !c.enabled {
		c.mu.Unlock()
		return count(ctx)
	}
	p, ok := c.rounds[round]
	if !ok {
		if len(c.rounds) >= progressCacheRounds {
			clear(c.rounds)
		}
		p = &progressCount{done: make(chan struct{})}
		c.rounds[round] = p
	}
	c.mu.Unlock()
	if !ok {
		p.judge, p.err = count(context.WithoutCancel(ctx))
		if p.err != nil {
			c.forget(round, p)
		}
		close(p.done)
	}
	select {
	case <-p.done:
		if p.err != nil {
			return nil, p.err
		}
		return slices.Clone(p.judge), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// forget drops round's count if it is still p.
func (c *progressCache) forget(round int64, p *progressCount) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rounds[round] == p {
		delete(c.rounds, round)
	}
}

// changed drops the count of round (of every round for 0); a count running
// now is still given to the readers waiting for it, who came before the
// change, but not kept.
func (c *progressCache) changed(round int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if round == 0 {
		clear(c.rounds)
		return
	}
	delete(c.rounds, round)
}

// listening forgets every count and turns the cache on (the listener hears
// the notifications) or off (changes elsewhere would go unheard).
func (c *progressCache) listening(on bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.enabled = on
	clear(c.rounds)
}
