package api

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/internal/testenv"
)

// TestRoundProgressCached checks the replica's cache of a round's progress:
// once it is on (the listener heard its probe: a change made behind the
// store's back no longer shows), every change made through this replica
// shows in the next read — a draft, a submitted sheet, an assignment given
// back — and a change announced by another replica shows once its
// notification arrives.
func TestRoundProgressCached(t *testing.T) {
	t.Parallel()
	f := newJudgingFixture(t, 4, 3)
	f.createRound(t, 2, "mean", false)
	mustStatus(t, f.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", f.round.ID), map[string]any{}), 200)
	progressURL := fmt.Sprintf("/api/v1/rounds/%d/progress", f.round.ID)
	progress := func() domain.Progress { return decode[domain.Progress](t, f.admin.do("GET", progressURL, nil)) }
	db := f.ts.store.DB()
	ctx := context.Background()
	list := f.assignments(t)
	hidden := list[len(list)-1].ID
	behindTheBack := func(status string) {
		if _, err := db.ExecContext(ctx, "UPDATE assignments SET status = $2 WHERE id = $1", hidden, status); err != nil {
			t.Fatal(err)
		}
	}
	testenv.Eventually(t, 30*time.Second, "the progress cache to come on", func() bool {
		before := progress()
		behindTheBack("dropped")
		defer behindTheBack("active")
		return progress().Assigned == before.Assigned
	})
	p := progress()
	if p.Assigned != 8 || p.Done != 0 || p.Pending != 8 {
		t.Fatalf("progress before any score: %+v", p)
	}
	drafts := func(p domain.Progress) (n int) {
		for _, j := range p.Judges {
			n += j.Drafts
		}
		return n
	}

	// A judge's draft, then the same sheet submitted.
	var judge *client
	var mine domain.Assignment
	for _, c := range f.judges {
		if list := decode[[]domain.Assignment](t, c.do("GET", "/api/v1/me/assignments", nil)); len(list) > 0 {
			judge, mine = c, list[0]
			break
		}
	}
	scoreURL := fmt.Sprintf("/api/v1/assignments/%d/score", mine.ID)
	values := map[string]float64{"innovation": 7, "impact": 6}
	mustStatus(t, judge.do("PUT", scoreURL, map[string]any{"values": values, "comment": "draft"}), 200)
	if p := progress(); drafts(p) != 1 || p.Done != 0 {
		t.Fatalf("progress after a draft: %d drafts, %+v", drafts(p), p)
	}
	mustStatus(t, judge.do("PUT", scoreURL, map[string]any{"values": values, "comment": "done", "final": true}), 200)
	if p := progress(); drafts(p) != 0 || p.Done != 1 || p.Pending != 7 {
		t.Fatalf("progress after a submitted sheet: %d drafts, %+v", drafts(p), p)
	}

	// An assignment given back (a conflict) is replaced by another judge's.
	var other domain.Assignment
	var otherJudge *client
	for _, c := range f.judges {
		for _, a := range decode[[]domain.Assignment](t, c.do("GET", "/api/v1/me/assignments", nil)) {
			if a.ID != mine.ID && a.ID != hidden && otherJudge == nil {
				other, otherJudge = a, c
			}
		}
	}
	byJudge := func(p domain.Progress) map[int64]int {
		out := map[int64]int{}
		for _, j := range p.Judges {
			out[j.JudgeID] = j.Assigned
		}
		return out
	}
	before := byJudge(progress())
	mustStatus(t, otherJudge.do("POST", fmt.Sprintf("/api/v1/assignments/%d/conflict", other.ID), map[string]string{"reason": "a friend's team"}), 200)
	if after := byJudge(progress()); after[other.JudgeID] != before[other.JudgeID]-1 {
		t.Fatalf("judge %d still counted with the entry given back: %v then %v", other.JudgeID, before, after)
	}

	// Another replica's change shows when its notification arrives.
	assigned := progress().Assigned
	behindTheBack("dropped")
	if p := progress(); p.Assigned != assigned {
		t.Fatalf("the cache is off: %+v", p)
	}
	if _, err := db.ExecContext(ctx, "SELECT pg_notify('podium_progress', $1)", fmt.Sprint(f.round.ID)); err != nil {
		t.Fatal(err)
	}
	testenv.Eventually(t, 30*time.Second, "another replica's change in the progress", func() bool { return progress().Assigned == assigned-1 })
}
