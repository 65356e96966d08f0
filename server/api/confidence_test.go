package api

import (
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/podium-contests/podium/server/domain"
)

// scoredRound is a calibrated round of 10 entries and 5 judges (k = 2),
// assigned and fully scored.
func scoredRound(t *testing.T) *judgingFixture {
	f := newJudgingFixture(t, 10, 5)
	f.createRound(t, 2, "calibrated", false)
	mustStatus(t, f.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", f.round.ID), map[string]any{}), 200)
	f.scoreAll(t)
	return f
}

// scoreAll has every judge submit final scores for all of their
// assignments, with entry qualities close and noisy judges, so that the decisions at a cut are uncertain.
func (f *judgingFixture) scoreAll(t *testing.T) {
	t.Helper()
	for email, c := range f.judges {
		bias := float64(f.ids[email]%3) - 1
		for _, a := range decode[[]domain.Assignment](t, c.do("GET", "/api/v1/me/assignments", nil)) {
			quality := float64(a.SubmissionID%5) * 0.6
			noise := float64((f.ids[email]*31+a.SubmissionID*17)%7-3) * 0.7
			v := map[string]float64{"innovation": clamp(4 + quality + bias + noise), "impact": clamp(4 + quality/2 + bias - noise/2)}
			mustStatus(t, c.do("PUT", fmt.Sprintf("/api/v1/assignments/%d/score", a.ID), map[string]any{"values": v, "final": true}), 200)
		}
	}
}

// TestRankingConfidence: ?confidence=1 adds p_above and stability at the
// cuts, the round's expected wrong and changed decisions and the
// identifiability report; the default cut is the top 10 %; ?entries=
// selects entries of that ranking; bad cuts and lists are refused naming
// the field; the plain ranking stays plain (also after a
// ranking with confidence was cached); the CSV carries the figures.
func TestRankingConfidence(t *testing.T) {
	t.Parallel()
	f := scoredRound(t)
	base := fmt.Sprintf("/api/v1/rounds/%d/ranking", f.round.ID)

	r := f.admin.do("GET", base+"?confidence=1&cut=top:3&cut=top:1:track", nil)
	mustStatus(t, r, 200)
	rk := decode[domain.Ranking](t, r)
	if rk.Confidence == nil || len(rk.Confidence.Cuts) != 2 || rk.Confidence.Samples != domain.ConfidenceSamples {
		t.Fatalf("round confidence: %+v", rk.Confidence)
	}
	if c := rk.Confidence.Cuts[0]; c.Name != "top:3" || c.Top != 3 || c.Selected != 3 {
		t.Fatalf("cut top:3: %+v", c)
	}
	if id := rk.Confidence.Identifiability; id.Components < 1 || len(id.Tracks) != 2 {
		t.Fatalf("identifiability: %+v", id)
	}
	selected := 0
	for _, e := range rk.Entries {
		c := e.Confidence
		if c == nil || len(c.Cuts) != 2 {
			t.Fatalf("entry %d has no confidence: %+v", e.EntryID, c)
		}
		d := c.Cuts[0]
		if d.PAbove < 0 || d.PAbove > 1 || d.Stability < 0 || d.Stability > 1 {
			t.Fatalf("entry %d: probabilities out of range: %+v", e.EntryID, d)
		}
		if d.Selected != (e.Rank <= 3) {
			t.Fatalf("entry %d at rank %d: selected %v", e.EntryID, e.Rank, d.Selected)
		}
		if d.Selected {
			selected++
		}
		if !strings.Contains(e.Explanation.Text, "At the cut top:3 it is") || !strings.Contains(e.Explanation.Text, "would change it") {
			t.Fatalf("explanation does not say what would change the decision: %s", e.Explanation.Text)
		}
	}
	if selected != 3 {
		t.Fatalf("%d entries selected at top:3", selected)
	}

	// The plain ranking (now served from the cache that holds confidence)
	// has none.
	plain := decode[domain.Ranking](t, f.admin.do("GET", base, nil))
	if plain.Confidence != nil || plain.Entries[0].Confidence != nil || strings.Contains(plain.Entries[0].Explanation.Text, "At the cut") {
		t.Fatalf("plain ranking carries confidence: %+v", plain.Entries[0])
	}
	// Default cut: the top 10 % of 10 entries.
	def := decode[domain.Ranking](t, f.admin.do("GET", base+"?confidence=1", nil))
	if def.Confidence == nil || def.Confidence.Cuts[0].Name != "top:1" {
		t.Fatalf("default cut: %+v", def.Confidence)
	}
	for _, bad := range []struct{ query, field string }{
		{"?confidence=1&cut=best:3", "cut"}, {"?confidence=1&cut=top:0", "cut"}, {"?cut=top:3", "cut"},
		{"?confidence=maybe", "confidence"}, {"?confidence=1&cut=top:2&cut=top:2", "cut"},
	} {
		r := f.admin.do("GET", base+bad.query, nil)
		mustStatus(t, r, 400)
		if !strings.Contains(string(r.Body), `"`+bad.field+`"`) {
			t.Fatalf("%s: the error does not name %s: %s", bad.query, bad.field, r.Body)
		}
	}

	// ?entries= selects entries of the same view: the confidence a page of
	// a track's ranking shows beside its rows, with the round's figures.
	picked := []int64{rk.Entries[4].EntryID, rk.Entries[1].EntryID}
	some := decode[domain.Ranking](t, f.admin.do("GET", fmt.Sprintf("%s?confidence=1&cut=top:3&cut=top:1:track&entries=%d,%d", base, picked[0], picked[1]), nil))
	if len(some.Entries) != 2 || some.Entries[0].EntryID != picked[1] || some.Entries[1].EntryID != picked[0] || some.Total != len(rk.Entries) {
		t.Fatalf("entries %v: %d entries, total %d", picked, len(some.Entries), some.Total)
	}
	if some.Confidence == nil || some.Confidence.ExpectedWrong != rk.Confidence.ExpectedWrong || some.Entries[0].Confidence.Cuts[0] != rk.Entries[1].Confidence.Cuts[0] {
		t.Fatalf("entries %v: confidence differs from the whole ranking's: %+v", picked, some.Confidence)
	}
	for _, bad := range []string{"entries=x", "entries=1,,2", "entries=0", "entries=1&limit=5", "entries=1&offset=0", "entries=" + strings.Repeat("1,", 1000) + "1"} {
		r := f.admin.do("GET", base+"?"+bad, nil)
		mustStatus(t, r, 400)
		if code, fields := r.errorCode(t); code != "invalid" || fields["entries"] == "" {
			t.Fatalf("?%.40s: %s %v", bad, code, fields)
		}
	}

	// The CSV: p_above and stability per cut, expected changes.
	r = f.admin.do("GET", base+".csv?confidence=1&cut=top:3", nil)
	mustStatus(t, r, 200)
	rows, err := csv.NewReader(strings.NewReader(string(r.Body))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	h := strings.Join(rows[0], ",")
	if !strings.HasSuffix(h, "comment,p_above top:3,stability top:3,expected_changes") {
		t.Fatalf("ranking.csv header: %s", h)
	}
	for _, row := range rows[1:] {
		if len(row) != len(rows[0]) || row[len(row)-3] == "" {
			t.Fatalf("ranking.csv row without figures: %v", row)
		}
	}
	plainCSV := f.admin.do("GET", base+".csv", nil)
	mustStatus(t, plainCSV, 200)
	if strings.Contains(string(plainCSV.Body), "p_above") {
		t.Fatal("the plain CSV carries confidence columns")
	}
}

// TestReviewPlanAndAccept: an organizer asks for a plan of extra reviews,
// accepts it, and the proposed judges get the assignments and an e-mail;
// the acceptance is audited; bad input is refused naming the field and
// changes nothing.
func TestReviewPlanAndAccept(t *testing.T) {
	t.Parallel()
	f := scoredRound(t)
	planURL := fmt.Sprintf("/api/v1/rounds/%d/review-plan", f.round.ID)

	for _, bad := range []map[string]any{{}, {"budget": 0}, {"budget": domain.MaxReviewBudget + 1}, {"budget": 2, "cuts": []string{"top"}}} {
		r := f.admin.do("POST", planURL, bad)
		mustStatus(t, r, 400)
	}
	r := f.admin.do("POST", planURL, map[string]any{"budget": 3, "cuts": []string{"top:3"}})
	mustStatus(t, r, 200)
	plan := decode[domain.ReviewPlan](t, r)
	if plan.Budget != 3 || plan.Planned == 0 || plan.Planned > 3 || len(plan.Reviews) == 0 || plan.Confidence == nil {
		t.Fatalf("plan: %+v", plan)
	}
	before := f.assignments(t)
	on := map[[2]int64]bool{}
	for _, a := range before {
		on[[2]int64{a.JudgeID, a.SubmissionID}] = true
	}
	var accept []domain.ReviewPair
	mails := map[string]int{}
	for _, rv := range plan.Reviews {
		if rv.Why == "" || rv.Gain <= 0 || len(rv.Cuts) != 1 {
			t.Fatalf("planned review without its reason: %+v", rv)
		}
		for _, j := range rv.Judges {
			if on[[2]int64{j.JudgeID, rv.EntryID}] {
				t.Fatalf("judge %d proposed for entry %d they already review", j.JudgeID, rv.EntryID)
			}
			accept = append(accept, domain.ReviewPair{EntryID: rv.EntryID, JudgeID: j.JudgeID})
			mails[j.Email] = len(f.ts.mailsTo(j.Email))
		}
	}
	acceptURL := planURL + "/accept"
	// A pair that already exists is refused, and nothing is assigned.
	dup := append([]domain.ReviewPair{{EntryID: before[0].SubmissionID, JudgeID: before[0].JudgeID}}, accept...)
	r = f.admin.do("POST", acceptURL, map[string]any{"reviews": dup})
	mustStatus(t, r, 400)
	if !strings.Contains(string(r.Body), "reviews[0].judge_id") {
		t.Fatalf("the error does not name the pair: %s", r.Body)
	}
	mustStatus(t, f.admin.do("POST", acceptURL, map[string]any{"reviews": []any{}}), 400)
	if n := len(f.assignments(t)); n != len(before) {
		t.Fatalf("a refused acceptance assigned %d pairs", n-len(before))
	}

	r = f.admin.do("POST", acceptURL, map[string]any{"reviews": accept})
	mustStatus(t, r, 201)
	after := f.assignments(t)
	if len(after) != len(before)+len(accept) {
		t.Fatalf("%d assignments after accepting %d extra reviews (had %d)", len(after), len(accept), len(before))
	}
	now := map[[2]int64]bool{}
	for _, a := range after {
		now[[2]int64{a.JudgeID, a.SubmissionID}] = true
	}
	for _, p := range accept {
		if !now[[2]int64{p.JudgeID, p.EntryID}] {
			t.Fatalf("accepted pair %+v not assigned", p)
		}
	}
	for email, n := range mails {
		if len(f.ts.mailsTo(email)) <= n {
			t.Fatalf("judge %s was not e-mailed the new entry", email)
		}
	}
	// The same acceptance again is refused: the pairs exist now.
	mustStatus(t, f.admin.do("POST", acceptURL, map[string]any{"reviews": accept}), 400)

	audit := decode[pageResult[domain.AuditEntry]](t, f.admin.do("GET", "/api/v1/contests/green/audit?limit=200", nil)).Items
	found := false
	for _, e := range audit {
		found = found || e.Action == "round.review_plan"
	}
	if !found {
		t.Fatal("the accepted plan is not in the audit log")
	}
}
