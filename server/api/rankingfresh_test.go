package api

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/podium-contests/podium/server/domain"
)

// replica is another replica of ts's server: the same database and
// bucket, its own ranking views (a fresh domain.Judging).
func (ts *testServer) replica() *testServer {
	r := *ts
	j := &domain.Judging{Contests: ts.con, Store: ts.store, Final: ts.store}
	r.deps.Judging, r.deps.Live = j, &domain.Live{Judging: j, Store: ts.store}
	r.deps.Registry = prometheus.NewRegistry()
	r.app = New(r.deps)
	return &r
}

// on is c calling replica r instead (same cookies and CSRF token).
func (c *client) on(r *testServer) *client {
	o := *c
	o.ts = r
	return &o
}

// TestRankingAfterChangesEqualsFreshComputation: after every step of a
// random sequence of score saves (drafts and final), reopenings, conflicts,
// moved assignments and extra judges, made on one replica or another, the
// ranking a replica keeps (its views, read after each step) equals the one
// a replica that never read the round computes from scratch, for the whole
// round and for a track; and the ranking's reads give what the general
// reads of the round give.
func TestRankingAfterChangesEqualsFreshComputation(t *testing.T) {
	t.Parallel()
	f := newJudgingFixture(t, 8, 5)
	f.createRound(t, 2, "calibrated", false)
	mustStatus(t, f.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", f.round.ID), map[string]any{}), 200)
	other := f.ts.replica()
	rng := rand.New(rand.NewPCG(22, uint64(len(f.judges))))
	emails := make([]string, 0, len(f.judges))
	for e := range f.judges {
		emails = append(emails, e)
	}
	slices.Sort(emails)
	ranking := fmt.Sprintf("/api/v1/rounds/%d/ranking", f.round.ID)
	pages := []string{ranking, ranking + "?track=energy", ranking + "?limit=3&offset=2"}
	// A replica reading after every step keeps its views between them.
	for _, p := range pages {
		mustStatus(t, f.admin.do("GET", p, nil), 200)
	}
	ctx := context.Background()
	done := map[string]int{}
	for step := range 40 {
		via := f.ts
		if rng.IntN(2) == 0 {
			via = other
		}
		judge := emails[rng.IntN(len(emails))]
		jc := f.judges[judge].on(via)
		mine := decode[[]domain.Assignment](t, jc.do("GET", "/api/v1/me/assignments", nil))
		if len(mine) == 0 {
			continue
		}
		a := mine[rng.IntN(len(mine))]
		var what string
		switch op := rng.IntN(10); {
		case op < 5 && a.ScoreState != "final":
			what = "final score"
			mustStatus(t, jc.do("PUT", fmt.Sprintf("/api/v1/assignments/%d/score", a.ID), map[string]any{
				"values":  map[string]float64{"innovation": float64(1 + rng.IntN(10)), "impact": float64(1 + rng.IntN(10))},
				"comment": fmt.Sprintf("step %d", step), "final": true}), 200)
		case op < 6 && a.ScoreState != "final":
			what = "draft"
			mustStatus(t, jc.do("PUT", fmt.Sprintf("/api/v1/assignments/%d/score", a.ID), map[string]any{
				"values": map[string]float64{"innovation": float64(1 + rng.IntN(10))}, "final": false}), 200)
		case op < 8 && a.ScoreState == "final":
			what = "reopen"
			mustStatus(t, f.admin.on(via).do("POST", fmt.Sprintf("/api/v1/assignments/%d/reopen", a.ID), map[string]string{"reason": "check"}), 200)
		case op < 9 && a.ScoreState != "final":
			what = "conflict"
			if r := jc.do("POST", fmt.Sprintf("/api/v1/assignments/%d/conflict", a.ID), map[string]string{"reason": "knows the team"}); r.Status != 200 && r.Status != 409 && r.Status != 422 {
				t.Fatalf("step %d: conflict: %d %s", step, r.Status, r.Body)
			}
		default:
			what = "extra judge"
			if r := f.admin.on(via).do("POST", fmt.Sprintf("/api/v1/rounds/%d/entries/%d/extra-judge", f.round.ID, a.SubmissionID), map[string]any{}); r.Status != 201 && r.Status != 409 && r.Status != 422 {
				t.Fatalf("step %d: extra judge: %d %s", step, r.Status, r.Body)
			}
		}
		done[what]++
		fresh := f.ts.replica()
		for _, p := range pages {
			kept := f.admin.do("GET", p, nil)
			mustStatus(t, kept, 200)
			computed := f.admin.on(fresh).do("GET", p, nil)
			mustStatus(t, computed, 200)
			if string(kept.Body) != string(computed.Body) {
				t.Fatalf("step %d (%s via %s): %s differs from a fresh computation:\nkept  %s\nfresh %s", step, what,
					map[bool]string{true: "this replica", false: "the other"}[via == f.ts], p, kept.Body, computed.Body)
			}
		}
		checkRankingReads(ctx, t, f.ts, f.round.ID)
	}
	for _, what := range []string{"final score", "draft", "reopen"} {
		if done[what] == 0 {
			t.Fatalf("the sequence made no %s: %v", what, done)
		}
	}
}

// checkRankingReads: the ranking's reads of a round (RankingEntries,
// RankingScores) give what the general reads give (RoundEntries without
// the people, RoundScores of final sheets), and each entry's active
// assignments are counted right.
func checkRankingReads(ctx context.Context, t *testing.T, ts *testServer, round int64) {
	t.Helper()
	entries, err := ts.store.RoundEntries(ctx, round)
	if err != nil {
		t.Fatal(err)
	}
	active, err := ts.store.Assignments(ctx, round, true)
	if err != nil {
		t.Fatal(err)
	}
	for i := range entries {
		entries[i].MemberIDs, entries[i].MemberEmails, entries[i].MemberOrgs = nil, nil, nil
		n := 0
		for _, a := range active {
			if a.SubmissionID == entries[i].SubmissionID {
				n++
			}
		}
		if entries[i].Active != n {
			t.Fatalf("entry %d: %d active assignments counted, %d listed", entries[i].SubmissionID, entries[i].Active, n)
		}
	}
	brief, err := ts.store.RankingEntries(ctx, round)
	if err != nil || !reflect.DeepEqual(brief, entries) {
		t.Fatalf("ranking entries %v:\n%+v\nwant %+v", err, brief, entries)
	}
	scores, err := ts.store.RoundScores(ctx, round, true)
	if err != nil {
		t.Fatal(err)
	}
	for i := range scores {
		scores[i].SubmittedAt, scores[i].UpdatedAt, scores[i].Seq = nil, time.Time{}, 0
	}
	got, err := ts.store.RankingScores(ctx, round)
	if err != nil || len(got) != len(scores) {
		t.Fatalf("ranking scores %v: %d sheets, want %d", err, len(got), len(scores))
	}
	for i := range got {
		if !reflect.DeepEqual(got[i], scores[i]) {
			t.Fatalf("ranking sheet %d: %+v, want %+v", i, got[i], scores[i])
		}
	}
}
