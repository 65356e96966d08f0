package domain

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/podium-contests/podium/judging"
)

// passStore is a round's sheets in memory, counting the reads of them.
type passStore struct {
	JudgingStore // not implemented: a call panics
	entries      []Entry
	scores       []ScoreSheet
	active       []Assignment
	judges       []JudgeInfo
	reads        atomic.Int32
	mu           sync.Mutex
	cached       map[[2]int64][]byte
}

func (s *passStore) RankingEntries(context.Context, int64) ([]Entry, error) {
	active := map[int64]int{}
	for _, a := range s.active {
		active[a.SubmissionID]++
	}
	out := slices.Clone(s.entries)
	for i := range out {
		out[i].Active = active[out[i].SubmissionID]
	}
	return out, nil
}
func (s *passStore) RankingScores(context.Context, int64) ([]ScoreSheet, error) {
	s.reads.Add(1)
	return s.scores, nil
}
func (s *passStore) Judges(context.Context, int64) ([]JudgeInfo, error) { return s.judges, nil }
func (s *passStore) CachedRanking(_ context.Context, round, revision int64) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b, ok := s.cached[[2]int64{round, revision}]; ok {
		return b, nil
	}
	return nil, NotFound("ranking")
}
func (s *passStore) CacheRanking(_ context.Context, round, revision int64, b []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cached == nil {
		s.cached = map[[2]int64][]byte{}
	}
	s.cached[[2]int64{round, revision}] = b
	return nil
}

// passRound is a calibrated round of 3 tracks: 45 entries (the last of
// each track unscored), 9 judges, 3 judges an entry from across the tracks
// with planted biases, one sheet missing.
func passRound() (Round, *passStore) {
	r := Round{ID: 4, ContestID: 1, JudgesPerEntry: 3, Method: "calibrated", ScoresRevision: 1,
		Rubric: []RubricItem{{ID: "a", Weight: 2, Min: 1, Max: 10}, {ID: "b", Weight: 1, Min: 0, Max: 5}}}
	st := &passStore{}
	for j := range 9 {
		st.judges = append(st.judges, JudgeInfo{UserID: int64(100 + j), Email: fmt.Sprintf("j%d@jury.example", j)})
	}
	for i := range 45 {
		id := int64(1000 + i)
		track := []string{"ai", "bio", "energy"}[i%3]
		st.entries = append(st.entries, Entry{SubmissionID: id, TeamID: id + 5000, TeamName: fmt.Sprintf("Team %d", i), Track: track, Title: "Entry"})
		for k := range 3 {
			judge := int64(100 + (i+k*4)%9)
			st.active = append(st.active, Assignment{ID: id*10 + int64(k), SubmissionID: id, JudgeID: judge})
			if i >= 42 || (i == 7 && k == 2) {
				continue
			}
			bias := float64(judge%3) - 1
			st.scores = append(st.scores, ScoreSheet{AssignmentID: id*10 + int64(k), RoundID: r.ID, JudgeID: judge, SubmissionID: id,
				Values: map[string]float64{"a": min(10, max(1, float64(i%10)+bias)), "b": float64((i + k) % 6)}, Comment: "c", Final: true})
		}
	}
	return r, st
}

