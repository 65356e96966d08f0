package api

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/internal/testpdf"
	"github.com/podium-contests/podium/server/mediafacts"
	"github.com/podium-contests/podium/server/pdffacts"
)

// checker is the entry checker as the server wires it.
func (ts *testServer) checker() *domain.FileChecker {
	return &domain.FileChecker{Contests: ts.con, Store: ts.store, Objects: ts.blob, ReadPDF: pdffacts.Read, BlindPDF: pdffacts.BlindCopy, Writer: ts.blob, ProbeMedia: mediafacts.Prober{}.Probe}
}

// waitCheck polls the team's draft until the file's check has run.
func waitCheck(t *testing.T, c *client, teamID int64, fileID string) domain.FileCheck {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		r := c.do("GET", fmt.Sprintf("/api/v1/teams/%d/submission", teamID), nil)
		mustStatus(t, r, 200)
		for _, f := range decode[domain.Submission](t, r).Files {
			if f.ID == fileID && f.Check != nil {
				return *f.Check
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("file %s still unchecked after 30s", fileID)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func codesOf(ws []domain.CheckWarning) string {
	out := []string{}
	for _, w := range ws {
		out = append(out, w.Code+"/"+w.Field)
	}
	return strings.Join(out, ",")
}

// TestEntryChecks: completing an upload queues its check; in a contest
// with a blind round, the deck's author (a member's name) is flagged to
// the team before the deadline, with the slot's page limit; the same
// file submitted by a second team is flagged to organizers, with the
// pair, and never to the teams; the receipt carries the team's findings
// and still verifies.
func TestEntryChecks(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.startJobs()
	admin := ts.admin()
	in := contestInput("green")
	in["files"] = []map[string]any{{"key": "deck", "label": "Pitch deck", "required": true, "max_bytes": 10 << 20, "types": []string{".pdf"}, "max_pages": 3}}
	mustStatus(t, admin.do("POST", "/api/v1/contests", in), 201)
	admin.round("green", map[string]any{"blind": true})

	capt := ts.person("jessie@rocket.example.org", "Jessie Rocketeer", "Rocket Labs")
	rocket := capt.createTeam("green", "TeamRocket", "energy")
	mustStatus(t, capt.do("PUT", fmt.Sprintf("/api/v1/teams/%d/submission", rocket.ID), map[string]any{"title": "Jet pack", "fields": map[string]string{"repo": "https://git.example.org/x"}}), 200)
	deck := testpdf.Doc{Pages: 4, Author: "Jessie Rocketeer", Title: "Jet pack", Text: "A jet pack for everyone"}.Bytes()
	f := capt.uploadNamed(rocket.ID, "deck.pdf", deck)
	check := waitCheck(t, capt, rocket.ID, f.ID)
	if got := codesOf(check.Warnings); got != "max_pages/,identity/author" {
		t.Errorf("the team's warnings: %s, want max_pages and identity in the author", got)
	}
	if check.Facts == nil || check.Facts.Pages != 4 || !check.Facts.HasText || check.Facts.Author != "Jessie Rocketeer" {
		t.Errorf("facts %+v", check.Facts)
	}

	// A second team submits the very same bytes.
	other := ts.signUp("copycat@example.org")
	owls := other.createTeam("green", "Owls", "energy")
	mustStatus(t, other.do("PUT", fmt.Sprintf("/api/v1/teams/%d/submission", owls.ID), map[string]any{"title": "Also a jet pack", "fields": map[string]string{"repo": "https://git.example.org/y"}}), 200)
	g := other.uploadNamed(owls.ID, "ours.pdf", deck)
	// The team sees its own findings (no identity: the author is not one of Owls), never the duplicate.
	if got := codesOf(waitCheck(t, other, owls.ID, g.ID).Warnings); got != "max_pages/" {
		t.Errorf("the second team sees %s", got)
	}
	r := other.do("POST", fmt.Sprintf("/api/v1/teams/%d/submission/submit", owls.ID), map[string]any{})
	mustStatus(t, r, 201)
	receipt := decode[receiptResult](t, r).Receipt
	if len(receipt.Files) != 1 || len(receipt.Files[0].Warnings) != 1 || !strings.HasPrefix(receipt.Files[0].Warnings[0], "max_pages: ") {
		t.Errorf("receipt files %+v, want the page-limit warning", receipt.Files)
	}
	if domain.ComputeDigest(receipt) != receipt.Digest {
		t.Error("the receipt with warnings does not verify")
	}

	// Organizers see the pair, on both files.
	r = admin.do("GET", fmt.Sprintf("/api/v1/teams/%d/submission/versions/1", owls.ID), nil)
	mustStatus(t, r, 200)
	view := decode[domain.ReceiptView](t, r)
	dup := false
	for _, w := range view.Checks[g.ID].Warnings {
		dup = dup || (w.Code == domain.WarnDuplicate && w.OtherTeamID == rocket.ID && w.OtherTeamName == rocket.Name && w.OtherFileID == f.ID)
	}
	if !dup {
		t.Errorf("organizers' view of the second file: %+v, want the duplicate of team %d named %q", view.Checks[g.ID], rocket.ID, rocket.Name)
	}
	// The organizers' team list counts each team's flagged files.
	r = admin.do("GET", "/api/v1/contests/green/teams", nil)
	mustStatus(t, r, 200)
	flagged := map[int64]int{}
	for _, item := range decode[struct {
		Items []domain.TeamListItem `json:"items"`
	}](t, r).Items {
		flagged[item.ID] = item.FlaggedFiles
	}
	if flagged[rocket.ID] != 1 || flagged[owls.ID] != 1 {
		t.Errorf("flagged files in the team list: %v, want 1 for each team", flagged)
	}
	// The filter keeps the flagged teams only; a bad value names the field.
	clean := ts.signUp("clean@example.org").createTeam("green", "Clean", "energy")
	r = admin.do("GET", "/api/v1/contests/green/teams?flagged=true", nil)
	mustStatus(t, r, 200)
	only := []int64{}
	for _, item := range decode[struct {
		Items []domain.TeamListItem `json:"items"`
	}](t, r).Items {
		only = append(only, item.ID)
	}
	if fmt.Sprint(only) != fmt.Sprint([]int64{rocket.ID, owls.ID}) {
		t.Errorf("?flagged=true lists %v, want %d and %d (not %d)", only, rocket.ID, owls.ID, clean.ID)
	}
	if r := admin.do("GET", "/api/v1/contests/green/teams?flagged=maybe", nil); r.Status != 400 || !strings.Contains(string(r.Body), "flagged") {
		t.Errorf("?flagged=maybe: %d %s", r.Status, r.Body)
	}
	// The team's own view of the receipt shows no duplicate.
	r = other.do("GET", fmt.Sprintf("/api/v1/teams/%d/submission/versions/1", owls.ID), nil)
	mustStatus(t, r, 200)
	if strings.Contains(string(r.Body), domain.WarnDuplicate) || strings.Contains(string(r.Body), "TeamRocket") {
		t.Errorf("the team learns of the other team: %s", r.Body)
	}
	// The first file records the pair too (re-checking changes nothing).
	if err := ts.checker().Check(t.Context(), g.ID); err != nil {
		t.Fatal(err)
	}
	checks, err := ts.store.FileChecks(t.Context(), []string{f.ID, g.ID})
	if err != nil {
		t.Fatal(err)
	}
	if got := codesOf(checks[f.ID].Warnings); got != "max_pages/,identity/author,duplicate/" {
		t.Errorf("the first file's check: %s", got)
	}
	if got := codesOf(checks[g.ID].Warnings); got != "max_pages/,duplicate/" {
		t.Errorf("the second file's check after a re-run: %s", got)
	}
}

// TestEntryCheckOutsideBlindContests: without a blind round, a member's
// name in the metadata is no finding, and a file that only looks like an
// MP4 is reported unreadable.
func TestEntryCheckOutsideBlindContests(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	bad := contestInput("grey")
	bad["files"] = []map[string]any{{"key": "deck", "label": "Deck", "max_bytes": 1 << 20, "types": []string{".pdf"}, "max_pages": -1}}
	r := ts.admin().do("POST", "/api/v1/contests", bad)
	mustStatus(t, r, 400)
	if !strings.Contains(string(r.Body), "max_pages") {
		t.Errorf("a negative page limit: %s, want an error naming max_pages", r.Body)
	}
	ts.admin().createContest("green")
	capt := ts.person("jessie@rocket.example.org", "Jessie Rocketeer", "Rocket Labs")
	team := capt.createTeam("green", "TeamRocket", "energy")
	f := capt.uploadNamed(team.ID, "deck.pdf", testpdf.Doc{Pages: 2, Author: "Jessie Rocketeer", Text: "hello"}.Bytes())
	v := capt.uploadTo(team.ID, "video", "demo.mp4", mp4Bytes(4096))
	for _, id := range []string{f.ID, v.ID} {
		if err := ts.checker().Check(t.Context(), id); err != nil {
			t.Fatal(err)
		}
	}
	checks, err := ts.store.FileChecks(t.Context(), []string{f.ID, v.ID})
	if err != nil {
		t.Fatal(err)
	}
	if c := checks[f.ID]; len(c.Warnings) != 0 || c.Facts == nil || c.Facts.Pages != 2 {
		t.Errorf("PDF check %+v", c)
	}
	if c, ok := checks[v.ID]; !ok || c.Facts != nil || c.Media != nil || codesOf(c.Warnings) != "unreadable/" {
		t.Errorf("video check %+v (recorded: %v), want unreadable", c, ok)
	}
}

// TestVideoChecks: a real MP4 is read from the bucket through a presigned
// GET (ffprobe): its duration over the slot's limit and, in a blind
// contest, a member's name in its tags are flagged to the team and land
// on the receipt; a server without ffprobe says, to organizers only, that
// the video could not be read.
func TestVideoChecks(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("ffprobe"); err != nil {
		t.Skip("ffprobe is not installed (make test installs Debian's ffmpeg)")
	}
	clip, err := os.ReadFile("../mediafacts/testdata/clip.mp4")
	if err != nil {
		t.Fatal(err)
	}
	ts := newTestServer(t)
	ts.startJobs()
	admin := ts.admin()
	in := contestInput("green")
	in["files"] = []map[string]any{{"key": "video", "label": "Demo video", "required": true, "max_bytes": 10 << 20, "types": []string{".mp4"}, "max_duration_seconds": 3}}
	mustStatus(t, admin.do("POST", "/api/v1/contests", in), 201)
	admin.round("green", map[string]any{"blind": true})
	capt := ts.person("jessie@rocket.example.org", "Jessie Rocketeer", "Rocket Labs")
	team := capt.createTeam("green", "TeamRocket", "energy")
	mustStatus(t, capt.do("PUT", fmt.Sprintf("/api/v1/teams/%d/submission", team.ID), map[string]any{"title": "Jet pack", "fields": map[string]string{"repo": "https://git.example.org/x"}}), 200)
	f := capt.uploadTo(team.ID, "video", "demo.mp4", clip)
	check := waitCheck(t, capt, team.ID, f.ID)
	if got := codesOf(check.Warnings); got != "max_duration/,identity/tag artist" {
		t.Errorf("the team's warnings: %s, want the duration limit and the artist tag", got)
	}
	if m := check.Media; m == nil || m.VideoCodec != "h264" || m.AudioCodec != "aac" || m.Width != 96 || m.Height != 64 || m.DurationSeconds < 3.9 || m.DurationSeconds > 4.1 {
		t.Errorf("media facts %+v", check.Media)
	}
	r := capt.do("POST", fmt.Sprintf("/api/v1/teams/%d/submission/submit", team.ID), map[string]any{})
	mustStatus(t, r, 201)
	receipt := decode[receiptResult](t, r).Receipt
	if len(receipt.Files) != 1 || len(receipt.Files[0].Warnings) != 2 || !strings.HasPrefix(receipt.Files[0].Warnings[0], "max_duration: lasts 0:04") {
		t.Errorf("receipt files %+v, want the duration and identity warnings", receipt.Files)
	}

	// A judge of the blind round gets neither the findings (which quote
	// the name they found) nor anything else naming the team.
	mustStatus(t, admin.addMember("green", "judge@jury.example.net", "judge"), 201)
	judge := ts.signUp("judge@jury.example.net")
	rounds := admin.do("GET", "/api/v1/contests/green/rounds", nil)
	mustStatus(t, rounds, 200)
	rid := decode[[]domain.Round](t, rounds)[0].ID
	mustStatus(t, admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", rid), map[string]any{}), 200)
	r = judge.do("GET", "/api/v1/me/assignments", nil)
	mustStatus(t, r, 200)
	mine := decode[[]domain.Assignment](t, r)
	if len(mine) != 1 {
		t.Fatalf("the judge has %d assignments", len(mine))
	}
	r = judge.do("GET", fmt.Sprintf("/api/v1/assignments/%d", mine[0].ID), nil)
	mustStatus(t, r, 200)
	for _, leak := range []string{"Jessie", "Rocket", "rocket", "demo.mp4", "warnings"} {
		if strings.Contains(string(r.Body), leak) {
			t.Errorf("the blind judge's entry reveals %q: %s", leak, r.Body)
		}
	}

	// Without ffprobe: organizers learn the video was not read.
	noProbe := ts.checker()
	noProbe.ProbeMedia = mediafacts.Prober{Path: "/nonexistent/ffprobe"}.Probe
	if err := noProbe.Check(t.Context(), f.ID); err != nil {
		t.Fatal(err)
	}
	checks, err := ts.store.FileChecks(t.Context(), []string{f.ID})
	if err != nil {
		t.Fatal(err)
	}
	if c := checks[f.ID]; codesOf(c.Warnings) != "unchecked/" || !c.Warnings[0].OrganizersOnly || c.Media != nil {
		t.Errorf("check without ffprobe: %+v", c)
	}
}

// TestNearDuplicateEntries: two teams whose abstracts are one text lightly
// reworded are listed to organizers as a pair; a third team is not.
func TestNearDuplicateEntries(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.admin()
	admin.createContest("green")
	abstract := "Our team builds a solar powered water purifier for rural villages. The device uses a thin film of titanium dioxide " +
		"activated by sunlight to break down bacteria and organic pollutants, and a gravity filter made of local sand and charcoal."
	texts := []string{abstract, strings.Replace(abstract, "Our team builds", "We present", 1),
		"A mobile application that helps farmers predict crop disease from photographs of leaves, trained on a public data set " +
			"of plant images and running offline on cheap phones, with advice in the farmer's own language."}
	teams := []domain.Team{}
	for i, text := range texts {
		c := ts.signUp(fmt.Sprintf("t%d@example.org", i))
		team := c.createTeam("green", fmt.Sprintf("Team %d", i), "energy")
		base := fmt.Sprintf("/api/v1/teams/%d/submission", team.ID)
		mustStatus(t, c.do("PUT", base, map[string]any{"title": "Entry", "abstract": text, "fields": map[string]string{"repo": "https://git.example.org/x"}}), 200)
		c.uploadPDF(team.ID, testpdf.Doc{Pages: 1, Text: "x"}.Bytes())
		mustStatus(t, c.do("POST", base+"/submit", map[string]any{}), 201)
		teams = append(teams, team)
	}
	r := admin.do("GET", "/api/v1/contests/green/near-duplicates", nil)
	mustStatus(t, r, 200)
	d := decode[domain.NearDuplicates](t, r)
	if d.Entries != 3 || d.Threshold != domain.NearDupThreshold || len(d.Pairs) != 1 {
		t.Fatalf("near duplicates %+v, want one pair of three entries", d)
	}
	p := d.Pairs[0]
	if p.A.TeamID != teams[0].ID || p.B.TeamID != teams[1].ID || p.A.TeamName != "Team 0" || p.Similarity < 0.5 {
		t.Errorf("pair %+v, want teams %d and %d", p, teams[0].ID, teams[1].ID)
	}
}

// TestImageChecks: an image's pixel size is read from its header and
// checked against the slot's bounds; the team sees the findings and the
// size. Bounds that contradict each other are refused, naming the field.
func TestImageChecks(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	in := contestInput("green")
	photo := map[string]any{"key": "photo", "label": "Poster", "max_bytes": 1 << 20, "types": []string{".png"}, "min_width": 800, "max_height": 600, "min_height": 700}
	in["files"] = []map[string]any{photo}
	r := ts.admin().do("POST", "/api/v1/contests", in)
	mustStatus(t, r, 400)
	if !strings.Contains(string(r.Body), "files[0].min_height") {
		t.Errorf("a minimum height over the maximum: %s, want an error naming files[0].min_height", r.Body)
	}
	delete(photo, "min_height")
	mustStatus(t, ts.admin().do("POST", "/api/v1/contests", in), 201)
	capt := ts.person("jessie@rocket.example.org", "Jessie Rocketeer", "Rocket Labs")
	team := capt.createTeam("green", "TeamRocket", "energy")
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewGray(image.Rect(0, 0, 400, 700))); err != nil {
		t.Fatal(err)
	}
	f := capt.uploadTo(team.ID, "photo", "poster.png", img.Bytes())
	if err := ts.checker().Check(t.Context(), f.ID); err != nil {
		t.Fatal(err)
	}
	check := waitCheck(t, capt, team.ID, f.ID)
	if check.Image == nil || check.Image.Width != 400 || check.Image.Height != 700 {
		t.Errorf("image facts %+v, want 400×700", check.Image)
	}
	if got := codesOf(check.Warnings); got != "min_width/,max_height/" {
		t.Errorf("warnings %s (%+v), want min_width and max_height", got, check.Warnings)
	}
}

// TestPageSizeChecks: a slot requiring A4 flags the Letter pages of a PDF
// (its A4 landscape pages match); an unknown size is refused, naming the
// field.
func TestPageSizeChecks(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	in := contestInput("green")
	deck := map[string]any{"key": "deck", "label": "Deck", "max_bytes": 1 << 20, "types": []string{".pdf"}, "page_size": "A2"}
	in["files"] = []map[string]any{deck}
	r := ts.admin().do("POST", "/api/v1/contests", in)
	mustStatus(t, r, 400)
	if !strings.Contains(string(r.Body), "files[0].page_size") {
		t.Errorf("an unknown page size: %s, want an error naming files[0].page_size", r.Body)
	}
	deck["page_size"] = "A4"
	mustStatus(t, ts.admin().do("POST", "/api/v1/contests", in), 201)
	capt := ts.person("jessie@rocket.example.org", "Jessie Rocketeer", "Rocket Labs")
	team := capt.createTeam("green", "TeamRocket", "energy")
	f := capt.uploadTo(team.ID, "deck", "deck.pdf", testpdf.Doc{Pages: 4, Landscape: 3, Text: "x"}.Bytes())
	if err := ts.checker().Check(t.Context(), f.ID); err != nil {
		t.Fatal(err)
	}
	check := waitCheck(t, capt, team.ID, f.ID)
	if got := codesOf(check.Warnings); got != "page_size/A4" || check.Warnings[0].Actual != 1 {
		t.Errorf("warnings %+v, want the one Letter page flagged", check.Warnings)
	}
}
