package api

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/podium-contests/podium/server/domain"
)

// person registers an account with a name and an organization and signs it in.
func (ts *testServer) person(email, name, org string) *client {
	ts.t.Helper()
	c := ts.client()
	mustStatus(ts.t, c.do("POST", "/api/v1/auth/register", map[string]string{"email": email, "password": "a-long-password", "name": name, "organization": org}), 201)
	ts.verifyEmail(email)
	c.login(email, "a-long-password")
	return c
}

// exportZIP runs a ZIP export as c and opens it.
func (c *client) exportZIP(slug string, in map[string]any) *zip.Reader {
	t := c.ts.t
	t.Helper()
	r := c.do("POST", "/api/v1/contests/"+slug+"/exports", in)
	mustStatus(t, r, 202)
	e := waitExport(t, c, slug, decode[domain.Export](t, r).ID)
	raw := c.downloadZIP(e.DownloadURL)
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	return zr
}

// submitNamed makes a submitted entry whose deck has the given file name.
func (c *client) submitNamed(team domain.Team, title, filename string) (domain.SubmissionFile, receiptResult) {
	t := c.ts.t
	t.Helper()
	base := fmt.Sprintf("/api/v1/teams/%d/submission", team.ID)
	mustStatus(t, c.do("PUT", base, map[string]any{"title": title, "fields": map[string]string{"repo": "https://git.example.org/x"}}), 200)
	f := c.uploadNamed(team.ID, filename, pdfBytes(2048))
	r := c.do("POST", base+"/submit", map[string]any{})
	mustStatus(t, r, 201)
	return f, decode[receiptResult](t, r)
}

// addMember gives email a role in the contest (as an organizer) and returns
// the answer.
func (c *client) addMember(slug, email, role string, tracks ...string) response {
	if tracks == nil {
		tracks = []string{}
	}
	return c.do("POST", "/api/v1/contests/"+slug+"/members", map[string]any{"email": email, "role": role, "tracks": tracks})
}

