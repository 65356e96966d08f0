package api

import (
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/podium-contests/podium/server/domain"
)

// awardNames lists the award names of results in their order.
func awardNames(awards []domain.Award) []string {
	var out []string
	for _, a := range awards {
		out = append(out, a.Award)
	}
	return out
}

// TestAwardsFollowTheOrganizersOrder: awards are listed by the organizer's
// ranking of award names, whatever order the awards were sent in, in the
// API's answers (public and organizer) and in the CSV export; a bad ranking
// is refused and changes nothing.
func TestAwardsFollowTheOrganizersOrder(t *testing.T) {
	f := newJudgingFixture(t, 4, 0)
	var entries []int64
	for id := range f.teams {
		entries = append(entries, id)
	}
	awards := []map[string]any{
		{"entry_id": entries[0], "award": "Special mention"},
		{"entry_id": entries[1], "award": "Second prize"},
		{"entry_id": entries[2], "award": "First prize"},
		{"entry_id": entries[3], "award": "Special mention"},
	}
	order := []string{"First prize", "Second prize", "Third prize", "Special mention"}
	want := "First prize,Second prize,Special mention,Special mention"

	r := f.admin.do("POST", "/api/v1/contests/green/results", map[string]any{"awards": awards, "awards_order": order, "publish": true})
	mustStatus(t, r, 200)
	saved := decode[domain.Results](t, r)
	if got := strings.Join(awardNames(saved.Awards), ","); got != want {
		t.Fatalf("saved awards in order %s, want %s", got, want)
	}
	if strings.Join(saved.AwardsOrder, ",") != strings.Join(order, ",") {
		t.Fatalf("awards_order %v, want %v", saved.AwardsOrder, order)
	}
	public := decode[domain.Results](t, f.ts.client().do("GET", "/api/v1/contests/green/results", nil))
	if got := strings.Join(awardNames(public.Awards), ","); got != want {
		t.Fatalf("public awards in order %s, want %s", got, want)
	}
	if public.Awards[0].AwardRank != 1 || public.Awards[1].AwardRank != 2 || public.Awards[2].AwardRank != 4 {
		t.Fatalf("award ranks: %+v", public.Awards)
	}
	// The two special mentions keep the order they were listed in.
	if public.Awards[2].EntryID != entries[0] || public.Awards[3].EntryID != entries[3] {
		t.Fatalf("equal awards reordered: %+v", public.Awards)
	}
	for track, list := range public.ByTrack {
		for i := 1; i < len(list); i++ {
			if list[i-1].AwardRank > list[i].AwardRank {
				t.Fatalf("track %s out of order: %+v", track, list)
			}
		}
	}
	r = f.admin.do("GET", "/api/v1/contests/green/results.csv", nil)
	mustStatus(t, r, 200)
	rows, err := csv.NewReader(strings.NewReader(string(r.Body))).ReadAll()
	if err != nil || len(rows) != 5 {
		t.Fatalf("results CSV: %v %q", err, r.Body)
	}
	var csvNames []string
	for _, row := range rows[1:] {
		csvNames = append(csvNames, row[2])
	}
	if got := strings.Join(csvNames, ","); got != want {
		t.Fatalf("CSV awards in order %s, want %s", got, want)
	}

	// A name missing from the ranking, or a name ranked twice, is refused
	// and the stored results stay as they were.
	r = f.admin.do("POST", "/api/v1/contests/green/results", map[string]any{"awards": awards, "awards_order": []string{"First prize", "Second prize"}, "publish": true})
	mustStatus(t, r, 400)
	if _, fields := r.errorCode(t); fields["awards[0].award"] == "" {
		t.Fatalf("fields: %v", fields)
	}
	r = f.admin.do("POST", "/api/v1/contests/green/results", map[string]any{"awards": awards, "awards_order": []string{"First prize", "Second prize", "Special mention", "First prize"}})
	mustStatus(t, r, 400)
	if _, fields := r.errorCode(t); fields["awards_order[3]"] == "" {
		t.Fatalf("fields: %v", fields)
	}
	again := decode[domain.Results](t, f.ts.client().do("GET", "/api/v1/contests/green/results", nil))
	if got := strings.Join(awardNames(again.Awards), ","); got != want {
		t.Fatalf("a refused save changed the results: %s", got)
	}

	// Without awards_order, names rank in the order they first appear.
	r = f.admin.do("POST", "/api/v1/contests/green/results", map[string]any{"awards": awards[1:], "publish": true})
	mustStatus(t, r, 200)
	saved = decode[domain.Results](t, r)
	if got := strings.Join(awardNames(saved.Awards), ","); got != "Second prize,First prize,Special mention" {
		t.Fatalf("awards without a ranking: %s", got)
	}
}

