package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/podium-contests/podium/server/config"
	"github.com/podium-contests/podium/server/domain"
)

func TestContestValidationNamesFields(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.admin()
	in := contestInput("x")
	in["timezone"] = "Mars/Olympus"
	in["submission_deadline"] = "tomorrow"
	in["tracks"] = []map[string]string{{"slug": "a a", "title": ""}}
	in["files"] = []map[string]any{{"key": "deck", "label": "Deck", "max_bytes": 0, "types": []string{".exe"}}}
	r := admin.do("POST", "/api/v1/contests", in)
	mustStatus(t, r, 400)
	_, fields := r.errorCode(t)
	for _, f := range []string{"slug", "timezone", "submission_deadline", "tracks[0].slug", "tracks[0].title", "files[0].max_bytes", "files[0].types[0]"} {
		if fields[f] == "" {
			t.Errorf("field %s not named in %v", f, fields)
		}
	}
	// Only platform admins create contests.
	user := ts.signUp("user@example.org")
	mustStatus(t, user.do("POST", "/api/v1/contests", contestInput("mine")), 403)
	// A created contest reads back, and a duplicate slug is a conflict.
	c := admin.createContest("green")
	if c.Timezone != "Asia/Shanghai" || len(c.Tracks) != 2 || len(c.Files) != 2 {
		t.Fatalf("contest: %+v", c)
	}
	r = admin.do("POST", "/api/v1/contests", contestInput("green"))
	mustStatus(t, r, 409)
	// A wall-clock deadline is read in the contest's time zone.
	r = admin.do("PATCH", "/api/v1/contests/green", map[string]any{"submission_deadline": "2031-01-01T18:00"})
	mustStatus(t, r, 200)
	got := decode[domain.Contest](t, r)
	if want := time.Date(2031, 1, 1, 10, 0, 0, 0, time.UTC); !got.SubmissionDeadline.Equal(want) {
		t.Fatalf("deadline %s, want %s", got.SubmissionDeadline, want)
	}
	mustStatus(t, user.do("PATCH", "/api/v1/contests/green", map[string]any{"title": "Mine now"}), 403)
	var audit struct {
		Data pageResult[domain.AuditEntry] `json:"data"`
	}
	admin.do("GET", "/api/v1/contests/green/audit", nil).json(t, &audit)
	if len(audit.Data.Items) != 1 || audit.Data.Items[0].Action != "contest.update" {
		t.Fatalf("audit: %+v", audit.Data)
	}
}

func TestMembersByEmailIncludingInvitations(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.admin()
	admin.createContest("green")
	ts.signUp("judy@example.org")
	r := admin.do("POST", "/api/v1/contests/green/members", map[string]any{"email": "judy@example.org", "role": "judge", "tracks": []string{"energy"}, "organization": "ACME"})
	mustStatus(t, r, 201)
	if decode[memberResult](t, r).Invited {
		t.Fatal("existing account reported as invited")
	}
	r = admin.do("POST", "/api/v1/contests/green/members", map[string]any{"email": "newjudge@example.org", "role": "judge"})
	mustStatus(t, r, 201)
	if !decode[memberResult](t, r).Invited {
		t.Fatal("unknown address not invited")
	}
	r = admin.do("POST", "/api/v1/contests/green/members", map[string]any{"email": "x@example.org", "role": "king", "tracks": []string{"space"}})
	mustStatus(t, r, 400)
	if _, f := r.errorCode(t); f["role"] == "" || f["tracks[0]"] == "" {
		t.Fatalf("%s", r.Body)
	}
	// The invitation becomes a role when the person registers.
	judge := ts.signUp("newjudge@example.org")
	me := decode[meResponse](t, judge.do("GET", "/api/v1/me", nil))
	if len(me.Roles) != 1 || me.Roles[0].Role != domain.RoleJudge || me.Roles[0].ContestSlug != "green" {
		t.Fatalf("roles: %+v", me.Roles)
	}
	// A judge cannot enter the contest they judge.
	r = judge.do("POST", "/api/v1/contests/green/teams", map[string]string{"name": "Sneaky", "track": "energy"})
	mustStatus(t, r, 403)
	members := memberList(t, admin, "green", "").Items
	if len(members) != 3 { // the organizer and two judges
		t.Fatalf("members: %+v", members)
	}
}