// TestRoundPassViewsEqualViewsAlone: every view of a round built in one
// pass is the view built on its own (track ranks, the judges' bias and
// scale of the view's own ranking, unscored entries), from one read of the
// sheets; and the pass has a view for every track of the round's entries.
func TestRoundPassViewsEqualViewsAlone(t *testing.T) {
	r, st := passRound()
	j := &Judging{Store: st}
	ctx := context.Background()
	pass, err := j.computeViews(ctx, r, "bio", nil, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := st.reads.Load(); n != 1 {
		t.Fatalf("%d reads of the sheets for one pass", n)
	}
	if len(pass) != 4 {
		t.Fatalf("%d views in the pass, want the whole round's and 3 tracks'", len(pass))
	}
	for _, track := range []string{"", "ai", "bio", "energy"} {
		alone, err := j.computeViews(ctx, r, track, nil, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := json.Marshal(alone[track])
		b, _ := json.Marshal(pass[track])
		if string(a) != string(b) {
			t.Fatalf("track %q: the view built in the pass differs from the one built alone:\n%s\n%s", track, b, a)
		}
		if len(alone) != 1 {
			t.Fatalf("track %q alone built %d views", track, len(alone))
		}
		rk := pass[track]
		if track != "" && (len(rk.Entries) != 14 && len(rk.Entries) != 13 || len(rk.Unscored) != 1) {
			t.Fatalf("track %q: %d ranked, %d unscored", track, len(rk.Entries), len(rk.Unscored))
		}
		for _, e := range rk.Entries {
			if track != "" && (e.Track != track || e.TrackRank != e.Rank) {
				t.Fatalf("track %q: entry %d of track %s, rank %d, track rank %d", track, e.EntryID, e.Track, e.Rank, e.TrackRank)
			}
		}
	}
	// The whole round's view carries each entry's rank in its track's view.
	inTrack := map[int64]int{}
	for _, track := range []string{"ai", "bio", "energy"} {
		for _, e := range pass[track].Entries {
			inTrack[e.EntryID] = e.Rank
		}
	}
	for _, e := range pass[""].Entries {
		if e.TrackRank != inTrack[e.EntryID] || e.TrackRank == 0 {
			t.Fatalf("entry %d: track rank %d in the whole view, rank %d in its track's", e.EntryID, e.TrackRank, inTrack[e.EntryID])
		}
	}
	// A track without entries in the round gets an empty view.
	empty, err := j.computeViews(ctx, r, "space", nil, true, nil)
	if err != nil || len(empty["space"].Entries) != 0 || len(empty["space"].Unscored) != 0 || len(empty) != 5 {
		t.Fatalf("a track without entries: %v, %+v", err, empty["space"])
	}
}

// settled waits until no pass of c runs and returns the keys of its views.
func settled(c *viewCache) map[viewKey]bool {
	for {
		c.mu.Lock()
		if len(c.passes) == 0 {
			keys := map[viewKey]bool{}
			for k := range c.views {
				keys[k] = true
			}
			c.mu.Unlock()
			return keys
		}
		c.mu.Unlock()
		runtime.Gosched()
	}
}

// TestRankingViewsShareOnePass: the first reads of a round's track views
// after a change share one read of its sheets, wherever the reads of the
// other tracks come from; the next change of the scores revision reads again.
func TestRankingViewsShareOnePass(t *testing.T) {
	r, st := passRound()
	j := &Judging{Store: st}
	ctx := context.Background()
	var wg sync.WaitGroup
	for _, track := range []string{"ai", "bio", "energy", "", "ai", "bio"} {
		wg.Go(func() {
			v, err := j.rankingView(ctx, r, track, false, nil)
			if err != nil || v.rk.Track != track {
				t.Errorf("track %q: %v, view of %q", track, err, v.rk.Track)
			}
		})
	}
	wg.Wait()
	if n := st.reads.Load(); n != 1 {
		t.Fatalf("%d reads of the sheets for the views of one round", n)
	}
	if n := len(settled(&j.views)); n != 4 {
		t.Fatalf("%d views kept, want the round's 4", n)
	}
	r.ScoresRevision++
	if _, err := j.rankingView(ctx, r, "energy", false, nil); err != nil {
		t.Fatal(err)
	}
	// The views of the older revision are gone (not only the oldest few),
	// and a late request for it is answered without keeping its view.
	for k := range settled(&j.views) {
		if k.revision != r.ScoresRevision {
			t.Fatalf("a view of revision %d is kept after revision %d was read", k.revision, r.ScoresRevision)
		}
	}
	old := r
	old.ScoresRevision--
	if _, err := j.rankingView(ctx, old, "ai", false, nil); err != nil {
		t.Fatal(err)
	}
	if kept := settled(&j.views); st.reads.Load() != 3 || len(kept) != 4 {
		t.Fatalf("%d reads, %d views kept after a late read of an older revision", st.reads.Load(), len(kept))
	}
	if _, err := j.rankingView(ctx, r, "", false, nil); err != nil {
		t.Fatal(err)
	}
	if n := st.reads.Load(); n != 3 {
		t.Fatalf("%d reads after a change of the scores, want 3 (one for the late read)", n)
	}
}

// TestViewCacheRoundPass: requests for several views of a round while its
// pass runs wait for that pass; a failed pass fails its waiters and is run
// again by the next request; a track the pass did not build gets its own.
func TestViewCacheRoundPass(t *testing.T) {
	var c viewCache
	var calls atomic.Int32
	release := make(chan struct{})
	compute := func(_ context.Context, track string, first func(Ranking)) (map[string]Ranking, error) {
		calls.Add(1)
		<-release
		first(Ranking{Track: track})
		return map[string]Ranking{"": {Track: ""}, "a": {Track: "a"}, "b": {Track: "b"}, track: {Track: track}}, nil
	}
	var wg sync.WaitGroup
	for _, track := range []string{"a", "b", "", "a"} {
		wg.Go(func() {
			v, err := c.roundView(context.Background(), viewKey{round: 1, revision: 3, track: track}, compute)
			if err != nil || v.rk.Track != track {
				t.Errorf("track %q: %v %+v", track, err, v)
			}
		})
	}
	for calls.Load() == 0 {
		runtime.Gosched()
	}
	close(release)
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Fatalf("%d passes for one round's views", n)
	}
	if _, err := c.roundView(context.Background(), viewKey{round: 1, revision: 3, track: "z"}, compute); err != nil || calls.Load() != 2 {
		t.Fatalf("a track outside the pass: %v, %d passes", err, calls.Load())
	}
	boom := errors.New("database gone")
	key := viewKey{round: 2, revision: 1, track: "a"}
	if _, err := c.roundView(context.Background(), key, func(context.Context, string, func(Ranking)) (map[string]Ranking, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Fatalf("failed pass: %v", err)
	}
	if v, err := c.roundView(context.Background(), key, compute); err != nil || v.rk.Track != "a" {
		t.Fatalf("a failed pass is not run again: %v", err)
	}
	if _, err := c.roundView(context.Background(), viewKey{round: 3, track: "x"}, func(context.Context, string, func(Ranking)) (map[string]Ranking, error) {
		return map[string]Ranking{"": {}}, nil
	}); err == nil {
		t.Fatal("a pass without the view asked for did not fail")
	}
}

// TestViewPageEncodedOnceForConcurrentReaders: readers of a page being
// encoded wait for that encoding instead of encoding it again.
func TestViewPageEncodedOnceForConcurrentReaders(t *testing.T) {
	v := &view{done: make(chan struct{}), rk: Ranking{Entries: []RankedEntry{{EntryID: 1}, {EntryID: 2}}}}
	var calls atomic.Int32
	release := make(chan struct{})
	encode := func(rk Ranking) ([]byte, error) {
		calls.Add(1)
		<-release
		return json.Marshal(rk)
	}
	want, _ := json.Marshal(PageRanking(v.rk, 0, 1))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if b, err := v.pageOf(0, 1, encode); err != nil || string(b) != string(want) {
				t.Errorf("page: %v %s", err, b)
			}
		})
	}
	for calls.Load() == 0 {
		runtime.Gosched()
	}
	close(release)
	wg.Wait()
	if n := calls.Load(); n != 1 {
		t.Fatalf("the page was encoded %d times", n)
	}
}

