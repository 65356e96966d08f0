package store

import (
	"context"
	"sync"
	"time"

	"github.com/podium-contests/podium/server/domain"
)

const (
	// batchRunners is how many batches of one kind may be in flight at
	// once. Fewer runners make bigger batches (fewer round trips and
	// commits per request) at the cost of waiting for a runner under load:
	// on 2 cores, 2 runners carried about a quarter more submits per second
	// than 4, and the rush's submits waited less (docs/scaling.md).
	batchRunners = 2
	// scoreRunners is batchRunners for the score sheets' lookups and
	// writes. A judge's save needs one of each, and one runner makes
	// batches about twice as big as two: at 2,000 saves/s the machine was
	// about 7 % less busy with one (docs/scaling.md). The rush's lookups
	// keep two: with one, a lookup slowed by the uploads held up the rest.
	scoreRunners = 1
	// batchTimeout bounds one batch's query.
	batchTimeout = 30 * time.Second
)

// batcher coalesces concurrent lookups of one kind into one query by key
// (`= ANY($1)`). A lookup that finds a runner free starts a query with its
// key at once; lookups that arrive while every runner is busy wait and go
// together in the next query. Alone, a lookup waits for nothing; under load,
// N concurrent requests cost a few round trips instead of N. Every query
// starts after the lookups it answers arrived, so each sees everything
// committed before its request.
type batcher[K comparable, V any] struct {
	// fetch returns the value of every key it finds; absent keys are not
	// found.
	fetch func(ctx context.Context, keys []K) (map[K]V, error)

	runners
	waiting map[K][]chan batchResult[V]
}

// runners starts the goroutines that drain a batcher's queue: at most max
// at once, each looping while there is work. Its lock also guards the
// queue.
type runners struct {
	max     int
	mu      sync.Mutex
	running int
}

// add queues work (under the lock) and starts run if a runner is free.
func (r *runners) add(queue func(), run func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	queue()
	if r.running < r.max {
		r.running++
		go run()
	}
}

// take lets a runner take its next batch (under the lock); when next finds
// nothing, the runner retires and take returns false.
func (r *runners) take(next func() bool) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if next() {
		return true
	}
	r.running--
	return false
}

type batchResult[V any] struct {
	v     V
	found bool
	err   error
}

// newBatcher shares lookups among at most n queries in flight.
func newBatcher[K comparable, V any](n int, fetch func(ctx context.Context, keys []K) (map[K]V, error)) *batcher[K, V] {
	return &batcher[K, V]{fetch: fetch, runners: runners{max: n}, waiting: map[K][]chan batchResult[V]{}}
}

// get returns k's value, whether it was found, or the batch's error.
func (b *batcher[K, V]) get(ctx context.Context, k K) (V, bool, error) {
	ch := make(chan batchResult[V], 1)
	b.add(func() { b.waiting[k] = append(b.waiting[k], ch) }, b.run)
	select {
	case r := <-ch:
		return r.v, r.found, r.err
	case <-ctx.Done():
		var zero V
		return zero, false, ctx.Err()
	}
}

// run answers batches until no lookup is waiting.
func (b *batcher[K, V]) run() {
	for {
		var batch map[K][]chan batchResult[V]
		if !b.take(func() bool {
			batch = b.waiting
			b.waiting = make(map[K][]chan batchResult[V], len(batch))
			return len(batch) > 0
		}) {
			return
		}
		keys := make([]K, 0, len(batch))
		for k := range batch {
			keys = append(keys, k)
		}
		ctx, cancel := context.WithTimeout(context.Background(), batchTimeout)
		found, err := b.fetch(ctx, keys)
		cancel()
		for k, waiters := range batch {
			r := batchResult[V]{err: err}
			if err == nil {
				r.v, r.found = found[k]
			}
			for _, w := range waiters {
				w <- r
			}
		}
	}
}

// lookup returns k's row through b, or not_found naming what.
func lookup[K comparable, V any](ctx context.Context, b *batcher[K, V], k K, what string) (V, error) {
	v, found, err := b.get(ctx, k)
	switch {
	case err != nil:
		return v, mapErr(err, what)
	case !found:
		return v, domain.NotFound(what)
	}
	return v, nil
}

