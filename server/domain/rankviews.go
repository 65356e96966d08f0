package domain

import (
	"context"
	"sync"
)

// maxViews bounds the ranking views a replica keeps (the view of a round of
// 10,000 entries holds some tens of MB; its tracks' views together about as
// much). The console reads a round one track at a time, so the bound holds
// the twelve track views of a national round with its whole view and
// confidence view: with fewer, the track views evict each other and every
// page is computed again.
const maxViews = 16

// viewKey names one ranking view.
type viewKey struct {
	round, revision int64
	track           string
	confidence      bool
	cuts            string
}

// maxPageBytes bounds the encoded pages a view keeps (see pageOf).
const maxPageBytes = 8 << 20

// view is a ranking view being computed (done open) or computed, with the
// encoded pages of it that requests have asked for.
type view struct {
	done chan struct{}
	rk   Ranking
	err  error

	mu        sync.Mutex
	pages     map[[2]int][]byte // by offset and limit
	pageBytes int
}

// pageOf returns the page [offset, offset+limit) of the computed view
// (PageRanking) as encode makes it, encoding it only the first time: a
// warm page is then neither copied nor encoded again. Every caller must
// pass the same encoding. Pages are kept while their total stays under
// maxPageBytes (the whole view, limit <= 0, is never kept); the view is
// dropped, pages and all, when its round's scores change.
func (v *view) pageOf(offset, limit int, encode func(Ranking) ([]byte, error)) ([]byte, error) {
	key := [2]int{offset, limit}
	v.mu.Lock()
	b, ok := v.pages[key]
	v.mu.Unlock()
	if ok {
		return b, nil
	}
	b, err := encode(PageRanking(v.rk, offset, limit))
	if err != nil || limit <= 0 {
		return b, err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if _, ok := v.pages[key]; !ok && v.pageBytes+len(b) <= maxPageBytes {
		if v.pages == nil {
			v.pages = map[[2]int][]byte{}
		}
		v.pages[key] = b
		v.pageBytes += len(b)
	}
	return b, nil
}

// viewCache keeps this replica's latest ranking views, so that organizers
// reading a round's ranking between two score changes share one
// computation: a request that finds the view being computed waits for it
// instead of computing it again. Views are shared: callers must not modify
// a returned Ranking's slices (see PageRanking for a copy of a part).
type viewCache struct {
	mu    sync.Mutex
	views map[viewKey]*view
	order []viewKey // oldest first
}

// get returns the view of key, computing it with compute when no replica
// request has; compute runs without the caller's cancellation, since other
// requests may wait for it.
func (c *viewCache) get(ctx context.Context, key viewKey, compute func(ctx context.Context) (Ranking, error)) (Ranking, error) {
	v, err := c.view(ctx, key, compute)
	if err != nil {
		return Ranking{}, err
	}
	return v.rk, nil
}

// view is get returning the computed view itself (for its pages).
func (c *viewCache) view(ctx context.Context, key viewKey, compute func(ctx context.Context) (Ranking, error)) (*view, error) {
	c.mu.Lock()
	if c.views == nil {
		c.views = map[viewKey]*view{}
	}
	v, ok := c.views[key]
	if !ok {
		v = &view{done: make(chan struct{})}
		c.views[key] = v
		c.order = append(c.order, key)
		for len(c.order) > maxViews {
			delete(c.views, c.order[0])
			c.order = c.order[1:]
		}
	}
	c.mu.Unlock()
	if !ok {
		v.rk, v.err = compute(context.WithoutCancel(ctx))
		if v.err != nil {
			c.forget(key, v)
		}
		close(v.done)
	}
	select {
	case <-v.done:
		if v.err != nil {
			return nil, v.err
		}
		return v, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// forget drops a failed view, so that the next request computes it again.
func (c *viewCache) forget(key viewKey, v *view) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.views[key] != v {
		return
	}
	delete(c.views, key)
	for i, k := range c.order {
		if k == key {
			c.order = append(c.order[:i:i], c.order[i+1:]...)
			break
		}
	}
}

// SelectEntries returns the listed entries of rk, ranked ones then
// unscored ones, each in rk's order (ids it does not hold are left out),
// with Total and TotalUnscored counting all. The result's slices are
// copies.
func SelectEntries(rk Ranking, ids []int64) Ranking {
	want := make(map[int64]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	rk.Total, rk.TotalUnscored = len(rk.Entries), len(rk.Unscored)
	entries, unscored := []RankedEntry{}, []Entry{}
	for _, e := range rk.Entries {
		if want[e.EntryID] {
			entries = append(entries, e)
		}
	}
	for _, e := range rk.Unscored {
		if want[e.SubmissionID] {
			unscored = append(unscored, e)
		}
	}
	rk.Entries, rk.Unscored = entries, unscored
	return rk
}

// PageRanking returns the part of rk an organizer's page shows: entries
// [offset, offset+limit) of the ranked ones and as many of the unscored
// ones as fit after them, with Total and TotalUnscored counting all. A
// limit <= 0 keeps everything. The result's slices are copies.
func PageRanking(rk Ranking, offset, limit int) Ranking {
	rk.Total, rk.TotalUnscored = len(rk.Entries), len(rk.Unscored)
	if limit <= 0 {
		return rk
	}
	offset = max(offset, 0)
	slice := func(n int, from int) (int, int) {
		from = min(max(from, 0), n)
		return from, min(from+limit, n)
	}
	a, b := slice(len(rk.Entries), offset)
	entries := append([]RankedEntry{}, rk.Entries[a:b]...)
	limit -= b - a
	var unscored []Entry
	if limit > 0 {
		c, d := slice(len(rk.Unscored), offset-len(rk.Entries))
		unscored = append([]Entry{}, rk.Unscored[c:d]...)
	}
	rk.Entries, rk.Unscored = entries, append([]Entry{}, unscored...)
	return rk
}
