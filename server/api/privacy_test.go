package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/podium-contests/podium/server/domain"
)

// personalColumns counts, over every text-like column of every table, the
// rows that still hold one of the needles (case-insensitive), naming them.
func (ts *testServer) personalColumns(t *testing.T, needles ...string) []string {
	t.Helper()
	var cols []struct {
		Table  string `db:"table_name"`
		Column string `db:"column_name"`
	}
	if err := ts.store.DB().Select(&cols, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = 'public' AND (data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')
			OR udt_name = 'citext')
		ORDER BY table_name, column_name`); err != nil {
		t.Fatal(err)
	}
	if len(cols) < 20 {
		t.Fatalf("only %d text columns found: the query is wrong", len(cols))
	}
	var found []string
	for _, c := range cols {
		for _, n := range needles {
			var k int
			q := fmt.Sprintf(`SELECT count(*) FROM %q WHERE %q::text ILIKE '%%' || $1 || '%%'`, c.Table, c.Column)
			if err := ts.store.DB().Get(&k, q, n); err != nil {
				t.Fatalf("%s.%s: %v", c.Table, c.Column, err)
			}
			if k > 0 {
				found = append(found, fmt.Sprintf("%s.%s holds %q (%d rows)", c.Table, c.Column, n, k))
			}
		}
	}
	return found
}

// TestDeleteAccountErasesPersonalData: a person downloads their data, then
// deletes their account. Afterwards no column of any table holds their
// address or name, the bucket holds none of their unsubmitted files, their
// team (captained now by the other member) keeps its submitted version, and
// the round's ranking is unchanged; the audit log records the deletion
// without the address.
func TestDeleteAccountErasesPersonalData(t *testing.T) {
	t.Parallel()
	f := newJudgingFixture(t, 4, 3)
	ts := f.ts
	const email, name = "alice.quixote@uni.example.edu", "Alice Quixotic"
	alice := ts.signUpNamed(email, name)
	ctx := t.Context()

	// Alice's team in green: she submits a deck, then replaces it in the
	// draft and starts another upload she never finishes.
	team := alice.createTeam("green", "Windmills", "energy")
	bob := ts.signUp("bob@uni.example.edu")
	mustStatus(t, bob.do("POST", "/api/v1/contests/green/teams/join", map[string]string{"invite_code": team.InviteCode}), 200)
	base := fmt.Sprintf("/api/v1/teams/%d/submission", team.ID)
	mustStatus(t, alice.do("PUT", base, map[string]any{"title": "Windmills", "fields": map[string]string{"repo": "https://git.example.org/w"}}), 200)
	deck := pdfBytes(3000)
	submitted := alice.uploadNamed(team.ID, "alice-deck.pdf", deck)
	r := alice.do("POST", base+"/submit", map[string]any{})
	mustStatus(t, r, 201)
	receipt := decode[receiptResult](t, r).Receipt
	draftOnly := alice.uploadNamed(team.ID, "alice-deck-v2.pdf", pdfBytes(3100))
	_, pending := alice.declare(team.ID, "video", "demo.mp4", 5000, sha([]byte("x")))
	// Alone in a blue team that never submitted: it goes with her.
	admin := f.admin
	admin.createContest("blue")
	blueTeam := alice.createTeam("blue", "Solo", "energy")
	blueFile := alice.uploadNamed(blueTeam.ID, "solo.pdf", pdfBytes(2000))
	// Another team invited by her names her in its e-mail.
	mustStatus(t, alice.do("POST", fmt.Sprintf("/api/v1/teams/%d/invitations", team.ID), map[string]string{"email": "carol@uni.example.edu"}), 202)

	keys := map[string]string{}
	for _, id := range []string{submitted.ID, draftOnly.ID, pending.FileID, blueFile.ID} {
		var k string
		if err := ts.store.DB().Get(&k, "SELECT object_key FROM submission_files WHERE id = $1", id); err != nil {
			t.Fatal(err)
		}
		keys[id] = k
	}

	// Judging of green, with her team's entry scored.
	f.createRound(t, 2, "mean", false)
	mustStatus(t, admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", f.round.ID), map[string]any{}), 200)
	f.scoreAll(t)
	rankingPath := fmt.Sprintf("/api/v1/rounds/%d/ranking", f.round.ID)
	before := decode[domain.Ranking](t, admin.do("GET", rankingPath, nil))
	versionPath := base + "/versions/1"
	versionBefore := admin.do("GET", versionPath, nil)
	mustStatus(t, versionBefore, 200)

	// The download: her account, team, files with working links.
	r = alice.do("GET", "/api/v1/me/data", nil)
	mustStatus(t, r, 200)
	mine := decode[domain.PersonalData](t, r)
	var doc struct {
		Account struct {
			Email string `json:"email"`
			Name  string `json:"name"`
		} `json:"account"`
		Teams             []map[string]any `json:"teams"`
		SubmittedVersions []map[string]any `json:"submitted_versions"`
		Files             []map[string]any `json:"files"`
	}
	if err := json.Unmarshal(mine.Data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Account.Email != email || doc.Account.Name != name || len(doc.Teams) != 2 || len(doc.SubmittedVersions) != 1 || len(doc.Files) != 4 {
		t.Fatalf("personal data: %s", mine.Data)
	}
	if len(mine.Files) != 3 { // the pending upload has no object yet
		t.Fatalf("file links: %+v", mine.Files)
	}
	for _, l := range mine.Files {
		if l.FileID == submitted.ID && !bytes.Equal(download(t, l.URL), deck) {
			t.Fatal("the link to the submitted deck gives other bytes")
		}
	}

	// The scan below finds her before the deletion (so it can fail).
	if found := ts.personalColumns(t, email, name); len(found) < 3 {
		t.Fatalf("the scan finds only %v before the deletion", found)
	}

	// Deleting: the address typed again and the password.
	r = alice.do("DELETE", "/api/v1/me", map[string]string{"confirm": "someone@else.org", "password": "a-long-password"})
	mustStatus(t, r, 400)
	if _, fl := r.errorCode(t); fl["confirm"] == "" {
		t.Fatalf("no confirm field: %s", r.Body)
	}
	r = alice.do("DELETE", "/api/v1/me", map[string]string{"confirm": email, "password": "wrong-password"})
	mustStatus(t, r, 400)
	mustStatus(t, alice.do("GET", "/api/v1/me", nil), 200) // nothing changed
	mustStatus(t, alice.do("DELETE", "/api/v1/me", map[string]string{"confirm": strings.ToUpper(email), "password": "a-long-password"}), 200)
	mustStatus(t, alice.do("GET", "/api/v1/me", nil), 401)
	mustStatus(t, ts.client().do("POST", "/api/v1/auth/login", map[string]string{"email": email, "password": "a-long-password"}), 401)

	// No personal field of hers anywhere in the database.
	if found := ts.personalColumns(t, email, name); len(found) > 0 {
		t.Fatalf("personal data left after deletion:\n%s", strings.Join(found, "\n"))
	}
	// The bucket: the submitted deck stays, her unsubmitted files are gone.
	if _, err := ts.blob.Size(ctx, keys[submitted.ID]); err != nil {
		t.Fatalf("the submitted deck is gone: %v", err)
	}
	for _, id := range []string{draftOnly.ID, pending.FileID, blueFile.ID} {
		if _, err := ts.blob.Size(ctx, keys[id]); domain.ErrorCode(err) != domain.CodeNotFound {
			t.Fatalf("unsubmitted file %s still in the bucket (%v)", id, err)
		}
	}
	// The team keeps its version, now captained by Bob; the blue team is gone.
	versionAfter := admin.do("GET", versionPath, nil)
	mustStatus(t, versionAfter, 200)
	var vb, va struct {
		Data struct {
			Receipt domain.Receipt `json:"receipt"`
		} `json:"data"`
	}
	versionBefore.json(t, &vb)
	versionAfter.json(t, &va)
	if vb.Data.Receipt.Digest == "" || vb.Data.Receipt.Digest != va.Data.Receipt.Digest || va.Data.Receipt.Digest != receipt.Digest {
		t.Fatalf("submitted version changed: %s then %s", versionBefore.Body, versionAfter.Body)
	}
	tm := decode[domain.Team](t, bob.do("GET", fmt.Sprintf("/api/v1/teams/%d", team.ID), nil))
	if len(tm.Members) != 1 || tm.CaptainID != bob.userID() {
		t.Fatalf("team after deletion: %+v", tm)
	}
	mustStatus(t, admin.do("GET", fmt.Sprintf("/api/v1/teams/%d", blueTeam.ID), nil), 404)
	// The ranking is the same.
	after := decode[domain.Ranking](t, admin.do("GET", rankingPath, nil))
	if len(after.Entries) != len(before.Entries) {
		t.Fatalf("ranking has %d entries, had %d", len(after.Entries), len(before.Entries))
	}
	for i := range before.Entries {
		b, a := before.Entries[i], after.Entries[i]
		if a.EntryID != b.EntryID || a.Rank != b.Rank || a.Score != b.Score || a.TeamName != b.TeamName {
			t.Fatalf("ranking line %d changed: %+v then %+v", i, b, a)
		}
	}
	// The audit log: the deletion, without the address.
	var lines []struct {
		Action string `db:"action"`
		Detail string `db:"detail"`
	}
	if err := ts.store.DB().Select(&lines, "SELECT action, detail::text AS detail FROM audit_log WHERE action = 'account.delete'"); err != nil {
		t.Fatal(err)
	}
	if len(lines) != 1 || !strings.Contains(lines[0].Detail, `"files_removed": 3`) {
		t.Fatalf("audit of the deletion: %+v", lines)
	}
}

// TestRetentionPurge: a contest's retention period; a dry run lists what
// would go; before the period is over nothing can be purged; then the
// organizers are e-mailed once, and a confirmed purge removes the files
// from the bucket and the people's ties to the contest, keeping the teams
// and their versions' receipts.
func TestRetentionPurge(t *testing.T) {
	t.Parallel()
	f := newJudgingFixture(t, 2, 1)
	ts, admin := f.ts, f.admin
	path := "/api/v1/contests/green/retention"
	mustStatus(t, admin.do("PUT", path, map[string]int{"days": -1}), 400)
	r := admin.do("PUT", path, map[string]int{"days": 30})
	mustStatus(t, r, 200)
	if ret := decode[domain.Retention](t, r); ret.State != domain.RetentionRunning || ret.DueAt == nil {
		t.Fatalf("retention: %+v", ret)
	}
	var keys []string
	if err := ts.store.DB().Select(&keys, "SELECT object_key FROM submission_files"); err != nil || len(keys) != 2 {
		t.Fatalf("files: %v %v", keys, err)
	}
	plan := decode[domain.PurgePlan](t, admin.do("GET", path+"/dry-run", nil))
	if len(plan.Files) != 2 || plan.Counts.TeamMembers != 2 || plan.Counts.Judges != 1 || plan.Allowed || plan.Bytes != 2048 {
		t.Fatalf("dry run: %+v", plan)
	}
	mustStatus(t, admin.do("POST", path+"/purge", map[string]string{"confirm": "green"}), 422)

	// Two months later: the organizers are asked, once.
	ts.con.Now = func() time.Time { return time.Now().AddDate(0, 2, 0) }
	for want := 1; want >= 0; want-- {
		if n, err := ts.con.RemindRetention(t.Context()); err != nil || n != want {
			t.Fatalf("reminders: %d, %v; want %d", n, err, want)
		}
	}
	if m := ts.lastMailTo("root@example.org"); !strings.Contains(m.Subject, "Time to purge") || !strings.Contains(m.Body, "/organize/green") {
		t.Fatalf("reminder: %+v", m)
	}
	plan = decode[domain.PurgePlan](t, admin.do("GET", path+"/dry-run", nil))
	if !plan.Allowed || plan.Retention.State != domain.RetentionAsked {
		t.Fatalf("dry run when due: %+v", plan.Retention)
	}
	mustStatus(t, admin.do("POST", path+"/purge", map[string]string{"confirm": "blue"}), 400)
	mustStatus(t, admin.do("POST", path+"/purge", map[string]string{"confirm": "green"}), 200)
	for _, k := range keys {
		if _, err := ts.blob.Size(t.Context(), k); domain.ErrorCode(err) != domain.CodeNotFound {
			t.Fatalf("object %s still in the bucket (%v)", k, err)
		}
	}
	var counts struct {
		Members  int `db:"members"`
		Judges   int `db:"judges"`
		Teams    int `db:"teams"`
		Versions int `db:"versions"`
		Purges   int `db:"purges"`
	}
	if err := ts.store.DB().Get(&counts, `SELECT (SELECT count(*) FROM team_members) AS members,
		(SELECT count(*) FROM contest_members WHERE role = 'judge') AS judges, (SELECT count(*) FROM teams) AS teams,
		(SELECT count(*) FROM submission_versions) AS versions,
		(SELECT count(*) FROM audit_log WHERE action = 'retention.purge') AS purges`); err != nil {
		t.Fatal(err)
	}
	if counts.Members != 0 || counts.Judges != 0 || counts.Teams != 2 || counts.Versions != 2 || counts.Purges != 1 {
		t.Fatalf("after the purge: %+v", counts)
	}
	mustStatus(t, admin.do("POST", path+"/purge", map[string]string{"confirm": "green"}), 409)
}
