package api

import (
	"fmt"
	"github.com/podium-contests/podium/server/config"
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/podium-contests/podium/judging"
	"github.com/podium-contests/podium/server/domain"
)

// judgingFixture is a contest with submitted teams in two tracks and judges,
// some of them with conflicts.
type judgingFixture struct {
	ts     *testServer
	admin  *client
	teams  map[int64]*client // by submission (entry) id
	track  map[int64]string
	judges map[string]*client // by e-mail
	ids    map[string]int64   // judge e-mail → user id
	round  domain.Round
}

func newJudgingFixture(t *testing.T, teams, judges int, mutate ...func(*config.Config)) *judgingFixture {
	ts := newTestServer(t, mutate...)
	f := &judgingFixture{ts: ts, admin: ts.admin(), teams: map[int64]*client{}, track: map[int64]string{},
		judges: map[string]*client{}, ids: map[string]int64{}}
	f.admin.createContest("green")
	for i := 0; i < judges; i++ {
		email := fmt.Sprintf("judge%d@jury.example.net", i)
		org := fmt.Sprintf("Jury Org %d", i)
		if i == 0 {
			org = "Acme Labs" // the organization of team 0
		}
		r := f.admin.do("POST", "/api/v1/contests/green/members", map[string]any{"email": email, "role": "judge", "organization": org})
		mustStatus(t, r, 201)
		f.judges[email] = ts.signUp(email)
		f.ids[email] = decode[meResponse](t, f.judges[email].do("GET", "/api/v1/me", nil)).User.ID
	}
	for i := 0; i < teams; i++ {
		c := ts.client()
		c.ip = fmt.Sprintf("198.51.100.%d", i+1)
		org := ""
		if i == 0 {
			org = "Acme Labs"
		}
		email := fmt.Sprintf("team%d@uni%d.example.edu", i, i)
		mustStatus(t, c.do("POST", "/api/v1/auth/register", map[string]string{"email": email, "password": "a-long-password", "name": "T", "organization": org}), 201)
		ts.verifyEmail(email)
		c.login(email, "a-long-password")
		track := "energy"
		if i%2 == 1 {
			track = "mobility"
		}
		team := c.createTeam("green", fmt.Sprintf("Team %d", i), track)
		base := fmt.Sprintf("/api/v1/teams/%d/submission", team.ID)
		mustStatus(t, c.do("PUT", base, map[string]any{"title": fmt.Sprintf("Entry %d", i), "fields": map[string]string{"repo": "https://git.example.org/x"}}), 200)
		c.uploadPDF(team.ID, pdfBytes(1024))
		rc := decode[receiptResult](t, c.do("POST", base+"/submit", map[string]any{})).Receipt
		f.teams[rc.SubmissionID] = c
		f.track[rc.SubmissionID] = track
	}
	return f
}

func (f *judgingFixture) createRound(t *testing.T, k int, method string, blind bool) {
	r := f.admin.do("POST", "/api/v1/contests/green/rounds", map[string]any{
		"name": "Preliminary", "judges_per_entry": k, "blind": blind, "method": method,
		"closes_at": time.Now().Add(24 * time.Hour).Format(time.RFC3339),
		"rubric": []map[string]any{
			{"id": "innovation", "label": "Innovation", "weight": 2, "min": 1, "max": 10},
			{"id": "impact", "label": "Impact", "weight": 1, "min": 1, "max": 10},
		},
	})
	mustStatus(t, r, 201)
	f.round = decode[domain.Round](t, r)
}

func (f *judgingFixture) assignments(t *testing.T) []domain.Assignment {
	r := f.admin.do("GET", fmt.Sprintf("/api/v1/rounds/%d/assignments", f.round.ID), nil)
	mustStatus(t, r, 200)
	return decode[[]domain.Assignment](t, r)
}