// selectByKeys makes a batcher's fetch from a query whose parameters args
// makes from the keys (one array, or one array per key column) and whose
// rows key names.
func selectByKeys[K comparable, R any](db runner, query string, args func([]K) []any, key func(R) K) func(context.Context, []K) (map[K]R, error) {
	return func(ctx context.Context, keys []K) (map[K]R, error) {
		var rows []R
		if err := db.SelectContext(ctx, &rows, query, args(keys)...); err != nil {
			return nil, err
		}
		out := make(map[K]R, len(rows))
		for _, r := range rows {
			out[key(r)] = r
		}
		return out, nil
	}
}

// arrayKeys passes keys as a PostgreSQL array.
func arrayKeys[K any](keys []K) []any { return []any{keys} }

// writeBatcher gathers concurrent writes into one statement, as batcher
// does for lookups: a write that finds a runner free goes at once; writes
// that arrive while every runner is busy go together in the next statement,
// committed once. Two writes with the same key never share a statement (the
// later waits for the next one). If a shared statement fails, each of its
// writes is tried alone, so one bad write fails only its own request.
type writeBatcher[K comparable, I any] struct {
	key func(I) K
	// write applies items and reports the keys it wrote.
	write func(ctx context.Context, items []I) (map[K]bool, error)

	runners
	queue []pendingWrite[I]
}

type pendingWrite[I any] struct {
	item I
	done chan batchResult[bool]
}

// newWriteBatcher shares writes among at most n statements in flight.
func newWriteBatcher[K comparable, I any](n int, key func(I) K, write func(context.Context, []I) (map[K]bool, error)) *writeBatcher[K, I] {
	return &writeBatcher[K, I]{key: key, write: write, runners: runners{max: n}}
}

// do applies item and reports whether it was written.
func (b *writeBatcher[K, I]) do(ctx context.Context, item I) (bool, error) {
	w := pendingWrite[I]{item: item, done: make(chan batchResult[bool], 1)}
	b.add(func() { b.queue = append(b.queue, w) }, b.run)
	select {
	case r := <-w.done:
		return r.v, r.err
	case <-ctx.Done():
		return false, ctx.Err() // the write may still happen; the caller's retry finds it
	}
}

// run applies batches until the queue is empty.
func (b *writeBatcher[K, I]) run() {
	for {
		var batch []pendingWrite[I]
		if !b.take(func() bool {
			var later []pendingWrite[I]
			seen := map[K]bool{}
			for _, w := range b.queue {
				if k := b.key(w.item); !seen[k] {
					seen[k] = true
					batch = append(batch, w)
				} else {
					later = append(later, w)
				}
			}
			b.queue = later
			return len(batch) > 0
		}) {
			return
		}
		if err := b.apply(batch); err != nil && len(batch) > 1 {
			for _, w := range batch {
				_ = b.apply([]pendingWrite[I]{w})
			}
		}
	}
}

// apply writes a batch and answers its writers, unless it fails as a
// shared batch (the caller then retries its writes one by one).
func (b *writeBatcher[K, I]) apply(batch []pendingWrite[I]) error {
	items := make([]I, len(batch))
	for i, w := range batch {
		items[i] = w.item
	}
	ctx, cancel := context.WithTimeout(context.Background(), batchTimeout)
	written, err := b.write(ctx, items)
	cancel()
	if err != nil && len(batch) > 1 {
		return err
	}
	for _, w := range batch {
		w.done <- batchResult[bool]{v: err == nil && written[b.key(w.item)], err: err}
	}
	return nil
}

// writeJSONBatch runs a write whose one parameter is items as a JSON array
// and whose rows are the ids it wrote; what names the objects in errors.
func writeJSONBatch[I any](ctx context.Context, x runner, query string, items []I, what string) (map[int64]bool, error) {
	var ids []int64
	if err := x.SelectContext(ctx, &ids, query, string(domain.JSONValue(items))); err != nil {
		return nil, mapErr(err, what)
	}
	written := make(map[int64]bool, len(ids))
	for _, id := range ids {
		written[id] = true
	}
	return written, nil
}
