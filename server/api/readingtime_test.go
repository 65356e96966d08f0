package api

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/internal/testpdf"
)

// TestRoundBalancedByReadingTime: a round balanced by time gives one judge
// the 20-page entry alone and the other the three one-page entries (by
// count each would get two), reports each judge's expected minutes, and
// each judge sees the expected time of every assignment; an unknown
// balance is refused, naming the field.
func TestRoundBalancedByReadingTime(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.admin()
	admin.createContest("green")
	pages := []int{20, 1, 1, 1}
	long := int64(0)
	for i, n := range pages {
		c := ts.signUp(fmt.Sprintf("team%d@example.org", i))
		team := c.createTeam("green", fmt.Sprintf("Team %d", i), "energy")
		base := fmt.Sprintf("/api/v1/teams/%d/submission", team.ID)
		mustStatus(t, c.do("PUT", base, map[string]any{"title": fmt.Sprintf("Entry %d", i), "fields": map[string]string{"repo": "https://git.example.org/x"}}), 200)
		f := c.uploadPDF(team.ID, testpdf.Doc{Pages: n, Text: fmt.Sprintf("entry %d", i)}.Bytes())
		if err := ts.checker().Check(t.Context(), f.ID); err != nil {
			t.Fatal(err)
		}
		r := c.do("POST", base+"/submit", map[string]any{})
		mustStatus(t, r, 201)
		if i == 0 {
			long = decode[receiptResult](t, r).Receipt.SubmissionID
		}
	}
	judges := []*client{}
	for _, e := range []string{"judge1@jury.example.net", "judge2@jury.example.net"} {
		mustStatus(t, admin.addMember("green", e, "judge"), 201)
		judges = append(judges, ts.signUp(e))
	}
	body := map[string]any{"name": "R", "judges_per_entry": 1, "method": "mean", "closes_at": "2099-01-01T00:00:00Z", "balance": "pages",
		"rubric": []map[string]any{{"id": "impact", "label": "Impact", "weight": 1, "min": 1, "max": 10}}}
	r := admin.do("POST", "/api/v1/contests/green/rounds", body)
	mustStatus(t, r, 400)
	var e errorBody
	if err := json.Unmarshal(r.Body, &e); err != nil || e.Error.Fields["balance"].Code == "" {
		t.Errorf("an unknown balance: %s, want an error naming balance", r.Body)
	}
	rnd := admin.round("green", map[string]any{"balance": "time"})
	if rnd.Balance != domain.BalanceTime {
		t.Fatalf("round balance %q", rnd.Balance)
	}
	r = admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", rnd.ID), map[string]any{})
	mustStatus(t, r, 200)
	sum := decode[domain.AssignmentSummary](t, r)
	longMinutes := domain.ExpectedMinutes(20, 0)
	shortMinutes := domain.ExpectedMinutes(1, 0)
	got := []float64{}
	for _, m := range sum.ExpectedMinutes {
		got = append(got, m)
	}
	slices.Sort(got)
	if want := []float64{3 * shortMinutes, longMinutes}; !slices.Equal(got, want) {
		t.Errorf("judges' expected minutes %v, want %v", got, want)
	}
	seen := 0
	for _, j := range judges {
		r := j.do("GET", "/api/v1/me/assignments", nil)
		mustStatus(t, r, 200)
		for _, a := range decode[[]domain.Assignment](t, r) {
			seen++
			want := shortMinutes
			if a.SubmissionID == long {
				want = longMinutes
			}
			if a.ExpectedMinutes != want {
				t.Errorf("assignment of entry %d: expected %v minutes, want %v", a.SubmissionID, a.ExpectedMinutes, want)
			}
		}
	}
	if seen != len(pages) {
		t.Errorf("%d assignments, want %d", seen, len(pages))
	}
}