// checkAssignment verifies k distinct judges per entry and no conflicted pair.
func (f *judgingFixture) checkAssignment(t *testing.T, k int, forbidden map[[2]int64]bool) []domain.Assignment {
	t.Helper()
	list := f.assignments(t)
	per := map[int64]map[int64]bool{}
	for _, a := range list {
		if forbidden[[2]int64{a.JudgeID, a.SubmissionID}] {
			t.Fatalf("conflicted judge %d assigned to entry %d", a.JudgeID, a.SubmissionID)
		}
		if per[a.SubmissionID] == nil {
			per[a.SubmissionID] = map[int64]bool{}
		}
		if per[a.SubmissionID][a.JudgeID] {
			t.Fatalf("judge %d twice on entry %d", a.JudgeID, a.SubmissionID)
		}
		per[a.SubmissionID][a.JudgeID] = true
	}
	for entry := range f.teams {
		if len(per[entry]) != k {
			t.Fatalf("entry %d has %d judges, want %d", entry, len(per[entry]), k)
		}
	}
	return list
}

func TestJudgingWorkflow(t *testing.T) {
	t.Parallel()
	f := newJudgingFixture(t, 10, 6)
	ts := f.ts
	var team0 int64
	for id, c := range f.teams {
		if decode[[]domain.Team](t, c.do("GET", "/api/v1/me/teams", nil))[0].Name == "Team 0" {
			team0 = id
		}
	}
	// judge1 declares a conflict with team 0's organization in advance.
	mustStatus(t, f.judges["judge1@jury.example.net"].do("POST", "/api/v1/contests/green/conflicts", map[string]any{"organization": "Acme Labs", "reason": "former employer"}), 201)
	mustStatus(t, f.teams[team0].do("POST", "/api/v1/contests/green/conflicts", map[string]any{"organization": "Acme Labs", "reason": "x"}), 403)

	f.createRound(t, 3, "mean", true)
	mustStatus(t, f.judges["judge2@jury.example.net"].do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", f.round.ID), map[string]any{}), 403)
	r := f.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", f.round.ID), map[string]any{})
	mustStatus(t, r, 200)
	sum := decode[domain.AssignmentSummary](t, r)
	if sum.Entries != 10 || sum.Pairs != 30 {
		t.Fatalf("summary: %+v", sum)
	}
	// Every judge given entries is told so, with their count, by e-mail.
	var mails []struct {
		To      string `db:"to_email"`
		Subject string `db:"subject"`
		Body    string `db:"body"`
	}
	if err := ts.store.DB().Select(&mails, "SELECT to_email, subject, body FROM outbox WHERE subject LIKE '%entries to judge%'"); err != nil {
		t.Fatal(err)
	}
	counted := 0
	for _, m := range mails {
		n, err := strconv.Atoi(strings.Fields(m.Subject[strings.Index(m.Subject, "]")+1:])[0])
		if _, ok := f.ids[m.To]; !ok || err != nil || !strings.Contains(m.Body, fmt.Sprintf("%d entries to review", n)) {
			t.Fatalf("assignment e-mail: %+v", m)
		}
		counted += n
	}
	if len(mails) == 0 || len(mails) > len(f.ids) || counted != sum.Pairs {
		t.Fatalf("%d assignment e-mails for %d judges, announcing %d pairs of %d", len(mails), len(f.ids), counted, sum.Pairs)
	}
	forbidden := map[[2]int64]bool{
		{f.ids["judge0@jury.example.net"], team0}: true, // same organization
		{f.ids["judge1@jury.example.net"], team0}: true, // declared
	}
	list := f.checkAssignment(t, 3, forbidden)

	// Judges see only their own entries, blind.
	j2 := f.judges["judge2@jury.example.net"]
	mine := decode[[]domain.Assignment](t, j2.do("GET", "/api/v1/me/assignments", nil))
	if len(mine) == 0 {
		t.Fatal("judge2 has no assignments")
	}
	view := decode[domain.EntryView](t, j2.do("GET", fmt.Sprintf("/api/v1/assignments/%d", mine[0].ID), nil))
	if view.TeamName != "" || len(view.Members) != 0 || len(view.Files) != 1 || view.Files[0].Filename != "Pitch deck.pdf" || view.Title == "" {
		t.Fatalf("blind view leaks or lacks data: %+v", view)
	}
	// The judge may download the entry's file; a judge not assigned may not.
	mustStatus(t, j2.do("GET", "/api/v1/files/"+view.Files[0].FileID+"/download", nil), 302)
	var outsider *client
	for email, c := range f.judges {
		assigned := false
		for _, a := range list {
			if a.SubmissionID == mine[0].SubmissionID && a.JudgeID == f.ids[email] {
				assigned = true
			}
		}
		if !assigned {
			outsider = c
		}
	}
	mustStatus(t, outsider.do("GET", "/api/v1/files/"+view.Files[0].FileID+"/download", nil), 404)
	mustStatus(t, outsider.do("GET", fmt.Sprintf("/api/v1/assignments/%d", mine[0].ID), nil), 404)
	mustStatus(t, outsider.do("PUT", fmt.Sprintf("/api/v1/assignments/%d/score", mine[0].ID), map[string]any{"values": map[string]float64{"innovation": 5}}), 404)

	// Bad values are refused, naming the field.
	r = j2.do("PUT", fmt.Sprintf("/api/v1/assignments/%d/score", mine[0].ID), map[string]any{"values": map[string]any{"innovation": 11, "bogus": 1}, "final": true})
	mustStatus(t, r, 400)
	if _, fl := r.errorCode(t); fl["values.innovation"] == "" || fl["values.bogus"] == "" || fl["values.impact"] == "" {
		t.Fatalf("%s", r.Body)
	}

	// A judge declares a conflict on an assigned entry: it vanishes from
	// their list and only that entry gets a new judge.
	before := map[int64]bool{}
	for _, a := range f.assignments(t) {
		before[a.ID] = true
	}
	conflicted := mine[0]
	mustStatus(t, j2.do("POST", fmt.Sprintf("/api/v1/assignments/%d/conflict", conflicted.ID), map[string]string{"reason": "my cousin's team"}), 200)
	mustStatus(t, j2.do("GET", fmt.Sprintf("/api/v1/assignments/%d", conflicted.ID), nil), 404)
	forbidden[[2]int64{f.ids["judge2@jury.example.net"], conflicted.SubmissionID}] = true
	after := f.checkAssignment(t, 3, forbidden)
	changed := 0
	for _, a := range after {
		if !before[a.ID] {
			changed++
			if a.SubmissionID != conflicted.SubmissionID {
				t.Fatalf("reassignment touched entry %d", a.SubmissionID)
			}
		}
	}
	if changed != 1 {
		t.Fatalf("%d new assignments, want 1", changed)
	}

	// Every judge scores with a planted bias: judge i adds i-3 points.
	biases := map[int64]float64{}
	for email, c := range f.judges {
		bias := float64(f.ids[email]%5) - 2
		biases[f.ids[email]] = bias
		for _, a := range decode[[]domain.Assignment](t, c.do("GET", "/api/v1/me/assignments", nil)) {
			quality := float64(a.SubmissionID % 7)
			v := map[string]float64{"innovation": clamp(2 + quality + bias), "impact": clamp(3 + quality/2 + bias)}
			url := fmt.Sprintf("/api/v1/assignments/%d/score", a.ID)
			mustStatus(t, c.do("PUT", url, map[string]any{"values": v, "comment": "draft"}), 200)
			mustStatus(t, c.do("PUT", url, map[string]any{"values": v, "comment": "solid work", "final": true}), 200)
		}
	}
	// Submitted scores are locked for the judge; an organizer reopens them.
	a0 := decode[[]domain.Assignment](t, j2.do("GET", "/api/v1/me/assignments", nil))[0]
	r = j2.do("PUT", fmt.Sprintf("/api/v1/assignments/%d/score", a0.ID), map[string]any{"values": map[string]float64{"innovation": 1, "impact": 1}, "final": true})
	mustStatus(t, r, 409)
	mustStatus(t, f.admin.do("POST", fmt.Sprintf("/api/v1/assignments/%d/reopen", a0.ID), map[string]string{"reason": "typo"}), 200)
	hist := decode[[]domain.ScoreChange](t, f.admin.do("GET", fmt.Sprintf("/api/v1/assignments/%d/history", a0.ID), nil))
	if len(hist) != 3 || hist[2].Action != "score.reopen" {
		t.Fatalf("history: %+v", hist)
	}
	sc := decode[domain.EntryView](t, j2.do("GET", fmt.Sprintf("/api/v1/assignments/%d", a0.ID), nil)).Score
	mustStatus(t, j2.do("PUT", fmt.Sprintf("/api/v1/assignments/%d/score", a0.ID), map[string]any{"values": sc.Values, "comment": "solid work", "final": true}), 200)

	// Progress: everything done.
	p := decode[domain.Progress](t, f.admin.do("GET", fmt.Sprintf("/api/v1/rounds/%d/progress", f.round.ID), nil))
	if p.Assigned != 30 || p.Done != 30 || p.Pending != 0 {
		t.Fatalf("progress: %+v", p)
	}

	// The ranking matches an independent recomputation of the mean method.
	rk := decode[domain.Ranking](t, f.admin.do("GET", fmt.Sprintf("/api/v1/rounds/%d/ranking", f.round.ID), nil))
	if len(rk.Entries) != 10 {
		t.Fatalf("ranking has %d entries", len(rk.Entries))
	}
	for _, e := range rk.Entries {
		sum := 0.0
		for _, s := range e.Scores {
			want := 100 * (2*(s.Values["innovation"]-1)/9 + (s.Values["impact"]-1)/9) / 3
			if math.Abs(s.Total-want) > 1e-9 {
				t.Fatalf("total %v, want %v", s.Total, want)
			}
			sum += want
		}
		if mean := sum / float64(len(e.Scores)); math.Abs(e.Score-mean) > 1e-9 || len(e.Scores) != 3 || e.Explanation.Text == "" {
			t.Fatalf("entry %d: score %v, want mean %v (%d scores)", e.EntryID, e.Score, mean, len(e.Scores))
		}
	}
	// The explanation is data a client words in its user's language.
	if st := rk.Entries[0].Explanation.Statements; len(st) != 4 || st[0].Code != domain.ExplainRank ||
		st[0].Params["rank"] != float64(rk.Entries[0].Rank) || st[0].Params["of"] != float64(len(rk.Entries)) ||
		st[0].Params["method"] != f.round.Method || st[1].Code != domain.ExplainJudge || st[1].Params["judge"] == "" {
		t.Fatalf("explanation statements %+v", st)
	}
	for i := 1; i < len(rk.Entries); i++ {
		if rk.Entries[i].Score > rk.Entries[i-1].Score+judging.TieTolerance {
			t.Fatal("ranking not sorted by score")
		}
	}
	// Per track, and CSV with every score.
	energy := decode[domain.Ranking](t, f.admin.do("GET", fmt.Sprintf("/api/v1/rounds/%d/ranking?track=energy", f.round.ID), nil))
	if len(energy.Entries) != 5 || energy.Entries[0].Rank != 1 {
		t.Fatalf("energy ranking: %d entries", len(energy.Entries))
	}
	r = f.admin.do("GET", fmt.Sprintf("/api/v1/rounds/%d/ranking.csv", f.round.ID), nil)
	mustStatus(t, r, 200)
	if lines := strings.Count(string(r.Body), "\n"); lines != 31 || !strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("csv: %d lines, %q", lines, r.Header.Get("Content-Disposition"))
	}
	if strings.HasPrefix(string(r.Body), "\uFEFF") {
		t.Fatal("csv starts with a byte order mark without ?bom=1")
	}
	// For spreadsheets (Excel reads UTF-8 only after a byte order mark).
	bom := f.admin.do("GET", fmt.Sprintf("/api/v1/rounds/%d/ranking.csv?bom=1", f.round.ID), nil)
	mustStatus(t, bom, 200)
	if string(bom.Body) != "\uFEFF"+string(r.Body) {
		t.Fatalf("?bom=1: %q…, want the same CSV after a byte order mark", bom.Body[:min(len(bom.Body), 20)])
	}
	// Nothing of the ranking is visible outside the organizers.
	mustStatus(t, j2.do("GET", fmt.Sprintf("/api/v1/rounds/%d/ranking", f.round.ID), nil), 403)
	mustStatus(t, f.teams[team0].do("GET", fmt.Sprintf("/api/v1/rounds/%d/ranking", f.round.ID), nil), 404)

	// Advance the top 2 per track, then publish the winners.
	adv := f.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/advance", f.round.ID), map[string]any{"top_per_track": 2})
	mustStatus(t, adv, 200)
	var advanced struct {
		Data struct{ Advanced []int64 } `json:"data"`
	}
	adv.json(t, &advanced)
	if len(advanced.Data.Advanced) < 4 {
		t.Fatalf("advanced %v", advanced.Data.Advanced)
	}
	anon := ts.client()
	mustStatus(t, anon.do("GET", "/api/v1/contests/green/results", nil), 404)
	winner := rk.Entries[0].EntryID
	r = f.admin.do("POST", "/api/v1/contests/green/results", map[string]any{"awards": []map[string]any{{"entry_id": winner, "award": "First prize"}}, "publish": false})
	mustStatus(t, r, 200)
	mustStatus(t, anon.do("GET", "/api/v1/contests/green/results", nil), 404)
	mustStatus(t, f.admin.do("POST", "/api/v1/contests/green/results", map[string]any{"awards": []map[string]any{{"entry_id": winner, "award": "First prize"}}, "publish": true}), 200)
	res := decode[domain.Results](t, anon.do("GET", "/api/v1/contests/green/results", nil))
	if len(res.Awards) != 1 || res.Awards[0].Award != "First prize" || res.Awards[0].TeamName == "" || res.PublishedAt == nil {
		t.Fatalf("results: %+v", res)
	}
	if strings.Contains(jsonString(res), "jury.example.net") {
		t.Fatal("public results reveal judges")
	}
}

