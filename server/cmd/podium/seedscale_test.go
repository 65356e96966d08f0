package main

import (
	"bytes"
	"cmp"
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/internal/testenv"
)

// TestSeedScaleSmall generates the small scale (the national one's shape
// with 240 teams) and reads it back through the domain as the console does:
// the generated rows must satisfy the rules every other contest does (teams
// of the right size in the contest's tracks, k distinct judges of the
// entry's track per entry, later rounds made of the entries advanced, a
// ranking of every scored entry, progress that adds up, judges who can
// still save a sheet).
func TestSeedScaleSmall(t *testing.T) {
	ctx := context.Background()
	t.Setenv("PODIUM_DATABASE_URL", testenv.DatabaseURL(t))
	a, err := openApp(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer a.store.Close()
	sz := scales["small"]
	var out bytes.Buffer
	seeded, err := seedScale(ctx, a, "small", sz, &out)
	if err != nil {
		t.Fatal(err)
	}
	contests := &domain.Contests{Store: a.store, Teams: a.store, Subs: a.store}
	judging := &domain.Judging{Contests: contests, Store: a.store}
	org := seeded.Organizer

	// Teams, read page by page as the console does.
	listAll := func(f domain.TeamFilter) []domain.TeamListItem {
		t.Helper()
		var all []domain.TeamListItem
		p := domain.Page{Limit: 50}
		for {
			page, err := contests.ListTeams(ctx, org, "small", f, p)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, page...)
			if len(page) < p.Limit {
				return all
			}
			p.After = page[len(page)-1].ID
		}
	}
	teams := listAll(domain.TeamFilter{})
	if len(teams) != sz.Teams {
		t.Fatalf("%d teams listed, want %d", len(teams), sz.Teams)
	}
	perTrack := map[string]int{}
	for _, tm := range teams {
		if len(tm.Members) != sz.MembersPerTeam {
			t.Errorf("team %d has %d members, want %d", tm.ID, len(tm.Members), sz.MembersPerTeam)
		}
		perTrack[tm.Track]++
	}
	if len(perTrack) != sz.Tracks {
		t.Errorf("teams in %d tracks, want %d", len(perTrack), sz.Tracks)
	}
	submitted := listAll(domain.TeamFilter{Status: domain.TeamsSubmitted})
	if want := sz.Teams / sz.SubmitEvery; len(submitted) != want || int(seeded.Result.Entries) != want {
		t.Errorf("%d teams submitted (seed says %d), want %d", len(submitted), seeded.Result.Entries, want)
	}
	var lateIDs []int64
	for _, tm := range submitted {
		if tm.Version != 1 || tm.Late != tm.Extended {
			t.Errorf("team %d: version %d, late %v, extended %v (only extended teams submit late)", tm.ID, tm.Version, tm.Late, tm.Extended)
		}
		if tm.Late {
			lateIDs = append(lateIDs, tm.ID)
		}
	}
	var listedLate []int64
	for _, tm := range listAll(domain.TeamFilter{Status: domain.TeamsLate}) {
		listedLate = append(listedLate, tm.ID)
	}
	if len(lateIDs) == 0 || !slices.Equal(listedLate, lateIDs) {
		t.Errorf("late teams listed: %v, want %v", listedLate, lateIDs)
	}
	ext := listAll(domain.TeamFilter{Extended: true})
	if len(ext) != sz.Teams/97 {
		t.Errorf("%d teams with an extension, want %d", len(ext), sz.Teams/97)
	}
	// Filters combine: the extended teams of a track that submitted.
	var want []int64
	for _, tm := range ext {
		if tm.Track == ext[0].Track && tm.Submitted {
			want = append(want, tm.ID)
		}
	}
	var got []int64
	for _, tm := range listAll(domain.TeamFilter{Extended: true, Track: ext[0].Track, Status: domain.TeamsSubmitted}) {
		got = append(got, tm.ID)
	}
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("extended, submitted teams of %s: %v, want %v", ext[0].Track, got, want)
	}
	if one := listAll(domain.TeamFilter{Track: "track-03"}); len(one) != perTrack["track-03"] {
		t.Errorf("track filter: %d teams, want %d", len(one), perTrack["track-03"])
	}
	// The list reads its page, its teams and their members apart: each
	// listed team is the team as it is read alone.
	for _, tm := range teams[:60] {
		alone, err := a.store.TeamByID(ctx, tm.ID)
		if err != nil {
			t.Fatal(err)
		}
		listed := tm.Team
		listed.Deadline = alone.Deadline
		alone.InviteCode = "" // the list does not show invite codes
		if !reflect.DeepEqual(listed, alone) {
			t.Fatalf("team %d listed as\n%+v\nread alone as\n%+v", tm.ID, listed, alone)
		}
	}
	// A search that finds more than a page: "Team 1" is in 111 names.
	var named []int64
	for _, tm := range teams {
		if strings.Contains(tm.Name, "Team 1") {
			named = append(named, tm.ID)
		}
	}
	var found []int64
	for _, tm := range listAll(domain.TeamFilter{Query: "team 1"}) {
		found = append(found, tm.ID)
	}
	if len(named) <= 50 || !slices.Equal(found, named) {
		t.Errorf("search for team 1 found %d teams, want %d", len(found), len(named))
	}
	member := teams[len(teams)/2].Members[1]
	byEmail := listAll(domain.TeamFilter{Query: member.Email})
	if len(byEmail) != 1 || byEmail[0].ID != teams[len(teams)/2].ID {
		t.Errorf("search for %s found %d teams, want team %d", member.Email, len(byEmail), teams[len(teams)/2].ID)
	}

	// Rounds: k distinct judges of the entry's track; each later round is
	// the previous one's advanced entries; rankings and progress work.
	judgeTracks := map[int64][]string{}
	for p := (domain.Page{Limit: 200}); ; {
		page, err := contests.Members(ctx, org, "small", domain.MemberFilter{Role: string(domain.RoleJudge)}, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range page {
			judgeTracks[m.UserID] = m.Tracks
		}
		if len(page) < p.Limit {
			break
		}
		p.After = page[len(page)-1].Cursor
	}
	if len(judgeTracks) != sz.Judges {
		t.Errorf("%d judges, want %d", len(judgeTracks), sz.Judges)
	}
	prevAdvanced := len(submitted)
	var total int64
	trackOf := map[int64]string{} // entries' tracks, from the first round's ranking
	for i, r := range seeded.Rounds {
		spec := sz.Rounds[i]
		rk, err := judging.Ranking(ctx, org, r.ID, "")
		if err != nil {
			t.Fatalf("round %d ranking: %v", i+1, err)
		}
		for _, e := range rk.Entries {
			if i == 0 {
				trackOf[e.EntryID] = e.Track
			}
		}
		as, err := judging.RoundAssignments(ctx, org, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Read page by page, the round's assignments are the same, with
		// the same state of their score sheets.
		var paged []domain.Assignment
		for p := (domain.Page{Limit: 37}); ; {
			page, err := judging.RoundAssignmentsPage(ctx, org, r.ID, p)
			if err != nil {
				t.Fatal(err)
			}
			paged = append(paged, page...)
			if len(page) < p.Limit {
				break
			}
			p.After = page[len(page)-1].ID
		}
		// The pages also name each judge and entry (the whole list does
		// not): every row has them, and apart from them the rows agree.
		for k, x := range paged {
			if x.JudgeName == "" || x.TeamName == "" || x.Title == "" {
				t.Fatalf("round %d: paged assignment without its names: %+v", i+1, x)
			}
			paged[k].JudgeName, paged[k].TeamName, paged[k].Title = "", "", ""
		}
		whole := slices.Clone(as)
		slices.SortFunc(whole, func(x, y domain.Assignment) int { return cmp.Compare(x.ID, y.ID) })
		if !reflect.DeepEqual(paged, whole) {
			t.Errorf("round %d: %d assignments in pages differ from the %d of the whole round", i+1, len(paged), len(whole))
		}
		judgesOf := map[int64]map[int64]bool{}
		for _, x := range as {
			if judgesOf[x.SubmissionID] == nil {
				judgesOf[x.SubmissionID] = map[int64]bool{}
			}
			judgesOf[x.SubmissionID][x.JudgeID] = true
			if jt := judgeTracks[x.JudgeID]; len(jt) != 1 || jt[0] != trackOf[x.SubmissionID] {
				t.Errorf("round %d: judge %d (tracks %v) assigned entry %d of track %s", i+1, x.JudgeID, jt, x.SubmissionID, trackOf[x.SubmissionID])
			}
		}
		if len(judgesOf) != prevAdvanced {
			t.Errorf("round %d has %d entries, want %d (the previous round's advanced)", i+1, len(judgesOf), prevAdvanced)
		}
		for e, js := range judgesOf {
			if len(js) != spec.JudgesPerEntry {
				t.Errorf("round %d: entry %d has %d distinct judges, want %d", i+1, e, len(js), spec.JudgesPerEntry)
			}
		}
		total += int64(len(as))
		if spec.FinalPercent == 100 && (len(rk.Entries) != len(judgesOf) || len(rk.Unscored) != 0) {
			t.Errorf("round %d: %d ranked, %d unscored, want all %d ranked", i+1, len(rk.Entries), len(rk.Unscored), len(judgesOf))
		}
		if len(rk.Entries)+len(rk.Unscored) != len(judgesOf) {
			t.Errorf("round %d: %d ranked + %d unscored, want %d", i+1, len(rk.Entries), len(rk.Unscored), len(judgesOf))
		}
		advanced := 0
		for _, e := range rk.Entries {
			if e.Advanced {
				advanced++
			}
		}
		for _, e := range rk.Unscored {
			if e.Advanced {
				advanced++
			}
		}
		prog, err := judging.Progress(ctx, org, r.ID, a.store)
		if err != nil {
			t.Fatal(err)
		}
		if prog.Assigned != len(as) || prog.Done+prog.Pending != prog.Assigned {
			t.Errorf("round %d progress: %d assigned, %d done, %d pending; %d assignments", i+1, prog.Assigned, prog.Done, prog.Pending, len(as))
		}
		prevAdvanced = advanced
	}
	if total != seeded.Result.Assignments {
		t.Errorf("%d assignments listed, seed says %d", total, seeded.Result.Assignments)
	}

	// A judge of the last round can still save a sheet.
	last := seeded.Rounds[len(seeded.Rounds)-1]
	as, err := judging.RoundAssignments(ctx, org, last.ID)
	if err != nil || len(as) == 0 {
		t.Fatalf("last round's assignments: %v (%d)", err, len(as))
	}
	judge, _, err := a.store.UserCredentials(ctx, as[0].JudgeEmail)
	if err != nil {
		t.Fatal(err)
	}
	sheet, err := judging.SaveScore(ctx, judge, as[0].ID, domain.ScoreInput{Values: map[string]float64{"innovation": 7, "impact": 6, "feasibility": 5}, Final: true})
	if err != nil || !sheet.Final {
		t.Fatalf("judge saves a sheet: %v (%+v)", err, sheet)
	}

	// The audit log pages through the seed's lines.
	audit, err := contests.Audit(ctx, org, "small", domain.Page{Limit: 200})
	if err != nil || len(audit) < sz.Judges {
		t.Errorf("audit: %d lines (%v), want at least %d", len(audit), err, sz.Judges)
	}
}
