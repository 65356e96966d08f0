package domain

import (
	"context"
	"fmt"
	"slices"
	"sync"
)

// maxViews bounds the ranking views a replica keeps (the view of a round of
// 10,000 entries holds some tens of MB; its tracks' views together about as
// much). A round's plain views are computed together (roundView): the bound
// holds the whole view and the twelve track views of a national round with
// a confidence view besides; two such rounds read in turn evict each other.
const maxViews = 16

// viewKey names one ranking view.
type viewKey struct {
	round, revision int64
	track           string
	confidence      bool
	cuts            string
}

// maxPageBytes bounds the encoded pages a view keeps (see pageOf). The
// API keeps them compressed: a page of 100 entries of a national round is
// ~50 KB, so every page of its 10,000 entries fits.
const maxPageBytes = 8 << 20

// view is a ranking view being computed (done open) or computed, with the
// encoded pages of it that requests have asked for.
type view struct {
	done chan struct{}
	rk   Ranking
	err  error

	mu        sync.Mutex
	pages     map[[2]int]*page // by offset and limit
	pageBytes int
}

// page is an encoded page of a view, being encoded (done open) or encoded.
type page struct {
	done chan struct{}
	b    []byte
	err  error
}

// pageOf returns the page [offset, offset+limit) of the computed view
// (PageRanking) as encode makes it, encoding it only the first time:
// requests for a page being encoded wait for it (the readers of a round
// just changed all ask for its first page at once), and a warm page is
// neither copied nor encoded again. Every caller must pass the same
// encoding. Pages are kept while their total stays under maxPageBytes
// (the whole view, limit <= 0, is never kept); the view is dropped, pages
// and all, when its round's scores change.
func (v *view) pageOf(offset, limit int, encode func(Ranking) ([]byte, error)) ([]byte, error) {
	if limit <= 0 {
		return encode(PageRanking(v.rk, offset, limit))
	}
	key := [2]int{offset, limit}
	v.mu.Lock()
	p, ok := v.pages[key]
	if !ok {
		if v.pages == nil {
			v.pages = map[[2]int]*page{}
		}
		p = &page{done: make(chan struct{})}
		v.pages[key] = p
	}
	v.mu.Unlock()
	if !ok {
		p.b, p.err = encode(PageRanking(v.rk, offset, limit))
		v.mu.Lock()
		if p.err != nil || v.pageBytes+len(p.b) > maxPageBytes {
			delete(v.pages, key)
		} else {
			v.pageBytes += len(p.b)
		}
		v.mu.Unlock()
		close(p.done)
	}
	<-p.done
	return p.b, p.err
}

// viewCache keeps this replica's latest ranking views, so that organizers
// reading a round's ranking between two score changes share one
// computation: a request that finds the view being computed waits for it
// instead of computing it again. Views are shared: callers must not modify
// a returned Ranking's slices (see PageRanking for a copy of a part).
type viewCache struct {
	mu     sync.Mutex
	views  map[viewKey]*view
	order  []viewKey // oldest first
	passes map[[2]int64]*viewPass
	// latest is the newest scores revision asked for of each round: the
	// views of older ones are dropped then, before the new ones are
	// computed, since no request asks for them any more.
	latest map[int64]int64
}

// viewPass computes every plain view of a round at one scores revision
// (the whole round's and each track's) from one read of its sheets.
type viewPass struct {
	done  chan struct{}
	views map[string]*view // by track, "" for the whole round
	err   error
}

