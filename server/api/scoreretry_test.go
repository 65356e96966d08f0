package api

import (
	"fmt"
	"sync"
	"testing"

	"github.com/podium-contests/podium/server/domain"
)

// Score saves are idempotent: a save identical to the stored sheet (a
// judge's client retrying after a timeout) returns the stored sheet and adds
// no line to the assignment's history, whether it is a draft or final, and
// even when the retries race each other.
func TestScoreSavesAreIdempotent(t *testing.T) {
	t.Parallel()
	f := newJudgingFixture(t, 2, 2)
	f.createRound(t, 1, "mean", false)
	mustStatus(t, f.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", f.round.ID), map[string]any{}), 200)
	list := f.assignments(t)
	if len(list) != 2 {
		t.Fatalf("%d assignments, want 2", len(list))
	}
	judgeOf := func(a domain.Assignment) *client {
		for email, id := range f.ids {
			if id == a.JudgeID {
				return f.judges[email]
			}
		}
		t.Fatalf("no judge for %+v", a)
		return nil
	}
	judge := judgeOf(list[0])
	save := func(c *client, id int64, values map[string]float64, comment string, final bool) response {
		return c.do("PUT", fmt.Sprintf("/api/v1/assignments/%d/score", id), map[string]any{"values": values, "comment": comment, "final": final})
	}
	history := func(id int64) []domain.ScoreChange {
		r := f.admin.do("GET", fmt.Sprintf("/api/v1/assignments/%d/history", id), nil)
		mustStatus(t, r, 200)
		return decode[[]domain.ScoreChange](t, r)
	}
	wantHistory := func(id int64, actions ...string) {
		t.Helper()
		h := history(id)
		got := make([]string, len(h))
		for i, c := range h {
			got[i] = c.Action
		}
		if fmt.Sprint(got) != fmt.Sprint(actions) {
			t.Fatalf("assignment %d history %v, want %v", id, got, actions)
		}
	}
	sheet := func(r response) domain.ScoreSheet {
		t.Helper()
		mustStatus(t, r, 200)
		return decode[domain.ScoreSheet](t, r)
	}

	id := list[0].ID
	draft := map[string]float64{"innovation": 5}
	first := sheet(save(judge, id, draft, "first look", false))
	wantHistory(id, "score.draft")
	// The same draft again (the comment differs only by surrounding space,
	// which is not kept): the stored sheet, untouched, and no new line.
	again := sheet(save(judge, id, draft, "  first look\n", false))
	if !again.UpdatedAt.Equal(first.UpdatedAt) || again.Comment != "first look" || again.Final {
		t.Fatalf("retried draft rewrote the sheet: %+v, then %+v", first, again)
	}
	wantHistory(id, "score.draft")
	// A real change is recorded.
	sheet(save(judge, id, map[string]float64{"innovation": 5, "impact": 3}, "first look", false))
	wantHistory(id, "score.draft", "score.draft")

	final := map[string]float64{"innovation": 7, "impact": 6}
	submitted := sheet(save(judge, id, final, "solid", true))
	if !submitted.Final || submitted.SubmittedAt == nil {
		t.Fatalf("not submitted: %+v", submitted)
	}
	retried := sheet(save(judge, id, final, "solid", true))
	if !retried.UpdatedAt.Equal(submitted.UpdatedAt) || !retried.SubmittedAt.Equal(*submitted.SubmittedAt) {
		t.Fatalf("retried submit rewrote the sheet: %+v, then %+v", submitted, retried)
	}
	wantHistory(id, "score.draft", "score.draft", "score.submit")
	// Submitted scores stay locked against anything but a retry.
	mustStatus(t, save(judge, id, final, "solid", false), 409)
	mustStatus(t, save(judge, id, map[string]float64{"innovation": 8, "impact": 6}, "solid", true), 409)
	wantHistory(id, "score.draft", "score.draft", "score.submit")

	// Racing retries of the first save, then of a submit, each over its own
	// connection: one line each, however the requests interleave.
	r := judgeOf(list[1]).do("POST", "/api/v1/me/tokens", map[string]string{"name": "retries"})
	mustStatus(t, r, 201)
	token := decode[newToken](t, r).Token
	race := func(values map[string]float64, final bool) {
		t.Helper()
		const n = 8
		statuses := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			c := f.ts.client()
			c.bearer = token
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i] = save(c, list[1].ID, values, "race", final).Status
			}()
		}
		wg.Wait()
		for i, st := range statuses {
			if st != 200 {
				t.Fatalf("racing save %d: status %d", i, st)
			}
		}
	}
	race(draft, false)
	wantHistory(list[1].ID, "score.draft")
	race(final, true)
	wantHistory(list[1].ID, "score.draft", "score.submit")
}
