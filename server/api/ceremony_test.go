package api

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

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
	if pv.State != "finished" || pv.Published || pv.Custom {
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

// withAwards saves (without publishing) three awards for the final
// ranking's first entries and returns the presenter's view.
func withAwards(t *testing.T, f *judgingFixture, fr domain.FinalRanking) domain.PresenterView {
	t.Helper()
	names := []string{"First prize", "Second prize", "Third prize"}
	awards := []map[string]any{}
	for i, name := range names {
		awards = append(awards, map[string]any{"entry_id": fr.Entries[i].EntryID, "award": name})
	}
	mustStatus(t, f.admin.do("POST", "/api/v1/contests/green/results", map[string]any{"awards": awards, "awards_order": names}), 200)
	return decode[domain.PresenterView](t, f.admin.do("GET", "/api/v1/contests/green/ceremony", nil))
}

// TestCeremonyAudienceStream: the audience screen's stream (no sign-in)
// starts with the current state and follows every step, announced through
// the database's notifications like score changes.
func TestCeremonyAudienceStream(t *testing.T) {
	t.Parallel()
	f, fr := finalFixture(t)
	pv := withAwards(t, f, fr)
	base := f.ts.listen()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // a hung stream fails instead of blocking
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/api/v1/ceremony/"+pv.AudienceToken+"/stream", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("stream status %d", resp.StatusCode)
	}
	views := make(chan domain.CeremonyView, 16)
	go func() {
		defer close(views)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				var v domain.CeremonyView
				if json.Unmarshal([]byte(data), &v) == nil {
					views <- v
				}
			}
		}
	}()
	// until reads views until one satisfies ok (changes may coalesce).
	until := func(what string, ok func(domain.CeremonyView) bool) {
		t.Helper()
		for v := range views {
			if ok(v) {
				return
			}
		}
		t.Fatalf("the stream ended before %s", what)
	}
	until("the first state", func(v domain.CeremonyView) bool { return v.State == "idle" })
	mustStatus(t, f.admin.do("POST", "/api/v1/contests/green/ceremony/start", map[string]any{"revision": pv.Revision}), 200)
	until("the start", func(v domain.CeremonyView) bool { return v.State == "running" })
	pv = decode[domain.PresenterView](t, f.admin.do("GET", "/api/v1/contests/green/ceremony", nil))
	mustStatus(t, f.admin.do("POST", "/api/v1/contests/green/ceremony/next", map[string]any{"revision": pv.Revision}), 200)
	until("the first reveal", func(v domain.CeremonyView) bool {
		return v.Revealed == 1 && len(v.Shown) == 1 && v.Shown[0].Award == "Third prize"
	})
}

