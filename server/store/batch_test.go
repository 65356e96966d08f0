package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestBatcherSharesQueries runs many concurrent lookups against a slow
// fetch: every lookup gets its own key's value (or not-found), no batch
// holds more runners than allowed, and the lookups cost far fewer fetches
// than there were lookups.
func TestBatcherSharesQueries(t *testing.T) {
	for _, runners := range []int{scoreRunners, batchRunners} {
		t.Run(fmt.Sprintf("runners=%d", runners), func(t *testing.T) { testBatcherSharesQueries(t, runners) })
	}
}

func testBatcherSharesQueries(t *testing.T, runners int) {
	var fetches, inFlight, maxInFlight atomic.Int64
	b := newBatcher(runners, func(ctx context.Context, keys []int) (map[int]string, error) {
		fetches.Add(1)
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			m := maxInFlight.Load()
			if n <= m || maxInFlight.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(2 * time.Millisecond)
		out := map[int]string{}
		for _, k := range keys {
			if k%7 != 0 { // multiples of 7 do not exist
				out[k] = string(rune('a' + k%26))
			}
		}
		return out, nil
	})
	const lookups = 2000
	concurrently(t, lookups, func(i int) error {
		k := i % 300 // many lookups share a key
		v, found, err := b.get(context.Background(), k)
		switch {
		case err != nil:
			return err
		case found != (k%7 != 0):
			return errors.New("wrong found flag")
		case found && v != string(rune('a'+k%26)):
			return errors.New("wrong value")
		}
		return nil
	})
	if n := maxInFlight.Load(); n > int64(runners) {
		t.Fatalf("%d fetches in flight at once, at most %d allowed", n, runners)
	}
	if n := fetches.Load(); n >= lookups/4 {
		t.Fatalf("%d fetches for %d concurrent lookups: they were not shared", n, lookups)
	}
	t.Logf("%d lookups, %d fetches", lookups, fetches.Load())
}

// TestBatcherErrorsAndCancel: a failing fetch fails the lookups of its
// batch only, and a lookup whose context ends returns at once.
func TestBatcherErrorsAndCancel(t *testing.T) {
	boom := errors.New("database down")
	release := make(chan struct{})
	b := newBatcher(batchRunners, func(ctx context.Context, keys []int) (map[int]int, error) {
		if keys[0] == 1 {
			return nil, boom
		}
		if keys[0] == 2 {
			<-release
		}
		return map[int]int{keys[0]: keys[0] * 10}, nil
	})
	if _, _, err := b.get(context.Background(), 1); !errors.Is(err, boom) {
		t.Fatalf("failing batch: %v", err)
	}
	if v, ok, err := b.get(context.Background(), 3); err != nil || !ok || v != 30 {
		t.Fatalf("after a failure: %v %v %v", v, ok, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, _, err := b.get(ctx, 2) // its fetch blocks until released
		done <- err
	}()
	time.Sleep(10 * time.Millisecond)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled lookup: %v", err)
	}
	close(release)
	if v, ok, err := b.get(context.Background(), 4); err != nil || !ok || v != 40 {
		t.Fatalf("after a cancelled lookup: %v %v %v", v, ok, err)
	}
}

// TestWriteBatcher: concurrent writes share statements, never two writes of
// one key in the same statement, and a failing shared statement fails only
// the bad write (its batch mates are retried alone and succeed).
func TestWriteBatcher(t *testing.T) {
	type item struct{ key, n int }
	const bad = 13 // the one write the fake statement refuses
	var statements atomic.Int64
	b := newWriteBatcher(batchRunners, func(i item) int { return i.key }, func(ctx context.Context, items []item) (map[int]bool, error) {
		statements.Add(1)
		time.Sleep(time.Millisecond)
		out := map[int]bool{}
		for _, it := range items {
			switch {
			case it.n == bad:
				return nil, errors.New("bad write")
			case out[it.key]:
				return nil, errors.New("two writes of one key in a statement")
			}
			out[it.key] = it.n%2 == 0 // odd n: "changed meanwhile", not written
		}
		return out, nil
	})
	const writes = 1000
	concurrently(t, writes, func(n int) error {
		written, err := b.do(context.Background(), item{n % 50, n}) // 20 writes per key
		switch {
		case n == bad:
			if err == nil {
				return errors.New("the bad write succeeded")
			}
		case err != nil:
			return err
		case written != (n%2 == 0):
			return errors.New("wrong written flag")
		}
		return nil
	})
	if n := statements.Load(); n >= writes/4 {
		t.Fatalf("%d statements for %d concurrent writes: they were not shared", n, writes)
	}
	t.Logf("%d writes, %d statements", writes, statements.Load())
}

// concurrently runs fn(0) … fn(n-1) at once and fails t with their errors.
func concurrently(t *testing.T, n int, fn func(i int) error) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := fn(i); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}