func TestTeamLifecycle(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.admin().createContest("green")
	cap := ts.signUp("cap@example.org")
	team := cap.createTeam("green", "Solar Owls", "energy")
	if team.InviteCode == "" || team.CaptainID == 0 || len(team.Members) != 1 {
		t.Fatalf("team: %+v", team)
	}
	r := cap.do("POST", "/api/v1/contests/green/teams", map[string]string{"name": "Second", "track": "energy"})
	mustStatus(t, r, 409)
	r = ts.signUp("dup@example.org").do("POST", "/api/v1/contests/green/teams", map[string]string{"name": "solar owls", "track": "nope"})
	mustStatus(t, r, 400)
	if _, f := r.errorCode(t); f["track"] == "" {
		t.Fatalf("%s", r.Body)
	}

	bob := ts.signUp("bob@example.org")
	r = bob.do("POST", "/api/v1/contests/green/teams/join", map[string]string{"invite_code": "WRONGCODE1"})
	mustStatus(t, r, 404)
	r = bob.do("POST", "/api/v1/contests/green/teams/join", map[string]string{"invite_code": team.InviteCode})
	mustStatus(t, r, 200)
	// An outsider cannot see the team.
	eve := ts.signUp("eve@example.org")
	mustStatus(t, eve.do("GET", fmt.Sprintf("/api/v1/teams/%d", team.ID), nil), 404)
	// Only the captain removes members and hands over.
	bobID := decode[meResponse](t, bob.do("GET", "/api/v1/me", nil)).User.ID
	mustStatus(t, bob.do("POST", fmt.Sprintf("/api/v1/teams/%d/captain", team.ID), map[string]int64{"user_id": bobID}), 403)
	mustStatus(t, cap.do("POST", fmt.Sprintf("/api/v1/teams/%d/leave", team.ID), map[string]any{}), 409)
	r = cap.do("POST", fmt.Sprintf("/api/v1/teams/%d/captain", team.ID), map[string]int64{"user_id": bobID})
	mustStatus(t, r, 200)
	if decode[domain.Team](t, r).CaptainID != bobID {
		t.Fatal("captaincy not handed over")
	}
	mustStatus(t, cap.do("POST", fmt.Sprintf("/api/v1/teams/%d/leave", team.ID), map[string]any{}), 200)
	mustStatus(t, cap.do("GET", fmt.Sprintf("/api/v1/teams/%d", team.ID), nil), 404)
	// The former member may start or join another team now.
	cap.createTeam("green", "Wind Foxes", "energy")
}

// TestLockedTeamRefusesMemberChanges: once team registration has closed,
// inviting, leaving and removing are refused with a message that says the
// team is locked and since when, and the team is unchanged.
func TestLockedTeamRefusesMemberChanges(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	contest := ts.admin().createContest("green")
	cap := ts.signUp("cap@example.org")
	team := cap.createTeam("green", "Solar Owls", "energy")
	bob := ts.signUp("bob@example.org")
	mustStatus(t, bob.do("POST", "/api/v1/contests/green/teams/join", map[string]string{"invite_code": team.InviteCode}), 200)
	bobID := decode[meResponse](t, bob.do("GET", "/api/v1/me", nil)).User.ID

	ts.con.Now = func() time.Time { return contest.SubmissionDeadline.Add(time.Minute) }
	defer func() { ts.con.Now = nil }()
	for _, r := range []response{
		cap.do("POST", fmt.Sprintf("/api/v1/teams/%d/invitations", team.ID), map[string]string{"email": "carol@example.org"}),
		bob.do("POST", fmt.Sprintf("/api/v1/teams/%d/leave", team.ID), map[string]any{}),
		cap.do("DELETE", fmt.Sprintf("/api/v1/teams/%d/members/%d", team.ID, bobID), nil),
	} {
		mustStatus(t, r, 422)
		if code, _ := r.errorCode(t); code != "too_late" || !strings.Contains(string(r.Body), "the team is locked: team registration closed at") {
			t.Fatalf("refusal does not say why: %s", r.Body)
		}
	}
	if got := decode[domain.Team](t, cap.do("GET", fmt.Sprintf("/api/v1/teams/%d", team.ID), nil)); len(got.Members) != 2 {
		t.Fatalf("a locked team changed: %+v", got.Members)
	}
	if m := ts.mailsTo("carol@example.org"); len(m) != 0 {
		t.Fatalf("a locked team sent an invitation: %+v", m)
	}
}