func mustUnescape(t *testing.T, s string) string {
	t.Helper()
	u, err := url.QueryUnescape(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// presigned follows a download redirect: the link and what the store sends.
func presigned(t *testing.T, r response) (*url.URL, http.Header) {
	t.Helper()
	mustStatus(t, r, 302)
	loc, err := url.Parse(r.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(loc.String())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("download: %d", resp.StatusCode)
	}
	return loc, resp.Header
}

func (c *client) round(slug string, in map[string]any) domain.Round {
	c.ts.t.Helper()
	body := map[string]any{"name": "Round", "judges_per_entry": 1, "method": "mean",
		"closes_at": time.Now().Add(24 * time.Hour).Format(time.RFC3339),
		"rubric":    []map[string]any{{"id": "impact", "label": "Impact", "weight": 1, "min": 1, "max": 10}}}
	for k, v := range in {
		body[k] = v
	}
	r := c.do("POST", "/api/v1/contests/"+slug+"/rounds", body)
	mustStatus(c.ts.t, r, 201)
	return decode[domain.Round](c.ts.t, r)
}

// TestBlindRoundRevealsNoTeam: in a blind round nothing a judge receives —
// the assignment list, the entry, the download link and the file the store
// sends, the round's export for offline judging — names the team, its
// members, its id, its own file names or its receipt.
func TestBlindRoundRevealsNoTeam(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.startJobs()
	admin := ts.admin()
	admin.createContest("green")
	capt := ts.person("jessie@rocket.example.org", "Jessie Rocketeer", "Rocket Labs")
	team := capt.createTeam("green", "TeamRocket", "energy")
	file, receipt := capt.submitNamed(team, "A jet pack", "TeamRocket_pitch.pdf")
	mustStatus(t, admin.addMember("green", "judge@jury.example.net", "judge"), 201)
	mustStatus(t, admin.addMember("green", "judge2@jury.example.net", "judge"), 201)
	judge := ts.signUp("judge@jury.example.net")
	ts.signUp("judge2@jury.example.net")
	// Both judges review the entry; the pool lists both.
	rnd := admin.round("green", map[string]any{"blind": true, "judges_per_entry": 2,
		"pool_judges": []string{"judge@jury.example.net", "judge2@jury.example.net"}})
	mustStatus(t, admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", rnd.ID), map[string]any{}), 200)

	leaks := []string{"Rocket", "rocket", "Jessie", "TeamRocket_pitch", receipt.Receipt.Digest,
		fmt.Sprintf("contests/%d/", team.ContestID), fmt.Sprintf("teams/%d", team.ID)}
	check := func(what, s string) {
		t.Helper()
		for _, l := range leaks {
			if strings.Contains(s, l) {
				t.Errorf("%s reveals %q: %s", what, l, s)
			}
		}
	}
	r := judge.do("GET", "/api/v1/me/assignments", nil)
	mustStatus(t, r, 200)
	check("the judge's assignments", string(r.Body))
	mine := decode[[]domain.Assignment](t, r)
	if len(mine) != 1 {
		t.Fatalf("the judge has %d assignments, want 1", len(mine))
	}
	r = judge.do("GET", fmt.Sprintf("/api/v1/assignments/%d", mine[0].ID), nil)
	mustStatus(t, r, 200)
	check("the entry", string(r.Body))
	for _, key := range []string{`"team_id"`, `"pool_judges"`, `"members"`, `"team_name"`} {
		if strings.Contains(string(r.Body), key) {
			t.Errorf("the entry has %s: %s", key, r.Body)
		}
	}
	view := decode[domain.EntryView](t, r)
	if len(view.Files) != 1 || view.Files[0].Filename != "Pitch deck.pdf" {
		t.Errorf("the judge sees the files as %+v, want one named after its slot", view.Files)
	}
	loc, h := presigned(t, judge.do("GET", "/api/v1/files/"+file.ID+"/download", nil))
	check("the download link", loc.String())
	check("the download link", mustUnescape(t, loc.RawQuery))
	if cd := h.Get("Content-Disposition"); !strings.Contains(cd, "Pitch deck.pdf") && !strings.Contains(cd, "Pitch%20deck.pdf") {
		t.Errorf("the file is sent as %q, want its slot's name", cd)
	} else {
		check("the file's Content-Disposition", cd)
	}
	// Organizers still see the team's own name.
	_, h = presigned(t, admin.do("GET", "/api/v1/files/"+file.ID+"/download", nil))
	if cd := h.Get("Content-Disposition"); !strings.Contains(cd, "TeamRocket_pitch.pdf") {
		t.Errorf("organizers get the file as %q", cd)
	}

	// The round's export, made for its judges.
	names := []string{}
	for _, zf := range admin.exportZIP("green", map[string]any{"kind": "zip", "round_id": rnd.ID}).File {
		names = append(names, zf.Name)
		check("a ZIP entry's name", zf.Name)
		if zf.Name == "submissions.csv" {
			rc, _ := zf.Open()
			body, _ := io.ReadAll(rc)
			rc.Close()
			check("the export's CSV", string(body))
		}
	}
	want := fmt.Sprintf("energy/%d-entry/deck-Pitch deck.pdf", receipt.Receipt.SubmissionID)
	if !strings.Contains(strings.Join(names, "\n"), want) {
		t.Errorf("the ZIP has %q, want %q", names, want)
	}
}

// TestNewObjectKeysAreOpaque: a new upload's key names no contest, team or
// file.
func TestNewObjectKeysAreOpaque(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.admin().createContest("green")
	c := ts.signUp("cap@example.org")
	team := c.createTeam("green", "Owls", "energy")
	f := c.uploadPDF(team.ID, pdfBytes(1024))
	stored, err := ts.store.FileByID(t.Context(), f.ID)
	if err != nil {
		t.Fatal(err)
	}
	k := stored.ObjectKey
	if !strings.HasPrefix(k, domain.ObjectKeyPrefix) || strings.Contains(k, strconv.FormatInt(team.ID, 10)+"/") ||
		strings.Contains(k, "teams") || strings.Contains(k, "contests") || strings.Contains(k, f.ID) {
		t.Fatalf("object key %q says where the file belongs", k)
	}
}

// TestNamesAreSanitised: a right-to-left override and look-alike slashes
// in an uploaded file's name reach neither the stored name, nor a
// download's Content-Disposition, nor the ZIP export.
func TestNamesAreSanitised(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.startJobs()
	admin := ts.admin()
	admin.createContest("green")
	c := ts.signUp("cap@example.org")
	team := c.createTeam("green", "Owls\u202E\u2215x", "energy")
	f, _ := c.submitNamed(team, "Owls", "..\u2215..\u2044x\u202Efdp\uFF0Fy\u29F8z.pdf")
	bad := []string{"\u202E", "\u2215", "\u2044", "\uFF0F", "\u29F8"}
	check := func(what, s string) {
		t.Helper()
		for _, b := range bad {
			if strings.Contains(s, b) {
				t.Errorf("%s keeps %U: %q", what, []rune(b)[0], s)
			}
		}
	}
	check("the stored name", f.Filename)
	if f.Filename != "_.._xfdp_y_z.pdf" {
		t.Errorf("stored name %q", f.Filename)
	}
	_, h := presigned(t, c.do("GET", "/api/v1/files/"+f.ID+"/download", nil))
	cd, _ := url.PathUnescape(h.Get("Content-Disposition"))
	check("the Content-Disposition", cd)
	for _, zf := range admin.exportZIP("green", map[string]any{"kind": "zip"}).File {
		check("a ZIP entry", zf.Name)
	}
}

// TestRolesExcludeEachOther: organizer, judge and participant exclude each
// other in a contest, whichever comes first, with a message naming the
// conflict, and the database refuses a second role even when the check is
// bypassed (two requests racing).
func TestRolesExcludeEachOther(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.admin()
	contest := admin.createContest("green")
	admin.createContest("blue")
	alice := ts.signUp("alice@x.example.org")
	rocket := alice.createTeam("green", "Rocket", "energy")

	// A team member becomes neither judge nor organizer.
	for _, role := range []string{"judge", "organizer"} {
		r := admin.addMember("green", "alice@x.example.org", role)
		mustStatus(t, r, 409)
		if !strings.Contains(string(r.Body), "alice@x.example.org is a member of team Rocket in this contest") {
			t.Errorf("adding a participant as %s: %s", role, r.Body)
		}
	}
	// In another contest she may judge.
	mustStatus(t, admin.addMember("blue", "alice@x.example.org", "judge"), 201)

	// A judge enters no team, neither by creating nor by joining one.
	mustStatus(t, admin.addMember("green", "bob@x.example.org", "judge"), 201)
	bob := ts.signUp("bob@x.example.org")
	r := bob.do("POST", "/api/v1/contests/green/teams", map[string]string{"name": "Bobs", "track": "energy"})
	mustStatus(t, r, 403)
	if !strings.Contains(string(r.Body), "bob@x.example.org is a judge of this contest") {
		t.Errorf("a judge creating a team: %s", r.Body)
	}
	mustStatus(t, bob.do("POST", "/api/v1/contests/green/teams/join", map[string]string{"invite_code": rocket.InviteCode}), 403)
	// A judge does not become organizer, nor the reverse.
	r = admin.addMember("green", "bob@x.example.org", "organizer")
	mustStatus(t, r, 409)
	if !strings.Contains(string(r.Body), "bob@x.example.org is a judge of this contest") {
		t.Errorf("a judge made organizer: %s", r.Body)
	}
	mustStatus(t, admin.addMember("green", "carol@x.example.org", "organizer"), 201)
	carol := ts.signUp("carol@x.example.org")
	mustStatus(t, admin.addMember("green", "carol@x.example.org", "judge"), 409)
	mustStatus(t, carol.do("POST", "/api/v1/contests/green/teams", map[string]string{"name": "Carols", "track": "energy"}), 403)
	// A platform admin, who may organize every contest, enters none.
	r = admin.do("POST", "/api/v1/contests/green/teams", map[string]string{"name": "Admins", "track": "energy"})
	mustStatus(t, r, 403)
	mustStatus(t, admin.do("POST", "/api/v1/contests/blue/teams/join", map[string]string{"invite_code": rocket.InviteCode}), 403)
	// Nor do they judge one, even one they did not create.
	if _, err := ts.acc.CreateAdmin(t.Context(), "root2@example.org", "admin-password-2"); err != nil {
		t.Fatal(err)
	}
	r = admin.addMember("green", "root2@example.org", "judge")
	mustStatus(t, r, 409)
	if !strings.Contains(string(r.Body), "platform admin") {
		t.Errorf("a platform admin made judge: %s", r.Body)
	}
	// An address invited as organizer is not also invited as judge.
	mustStatus(t, admin.addMember("green", "dave@x.example.org", "organizer"), 201)
	r = admin.addMember("green", "dave@x.example.org", "judge")
	mustStatus(t, r, 409)
	if !strings.Contains(string(r.Body), "already invited as organizer") {
		t.Errorf("a second invitation: %s", r.Body)
	}
	// Asking again for the same role is fine (it updates the tracks).
	mustStatus(t, admin.addMember("green", "bob@x.example.org", "judge", "energy"), 201)

	// The database holds the rule when the check is bypassed (as when two
	// requests race past it).
	ctx := t.Context()
	if _, err := ts.store.AddMember(ctx, contest.ID, domain.MemberInput{Email: "alice@x.example.org", Role: domain.RoleJudge, Tracks: []string{}}, domain.InvitationLink{}); domain.ErrorCode(err) != domain.CodeConflict {
		t.Errorf("the store made a participant judge: %v", err)
	}
	if _, err := ts.store.JoinTeam(ctx, contest.ID, rocket.InviteCode, bob.userID(), 10); domain.ErrorCode(err) != domain.CodeConflict {
		t.Errorf("the store let a judge join a team: %v", err)
	}
	if _, err := ts.store.CreateTeam(ctx, domain.Team{ContestID: contest.ID, TrackID: rocket.TrackID, Name: "Side", InviteCode: "SIDECODE42", CaptainID: carol.userID()}); domain.ErrorCode(err) != domain.CodeConflict {
		t.Errorf("the store let an organizer create a team: %v", err)
	}
	// Two invitations to one address (written past the check) give one
	// role when the account is created: the organizer's.
	if _, err := ts.store.AddMember(ctx, contest.ID, domain.MemberInput{Email: "erin@x.example.org", Role: domain.RoleJudge, Tracks: []string{}}, domain.InvitationLink{}); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.store.AddMember(ctx, contest.ID, domain.MemberInput{Email: "erin@x.example.org", Role: domain.RoleOrganizer, Tracks: []string{}}, domain.InvitationLink{}); err != nil {
		t.Fatal(err)
	}
	erin := ts.signUp("erin@x.example.org")
	roles, err := ts.store.MemberRoles(ctx, contest.ID, erin.userID())
	if err != nil || len(roles) != 1 || roles[0] != domain.RoleOrganizer {
		t.Errorf("erin holds %v (%v), want only organizer", roles, err)
	}
}

// TestLeavingAfterSubmittingKeepsYouInTheEntry: one person is in one team
// per contest for the contest's life. Whoever leaves a team after it
// submitted cannot enter another team (no second entry), and still counts
// with the team they left for conflicts of interest; leaving before any
// submission frees them.
func TestLeavingAfterSubmittingKeepsYouInTheEntry(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.admin()
	contest := admin.createContest("green")
	capt := ts.signUp("cap@rocket.example.org")
	rocket := capt.createTeam("green", "Rocket", "energy")
	mo := ts.person("mo@mail.example.org", "Mo", "Acme Labs")
	mustStatus(t, mo.do("POST", "/api/v1/contests/green/teams/join", map[string]string{"invite_code": rocket.InviteCode}), 200)
	_, receipt := capt.submitNamed(rocket, "Jet pack", "deck.pdf")
	mustStatus(t, mo.do("POST", fmt.Sprintf("/api/v1/teams/%d/leave", rocket.ID), map[string]any{}), 200)

	r := mo.do("POST", "/api/v1/contests/green/teams", map[string]string{"name": "Second entry", "track": "energy"})
	mustStatus(t, r, 409)
	if !strings.Contains(string(r.Body), "left team Rocket after it submitted") {
		t.Errorf("creating a second team: %s", r.Body)
	}
	other := ts.signUp("other@example.org").createTeam("green", "Other", "mobility")
	r = mo.do("POST", "/api/v1/contests/green/teams/join", map[string]string{"invite_code": other.InviteCode})
	mustStatus(t, r, 409)
	if !strings.Contains(string(r.Body), "Rocket") {
		t.Errorf("joining another team: %s", r.Body)
	}
	// Nor through the store (two requests racing past the check).
	if _, err := ts.store.JoinTeam(t.Context(), contest.ID, other.InviteCode, mo.userID(), 10); domain.ErrorCode(err) != domain.CodeConflict {
		t.Errorf("the store let a former member join another team: %v", err)
	}
	// Nor do they become a judge of the contest they competed in.
	mustStatus(t, admin.addMember("green", "mo@mail.example.org", "judge"), 409)

	// Mo's organization still counts against Rocket: a judge of Acme Labs,
	// who would otherwise be the best fit (same track), does not get it.
	mustStatus(t, admin.do("POST", "/api/v1/contests/green/members", map[string]any{"email": "acme@jury.example.net", "role": "judge", "tracks": []string{"energy"}, "organization": "Acme Labs"}), 201)
	mustStatus(t, admin.addMember("green", "far@jury.example.net", "judge", "mobility"), 201)
	ts.signUp("acme@jury.example.net")
	ts.signUp("far@jury.example.net")
	rnd := admin.round("green", nil)
	mustStatus(t, admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", rnd.ID), map[string]any{}), 200)
	for _, a := range decode[[]domain.Assignment](t, admin.do("GET", fmt.Sprintf("/api/v1/rounds/%d/assignments", rnd.ID), nil)) {
		if a.SubmissionID == receipt.Receipt.SubmissionID && a.JudgeEmail == "acme@jury.example.net" {
			t.Errorf("the judge of the former member's organization got Rocket's entry")
		}
	}

	// Mo may come back to Rocket.
	mustStatus(t, mo.do("POST", "/api/v1/contests/green/teams/join", map[string]string{"invite_code": rocket.InviteCode}), 200)

	// Leaving a team that never submitted frees you.
	free := ts.signUp("free@example.org")
	mustStatus(t, free.do("POST", "/api/v1/contests/green/teams/join", map[string]string{"invite_code": other.InviteCode}), 200)
	mustStatus(t, free.do("POST", fmt.Sprintf("/api/v1/teams/%d/leave", other.ID), map[string]any{}), 200)
	free.createTeam("green", "Fresh start", "energy")
}

// TestDeclaredConflictLastsTheContest: a conflict a judge declares on an
// assignment is with the team, for every later round: its assignment, an
// extra judge, a replacement.
func TestDeclaredConflictLastsTheContest(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.admin()
	admin.createContest("green")
	capt := ts.signUp("cap@rocket.example.org")
	rocket := capt.createTeam("green", "Rocket", "energy")
	_, receipt := capt.submitNamed(rocket, "Jet pack", "deck.pdf")
	entry := receipt.Receipt.SubmissionID
	// The energy judge is the best fit for Rocket's entry (same track).
	mustStatus(t, admin.addMember("green", "near@jury.example.net", "judge", "energy"), 201)
	mustStatus(t, admin.addMember("green", "far1@jury.example.net", "judge", "mobility"), 201)
	mustStatus(t, admin.addMember("green", "far2@jury.example.net", "judge", "mobility"), 201)
	near := ts.signUp("near@jury.example.net")
	ts.signUp("far1@jury.example.net")
	ts.signUp("far2@jury.example.net")

	r1 := admin.round("green", nil)
	mustStatus(t, admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", r1.ID), map[string]any{}), 200)
	mine := decode[[]domain.Assignment](t, near.do("GET", "/api/v1/me/assignments", nil))
	if len(mine) != 1 || mine[0].SubmissionID != entry {
		t.Fatalf("the energy judge should have Rocket's entry in round 1: %+v", mine)
	}
	mustStatus(t, near.do("POST", fmt.Sprintf("/api/v1/assignments/%d/conflict", mine[0].ID), map[string]string{"reason": "my cousin's team"}), 200)
	mustStatus(t, admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/advance", r1.ID), map[string]any{"entries": []int64{entry}}), 200)

	r2 := admin.round("green", map[string]any{"name": "Final"})
	mustStatus(t, admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", r2.ID), map[string]any{}), 200)
	onEntry := func() map[string]domain.Assignment {
		out := map[string]domain.Assignment{}
		for _, a := range decode[[]domain.Assignment](t, admin.do("GET", fmt.Sprintf("/api/v1/rounds/%d/assignments", r2.ID), nil)) {
			if a.SubmissionID == entry {
				out[a.JudgeEmail] = a
			}
		}
		return out
	}
	if _, ok := onEntry()["near@jury.example.net"]; ok {
		t.Fatal("round 2 gave the entry back to the judge who declared a conflict with its team")
	}
	if n := len(decode[[]domain.Assignment](t, near.do("GET", "/api/v1/me/assignments", nil))); n != 0 {
		t.Fatalf("the judge with the conflict has %d assignments in round 2", n)
	}
	// An extra judge: the other far judge, never the conflicted one.
	r := admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/entries/%d/extra-judge", r2.ID, entry), map[string]any{})
	mustStatus(t, r, 201)
	if got := onEntry(); len(got) != 2 || got["near@jury.example.net"].ID != 0 {
		t.Fatalf("after the extra judge: %v", got)
	}
	// A judge drops out: nobody but the conflicted judge is left, so the
	// entry stays short rather than going to them.
	var far domain.Assignment
	for _, a := range onEntry() {
		far = a
	}
	r = admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/judges/%d/drop", r2.ID, far.JudgeID), map[string]string{"reason": "ill"})
	if r.Status == 200 {
		if _, ok := onEntry()["near@jury.example.net"]; ok {
			t.Fatal("the replacement is the judge who declared a conflict")
		}
	}
}

// TestTeamsAndConflictsRevealNothing: creating a team does not tell whether
// a rival of that name exists; declaring a conflict in advance answers the
// same for a team of the contest, a team of another contest and no team.
func TestTeamsAndConflictsRevealNothing(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.admin()
	contest := admin.createContest("green")
	admin.createContest("blue")
	rocket := ts.signUp("a@example.org").createTeam("green", "Rocket", "energy")
	ts.signUp("b@example.org").createTeam("green", "rocket", "mobility")
	elsewhere := ts.signUp("c@example.org").createTeam("blue", "Elsewhere", "energy")

	mustStatus(t, admin.addMember("green", "judge@jury.example.net", "judge"), 201)
	judge := ts.signUp("judge@jury.example.net")
	var bodies []string
	for _, id := range []int64{rocket.ID, elsewhere.ID, 987654321} {
		r := judge.do("POST", "/api/v1/contests/green/conflicts", map[string]any{"team_id": id, "reason": "friends"})
		bodies = append(bodies, fmt.Sprintf("%d %s", r.Status, r.Body))
	}
	if bodies[0] != bodies[1] || bodies[1] != bodies[2] {
		t.Errorf("the answers differ: %q", bodies)
	}
	declared, err := ts.store.DeclaredConflicts(t.Context(), contest.ID)
	if err != nil || len(declared) != 1 || declared[0].TeamID == nil || *declared[0].TeamID != rocket.ID {
		t.Errorf("declared conflicts: %+v (%v), want only the one with Rocket", declared, err)
	}
}

// whilePersonLocked runs call while a transaction that ran prepare holds
// the per-person lock of the role and team rules, and commits once call
// waits for that lock: call then decides on what the transaction committed.
func whilePersonLocked(t *testing.T, ts *testServer, prepare func(ctx context.Context, tx *sqlx.Tx) error, call func()) {
	t.Helper()
	whileLocked(t, ts, prepare, "the person's lock", "wait_event = 'advisory'", call)
}

// TestRoleRulesHoldUnderRaces: a grant that commits while another is past
// its check still wins alone: the database takes a per-person lock and
// checks again.
func TestRoleRulesHoldUnderRaces(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.admin()
	contest := admin.createContest("green")
	rocket := ts.signUp("cap@example.org").createTeam("green", "Rocket", "energy")
	exec := func(q string, args ...any) func(context.Context, *sqlx.Tx) error {
		return func(ctx context.Context, tx *sqlx.Tx) error {
			_, err := tx.ExecContext(ctx, q, args...)
			return err
		}
	}

	// Made judge while joining a team.
	bob := ts.signUp("bob@example.org")
	var err error
	whilePersonLocked(t, ts, exec(`INSERT INTO contest_members (contest_id, user_id, role) VALUES ($1, $2, 'judge')`, contest.ID, bob.userID()), func() {
		_, err = ts.store.JoinTeam(t.Context(), contest.ID, rocket.InviteCode, bob.userID(), 10)
	})
	if domain.ErrorCode(err) != domain.CodeConflict {
		t.Errorf("a judge joined a team in a race: %v", err)
	}

	// Joining a team while made organizer.
	ann := ts.signUp("ann@example.org")
	whilePersonLocked(t, ts, func(ctx context.Context, tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO team_members (team_id, contest_id, user_id) VALUES ($1, $2, $3)`, rocket.ID, contest.ID, ann.userID()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO contest_members (contest_id, user_id, role) VALUES ($1, $2, 'participant')`, contest.ID, ann.userID())
		return err
	}, func() {
		_, err = ts.store.AddMember(t.Context(), contest.ID, domain.MemberInput{Email: "ann@example.org", Role: domain.RoleOrganizer, Tracks: []string{}}, domain.InvitationLink{})
	})
	if domain.ErrorCode(err) != domain.CodeConflict {
		t.Errorf("a participant became organizer in a race: %v", err)
	}

	// Leaving a submitted team while joining another.
	capt := ts.signUp("cap2@example.org")
	jet := capt.createTeam("green", "Jet", "energy")
	mo := ts.signUp("mo@example.org")
	mustStatus(t, mo.do("POST", "/api/v1/contests/green/teams/join", map[string]string{"invite_code": jet.InviteCode}), 200)
	capt.submitNamed(jet, "Jet", "deck.pdf")
	other := ts.signUp("other@example.org").createTeam("green", "Other", "mobility")
	whilePersonLocked(t, ts, func(ctx context.Context, tx *sqlx.Tx) error {
		for _, q := range []string{`SELECT lock_contest_person($1, $2)`, `DELETE FROM team_members WHERE contest_id = $1 AND user_id = $2`,
			`INSERT INTO team_departures (contest_id, user_id, team_id) VALUES ($1, $2, $3)`} {
			args := []any{contest.ID, mo.userID()}
			if strings.Contains(q, "team_departures") {
				args = append(args, jet.ID)
			}
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				return err
			}
		}
		return nil
	}, func() {
		_, err = ts.store.JoinTeam(t.Context(), contest.ID, other.InviteCode, mo.userID(), 10)
	})
	if domain.ErrorCode(err) != domain.CodeConflict {
		t.Errorf("a member who left a submitted team joined another in a race: %v", err)
	}
}
