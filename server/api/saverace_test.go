package api

import (
	"fmt"
	"sync"
	"testing"

	"github.com/podium-contests/podium/server/domain"
)

// Overlapping saves of one score sheet, each counted by the judge's client
// (seq), settle without refusals: the latest save wins however the requests
// interleave, an autosave that arrives after the submit changes nothing,
// and only a real change of submitted scores is a conflict.
func TestOverlappingScoreSavesSettleBySeq(t *testing.T) {
	t.Parallel()
	f := newJudgingFixture(t, 2, 2)
	f.createRound(t, 1, "mean", false)
	mustStatus(t, f.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", f.round.ID), map[string]any{}), 200)
	list := f.assignments(t)
	if len(list) == 0 {
		t.Fatal("no assignments")
	}
	var judge *client
	for email, id := range f.ids {
		if id == list[0].JudgeID {
			judge = f.judges[email]
		}
	}
	r := judge.do("POST", "/api/v1/me/tokens", map[string]string{"name": "autosave"})
	mustStatus(t, r, 201)
	token := decode[newToken](t, r).Token
	path := fmt.Sprintf("/api/v1/assignments/%d/score", list[0].ID)
	save := func(c *client, seq int64, innovation float64, final bool) response {
		return c.do("PUT", path, map[string]any{"values": map[string]float64{"innovation": innovation, "impact": 5}, "final": final, "seq": seq})
	}
	sheet := func(r response) domain.ScoreSheet {
		t.Helper()
		mustStatus(t, r, 200)
		return decode[domain.ScoreSheet](t, r)
	}

	// Twelve different drafts at once, over their own connections.
	const n = 12
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		c := f.ts.client()
		c.bearer = token
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = save(c, int64(i+1), float64(1+i%10), false).Status
		}()
	}
	wg.Wait()
	for i, st := range statuses {
		if st != 200 {
			t.Fatalf("overlapping save %d: status %d, want 200 (%v)", i+1, st, statuses)
		}
	}
	again := save(judge, n, float64(1+(n-1)%10), false) // the last save again: a retry
	stored := sheet(again)
	if seq := decode[struct{ Seq int64 }](t, again).Seq; seq != n || stored.Values["innovation"] != float64(1+(n-1)%10) {
		t.Fatalf("stored sheet %+v, want the last save (seq %d)", stored, n)
	}

	// The submit, then an autosave the judge's client sent before it.
	submitted := sheet(save(judge, n+2, 9, true))
	late := sheet(save(judge, n+1, 3, false))
	if !late.Final || late.Values["innovation"] != 9 || !late.UpdatedAt.Equal(submitted.UpdatedAt) {
		t.Fatalf("a late autosave changed the submitted scores: %+v", late)
	}
	// A newer change of submitted scores is a real conflict.
	mustStatus(t, save(judge, n+3, 4, false), 409)
}

// Overlapping submits of one team's unchanged draft (a double click, a
// retry without its key) are answered, not refused: a submit that lost the
// race to a version holding the same entry gets that version's receipt.
func TestOverlappingSubmitsAreAnswered(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.admin().createContest("green")
	c := ts.signUp("owls@example.org")
	team := c.createTeam("green", "Owls", "energy")
	base := fmt.Sprintf("/api/v1/teams/%d/submission", team.ID)
	mustStatus(t, c.do("PUT", base, map[string]any{"title": "Owls at night", "abstract": "Night birds", "fields": map[string]string{"repo": "https://example.org/owls", "stage": "idea"}}), 200)
	c.uploadPDF(team.ID, pdfBytes(2048))
	const n = 8
	statuses := make([]int, n)
	receipts := make([]domain.Receipt, n)
	var wg sync.WaitGroup
	for i := range n {
		cc := ts.client()
		cc.cookies = c.cookies
		cc.csrf = c.csrf
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := cc.do("POST", base+"/submit", map[string]any{})
			statuses[i] = r.Status
			if r.Status == 201 {
				receipts[i] = decode[receiptResult](t, r).Receipt
			}
		}()
	}
	wg.Wait()
	for i, st := range statuses {
		if st != 201 {
			t.Fatalf("overlapping submit %d: status %d, want 201 (%v)", i+1, st, statuses)
		}
	}
	r := c.do("GET", base+"/versions", nil)
	mustStatus(t, r, 200)
	versions := decode[[]domain.VersionSummary](t, r)
	t.Logf("%d versions", len(versions))
	digests := map[string]bool{}
	for _, v := range versions {
		digests[v.Digest] = true
	}
	for i, rc := range receipts {
		if !digests[rc.Digest] {
			t.Fatalf("submit %d answered version %d, which was not recorded", i+1, rc.Version)
		}
	}
}