func TestLastSeatGoesToExactlyOne(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.admin().createContest("green") // max_team_size 3
	team := ts.signUp("cap@example.org").createTeam("green", "Race", "energy")
	ts.signUp("second@example.org").do("POST", "/api/v1/contests/green/teams/join", map[string]string{"invite_code": team.InviteCode})
	const racers = 6
	joiners := make([]*client, racers)
	for i := range joiners {
		joiners[i] = ts.signUp(fmt.Sprintf("racer%d@example.org", i))
	}
	statuses := make([]int, racers)
	var wg sync.WaitGroup
	for i, j := range joiners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = j.do("POST", "/api/v1/contests/green/teams/join", map[string]string{"invite_code": team.InviteCode}).Status
		}()
	}
	wg.Wait()
	ok, full := 0, 0
	for _, s := range statuses {
		switch s {
		case 200:
			ok++
		case 409:
			full++
		}
	}
	if ok != 1 || full != racers-1 {
		t.Fatalf("statuses %v: want exactly one 200 and the rest 409", statuses)
	}
	mustMembers(t, ts, team.ID, 3)
}

// TestJoinCountsMembersCommittedWhileWaiting: a join that waits for the
// team's row lock counts the member that the transaction it waited for
// added. A transaction here takes the last seat and holds the lock until
// the join waits for it; when it commits, the join must find the team full.
func TestJoinCountsMembersCommittedWhileWaiting(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	contest := ts.admin().createContest("green") // max_team_size 3
	team := ts.signUp("cap@example.org").createTeam("green", "Waiters", "energy")
	join := map[string]string{"invite_code": team.InviteCode}
	mustStatus(t, ts.signUp("second@example.org").do("POST", "/api/v1/contests/green/teams/join", join), 200)
	third := ts.signUp("third@example.org").userID()
	late := ts.signUp("late@example.org")
	var status int
	whileTeamLocked(t, ts, team.ID, func() { status = late.do("POST", "/api/v1/contests/green/teams/join", join).Status },
		"INSERT INTO team_members (team_id, contest_id, user_id) VALUES ($1, $2, $3)", team.ID, contest.ID, third)
	if status != 409 {
		t.Fatalf("the join after the last seat was taken answered %d, want 409", status)
	}
	mustMembers(t, ts, team.ID, 3)
}

// TestLastTwoLeavingDeleteTheTeam: when the last two members leave at once,
// the one that waited for the other's lock counts one member, itself, and
// deletes the team with its membership: no team is left without members.
func TestLastTwoLeavingDeleteTheTeam(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.admin().createContest("green")
	team := ts.signUp("cap@example.org").createTeam("green", "Leavers", "energy")
	second := ts.signUp("second@example.org")
	mustStatus(t, second.do("POST", "/api/v1/contests/green/teams/join", map[string]string{"invite_code": team.InviteCode}), 200)
	var leaveErr error
	whileTeamLocked(t, ts, team.ID, func() { leaveErr = ts.store.RemoveMember(t.Context(), team.ID, team.CaptainID) },
		"DELETE FROM team_members WHERE team_id = $1 AND user_id = $2", team.ID, second.userID())
	if leaveErr != nil {
		t.Fatalf("the captain's leave: %v", leaveErr)
	}
	if got, err := ts.store.TeamByID(t.Context(), team.ID); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Fatalf("the team is still there with %d members (%v)", len(got.Members), err)
	}
}

