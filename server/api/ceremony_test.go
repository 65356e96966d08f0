package api

import (
	"fmt"
	"strings"
	"testing"

	"github.com/podium-contests/podium/server/domain"
)

// finalFixture is a contest with one scored round, weighted 100 % in the
// final ranking.
func finalFixture(t *testing.T) (*judgingFixture, domain.FinalRanking) {
	f := newJudgingFixture(t, 4, 3)
	f.createRound(t, 2, "calibrated", false)
	mustStatus(t, f.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", f.round.ID), nil), 200)
	f.scoreAll(t)
	r := f.admin.do("PUT", "/api/v1/contests/green/final/weights", map[string]any{
		"weights": []map[string]any{{"round_id": f.round.ID, "weight": 100}}, "revision": 0})
	mustStatus(t, r, 200)
	if st := decode[domain.FinalSettings](t, r); st.Revision != 1 || st.Missing != "exclude" {
		t.Fatalf("settings after the first save: %+v", st)
	}
	return f, decode[domain.FinalRanking](t, f.admin.do("GET", "/api/v1/contests/green/final", nil))
}

// TestFinalRankingAndDeliberation: the final ranking combines the weighted
// round and explains each round's part; a stale weights save is refused;
// a jury decision needs a reason, moves the entry and is in its
// explanation and the audit log; a frozen ranking refuses score saves with
// a clear message until it is unfrozen.
func TestFinalRankingAndDeliberation(t *testing.T) {
	t.Parallel()
	f, fr := finalFixture(t)
	if len(fr.Entries) != 4 || len(fr.Rounds) != 1 || fr.Rounds[0].Name != "Preliminary" {
		t.Fatalf("final ranking: %+v", fr)
	}
	first := fr.Entries[0]
	if len(first.Contributions) != 1 || first.Contributions[0].Share != 1 || !strings.Contains(first.Explanation.Text, "Preliminary 100% ×") {
		t.Fatalf("first line's explanation: %+v", first)
	}

	// Another organizer saved meanwhile: a save from revision 0 is stale.
	r := f.admin.do("PUT", "/api/v1/contests/green/final/weights", map[string]any{
		"weights": []map[string]any{{"round_id": f.round.ID, "weight": 50}}, "revision": 0})
	mustStatus(t, r, 409)
	r = f.admin.do("PUT", "/api/v1/contests/green/final/weights", map[string]any{
		"weights": []map[string]any{{"round_id": 999999, "weight": -1}}, "revision": 1})
	mustStatus(t, r, 400)
	if p := r.problems(t); p["weights[0].round_id"].Message == "" || p["weights[0].weight"].Message == "" {
		t.Fatalf("problems: %+v", p)
	}

	last := fr.Entries[3]
	move := map[string]any{"kind": "move", "entry_id": last.EntryID, "position": 1, "reason": " "}
	mustStatus(t, f.admin.do("POST", "/api/v1/contests/green/final/overrides", move), 400)
	move["reason"] = "The jury preferred its demo, 5 votes to 2"
	mustStatus(t, f.admin.do("POST", "/api/v1/contests/green/final/overrides", move), 201)
	fr = decode[domain.FinalRanking](t, f.admin.do("GET", "/api/v1/contests/green/final", nil))
	top := fr.Entries[0]
	if top.EntryID != last.EntryID || top.Rank != 1 || top.ComputedRank != 4 || !strings.Contains(top.Explanation.Text, "5 votes to 2") {
		t.Fatalf("after the move: %+v", top)
	}

	// Frozen: a judge's save is refused, saying why; unfrozen, it passes.
	mustStatus(t, f.admin.do("POST", "/api/v1/contests/green/final/freeze", map[string]any{"frozen": true}), 200)
	mustStatus(t, f.admin.do("POST", "/api/v1/contests/green/final/freeze", map[string]any{"frozen": true}), 409)
	var judge *client
	for _, c := range f.judges {
		judge = c
		break
	}
	a := decode[[]domain.Assignment](t, judge.do("GET", "/api/v1/me/assignments", nil))[0]
	sheet := map[string]any{"values": map[string]float64{"innovation": 5, "impact": 5}}
	url := fmt.Sprintf("/api/v1/assignments/%d/score", a.ID)
	r = judge.do("PUT", url, sheet)
	mustStatus(t, r, 409)
	if code, _ := r.errorCode(t); code != "conflict" || !strings.Contains(string(r.Body), "frozen") {
		t.Fatalf("frozen save answered %s", r.Body)
	}
	mustStatus(t, f.admin.do("POST", "/api/v1/contests/green/final/freeze", map[string]any{"frozen": false}), 200)
	// The sheet was submitted: now refused as submitted, no longer as frozen.
	if r = judge.do("PUT", url, sheet); strings.Contains(string(r.Body), "frozen") {
		t.Fatalf("unfrozen save answered %s", r.Body)
	}
	audit := string(f.admin.do("GET", "/api/v1/contests/green/audit", nil).Body)
	for _, action := range []string{"final.weights", "final.override", "final.freeze", "final.unfreeze"} {
		if !strings.Contains(audit, `"`+action+`"`) {
			t.Errorf("audit log lacks %s", action)
		}
	}
}

// TestCeremony: the default order reveals from the last award up; a
// rehearsal runs every step and publishes nothing; a stale step is
// refused; the real run reveals the awards one at a time on the audience
// view and publishes the results at its end; a replaced audience link
// stops working; a withheld award is skipped and left out of the results.
func TestCeremony(t *testing.T) {
	t.Parallel()
	f, fr := finalFixture(t)
	awards := []map[string]any{}
	names := []string{"First prize", "Second prize", "Third prize", "Special mention"}
	for i, e := range fr.Entries {
		awards = append(awards, map[string]any{"entry_id": e.EntryID, "award": names[i]})
	}
	mustStatus(t, f.admin.do("POST", "/api/v1/contests/green/results", map[string]any{"awards": awards, "awards_order": names}), 200)
	mustStatus(t, f.admin.do("POST", "/api/v1/contests/green/final/overrides",
		map[string]any{"kind": "withhold", "award": "Special mention", "reason": "no entry met the bar"}), 201)

	pv := decode[domain.PresenterView](t, f.admin.do("GET", "/api/v1/contests/green/ceremony", nil))
	var order []string
	for _, c := range pv.Order {
		order = append(order, c.Award)
	}
	if strings.Join(order, ",") != "Third prize,Second prize,First prize" || pv.AudienceToken == "" {
		t.Fatalf("default order %v (token %q)", order, pv.AudienceToken)
	}
	anon := f.ts.client()
	audience := "/api/v1/ceremony/" + pv.AudienceToken
	if v := decode[domain.CeremonyView](t, anon.do("GET", audience, nil)); v.State != "idle" || len(v.Shown) != 0 {
		t.Fatalf("audience before the start: %+v", v)
	}
	step := func(name string, body map[string]any) domain.PresenterView {
		t.Helper()
		body["revision"] = pv.Revision
		r := f.admin.do("POST", "/api/v1/contests/green/ceremony/"+name, body)
		mustStatus(t, r, 200)
		pv = decode[domain.PresenterView](t, r)
		return pv
	}
	run := func(rehearsal bool) {
		step("start", map[string]any{"rehearsal": rehearsal})
		for i := 1; i <= 3; i++ {
			step("next", map[string]any{})
			v := decode[domain.CeremonyView](t, anon.do("GET", audience, nil))
			if v.Revealed != i || len(v.Shown) != i || v.Shown[i-1].Award != order[i-1] || v.Shown[i-1].TeamName == "" {
				t.Fatalf("audience after %d reveals: %+v", i, v)
			}
		}
		if pv.State != "running" {
			t.Fatalf("state after the last reveal: %s", pv.State)
		}
		step("next", map[string]any{})
	}
	run(true)
	if pv.State != "finished" || pv.Published {
		t.Fatalf("after the rehearsal: %+v", pv)
	}
	mustStatus(t, anon.do("GET", "/api/v1/contests/green/results", nil), 404)
	// A presenter on a stale view cannot step.
	mustStatus(t, f.admin.do("POST", "/api/v1/contests/green/ceremony/start", map[string]any{"revision": pv.Revision - 1}), 409)

	run(false)
	if pv.State != "finished" || !pv.Published {
		t.Fatalf("after the ceremony: %+v", pv)
	}
	res := decode[domain.Results](t, anon.do("GET", "/api/v1/contests/green/results", nil))
	if got := strings.Join(awardNames(res.Awards), ","); got != "First prize,Second prize,Third prize" {
		t.Fatalf("published awards %s", got)
	}

	old := audience
	r := f.admin.do("POST", "/api/v1/contests/green/ceremony-link", map[string]any{"revision": pv.Revision})
	mustStatus(t, r, 200)
	mustStatus(t, anon.do("GET", old, nil), 404)
	mustStatus(t, anon.do("GET", "/api/v1/ceremony/"+decode[domain.PresenterView](t, r).AudienceToken, nil), 200)
}