// TestPageExplainsItsLines: a view keeps its lines unexplained, and a page
// of it (or a selection of its entries) explains each line against the
// whole ranking (its rank of all the view's entries, not of the page's).
func TestPageExplainsItsLines(t *testing.T) {
	r, st := passRound()
	j := &Judging{Store: st}
	views, err := j.computeViews(context.Background(), r, "ai", nil, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, track := range []string{"", "ai"} {
		v := views[track]
		if v.Entries[0].Explanation.Text != "" {
			t.Fatalf("track %q: the view keeps explanations", track)
		}
		selected := SelectEntries(v, []int64{v.Entries[1].EntryID, v.Entries[4].EntryID})
		if len(selected.Entries) != 2 {
			t.Fatalf("track %q: %d entries selected", track, len(selected.Entries))
		}
		for _, p := range []Ranking{PageRanking(v, 2, 3), PageRanking(v, 0, 0), selected} {
			for _, e := range p.Entries {
				want := explain(e, len(v.Entries), judging.Method(v.Method), v.DisagreementThreshold)
				if e.Explanation.Text != want.Text || e.Explanation.Statements[0].Params["of"] != len(v.Entries) ||
					len(e.Explanation.Statements) < 1+len(e.Scores) {
					t.Fatalf("track %q, entry %d: explanation %+v, want %+v", track, e.EntryID, e.Explanation, want)
				}
			}
		}
		if v.Entries[0].Explanation.Text != "" {
			t.Fatalf("track %q: paging explained the view's own lines", track)
		}
	}
}
