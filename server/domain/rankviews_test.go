package domain

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// fiveAndThree is a ranking of entries 1..5 with unscored entries 101..103.
func fiveAndThree() Ranking {
	rk := Ranking{}
	for i := range 5 {
		rk.Entries = append(rk.Entries, RankedEntry{EntryID: int64(i + 1)})
	}
	for i := range 3 {
		rk.Unscored = append(rk.Unscored, Entry{SubmissionID: int64(i + 101)})
	}
	return rk
}

// rankingIDs lists a ranking's entry ids, ranked ones then unscored ones.
func rankingIDs(p Ranking) string {
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

// TestPageRanking: a page takes ranked entries first, then unscored ones,
// counts all of both, and never shares the cached view's slices.
func TestPageRanking(t *testing.T) {
	rk := fiveAndThree()
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
		if got := rankingIDs(p); got != c.want || p.Total != 5 || p.TotalUnscored != 3 {
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

// TestSelectEntries: the listed entries come in the ranking's order, ranked
// ones then unscored ones, whatever the order of the list; unknown ids are
// left out; the totals count the whole ranking; the view is not shared.
func TestSelectEntries(t *testing.T) {
	rk := fiveAndThree()
	for _, c := range []struct {
		name string
		ids  []int64
		want string
	}{
		{"none", nil, "|"},
		{"in ranking order", []int64{4, 2}, "2 4 |"},
		{"unscored after ranked", []int64{102, 5, 101}, "5 | 101 102"},
		{"unknown ids left out", []int64{9, 3, 3, 200}, "3 |"},
	} {
		p := SelectEntries(rk, c.ids)
		if got := rankingIDs(p); got != c.want || p.Total != 5 || p.TotalUnscored != 3 {
			t.Errorf("%s: %q (total %d, %d), want %q", c.name, rankingIDs(p), p.Total, p.TotalUnscored, c.want)
		}
		if len(p.Entries) > 0 {
			p.Entries[0].EntryID = -1
			for _, e := range rk.Entries {
				if e.EntryID == -1 {
					t.Fatalf("%s: the selection shares the view's entries", c.name)
				}
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

// TestExplainSaysIncompleteOnce: an entry scored by fewer judges than
// planned is told so once, in the text as in the statements.
func TestExplainSaysIncompleteOnce(t *testing.T) {
	e := RankedEntry{Planned: 3}
	e.Rank, e.Judges = 1, 2
	x := explain(e, 10, "mean", 20)
	statements := 0
	for _, s := range x.Statements {
		if s.Code == ExplainIncomplete {
			statements++
		}
	}
	if n := strings.Count(x.Text, "Incomplete:"); n != 1 || statements != 1 {
		t.Fatalf("incomplete said %d times in %q, %d statements", n, x.Text, statements)
	}
}

// TestViewPageCachedEqualsFresh: a view's encoded page is the encoding of
// PageRanking of the view, the same bytes when served again without
// encoding again; the whole view (limit 0) is never kept, and pages stop
// being kept beyond maxPageBytes.
func TestViewPageCachedEqualsFresh(t *testing.T) {
	v := &view{done: make(chan struct{})}
	for i := range 250 {
		v.rk.Entries = append(v.rk.Entries, RankedEntry{EntryID: int64(i + 1), TeamName: strings.Repeat("x", i)})
	}
	for i := range 30 {
		v.rk.Unscored = append(v.rk.Unscored, Entry{SubmissionID: int64(i + 1001)})
	}
	var calls int
	encode := func(rk Ranking) ([]byte, error) {
		calls++
		return json.Marshal(rk)
	}
	for _, p := range [][2]int{{0, 100}, {200, 100}, {260, 100}, {0, 0}} {
		fresh, _ := json.Marshal(PageRanking(v.rk, p[0], p[1]))
		for try := range 2 {
			before := calls
			got, err := v.pageOf(p[0], p[1], encode)
			if err != nil || !bytes.Equal(got, fresh) {
				t.Fatalf("page %v, try %d: %v, differs from a fresh encoding", p, try, err)
			}
			encoded := calls - before
			want := 1
			if try == 1 && p[1] > 0 {
				want = 0 // kept
			}
			if encoded != want {
				t.Errorf("page %v, try %d: encoded %d times, want %d", p, try, encoded, want)
			}
		}
	}
	big := &view{done: make(chan struct{})}
	huge := func(Ranking) ([]byte, error) { return make([]byte, maxPageBytes/2+1), nil }
	big.pageOf(0, 10, huge)
	big.pageOf(10, 10, huge)
	if len(big.pages) != 1 || big.pageBytes > maxPageBytes {
		t.Errorf("kept %d pages of %d bytes, want 1 within %d", len(big.pages), big.pageBytes, maxPageBytes)
	}
}
