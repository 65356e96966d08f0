package store

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"

	"github.com/podium-contests/podium/server/domain"
)

// counter is a round's progress count that counts its calls and returns
// Assigned = the call's number.
type counter struct {
	mu    sync.Mutex
	calls int
	err   error
	gate  chan struct{} // when set, a count waits for it
}

func (c *counter) count(context.Context) ([]domain.JudgeProgress, error) {
	c.mu.Lock()
	c.calls++
	n, gate, err := c.calls, c.gate, c.err
	c.mu.Unlock()
	if gate != nil {
		<-gate
	}
	return []domain.JudgeProgress{{JudgeID: 1, Assigned: n}}, err
}

func (c *counter) n() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls
}

func assigned(t *testing.T, pc *progressCache, round int64, c *counter) int {
	t.Helper()
	list, err := pc.get(context.Background(), round, c.count)
	if err != nil {
		t.Fatal(err)
	}
	return list[0].Assigned
}

func TestProgressCacheCountsOncePerChange(t *testing.T) {
	pc, c := newProgressCache(), &counter{}
	if assigned(t, pc, 1, c) != 1 || assigned(t, pc, 1, c) != 2 {
		t.Fatal("kept a count before the listener was up")
	}
	pc.listening(true)
	if a, b := assigned(t, pc, 1, c), assigned(t, pc, 1, c); a != 3 || b != 3 {
		t.Fatalf("counts %d and %d, want the third kept", a, b)
	}
	// The reader owns its copy.
	list, _ := pc.get(context.Background(), 1, c.count)
	list[0].Overdue = 99
	if again, _ := pc.get(context.Background(), 1, c.count); again[0].Overdue != 0 {
		t.Fatal("a reader's change reached the cache")
	}
	other := &counter{}
	assigned(t, pc, 2, other)
	pc.changed(1)
	if assigned(t, pc, 1, c) != 4 || assigned(t, pc, 2, other) != 1 {
		t.Fatal("a change of round 1 did not recount it alone")
	}
	pc.changed(0)
	if assigned(t, pc, 1, c) != 5 || assigned(t, pc, 2, other) != 2 {
		t.Fatal("a change of every round did not recount them")
	}
	pc.listening(false)
	if assigned(t, pc, 1, c) != 6 || assigned(t, pc, 1, c) != 7 {
		t.Fatal("served a count while the listener was down")
	}
}

func TestProgressCacheSharesARunningCount(t *testing.T) {
	pc, c := newProgressCache(), &counter{gate: make(chan struct{})}
	pc.listening(true)
	const readers = 8
	var wg sync.WaitGroup
	results := make([]int, readers)
	started := make(chan struct{}, readers)
	for i := range readers {
		wg.Go(func() {
			started <- struct{}{}
			list, err := pc.get(context.Background(), 1, c.count)
			if err == nil {
				results[i] = list[0].Assigned
			}
		})
	}
	for range readers {
		<-started
	}
	// Let the one count finish; every reader gets it (a reader that asked
	// once the count had finished gets the kept one).
	close(c.gate)
	wg.Wait()
	for i, r := range results {
		if r != 1 {
			t.Fatalf("reader %d got count %d", i, r)
		}
	}
	if c.n() != 1 {
		t.Fatalf("%d counts for concurrent readers", c.n())
	}
}

func TestProgressCacheDropsACountOverrunByAChange(t *testing.T) {
	pc := newProgressCache()
	pc.listening(true)
	c := &counter{gate: make(chan struct{})}
	done := make(chan int)
	go func() {
		list, _ := pc.get(context.Background(), 1, c.count)
		done <- list[0].Assigned
	}()
	for c.n() == 0 { // the count has started
		runtime.Gosched()
	}
	pc.changed(1) // a save committed while the count ran
	close(c.gate)
	if got := <-done; got != 1 {
		t.Fatalf("the waiting reader got count %d", got)
	}
	c.mu.Lock()
	c.gate = nil
	c.mu.Unlock()
	if got := assigned(t, pc, 1, c); got != 2 {
		t.Fatalf("a count that a change overran was kept (got count %d)", got)
	}

	// A failed count is not kept either.
	failing := &counter{err: errors.New("database down")}
	if _, err := pc.get(context.Background(), 3, failing.count); err == nil {
		t.Fatal("no error")
	}
	failing.err = nil
	if got := assigned(t, pc, 3, failing); got != 2 {
		t.Fatalf("a failed count was kept (got count %d)", got)
	}
}