// TestScheduledPublication: the job publishes results whose time has come,
// once; a ceremony that has not started does not keep them back.
func TestScheduledPublication(t *testing.T) {
	t.Parallel()
	f, fr := finalFixture(t)
	withAwards(t, f, fr)
	ctx := context.Background()
	c, err := f.ts.store.ContestBySlug(ctx, "green")
	if err != nil {
		t.Fatal(err)
	}
	j := &domain.Judging{Contests: f.ts.con, Store: f.ts.store, Final: f.ts.store}
	if n, err := j.PublishDue(ctx); err != nil || n != 0 {
		t.Fatalf("nothing is due yet: %d, %v", n, err)
	}
	cm, err := f.ts.store.Ceremony(ctx, c.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	past := time.Now().Add(-time.Minute) // set directly: the API accepts only future times
	cm.PublishAt = &past
	if _, err := f.ts.store.UpdateCeremony(ctx, cm, false, domain.AuditEntry{ContestID: c.ID, ActorID: f.admin.userID(), Action: "ceremony.configure", ObjectType: "contest", ObjectID: "green"}); err != nil {
		t.Fatal(err)
	}
	mustStatus(t, f.ts.client().do("GET", "/api/v1/contests/green/results", nil), 404)
	if n, err := j.PublishDue(ctx); err != nil || n != 1 {
		t.Fatalf("due publication: %d, %v", n, err)
	}
	mustStatus(t, f.ts.client().do("GET", "/api/v1/contests/green/results", nil), 200)
	if n, err := j.PublishDue(ctx); err != nil || n != 0 {
		t.Fatalf("published twice: %d, %v", n, err)
	}
}

// TestCeremonyOrder: the organizer's own order is kept and revealed; a
// bad one is refused naming the item; per track reveals each track from
// its last award up; the order cannot change while the ceremony runs.
func TestCeremonyOrder(t *testing.T) {
	t.Parallel()
	f, fr := finalFixture(t)
	pv := withAwards(t, f, fr)
	put := func(body map[string]any) response {
		body["revision"] = pv.Revision
		r := f.admin.do("PUT", "/api/v1/contests/green/ceremony", body)
		if r.Status == 200 {
			pv = decode[domain.PresenterView](t, r)
		}
		return r
	}
	awards := func() string {
		var out []string
		for _, c := range pv.Order {
			out = append(out, c.Award)
		}
		return strings.Join(out, ",")
	}
	first := fr.Entries[0].EntryID
	r := put(map[string]any{"order": []map[string]any{{"entry_id": first, "award": "Second prize"}}})
	mustStatus(t, r, 400)
	if p := r.problems(t); p["order[0]"].Message == "" {
		t.Fatalf("problems %+v", p)
	}
	own := []map[string]any{{"entry_id": first, "award": "First prize"}, {"entry_id": fr.Entries[2].EntryID, "award": "Third prize"}}
	mustStatus(t, put(map[string]any{"order": own}), 200)
	if awards() != "First prize,Third prize" || !pv.Custom {
		t.Fatalf("own order: %s", awards())
	}
	mustStatus(t, put(map[string]any{"default": "by_track"}), 200)
	// Each track's awards together, each track from its last award up.
	rank := map[string]int{"First prize": 1, "Second prize": 2, "Third prize": 3}
	seen := map[string]bool{}
	for i, c := range pv.Order {
		if i > 0 && pv.Order[i-1].Track != c.Track && seen[c.Track] {
			t.Fatalf("per track, tracks interleave: %+v", pv.Order)
		}
		if i > 0 && pv.Order[i-1].Track == c.Track && rank[pv.Order[i-1].Award] < rank[c.Award] {
			t.Fatalf("per track, not from the last award up: %+v", pv.Order)
		}
		seen[c.Track] = true
	}
	if len(pv.Order) != 3 || pv.Order[0].Track != "energy" {
		t.Fatalf("per track, in the contest's track order: %+v", pv.Order)
	}
	mustStatus(t, f.admin.do("POST", "/api/v1/contests/green/ceremony/start", map[string]any{"revision": pv.Revision}), 200)
	pv = decode[domain.PresenterView](t, f.admin.do("GET", "/api/v1/contests/green/ceremony", nil))
	mustStatus(t, put(map[string]any{"default": "overall"}), 409)
}

// TestCeremonyPhoto: a revealed entry with an image shows it through a
// short-lived link to the object store, never our origin.
func TestCeremonyPhoto(t *testing.T) {
	t.Parallel()
	f, fr := finalFixture(t)
	in := contestInput("green")
	in["files"] = append(in["files"].([]map[string]any), map[string]any{"key": "photo", "label": "Team photo", "required": false, "max_bytes": 1 << 20, "types": []string{".png"}})
	mustStatus(t, f.admin.do("PATCH", "/api/v1/contests/green", map[string]any{"files": in["files"]}), 200)
	third := fr.Entries[2].EntryID // revealed first
	var teamID int64
	for _, e := range decode[domain.Ranking](t, f.admin.do("GET", fmt.Sprintf("/api/v1/rounds/%d/ranking", f.round.ID), nil)).Entries {
		if e.EntryID == third {
			teamID = e.TeamID
		}
	}
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewGray(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	team := f.teams[third]
	team.uploadTo(teamID, "photo", "team.png", img.Bytes())
	mustStatus(t, team.do("POST", fmt.Sprintf("/api/v1/teams/%d/submission/submit", teamID), map[string]any{}), 201)

	pv := withAwards(t, f, fr)
	mustStatus(t, f.admin.do("POST", "/api/v1/contests/green/ceremony/start", map[string]any{"revision": pv.Revision}), 200)
	pv = decode[domain.PresenterView](t, f.admin.do("GET", "/api/v1/contests/green/ceremony", nil))
	mustStatus(t, f.admin.do("POST", "/api/v1/contests/green/ceremony/next", map[string]any{"revision": pv.Revision}), 200)
	v := decode[domain.CeremonyView](t, f.ts.client().do("GET", "/api/v1/ceremony/"+pv.AudienceToken, nil))
	if len(v.Shown) != 1 || v.Shown[0].EntryID != third || !strings.HasPrefix(v.Shown[0].PhotoURL, f.ts.cfg.S3Endpoint) {
		t.Fatalf("revealed card: %+v", v.Shown)
	}
	resp, err := http.Get(v.Shown[0].PhotoURL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !bytes.Equal(got, img.Bytes()) || resp.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("photo: %d %s (%d bytes)", resp.StatusCode, resp.Header.Get("Content-Type"), len(got))
	}
}
