package domain

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// TestPageRanking: a page takes ranked entries first, then unscored ones,
// counts all of both, and never shares the cached view's slices.
func TestPageRanking(t *testing.T) {
	rk := Ranking{}
	for i := range 5 {
		rk.Entries = append(rk.Entries, RankedEntry{EntryID: int64(i + 1)})
	}
	for i := range 3 {
		rk.Unscored = append(rk.Unscored, Entry{SubmissionID: int64(i + 101)})
	}
	ids := func(p Ranking) string {
		s := ""
		for _, e := range p.Entries {
			s += fmt.Sprintf("%d ", e.EntryID)
		}
		s += "|"
		for _, e := range p.Unscored {
			s += fmt.Sprintf(" %d", e.SubmissionID)
		}
		return s
	}
	cases := []struct {
		offset, limit int
		want          string
	}{
		{0, 0, "1 2 3 4 5 | 101 102 103"},
		{0, 2, "1 2 |"},
		{4, 2, "5 | 101"},
		{5, 2, "| 101 102"},
		{7, 5, "| 103"},
		{20, 5, "|"},
	}
	for _, c := range cases {
		p := PageRanking(rk, c.offset, c.limit)
		if got := ids(p); got != c.want || p.Total != 5 || p.TotalUnscored != 3 {
			t.Errorf("offset %d limit %d: %q (total %d, %d), want %q", c.offset, c.limit, got, p.Total, p.TotalUnscored, c.want)
		}
		if c.limit > 0 && len(p.Entries) > 0 {
			p.Entries[0].EntryID = -1
			if rk.Entries[c.offset].EntryID == -1 {
				t.Fatalf("offset %d: the page shares the view's entries", c.offset)
			}
		}
	}
}

// TestViewCacheComputesOnce: requests for one view made while it is being
// computed wait for that computation; a failed one is computed again; an
// older view is dropped beyond maxViews.
func TestViewCacheComputesOnce(t *testing.T) {
	var c viewCache
	var calls atomic.Int32
	release := make(chan struct{})
	key := viewKey{round: 1, revision: 7}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			rk, err := c.get(context.Background(), key, func(context.Context) (Ranking, error) {
				calls.Add(1)
				<-release
				return Ranking{RoundID: 1}, nil
			})
			if err != nil || rk.RoundID != 1 {
				t.Errorf("get: %v %+v", err, rk)
			}
		})
	}
	for calls.Load() == 0 {
		// The first caller is computing; the others find its view.
		runtime.Gosched()
	}
	close(release)
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Fatalf("%d computations of one view", n)
	}
	boom := errors.New("database gone")
	failing := viewKey{round: 2}
	if _, err := c.get(context.Background(), failing, func(context.Context) (Ranking, error) { return Ranking{}, boom }); !errors.Is(err, boom) {
		t.Fatalf("failed view: %v", err)
	}
	if _, err := c.get(context.Background(), failing, func(context.Context) (Ranking, error) { return Ranking{RoundID: 2}, nil }); err != nil {
		t.Fatalf("a failed view is not computed again: %v", err)
	}
	for i := range maxViews {
		c.get(context.Background(), viewKey{round: int64(10 + i)}, func(context.Context) (Ranking, error) { return Ranking{}, nil }) //nolint:errcheck // cannot fail
	}
	if _, kept := c.views[key]; kept || len(c.views) != maxViews {
		t.Fatalf("%d views kept (first one kept: %v), want the %d newest", len(c.views), kept, maxViews)
	}
}