func clamp(v float64) float64 { return math.Max(1, math.Min(10, math.Round(v))) }

func TestJudgeDropOutReassignsOnlyTheirEntries(t *testing.T) {
	t.Parallel()
	f := newJudgingFixture(t, 8, 5)
	f.createRound(t, 2, "calibrated", false)
	mustStatus(t, f.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", f.round.ID), map[string]any{}), 200)
	before := f.assignments(t)
	leaving := f.ids["judge3@jury.example.net"]
	kept := map[int64]bool{}
	var theirs []int64
	for _, a := range before {
		if a.JudgeID == leaving {
			theirs = append(theirs, a.SubmissionID)
		} else {
			kept[a.ID] = true
		}
	}
	if len(theirs) == 0 {
		t.Fatal("the assignment gave judge3 nothing: the loads force every judge to take entries")
	}
	r := f.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/judges/%d/drop", f.round.ID, leaving), map[string]string{"reason": "ill"})
	mustStatus(t, r, 200)
	after := f.checkAssignment(t, 2, nil)
	for _, a := range after {
		if a.JudgeID == leaving {
			t.Fatal("dropped judge still assigned")
		}
		if !kept[a.ID] && !containsID(theirs, a.SubmissionID) {
			t.Fatalf("entry %d was not theirs but changed", a.SubmissionID)
		}
	}
	stillThere := 0
	for _, a := range after {
		if kept[a.ID] {
			stillThere++
		}
	}
	if stillThere != len(kept) {
		t.Fatalf("%d of %d untouched assignments kept", stillThere, len(kept))
	}
	// An extra judge for one entry respects the entry's current judges.
	r = f.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/entries/%d/extra-judge", f.round.ID, theirs[0]), map[string]any{})
	mustStatus(t, r, 201)
	n := 0
	for _, a := range f.assignments(t) {
		if a.SubmissionID == theirs[0] {
			n++
		}
	}
	if n != 3 {
		t.Fatalf("entry has %d judges after adding one, want 3", n)
	}
	// Open rounds show team names.
	j := f.judges["judge0@jury.example.net"]
	mine := decode[[]domain.Assignment](t, j.do("GET", "/api/v1/me/assignments", nil))
	if v := decode[domain.EntryView](t, j.do("GET", fmt.Sprintf("/api/v1/assignments/%d", mine[0].ID), nil)); v.TeamName == "" {
		t.Fatal("open round hides the team")
	}
}

func containsID(list []int64, id int64) bool {
	for _, x := range list {
		if x == id {
			return true
		}
	}
	return false
}

// TestProgressStreamSeesScores reads the server-sent events of a round over
// a real socket while a judge scores; the event arrives through
// PostgreSQL's LISTEN/NOTIFY.
func TestProgressStreamSeesScores(t *testing.T) {
	t.Parallel()
	f := newJudgingFixture(t, 2, 2)
	f.createRound(t, 1, "mean", false)
	mustStatus(t, f.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", f.round.ID), map[string]any{}), 200)
	base := f.ts.listen()
	req, _ := http.NewRequest("GET", fmt.Sprintf("%s/api/v1/rounds/%d/progress/stream", base, f.round.ID), nil)
	for k, v := range f.admin.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	req.Header.Set("X-Forwarded-For", f.admin.ip)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("stream: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	events := progressEvents(resp.Body)
	first := <-events
	if first.Done != 0 || first.Assigned != 2 {
		t.Fatalf("first event: %+v", first)
	}
	var judgeClient *client
	var assignment domain.Assignment
	for _, c := range f.judges {
		if list := decode[[]domain.Assignment](t, c.do("GET", "/api/v1/me/assignments", nil)); len(list) > 0 {
			judgeClient, assignment = c, list[0]
		}
	}
	mustStatus(t, judgeClient.do("PUT", fmt.Sprintf("/api/v1/assignments/%d/score", assignment.ID),
		map[string]any{"values": map[string]float64{"innovation": 7, "impact": 6}, "final": true}), 200)
	timeout := time.After(20 * time.Second)
	for {
		select {
		case p, ok := <-events:
			if !ok {
				t.Fatal("stream ended")
			}
			if p.Done == 1 {
				return
			}
		case <-timeout:
			t.Fatal("no progress event after a score was saved")
		}
	}
}

// TestBlindRoundExportForOfflineJudging exports one round's entries as a
// ZIP; the round is blind, so nothing in it names a team or its members.
func TestBlindRoundExportForOfflineJudging(t *testing.T) {
	t.Parallel()
	f := newJudgingFixture(t, 3, 2)
	f.ts.startJobs()
	f.createRound(t, 1, "mean", true)
	mustStatus(t, f.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", f.round.ID), map[string]any{}), 200)
	r := f.admin.do("POST", "/api/v1/contests/green/exports", map[string]any{"kind": "zip", "round_id": 999999})
	mustStatus(t, r, 400)
	r = f.admin.do("POST", "/api/v1/contests/green/exports", map[string]any{"kind": "zip", "round_id": f.round.ID})
	mustStatus(t, r, 202)
	e := waitExport(t, f.admin, "green", decode[domain.Export](t, r).ID)
	if e.Status != domain.ExportDone || e.DoneItems != 3 || e.RoundID == nil || *e.RoundID != f.round.ID {
		t.Fatalf("round export: %+v", e)
	}
	files := 0
	for _, name := range blindZIP(t, f.admin.downloadZIP(e.DownloadURL)) {
		if strings.HasSuffix(name, "/deck-Pitch deck.pdf") {
			id, _, _ := strings.Cut(strings.Split(name, "/")[1], "-")
			if _, ok := f.teams[mustInt(t, id)]; !ok {
				t.Fatalf("%s is not named by an entry of the round", name)
			}
			files++
		}
	}
	if files != 3 {
		t.Fatalf("%d entry files in the ZIP, want 3", files)
	}
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("%q is not a number", s)
	}
	return n
}