// whileTeamLocked runs call while a transaction that ran stmt (with args)
// holds the team's row lock, and commits once call waits for that lock:
// call then goes on with what the transaction committed.
func whileTeamLocked(t *testing.T, ts *testServer, teamID int64, call func(), stmt string, args ...any) {
	t.Helper()
	whileLocked(t, ts, func(ctx context.Context, tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, "SELECT id FROM teams WHERE id = $1 FOR UPDATE", teamID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, stmt, args...)
		return err
	}, "the team's lock", `query LIKE '%FROM teams%FOR UPDATE%'`, call)
}

// whileLocked runs call while a transaction that ran prepare holds a lock,
// and commits once call waits for it (a session of the test's database
// waits on a lock and matches waiting, a condition on pg_stat_activity):
// call then goes on with what the transaction committed.
func whileLocked(t *testing.T, ts *testServer, prepare func(context.Context, *sqlx.Tx) error, lock, waiting string, call func()) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	db := ts.store.DB()
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck // committed below
	if err := prepare(ctx, tx); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		call()
	}()
	for n := 0; n == 0; {
		select {
		case <-done:
			t.Fatalf("the call finished without waiting for %s", lock)
		default:
		}
		err := db.GetContext(ctx, &n, `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock' AND `+waiting)
		if err != nil {
			t.Fatalf("waiting for the call to wait for %s: %v", lock, err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	<-done
}

// mustMembers fails t unless the team has want members.
func mustMembers(t *testing.T, ts *testServer, teamID int64, want int) {
	t.Helper()
	got, err := ts.store.TeamByID(t.Context(), teamID)
	if err != nil || len(got.Members) != want {
		t.Fatalf("team has %d members, want %d (%v)", len(got.Members), want, err)
	}
}

func TestSubmissionJourney(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.admin()
	admin.createContest("green")
	cap := ts.signUp("cap@example.org")
	team := cap.createTeam("green", "Solar Owls", "energy")
	base := fmt.Sprintf("/api/v1/teams/%d/submission", team.ID)

	r := cap.do("PUT", base, map[string]any{"title": "Sun", "fields": map[string]string{"repo": "not a url", "stage": "finished", "bogus": "x"}})
	mustStatus(t, r, 400)
	if _, f := r.errorCode(t); f["fields.repo"] == "" || f["fields.stage"] == "" || f["fields.bogus"] == "" {
		t.Fatalf("%s", r.Body)
	}
	r = cap.do("PUT", base, map[string]any{"title": "Sun", "abstract": "Roofs.", "fields": map[string]string{"repo": "https://git.example.org/sun"}})
	mustStatus(t, r, 200)

	// Submitting without the required PDF names the slot.
	r = cap.do("POST", base+"/submit", map[string]any{})
	mustStatus(t, r, 400)
	if _, f := r.errorCode(t); f["files.deck"] == "" {
		t.Fatalf("%s", r.Body)
	}

	deck := pdfBytes(200 << 10)
	file := cap.uploadPDF(team.ID, deck)
	if file.Status != domain.FileStored || file.Size != int64(len(deck)) || file.SHA256 != sha(deck) {
		t.Fatalf("file: %+v", file)
	}
	f, err := ts.store.FileByID(t.Context(), file.ID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(f.ObjectKey, "deck") {
		t.Fatalf("object key derived from the filename: %s", f.ObjectKey)
	}
	if size, err := ts.blob.Size(t.Context(), f.ObjectKey); err != nil || size != int64(len(deck)) {
		t.Fatalf("bucket has %d bytes (%v)", size, err)
	}

	cap.headers["Idempotency-Key"] = "submit-1"
	r = cap.do("POST", base+"/submit", map[string]any{})
	mustStatus(t, r, 201)
	rc := decode[receiptResult](t, r).Receipt
	if rc.Version != 1 || len(rc.Files) != 1 || rc.Files[0].SHA256 != sha(deck) || rc.Digest != domain.ComputeDigest(rc) {
		t.Fatalf("receipt: %+v", rc)
	}
	// A retry with the same key returns the same version.
	again := decode[receiptResult](t, cap.do("POST", base+"/submit", map[string]any{})).Receipt
	if again.Version != 1 || again.Digest != rc.Digest {
		t.Fatalf("retry made a new version: %+v", again)
	}
	delete(cap.headers, "Idempotency-Key")
	// Editing and submitting again makes version 2; version 1 stays.
	mustStatus(t, cap.do("PUT", base, map[string]any{"title": "Sun v2", "fields": map[string]string{"repo": "https://git.example.org/sun"}}), 200)
	rc2 := decode[receiptResult](t, cap.do("POST", base+"/submit", map[string]any{})).Receipt
	if rc2.Version != 2 || rc2.Title != "Sun v2" {
		t.Fatalf("second receipt: %+v", rc2)
	}
	v1 := decode[receiptResult](t, cap.do("GET", base+"/versions/1", nil)).Receipt
	if v1.Title != "Sun" || v1.Digest != rc.Digest {
		t.Fatalf("version 1 changed: %+v", v1)
	}
	var outbox int
	if err := ts.store.DB().Get(&outbox, "SELECT count(*) FROM outbox WHERE subject LIKE '%Submission receipt%'"); err != nil || outbox != 2 {
		t.Fatalf("receipt e-mails queued: %d (%v)", outbox, err)
	}

	// Downloads: members and organizers get a presigned attachment link;
	// other teams get 404.
	r = cap.do("GET", "/api/v1/files/"+file.ID+"/download", nil)
	mustStatus(t, r, 302)
	loc := r.Header.Get("Location")
	if !strings.Contains(loc, "response-content-disposition=attachment") || !strings.Contains(loc, "X-Amz-Expires=300") {
		t.Fatalf("download link: %s", loc)
	}
	resp, err := http.Get(loc)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") || resp.Header.Get("Content-Type") != "application/octet-stream" {
		t.Fatalf("store served %d %q %q", resp.StatusCode, resp.Header.Get("Content-Disposition"), resp.Header.Get("Content-Type"))
	}
	mustStatus(t, admin.do("GET", "/api/v1/files/"+file.ID+"/download", nil), 302)
	other := ts.signUp("other@example.org")
	other.createTeam("green", "Other", "mobility")
	mustStatus(t, other.do("GET", "/api/v1/files/"+file.ID+"/download", nil), 404)
	mustStatus(t, other.do("GET", base, nil), 404)
	mustStatus(t, other.do("PUT", base, map[string]any{"title": "hijack"}), 404)
	mustStatus(t, other.do("GET", base+"/versions/1", nil), 404)

	// A new upload to the slot replaces the stored file in the draft; a
	// retried complete answers the stored file again; the next version
	// holds the new file only.
	deck2 := pdfBytes(150 << 10)
	file2 := cap.uploadPDF(team.ID, deck2)
	if file2.Status != domain.FileStored || file2.SHA256 != sha(deck2) {
		t.Fatalf("second file: %+v", file2)
	}
	if old, err := ts.store.FileByID(t.Context(), file.ID); err != nil || old.Status != domain.FileReplaced {
		t.Fatalf("first file after the second was stored: %+v (%v)", old, err)
	}
	retried := decode[domain.SubmissionFile](t, cap.do("POST", fmt.Sprintf("%s/files/%s/complete", base, file2.ID), map[string]any{}))
	if retried.ID != file2.ID || retried.Status != domain.FileStored || retried.CompletedAt == nil || !retried.CompletedAt.Equal(*file2.CompletedAt) {
		t.Fatalf("retried complete: %+v, first answer %+v", retried, file2)
	}
	rc3 := decode[receiptResult](t, cap.do("POST", base+"/submit", map[string]any{})).Receipt
	if rc3.Version != 3 || len(rc3.Files) != 1 || rc3.Files[0].FileID != file2.ID || rc3.Files[0].SHA256 != sha(deck2) {
		t.Fatalf("third receipt: %+v", rc3)
	}
}

func TestUploadsAreVerified(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.admin().createContest("green")
	cap := ts.signUp("cap@example.org")
	team := cap.createTeam("green", "Owls", "energy")
	complete := func(id string) response {
		return cap.do("POST", fmt.Sprintf("/api/v1/teams/%d/submission/files/%s/complete", team.ID, id), map[string]any{})
	}

	// Declarations are checked first.
	r, _ := cap.declare(team.ID, "deck", "../../etc/passwd.exe", 0, "xyz")
	mustStatus(t, r, 400)
	if _, f := r.errorCode(t); f["filename"] == "" || f["size"] == "" || f["sha256"] == "" {
		t.Fatalf("%s", r.Body)
	}
	r, _ = cap.declare(team.ID, "deck", "deck.pdf", 11<<20, sha(nil))
	mustStatus(t, r, 400)

	// More bytes than declared: the store itself refuses the upload.
	content := pdfBytes(4096)
	_, nf := cap.declare(team.ID, "deck", "deck.pdf", 4000, sha(content))
	if st, _ := postToStore(t, nf.Upload, content); st/100 == 2 {
		t.Fatalf("store accepted %d bytes for a 4000-byte policy", len(content))
	}
	mustStatus(t, complete(nf.FileID), 400)

	// Bytes that do not match the declared SHA-256: the store refuses them,
	// since the form's policy signs the checksum.
	_, nf = cap.declare(team.ID, "deck", "deck.pdf", 4096, sha(pdfBytes(4096)))
	if st, _ := postToStore(t, nf.Upload, content); st/100 == 2 {
		t.Fatal("store accepted bytes whose SHA-256 differs from the signed one")
	}
	r = complete(nf.FileID)
	mustStatus(t, r, 400)
	if _, f := r.errorCode(t); f["file"] == "" {
		t.Fatalf("%s", r.Body)
	}
	// Where the store kept no checksum (it ignored the field), the server
	// reads the object back: bytes that do not match are rejected and
	// deleted.
	f, _ := ts.store.FileByID(t.Context(), nf.FileID)
	if err := ts.blob.Put(t.Context(), f.ObjectKey, bytes.NewReader(content), int64(len(content))); err != nil {
		t.Fatal(err)
	}
	r = complete(nf.FileID)
	mustStatus(t, r, 400)
	if _, f := r.errorCode(t); f["sha256"] == "" {
		t.Fatalf("%s", r.Body)
	}
	if _, err := ts.blob.Size(t.Context(), f.ObjectKey); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Fatalf("rejected object still stored: %v", err)
	}
	mustStatus(t, complete(nf.FileID), 409)
	// With PODIUM_S3_TRUST_CHECKSUMS=false the form carries no checksum: the
	// store takes the bytes, and complete finds them out the same way.
	plain := newTestServer(t, func(c *config.Config) { c.S3TrustChecksums = false })
	plain.admin().createContest("green")
	pcap := plain.signUp("cap@example.org")
	pteam := pcap.createTeam("green", "Owls", "energy")
	_, nf = pcap.declare(pteam.ID, "deck", "deck.pdf", 4096, sha(pdfBytes(4096)))
	if st, body := postToStore(t, nf.Upload, content); st/100 != 2 {
		t.Fatalf("upload without a signed checksum: %d %s", st, body)
	}
	r = pcap.do("POST", fmt.Sprintf("/api/v1/teams/%d/submission/files/%s/complete", pteam.ID, nf.FileID), map[string]any{})
	mustStatus(t, r, 400)
	if _, f := r.errorCode(t); f["sha256"] == "" {
		t.Fatalf("%s", r.Body)
	}

	// An HTML page named .pdf is refused by its magic bytes.
	html := []byte("<!DOCTYPE html><html><script>alert(document.cookie)</script></html>")
	_, nf = cap.declare(team.ID, "deck", "deck.pdf", int64(len(html)), sha(html))
	postToStore(t, nf.Upload, html)
	r = complete(nf.FileID)
	mustStatus(t, r, 400)
	if _, f := r.errorCode(t); f["filename"] == "" {
		t.Fatalf("%s", r.Body)
	}
	// Completing before uploading says so.
	_, nf = cap.declare(team.ID, "deck", "deck.pdf", 100, sha(pdfBytes(100)))
	mustStatus(t, complete(nf.FileID), 400)
	sub := decode[domain.Submission](t, cap.do("GET", fmt.Sprintf("/api/v1/teams/%d/submission", team.ID), nil))
	for _, f := range sub.Files {
		if f.Status == domain.FileStored {
			t.Fatalf("an unverified file was accepted: %+v", f)
		}
	}
}

func TestMultipartUploadResumes(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.admin().createContest("green")
	cap := ts.signUp("cap@example.org")
	team := cap.createTeam("green", "Owls", "energy")
	size := domain.MultipartThreshold + 5<<20
	content := make([]byte, size)
	copy(content[4:], "ftypisom\x00\x00\x02\x00isomiso2avc1mp41")
	content[3] = 0x20
	for i := 4096; i < len(content); i += 4096 {
		content[i] = byte(i / 4096)
	}
	r := cap.do("POST", fmt.Sprintf("/api/v1/teams/%d/submission/files", team.ID),
		map[string]any{"slot": "video", "filename": "demo.mp4", "size": size, "sha256": sha(content)})
	mustStatus(t, r, 201)
	nf := decode[domain.NewFile](t, r)
	up := nf.Upload
	if up.Method != "MULTIPART" || up.PartSize < 5<<20 || len(up.Parts) < 2 {
		t.Fatalf("upload plan: %+v", up)
	}
	part := func(p domain.PartURL) []byte {
		start := int64(p.Number-1) * up.PartSize
		return content[start : start+p.Size]
	}
	// A part of the wrong size is refused by the store (its size is signed).
	if st, _ := putPart(t, up.Parts[0].URL, part(up.Parts[0])[:1000]); st/100 == 2 {
		t.Fatal("store accepted a part of the wrong size")
	}
	// Upload the first half, then "lose the connection" and resume.
	half := len(up.Parts) / 2
	for _, p := range up.Parts[:half] {
		if st, _ := putPart(t, p.URL, part(p)); st != 200 {
			t.Fatalf("part %d: %d", p.Number, st)
		}
	}
	r = cap.do("GET", fmt.Sprintf("/api/v1/teams/%d/submission/files/%s", team.ID, nf.FileID), nil)
	mustStatus(t, r, 200)
	state := decode[domain.UploadState](t, r)
	if len(state.Done) != half || len(state.Upload.Parts) != len(up.Parts)-half {
		t.Fatalf("resume state: %d done, %d to go", len(state.Done), len(state.Upload.Parts))
	}
	// A client that does not trust a listed part (its upload was cut off)
	// asks for it again; a number outside the upload is refused by name.
	resumeURL := fmt.Sprintf("/api/v1/teams/%d/submission/files/%s", team.ID, nf.FileID)
	r = cap.do("GET", resumeURL+"?resend=1", nil)
	mustStatus(t, r, 200)
	if again := decode[domain.UploadState](t, r); len(again.Upload.Parts) != len(up.Parts)-half+1 || again.Upload.Parts[0].Number != 1 {
		t.Fatalf("resend=1: %d parts to go, first %+v", len(again.Upload.Parts), again.Upload.Parts[0])
	}
	for _, bad := range []string{"0", fmt.Sprint(len(up.Parts) + 1), "x"} {
		r = cap.do("GET", resumeURL+"?resend="+bad, nil)
		mustStatus(t, r, 400)
		if code, fields := r.errorCode(t); code != string(domain.CodeInvalid) || fields["resend"] == "" {
			t.Fatalf("resend=%s: %s %v", bad, code, fields)
		}
	}
	for _, p := range state.Upload.Parts {
		if st, _ := putPart(t, p.URL, part(p)); st != 200 {
			t.Fatalf("part %d: %d", p.Number, st)
		}
	}
	r = cap.do("POST", fmt.Sprintf("/api/v1/teams/%d/submission/files/%s/complete", team.ID, nf.FileID), map[string]any{})
	mustStatus(t, r, 200)
	got := decode[domain.SubmissionFile](t, r)
	if got.Status != domain.FileStored || got.Size != int64(size) {
		t.Fatalf("file: %+v", got)
	}
	stored, _ := ts.store.FileByID(t.Context(), nf.FileID)
	obj, err := ts.blob.Inspect(t.Context(), stored.ObjectKey, 64)
	if err != nil || !bytes.Equal(obj.Head, content[:64]) || obj.Size != int64(size) || obj.SHA256 != sha(content) {
		t.Fatalf("stored object differs: %+v %v", obj, err)
	}
}

func TestDeadlineAndExtension(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.admin()
	admin.createContest("green")
	cap := ts.signUp("cap@example.org")
	team := cap.createTeam("green", "Owls", "energy")
	base := fmt.Sprintf("/api/v1/teams/%d/submission", team.ID)
	mustStatus(t, cap.do("PUT", base, map[string]any{"title": "Before"}), 200)

	after := time.Now().Add(48*time.Hour + time.Second)
	ts.con.Now = func() time.Time { return after }
	defer func() { ts.con.Now = nil }()
	r := cap.do("PUT", base, map[string]any{"title": "After"})
	mustStatus(t, r, 422)
	if code, _ := r.errorCode(t); code != "too_late" {
		t.Fatalf("%s", r.Body)
	}
	mustStatus(t, cap.do("POST", base+"/submit", map[string]any{}), 422)
	r, _ = cap.declare(team.ID, "deck", "deck.pdf", 10, sha(pdfBytes(10)))
	mustStatus(t, r, 422)
	sub := decode[domain.Submission](t, cap.do("GET", base, nil))
	if sub.Title != "Before" {
		t.Fatalf("a late write changed the draft: %q", sub.Title)
	}

	// Extensions are for organizers only, need a reason, and are audited.
	mustStatus(t, cap.do("POST", fmt.Sprintf("/api/v1/teams/%d/extension", team.ID), map[string]string{"until": after.Add(time.Hour).Format(time.RFC3339), "reason": "power cut"}), 403)
	r = admin.do("POST", fmt.Sprintf("/api/v1/teams/%d/extension", team.ID), map[string]string{"until": after.Add(time.Hour).Format(time.RFC3339)})
	mustStatus(t, r, 400)
	r = admin.do("POST", fmt.Sprintf("/api/v1/teams/%d/extension", team.ID), map[string]string{"until": after.Add(time.Hour).Format(time.RFC3339), "reason": "power cut"})
	mustStatus(t, r, 200)
	mustStatus(t, cap.do("PUT", base, map[string]any{"title": "After"}), 200)
	var audit struct {
		Data pageResult[domain.AuditEntry] `json:"data"`
	}
	admin.do("GET", "/api/v1/contests/green/audit", nil).json(t, &audit)
	if len(audit.Data.Items) != 1 || audit.Data.Items[0].Action != "team.extension" || !strings.Contains(string(audit.Data.Items[0].Detail), "power cut") {
		t.Fatalf("audit: %+v", audit.Data.Items)
	}
}