// roundView returns the plain view (no confidence) of key's track. When it
// is not cached, one pass computes every plain view of the round at key's
// revision: compute gets the track asked for, gives its view to first as
// soon as it is built, and returns the views of the whole round and of
// every track, which must include that one. Requests for any plain view of
// the round made while a pass runs wait for it (for key's view, only until
// it is given to first), so the first visit of a round's ranking after a
// change costs one read of its sheets, not one per track. The pass runs on
// its own, so that its requester's answer does not wait for the other
// views either.
func (c *viewCache) roundView(ctx context.Context, key viewKey, compute func(ctx context.Context, track string, first func(Ranking)) (map[string]Ranking, error)) (*view, error) {
	pk := [2]int64{key.round, key.revision}
	for {
		c.mu.Lock()
		if v, ok := c.views[key]; ok {
			c.mu.Unlock()
			return v.wait(ctx)
		}
		if c.passes == nil {
			c.passes = map[[2]int64]*viewPass{}
		}
		p, running := c.passes[pk]
		if !running {
			p = &viewPass{done: make(chan struct{})}
			c.passes[pk] = p
			v := &view{done: make(chan struct{})}
			c.keep(key, v)
			go c.runPass(context.WithoutCancel(ctx), key, p, v, compute)
			c.mu.Unlock()
			return v.wait(ctx)
		}
		c.mu.Unlock()
		select {
		case <-p.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if p.err != nil {
			return nil, p.err
		}
		if v, ok := p.views[key.track]; ok {
			return v, nil
		}
		// A track the pass did not compute (no entry of the round is in
		// it): the next pass is this request's own and computes it.
	}
}

// runPass computes pass p for key's round and revision into v (key's view,
// handed out as soon as it is built) and the round's other plain views,
// keeps them and ends the pass.
func (c *viewCache) runPass(ctx context.Context, key viewKey, p *viewPass, v *view, compute func(ctx context.Context, track string, first func(Ranking)) (map[string]Ranking, error)) {
	given := false
	rks, err := compute(ctx, key.track, func(rk Ranking) {
		v.rk, given = rk, true
		close(v.done)
	})
	if err == nil && !given {
		err = fmt.Errorf("ranking views of round %d: no view of track %q", key.round, key.track)
	}
	if !given {
		v.err = err
		c.forget(key, v)
		close(v.done)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.passes, [2]int64{key.round, key.revision})
	p.err = err
	if err == nil {
		p.views = map[string]*view{key.track: v}
		tracks := make([]string, 0, len(rks))
		for t := range rks {
			if t != key.track {
				tracks = append(tracks, t)
			}
		}
		slices.Sort(tracks)
		for _, t := range tracks {
			tv := &view{done: make(chan struct{}), rk: rks[t]}
			close(tv.done)
			p.views[t] = tv
			k := key
			k.track = t
			c.keep(k, tv)
		}
	}
	close(p.done)
}

// current records that key's revision of its round was asked for and
// drops the round's views of older revisions; it says whether key's
// revision is the newest asked for (views of older ones are not kept).
// c.mu is held.
func (c *viewCache) current(key viewKey) bool {
	if c.latest == nil {
		c.latest = map[int64]int64{}
	}
	latest, seen := c.latest[key.round]
	if seen && key.revision < latest {
		return false
	}
	if !seen || key.revision > latest {
		if len(c.latest) >= 4*maxViews {
			clear(c.latest)
		}
		c.latest[key.round] = key.revision
		kept := c.order[:0]
		for _, k := range c.order {
			if k.round == key.round && k.revision < key.revision {
				delete(c.views, k)
				continue
			}
			kept = append(kept, k)
		}
		clear(c.order[len(kept):])
		c.order = kept
	}
	return true
}

// keep caches a computed view (unless one is cached already, or it is of
// an older revision than one asked for since), dropping the oldest beyond
// maxViews. c.mu is held.
func (c *viewCache) keep(key viewKey, v *view) {
	if c.views == nil {
		c.views = map[viewKey]*view{}
	}
	if _, ok := c.views[key]; ok || !c.current(key) {
		return
	}
	c.views[key] = v
	c.order = append(c.order, key)
	for len(c.order) > maxViews {
		delete(c.views, c.order[0])
		c.order = c.order[1:]
	}
}

// wait returns the view once computed.
func (v *view) wait(ctx context.Context) (*view, error) {
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
	v, ok := c.views[key]
	if !ok {
		v = &view{done: make(chan struct{})}
		c.keep(key, v)
	}
	c.mu.Unlock()
	if !ok {
		v.rk, v.err = compute(context.WithoutCancel(ctx))
		if v.err != nil {
			c.forget(key, v)
		}
		close(v.done)
	}
	return v.wait(ctx)
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
// with Total and TotalUnscored counting all, and every line explained (as
// by PageRanking). The result's slices are copies.
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
	explained(entries, rk.Total, rk.Method, rk.DisagreementThreshold)
	rk.Entries, rk.Unscored = entries, unscored
	return rk
}

// PageRanking returns the part of rk an organizer's page shows: entries
// [offset, offset+limit) of the ranked ones and as many of the unscored
// ones as fit after them, with Total and TotalUnscored counting all, and
// every line explained. A limit <= 0 keeps everything. The result's slices
// are copies.
func PageRanking(rk Ranking, offset, limit int) Ranking {
	n := len(rk.Entries)
	rk.Total, rk.TotalUnscored = n, len(rk.Unscored)
	if limit <= 0 {
		rk.Entries, rk.Unscored = append([]RankedEntry{}, rk.Entries...), append([]Entry{}, rk.Unscored...)
		explained(rk.Entries, n, rk.Method, rk.DisagreementThreshold)
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
	explained(entries, n, rk.Method, rk.DisagreementThreshold)
	rk.Entries, rk.Unscored = entries, append([]Entry{}, unscored...)
	return rk
}