// TestRankingMarksIncompleteEntriesAndAdvanceNamesEntries: an entry scored
// by fewer judges than planned is marked incomplete (it may well rank
// first on one judge's score), and advancing answers which entries went on,
// with their team, track and rank in the track.
func TestRankingMarksIncompleteEntriesAndAdvanceNamesEntries(t *testing.T) {
	f := newJudgingFixture(t, 4, 3)
	f.createRound(t, 2, "mean", false)
	mustStatus(t, f.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", f.round.ID), map[string]any{}), 200)
	var short int64 // the entry one judge leaves unscored
	for _, c := range f.judges {
		for _, a := range decode[[]domain.Assignment](t, c.do("GET", "/api/v1/me/assignments", nil)) {
			if short == 0 {
				short = a.SubmissionID
				continue
			}
			mustStatus(t, c.do("PUT", fmt.Sprintf("/api/v1/assignments/%d/score", a.ID),
				map[string]any{"values": map[string]float64{"innovation": 5, "impact": 5}, "final": true}), 200)
		}
	}
	rk := decode[domain.Ranking](t, f.admin.do("GET", fmt.Sprintf("/api/v1/rounds/%d/ranking", f.round.ID), nil))
	if len(rk.Entries) != 4 {
		t.Fatalf("ranking: %+v", rk.Entries)
	}
	// Each line carries its rank in its track's own ranking.
	perTrack := map[string]map[int64]int{}
	for _, tr := range []string{"energy", "mobility"} {
		perTrack[tr] = map[int64]int{}
		for _, e := range decode[domain.Ranking](t, f.admin.do("GET", fmt.Sprintf("/api/v1/rounds/%d/ranking?track=%s", f.round.ID, tr), nil)).Entries {
			perTrack[tr][e.EntryID] = e.Rank
			if e.TrackRank != e.Rank {
				t.Fatalf("track ranking line: rank %d, track rank %d", e.Rank, e.TrackRank)
			}
		}
	}
	for _, e := range rk.Entries {
		if want := perTrack[e.Track][e.EntryID]; e.TrackRank != want || want == 0 {
			t.Fatalf("entry %d of %s: track rank %d, want %d", e.EntryID, e.Track, e.TrackRank, want)
		}
	}
	for _, e := range rk.Entries {
		wantComplete := e.EntryID != short
		if e.Complete != wantComplete || e.Planned != 2 || (e.Judges == 2) != wantComplete {
			t.Fatalf("entry %d (short %d): complete %v, judges %d of %d", e.EntryID, short, e.Complete, e.Judges, e.Planned)
		}
		if !wantComplete && (!strings.Contains(e.Explanation.Text, "Incomplete: 1 of 2") || e.Explanation.Statements[1].Code != domain.ExplainIncomplete ||
			e.Explanation.Statements[1].Params["judges"] != 1.0 || e.Explanation.Statements[1].Params["planned"] != 2.0) {
			t.Fatalf("explanation: %+v", e.Explanation)
		}
	}

	r := f.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/advance", f.round.ID), map[string]any{"top_per_track": 1})
	mustStatus(t, r, 200)
	adv := decode[domain.AdvanceResult](t, r)
	if len(adv.Entries) < 2 || len(adv.Entries) != len(adv.Advanced) {
		t.Fatalf("advance: %+v", adv)
	}
	tracks := map[string]bool{}
	for _, e := range adv.Entries {
		if e.TeamName == "" || e.Title == "" || e.TrackRank != 1 || f.track[e.EntryID] != e.Track {
			t.Fatalf("advanced entry: %+v", e)
		}
		tracks[e.Track] = true
	}
	if len(tracks) != 2 {
		t.Fatalf("advanced tracks: %v", tracks)
	}
}

// TestRankingAndAssignmentsPage: a ranking and a round's assignments come
// one page at a time (the console's tables of a national round), the pages
// add up to the whole, and a ranking read before an advance shows the
// advance right after it (a replica's cached view follows the round).
func TestRankingAndAssignmentsPage(t *testing.T) {
	f := newJudgingFixture(t, 5, 3)
	f.createRound(t, 2, "mean", false)
	mustStatus(t, f.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", f.round.ID), map[string]any{}), 200)
	for _, c := range f.judges {
		for i, a := range decode[[]domain.Assignment](t, c.do("GET", "/api/v1/me/assignments", nil)) {
			mustStatus(t, c.do("PUT", fmt.Sprintf("/api/v1/assignments/%d/score", a.ID),
				map[string]any{"values": map[string]float64{"innovation": float64(3 + i), "impact": 5}, "final": true}), 200)
		}
	}
	base := fmt.Sprintf("/api/v1/rounds/%d/", f.round.ID)
	whole := decode[domain.Ranking](t, f.admin.do("GET", base+"ranking", nil))
	if len(whole.Entries) != 5 || whole.Total != 5 || whole.TotalUnscored != 0 {
		t.Fatalf("whole ranking: %d entries, total %d", len(whole.Entries), whole.Total)
	}
	var paged []int64
	for offset := 0; offset < 5; offset += 2 {
		page := decode[domain.Ranking](t, f.admin.do("GET", fmt.Sprintf("%sranking?offset=%d&limit=2", base, offset), nil))
		if page.Total != 5 || len(page.Entries) > 2 {
			t.Fatalf("page at %d: %d entries, total %d", offset, len(page.Entries), page.Total)
		}
		for _, e := range page.Entries {
			paged = append(paged, e.EntryID)
		}
	}
	for i, e := range whole.Entries {
		if i >= len(paged) || paged[i] != e.EntryID {
			t.Fatalf("pages give %v, the whole ranking %+v", paged, whole.Entries)
		}
	}
	for _, bad := range []string{"limit=0", "limit=1001", "offset=-1", "limit=x"} {
		r := f.admin.do("GET", base+"ranking?"+bad, nil)
		mustStatus(t, r, 400)
		field := strings.SplitN(bad, "=", 2)[0]
		if code, fields := r.errorCode(t); code != "invalid" || fields[field] == "" {
			t.Fatalf("ranking?%s: %s %v", bad, code, fields)
		}
	}

	// Advancing changes the cached view's lines, and its encoded pages: the
	// page read before advancing is not served again after.
	top := whole.Entries[0].EntryID
	before := decode[domain.Ranking](t, f.admin.do("GET", base+"ranking?limit=1", nil))
	if len(before.Entries) != 1 || before.Entries[0].Advanced {
		t.Fatalf("before advancing: %+v", before.Entries)
	}
	mustStatus(t, f.admin.do("POST", base+"advance", map[string]any{"entries": []int64{top}}), 200)
	after := decode[domain.Ranking](t, f.admin.do("GET", base+"ranking?limit=1", nil))
	if len(after.Entries) != 1 || after.Entries[0].EntryID != top || !after.Entries[0].Advanced {
		t.Fatalf("after advancing %d: %+v", top, after.Entries)
	}

	all := decode[[]domain.Assignment](t, f.admin.do("GET", base+"assignments", nil))
	var got []domain.Assignment
	for after := int64(0); ; {
		page := decode[[]domain.Assignment](t, f.admin.do("GET", fmt.Sprintf("%sassignments?limit=4&after=%d", base, after), nil))
		got = append(got, page...)
		if len(page) < 4 {
			break
		}
		after = page[len(page)-1].ID
	}
	if len(all) != 10 || len(got) != len(all) {
		t.Fatalf("%d assignments in pages, %d in all", len(got), len(all))
	}
	ids := map[int64]bool{}
	for _, a := range got {
		ids[a.ID] = true
		if a.ScoreState != "final" || a.JudgeEmail == "" {
			t.Fatalf("paged assignment: %+v", a)
		}
	}
	for _, a := range all {
		if !ids[a.ID] {
			t.Fatalf("assignment %d missing from the pages", a.ID)
		}
	}
	r := f.admin.do("GET", base+"assignments?limit=500", nil)
	mustStatus(t, r, 400)
	if code, fields := r.errorCode(t); code != "invalid" || fields["limit"] == "" {
		t.Fatalf("assignments?limit=500: %s %v", code, fields)
	}
}

// TestAssignmentsPageNamesJudgeAndEntry: each row of the organizers' page
// of a round's assignments names its judge and its entry (team and title of
// the version judged), in a blind round too — organizers see the team there
// as in the ranking — while judges neither read the page nor find the
// names in their own list.
func TestAssignmentsPageNamesJudgeAndEntry(t *testing.T) {
	t.Parallel()
	for _, blind := range []bool{false, true} {
		t.Run(fmt.Sprintf("blind=%v", blind), func(t *testing.T) {
			t.Parallel()
			f := newJudgingFixture(t, 3, 3)
			names := map[int64]string{}
			for email, id := range f.ids {
				names[id] = "Judge " + strings.TrimSuffix(strings.TrimPrefix(email, "judge"), "@jury.example.net")
				if _, err := f.ts.store.DB().Exec("UPDATE users SET name = $1 WHERE id = $2", names[id], id); err != nil {
					t.Fatal(err)
				}
			}
			teams := map[int64]string{}
			for entry, c := range f.teams {
				teams[entry] = decode[[]domain.Team](t, c.do("GET", "/api/v1/me/teams", nil))[0].Name
			}
			f.createRound(t, 2, "mean", blind)
			mustStatus(t, f.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", f.round.ID), map[string]any{}), 200)
			base := fmt.Sprintf("/api/v1/rounds/%d/assignments?limit=200", f.round.ID)
			page := decode[[]domain.Assignment](t, f.admin.do("GET", base, nil))
			if len(page) != 6 {
				t.Fatalf("%d assignments, want 6", len(page))
			}
			for _, a := range page {
				// Team i submitted "Entry i".
				wantTitle := "Entry " + strings.TrimPrefix(teams[a.SubmissionID], "Team ")
				if a.JudgeName != names[a.JudgeID] || a.JudgeEmail == "" || a.TeamName != teams[a.SubmissionID] || a.Title != wantTitle {
					t.Errorf("assignment %d: judge %q <%s>, entry %q %q; want judge %q, entry %q %q",
						a.ID, a.JudgeName, a.JudgeEmail, a.TeamName, a.Title, names[a.JudgeID], teams[a.SubmissionID], wantTitle)
				}
			}
			for email, judge := range f.judges {
				mustStatus(t, judge.do("GET", base, nil), 403)
				r := judge.do("GET", "/api/v1/me/assignments", nil)
				mustStatus(t, r, 200)
				if strings.Contains(string(r.Body), "Team ") || strings.Contains(string(r.Body), "team_name") {
					t.Errorf("%s's own list names a team: %s", email, r.Body)
				}
			}
		})
	}
}
