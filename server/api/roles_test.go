package api

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/podium-contests/podium/server/domain"
)

// listPage is one page of a paginated list.
type listPage[T any] struct {
	Items []T `json:"items"`
}

// TestTrackLead: a track lead organizes their track (teams, extensions,
// files, the round's assignments, progress and ranking, exports) and gets
// not_found for everything of another track; the contest's own settings
// stay with its organizers.
func TestTrackLead(t *testing.T) {
	t.Parallel()
	f := newJudgingFixture(t, 6, 3)
	ts := f.ts
	ts.startJobs()
	lead := ts.signUp("lead@example.org")
	mustStatus(t, f.admin.do("POST", "/api/v1/contests/green/members", map[string]any{"email": "lead@example.org", "role": "track_lead"}), 400)
	mustStatus(t, f.admin.do("POST", "/api/v1/contests/green/members", map[string]any{"email": "lead@example.org", "role": "track_lead", "tracks": []string{"energy"}}), 201)
	me := decode[meResponse](t, lead.do("GET", "/api/v1/me", nil))
	if len(me.Roles) != 1 || me.Roles[0].Role != domain.RoleTrackLead {
		t.Fatalf("lead's roles: %+v", me.Roles)
	}
	// Granting is audited with the track.
	audit := decode[listPage[domain.AuditEntry]](t, f.admin.do("GET", "/api/v1/contests/green/audit", nil))
	granted := false
	for _, e := range audit.Items {
		granted = granted || e.Action == "member.add" && strings.Contains(string(e.Detail), `"track_lead"`) && strings.Contains(string(e.Detail), `"energy"`)
	}
	if !granted {
		t.Fatalf("no audit line for the track lead: %+v", audit)
	}

	// Teams: only energy's, and another track's team is not found.
	teams := decode[listPage[domain.TeamListItem]](t, lead.do("GET", "/api/v1/contests/green/teams", nil))
	if len(teams.Items) != 3 {
		t.Fatalf("lead lists %d teams, want the 3 of energy", len(teams.Items))
	}
	for _, tm := range teams.Items {
		if tm.Track != "energy" {
			t.Fatalf("lead lists a %s team", tm.Track)
		}
	}
	mustStatus(t, lead.do("GET", "/api/v1/contests/green/teams?track=mobility", nil), 404)
	var energyTeam, mobilityTeam domain.Team
	for _, c := range f.teams {
		tm := decode[[]domain.Team](t, c.do("GET", "/api/v1/me/teams", nil))[0]
		if tm.Track == "energy" {
			energyTeam = tm
		} else {
			mobilityTeam = tm
		}
	}
	mustStatus(t, lead.do("GET", fmt.Sprintf("/api/v1/teams/%d", energyTeam.ID), nil), 200)
	mustStatus(t, lead.do("GET", fmt.Sprintf("/api/v1/teams/%d/submission", energyTeam.ID), nil), 200)
	for _, p := range []string{"", "/submission", "/submission/versions"} {
		mustStatus(t, lead.do("GET", fmt.Sprintf("/api/v1/teams/%d%s", mobilityTeam.ID, p), nil), 404)
	}
	until := time.Now().Add(96 * time.Hour).Format(time.RFC3339)
	mustStatus(t, lead.do("POST", fmt.Sprintf("/api/v1/teams/%d/extension", energyTeam.ID), map[string]string{"until": until, "reason": "flood"}), 200)
	mustStatus(t, lead.do("POST", fmt.Sprintf("/api/v1/teams/%d/extension", mobilityTeam.ID), map[string]string{"until": until, "reason": "flood"}), 404)

	// Contest-wide settings: refused.
	mustStatus(t, lead.do("PATCH", "/api/v1/contests/green", map[string]any{"title": "Mine"}), 403)
	mustStatus(t, lead.do("POST", "/api/v1/contests/green/members", map[string]any{"email": "x@example.org", "role": "judge"}), 403)
	mustStatus(t, lead.do("GET", "/api/v1/contests/green/audit", nil), 403)
	mustStatus(t, lead.do("POST", "/api/v1/contests/green/rounds", map[string]any{"name": "Mine"}), 403)

	// The round: its energy part only.
	f.createRound(t, 2, "mean", false)
	mustStatus(t, lead.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", f.round.ID), map[string]any{}), 403)
	mustStatus(t, f.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", f.round.ID), map[string]any{}), 200)
	f.scoreAll(t)
	asg := decode[[]domain.Assignment](t, lead.do("GET", fmt.Sprintf("/api/v1/rounds/%d/assignments", f.round.ID), nil))
	if len(asg) != 6 {
		t.Fatalf("lead sees %d assignments, want the 6 of energy's 3 entries", len(asg))
	}
	for _, a := range asg {
		if f.track[a.SubmissionID] != "energy" {
			t.Fatalf("lead sees an assignment of a %s entry", f.track[a.SubmissionID])
		}
	}
	// Paged, as the round's page reads it: the same 6, a page of 4 then
	// the rest, each naming its judge and entry.
	var paged []domain.Assignment
	for after, pages := int64(0), 0; pages < 5; pages++ {
		page := decode[[]domain.Assignment](t, lead.do("GET", fmt.Sprintf("/api/v1/rounds/%d/assignments?limit=4&after=%d", f.round.ID, after), nil))
		paged = append(paged, page...)
		if len(page) < 4 {
			break
		}
		after = page[len(page)-1].ID
	}
	if len(paged) != len(asg) {
		t.Fatalf("lead pages through %d assignments, want the %d of energy", len(paged), len(asg))
	}
	for i, a := range paged {
		if a.ID != asg[i].ID || f.track[a.SubmissionID] != "energy" || a.JudgeEmail == "" || a.TeamName == "" {
			t.Fatalf("lead's paged assignment %d: %+v, want %d of energy with its names", i, a, asg[i].ID)
		}
	}
	prog := decode[domain.Progress](t, lead.do("GET", fmt.Sprintf("/api/v1/rounds/%d/progress", f.round.ID), nil))
	if prog.Assigned != 6 || prog.Done != 6 {
		t.Fatalf("lead's progress: %+v", prog)
	}
	rk := decode[domain.Ranking](t, lead.do("GET", fmt.Sprintf("/api/v1/rounds/%d/ranking", f.round.ID), nil))
	if rk.Track != "energy" || len(rk.Entries) != 3 {
		t.Fatalf("lead's ranking: track %q, %d entries", rk.Track, len(rk.Entries))
	}
	for _, e := range rk.Entries {
		if e.Track != "energy" {
			t.Fatalf("lead's ranking has a %s entry", e.Track)
		}
	}
	mustStatus(t, lead.do("GET", fmt.Sprintf("/api/v1/rounds/%d/ranking?track=mobility", f.round.ID), nil), 404)
	mustStatus(t, lead.do("GET", fmt.Sprintf("/api/v1/rounds/%d/ranking.csv?track=mobility", f.round.ID), nil), 404)
	r := lead.do("GET", fmt.Sprintf("/api/v1/rounds/%d/ranking.csv", f.round.ID), nil)
	mustStatus(t, r, 200)
	rows, err := csv.NewReader(strings.NewReader(string(r.Body))).ReadAll()
	if err != nil || len(rows) != 1+6 {
		t.Fatalf("lead's ranking CSV: %d rows, %v", len(rows), err)
	}
	for _, row := range rows[1:] {
		if row[3] != "energy" {
			t.Fatalf("lead's ranking CSV has a %s row", row[3])
		}
	}
	// The whole round's ranking is the same for the organizer, untouched.
	if all := decode[domain.Ranking](t, f.admin.do("GET", fmt.Sprintf("/api/v1/rounds/%d/ranking", f.round.ID), nil)); len(all.Entries) != 6 {
		t.Fatalf("organizer's ranking has %d entries", len(all.Entries))
	}

	// Exports: the lead's holds energy only; the organizer's whole-contest
	// export is not theirs to read.
	r = f.admin.do("POST", "/api/v1/contests/green/exports", map[string]any{"kind": "csv"})
	mustStatus(t, r, 202)
	whole := decode[domain.Export](t, r)
	r = lead.do("POST", "/api/v1/contests/green/exports", map[string]any{"kind": "csv"})
	mustStatus(t, r, 202)
	mine := waitExport(t, lead, "green", decode[domain.Export](t, r).ID)
	if mine.Status != domain.ExportDone {
		t.Fatalf("lead's export: %+v", mine)
	}
	rows, err = csv.NewReader(strings.NewReader(string(download(t, mine.DownloadURL)))).ReadAll()
	if err != nil || len(rows) != 1+3 {
		t.Fatalf("lead's export: %d rows, %v", len(rows), err)
	}
	col := -1
	for i, h := range rows[0] {
		if h == "track" {
			col = i
		}
	}
	for _, row := range rows[1:] {
		if col < 0 || row[col] != "energy" {
			t.Fatalf("lead's export has a row of another track: %v (header %v)", row, rows[0])
		}
	}
	mustStatus(t, lead.do("GET", "/api/v1/contests/green/exports/"+whole.ID, nil), 404)
	for _, e := range decode[[]domain.Export](t, lead.do("GET", "/api/v1/contests/green/exports", nil)) {
		if e.ID == whole.ID {
			t.Fatal("lead lists the whole-contest export")
		}
	}
}

// TestTrackLeadHandlesTheirTracksReviews: a track lead reopens, moves and
// adds a judge to the review of an entry of their track (audited under
// their name), and gets not_found for another track's, which stays as it
// was.
func TestTrackLeadHandlesTheirTracksReviews(t *testing.T) {
	t.Parallel()
	f := newJudgingFixture(t, 4, 4)
	ts := f.ts
	lead := ts.signUp("lead@example.org")
	other := ts.signUp("lead-mobility@example.org")
	mustStatus(t, f.admin.do("POST", "/api/v1/contests/green/members", map[string]any{"email": "lead@example.org", "role": "track_lead", "tracks": []string{"energy"}}), 201)
	mustStatus(t, f.admin.do("POST", "/api/v1/contests/green/members", map[string]any{"email": "lead-mobility@example.org", "role": "track_lead", "tracks": []string{"mobility"}}), 201)
	leadID := decode[meResponse](t, lead.do("GET", "/api/v1/me", nil)).User.ID
	f.createRound(t, 2, "mean", false)
	mustStatus(t, f.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", f.round.ID), map[string]any{}), 200)
	f.scoreAll(t)
	all := decode[[]domain.Assignment](t, f.admin.do("GET", fmt.Sprintf("/api/v1/rounds/%d/assignments", f.round.ID), nil))
	var a domain.Assignment
	for _, x := range all {
		if f.track[x.SubmissionID] == "energy" {
			a = x
		}
	}
	onEntry := map[int64]bool{}
	for _, x := range all {
		if x.SubmissionID == a.SubmissionID {
			onEntry[x.JudgeID] = true
		}
	}
	var free int64 // a judge of the pool not on a's entry (judge0 shares team 0's organization)
	for email, id := range f.ids {
		if !onEntry[id] && email != "judge0@jury.example.net" {
			free = id
		}
	}
	if a.ID == 0 || free == 0 {
		t.Fatalf("fixture: assignment %+v, free judge %d", a, free)
	}
	reopen := fmt.Sprintf("/api/v1/assignments/%d/reopen", a.ID)
	move := fmt.Sprintf("/api/v1/assignments/%d", a.ID)
	extra := fmt.Sprintf("/api/v1/rounds/%d/entries/%d/extra-judge", f.round.ID, a.SubmissionID)

	// The mobility lead: not found, and nothing changes.
	mustStatus(t, other.do("POST", reopen, map[string]string{"reason": "typo"}), 404)
	mustStatus(t, other.do("GET", fmt.Sprintf("/api/v1/assignments/%d/history", a.ID), nil), 404)
	mustStatus(t, other.do("PATCH", move, map[string]any{"judge_id": free, "reason": "ill"}), 404)
	mustStatus(t, other.do("POST", extra, map[string]any{}), 404)
	if now := decode[[]domain.Assignment](t, f.admin.do("GET", fmt.Sprintf("/api/v1/rounds/%d/assignments", f.round.ID), nil)); len(now) != len(all) {
		t.Fatalf("another track's lead changed the round: %d assignments, were %d", len(now), len(all))
	}

	// The energy lead: reopen the submitted scores, then move the review to
	// another judge, then add one more judge to the entry.
	r := lead.do("POST", reopen, map[string]string{"reason": "typo in a score"})
	mustStatus(t, r, 200)
	if decode[domain.ScoreSheet](t, r).Final {
		t.Fatal("reopened scores are still final")
	}
	mustStatus(t, lead.do("GET", fmt.Sprintf("/api/v1/assignments/%d/history", a.ID), nil), 200)
	entryJudges := func() map[int64]bool {
		judges := map[int64]bool{}
		for _, x := range decode[[]domain.Assignment](t, lead.do("GET", fmt.Sprintf("/api/v1/rounds/%d/assignments", f.round.ID), nil)) {
			if x.SubmissionID == a.SubmissionID {
				judges[x.JudgeID] = true
			}
		}
		return judges
	}
	mustStatus(t, lead.do("PATCH", move, map[string]any{"judge_id": free, "reason": "the judge fell ill"}), 200)
	if judges := entryJudges(); len(judges) != 2 || !judges[free] || judges[a.JudgeID] {
		t.Fatalf("the entry's judges after the move from %d to %d: %v", a.JudgeID, free, judges)
	}
	// The extra judge is any judge of the pool not on the entry (the one
	// moved away included).
	mustStatus(t, lead.do("POST", extra, map[string]any{}), 201)
	if judges := entryJudges(); len(judges) != 3 || !judges[free] {
		t.Fatalf("the entry's judges after the extra judge: %v", judges)
	}
	audit := decode[listPage[domain.AuditEntry]](t, f.admin.do("GET", "/api/v1/contests/green/audit", nil))
	byLead := map[string]bool{}
	for _, e := range audit.Items {
		if e.ActorID == leadID {
			byLead[e.Action] = true
		}
	}
	if !byLead["score.reopen"] || !byLead["assignment.move"] || !byLead["round.extra_judge"] {
		t.Fatalf("the lead's acts are not audited under their name: %v", byLead)
	}
}

// TestSponsorJudges: a judge limited to a sponsor prize (the option a team
// chose in a select field) or to a track is assigned only entries of their
// panel; ordinary judges take the rest.
func TestSponsorJudges(t *testing.T) {
	t.Parallel()
	f := newJudgingFixture(t, 8, 3)
	ts := f.ts
	// Half the teams choose the prototype prize (their draft changes after
	// the fixture's submission; a new version carries it).
	prize := map[int64]bool{}
	i := 0
	for id, c := range f.teams {
		tm := decode[[]domain.Team](t, c.do("GET", "/api/v1/me/teams", nil))[0]
		stage := "idea"
		if i%2 == 0 {
			stage = "prototype"
			prize[id] = true
		}
		i++
		base := fmt.Sprintf("/api/v1/teams/%d/submission", tm.ID)
		mustStatus(t, c.do("PUT", base, map[string]any{"title": "Entry", "fields": map[string]string{"repo": "https://git.example.org/x", "stage": stage}}), 200)
		mustStatus(t, c.do("POST", base+"/submit", map[string]any{}), 201)
	}
	add := func(body map[string]any, want int) {
		t.Helper()
		mustStatus(t, f.admin.do("POST", "/api/v1/contests/green/members", body), want)
	}
	add(map[string]any{"email": "sponsor@acme.example.com", "role": "judge", "prize": "stage=unicorn"}, 400)
	add(map[string]any{"email": "sponsor@acme.example.com", "role": "judge", "prize": "repo=x"}, 400)
	add(map[string]any{"email": "sponsor@acme.example.com", "role": "organizer", "prize": "stage=prototype"}, 400)
	add(map[string]any{"email": "panel@acme.example.com", "role": "judge", "scoped": true}, 400)
	sponsor := ts.signUp("sponsor@acme.example.com")
	panel := ts.signUp("panel@globex.example.com")
	add(map[string]any{"email": "sponsor@acme.example.com", "role": "judge", "prize": "stage=prototype"}, 201)
	add(map[string]any{"email": "panel@globex.example.com", "role": "judge", "scoped": true, "tracks": []string{"mobility"}}, 201)
	members := memberList(t, f.admin, "green", "?role=judge").Items
	listed := 0
	for _, m := range members {
		if m.Email == "sponsor@acme.example.com" && m.Prize == "stage=prototype" || m.Email == "panel@globex.example.com" && m.Scoped {
			listed++
		}
	}
	if listed != 2 {
		t.Fatalf("members do not show the panels: %+v", members)
	}

	f.createRound(t, 2, "mean", false)
	mustStatus(t, f.admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", f.round.ID), map[string]any{}), 200)
	got := decode[[]domain.Assignment](t, sponsor.do("GET", "/api/v1/me/assignments", nil))
	if len(got) == 0 {
		t.Fatal("the sponsor judge has no entries")
	}
	for _, a := range got {
		if !prize[a.SubmissionID] {
			t.Fatalf("the sponsor judge got entry %d, which did not choose the prize", a.SubmissionID)
		}
	}
	got = decode[[]domain.Assignment](t, panel.do("GET", "/api/v1/me/assignments", nil))
	if len(got) == 0 {
		t.Fatal("the track panel has no entries")
	}
	for _, a := range got {
		if f.track[a.SubmissionID] != "mobility" {
			t.Fatalf("the mobility panel got a %s entry", f.track[a.SubmissionID])
		}
	}
	// Moving an entry outside the panel to the sponsor judge is refused.
	for _, a := range f.assignments(t) {
		if !prize[a.SubmissionID] {
			r := f.admin.do("PATCH", fmt.Sprintf("/api/v1/assignments/%d", a.ID), map[string]any{"judge_id": sponsor.userID(), "reason": "rebalance"})
			if r.Status < 400 || r.Status >= 500 {
				t.Fatalf("moving entry %d to the sponsor judge: %d %s", a.SubmissionID, r.Status, r.Body)
			}
			break
		}
	}
}

// TestInvitationLinks: an organizer makes a judges' link with a QR code and
// a use limit; verified accounts take the judge role with it (audited), an
// unverified one and a contestant cannot, and a used-up or revoked link
// says so.
func TestInvitationLinks(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.admin()
	admin.createContest("green")
	path := "/api/v1/contests/green/invite-links"
	for _, bad := range []map[string]any{
		{"role": "organizer"},
		{"role": "judge", "max_uses": -1},
		{"role": "judge", "expires_at": time.Now().Add(-time.Hour).Format(time.RFC3339)},
		{"role": "judge", "scoped": true},
		{"role": "judge", "tracks": []string{"space"}},
	} {
		mustStatus(t, admin.do("POST", path, bad), 400)
	}
	r := admin.do("POST", path, map[string]any{"role": "judge", "max_uses": 2, "label": "Venue desk", "tracks": []string{"energy"}, "scoped": true})
	mustStatus(t, r, 201)
	made := decode[domain.RoleLink](t, r)
	png, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(made.QRCode, "data:image/png;base64,"))
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) || made.State != domain.LinkActive {
		t.Fatalf("made link: state %q, QR %.40q (%v)", made.State, made.QRCode, err)
	}
	token := made.URL[strings.LastIndex(made.URL, "/jury/")+len("/jury/"):]
	if len(token) < 40 || !strings.HasPrefix(made.URL, ts.cfg.PublicURL+"/jury/") {
		t.Fatalf("link %q", made.URL)
	}
	anon := ts.client()
	preview := decode[domain.RoleLink](t, anon.do("POST", "/api/v1/invite-links/preview", map[string]string{"token": token}))
	if preview.ContestRef != "green" || preview.Role != domain.RoleJudge || preview.Label != "Venue desk" {
		t.Fatalf("preview: %+v", preview)
	}
	mustStatus(t, anon.do("POST", "/api/v1/invite-links/preview", map[string]string{"token": token + "x"}), 404)
	mustStatus(t, anon.do("POST", "/api/v1/invite-links/accept", map[string]string{"token": token}), 401)

	// An unverified account: signed in, not verified.
	unverified := ts.client()
	mustStatus(t, unverified.do("POST", "/api/v1/auth/register", map[string]string{"email": "new@example.org", "password": "a-long-password", "name": "New"}), 201)
	unverified.login("new@example.org", "a-long-password")
	mustStatus(t, unverified.do("POST", "/api/v1/invite-links/accept", map[string]string{"token": token}), 403)
	// A contestant cannot judge; the refusal costs no use.
	contestant := ts.signUp("contestant@example.org")
	contestant.createTeam("green", "Rocket", "energy")
	mustStatus(t, contestant.do("POST", "/api/v1/invite-links/accept", map[string]string{"token": token}), 409)

	for _, email := range []string{"j1@example.org", "j2@example.org"} {
		j := ts.signUp(email)
		mustStatus(t, j.do("POST", "/api/v1/invite-links/accept", map[string]string{"token": token}), 200)
		me := decode[meResponse](t, j.do("GET", "/api/v1/me", nil))
		if len(me.Roles) != 1 || me.Roles[0].Role != domain.RoleJudge {
			t.Fatalf("%s roles: %+v", email, me.Roles)
		}
	}
	members := memberList(t, admin, "green", "?role=judge").Items
	panels := 0
	for _, m := range members {
		if m.Role == domain.RoleJudge && m.Scoped && len(m.Tracks) == 1 && m.Tracks[0] == "energy" {
			panels++
		}
	}
	if panels != 2 {
		t.Fatalf("the link's panel is not on its judges: %+v", members)
	}
	late := ts.signUp("j3@example.org")
	r = late.do("POST", "/api/v1/invite-links/accept", map[string]string{"token": token})
	mustStatus(t, r, 403)
	if !strings.Contains(string(r.Body), "used as many times") {
		t.Fatalf("used-up link: %s", r.Body)
	}

	// Revoked: a clear message, for a preview and an acceptance.
	r = admin.do("POST", path, map[string]any{"role": "judge"})
	mustStatus(t, r, 201)
	second := decode[domain.RoleLink](t, r)
	token2 := second.URL[strings.LastIndex(second.URL, "/jury/")+len("/jury/"):]
	mustStatus(t, admin.do("DELETE", fmt.Sprintf("%s/%d", path, second.ID), nil), 200)
	for _, p := range []string{"preview", "accept"} {
		r = late.do("POST", "/api/v1/invite-links/"+p, map[string]string{"token": token2})
		mustStatus(t, r, 403)
		if !strings.Contains(string(r.Body), "revoked") {
			t.Fatalf("%s of a revoked link: %s", p, r.Body)
		}
	}
	list := decode[[]domain.RoleLink](t, admin.do("GET", path, nil))
	if len(list) != 2 || list[0].State != domain.LinkRevoked || list[1].State != domain.LinkUsedUp || list[1].Uses != 2 || list[0].URL != "" {
		t.Fatalf("links: %+v", list)
	}
	// Who made, used and revoked links is audited.
	audit := decode[listPage[domain.AuditEntry]](t, admin.do("GET", "/api/v1/contests/green/audit", nil))
	count := map[string]int{}
	for _, e := range audit.Items {
		count[e.Action]++
	}
	if count["invite_link.create"] != 2 || count["invite_link.accept"] != 2 || count["invite_link.revoke"] != 1 {
		t.Fatalf("audit: %v", count)
	}
}
