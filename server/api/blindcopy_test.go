package api

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/internal/testpdf"
)

// presignedBytes follows a file link (view or download) to the bucket and
// returns the bytes it answers.
func presignedBytes(t *testing.T, r response) []byte {
	t.Helper()
	mustStatus(t, r, 302)
	resp, err := http.Get(r.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET the presigned link: %d %v", resp.StatusCode, err)
	}
	return b
}

// zipBodies returns the files of a ZIP by name.
func zipBodies(t *testing.T, raw []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[zf.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestBlindJudgeGetsBlindCopy: in a blind contest the check writes a copy
// of the team's PDF without its metadata; a blind judge's view and
// download links answer that copy's bytes (neither the member named as
// author and in the XMP nor the team's name), the organizer and the team
// still get the original; the copy is deleted with the file.
func TestBlindJudgeGetsBlindCopy(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.startJobs()
	admin := ts.admin()
	admin.createContest("green")
	capt := ts.person("jessie@rocket.example.org", "Jessie Rocketeer", "Rocket Labs")
	team := capt.createTeam("green", "TeamRocket", "energy")
	mustStatus(t, capt.do("PUT", fmt.Sprintf("/api/v1/teams/%d/submission", team.ID), map[string]any{"title": "Jet pack", "fields": map[string]string{"repo": "https://git.example.org/x"}}), 200)
	deck := testpdf.Doc{Pages: 3, Author: "Jessie Rocketeer", Title: "TeamRocket jet pack", Text: "A jet pack for everyone",
		XMP: `<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>Jessie Rocketeer</dc:creator><dc:publisher>TeamRocket</dc:publisher></x:xmpmeta>`}.Bytes()
	f := capt.uploadPDF(team.ID, deck)
	check := waitCheck(t, capt, team.ID, f.ID)
	stored, err := ts.store.FileByID(t.Context(), f.ID)
	if err != nil {
		t.Fatal(err)
	}
	if check.Facts == nil || check.Facts.BlindCopy != domain.BlindCopyKey(stored.ObjectKey) {
		t.Fatalf("the check records no blind copy: %+v", check.Facts)
	}
	mustStatus(t, capt.do("POST", fmt.Sprintf("/api/v1/teams/%d/submission/submit", team.ID), map[string]any{}), 201)
	mustStatus(t, admin.addMember("green", "judge@jury.example.net", "judge"), 201)
	judge := ts.signUp("judge@jury.example.net")
	rnd := admin.round("green", map[string]any{"blind": true, "pool_judges": []string{"judge@jury.example.net"}})
	mustStatus(t, admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", rnd.ID), map[string]any{}), 200)

	for _, link := range []string{"view", "download"} {
		got := presignedBytes(t, judge.do("GET", "/api/v1/files/"+f.ID+"/"+link, nil))
		if !bytes.HasPrefix(got, []byte("%PDF-")) || bytes.Equal(got, deck) {
			t.Errorf("the blind judge's %s is not the blind copy (%d bytes)", link, len(got))
		}
		for _, leak := range []string{"Jessie", "Rocketeer", "TeamRocket", "Rocket"} {
			if bytes.Contains(got, []byte(leak)) {
				t.Errorf("the blind judge's %s holds %q", link, leak)
			}
		}
		for _, who := range []*client{admin, capt} {
			if got := presignedBytes(t, who.do("GET", "/api/v1/files/"+f.ID+"/"+link, nil)); !bytes.Equal(got, deck) {
				t.Errorf("%s: not the original bytes (%d, want %d)", link, len(got), len(deck))
			}
		}
	}
	if _, err := ts.blob.Size(t.Context(), check.Facts.BlindCopy); err != nil {
		t.Fatalf("the blind copy is not in the bucket: %v", err)
	}

	// The judge's offline packet of the blind round holds the copy too.
	path := fmt.Sprintf("/api/v1/rounds/%d/packet", rnd.ID)
	r := judge.do("POST", path, map[string]any{})
	mustStatus(t, r, 202)
	e := waitJob(t, judge, path+"/"+decode[domain.Export](t, r).ID)
	if e.Status != domain.ExportDone {
		t.Fatalf("packet: %+v", e)
	}
	pdfs := 0
	for name, body := range zipBodies(t, judge.downloadZIP(e.DownloadURL)) {
		if bytes.HasPrefix(body, []byte("%PDF-")) {
			pdfs++
		}
		for _, leak := range []string{"Jessie", "Rocket"} {
			if bytes.Contains(body, []byte(leak)) {
				t.Errorf("the blind packet's %s holds %q", name, leak)
			}
		}
	}
	if pdfs != 1 {
		t.Errorf("the packet holds %d PDFs, want 1", pdfs)
	}

	// A PDF the check could not copy (here: over the size it reads) is
	// flagged to organizers only, and blind judges get it as uploaded.
	big := ts.checker()
	big.MaxPDFBytes = 1
	if err := big.Check(t.Context(), f.ID); err != nil {
		t.Fatal(err)
	}
	checks, err := ts.store.FileChecks(t.Context(), []string{f.ID})
	if err != nil {
		t.Fatal(err)
	}
	if c := checks[f.ID]; codesOf(c.Warnings) != "metadata_kept/" || !c.Warnings[0].OrganizersOnly {
		t.Errorf("check without a blind copy: %+v", c)
	}
	if got := presignedBytes(t, judge.do("GET", "/api/v1/files/"+f.ID+"/view", nil)); !bytes.Equal(got, deck) {
		t.Errorf("without a blind copy the blind judge gets %d bytes, want the original's %d", len(got), len(deck))
	}
}

// TestBlindCopyDeletedWithFile: the cleanup of a replaced file removes its
// blind copy from the bucket too.
func TestBlindCopyDeletedWithFile(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.startJobs()
	admin := ts.admin()
	admin.createContest("green")
	capt := ts.signUp("jessie@rocket.example.org")
	team := capt.createTeam("green", "TeamRocket", "energy")
	first := capt.uploadPDF(team.ID, testpdf.Doc{Pages: 2, Author: "Jessie", Text: "first"}.Bytes())
	check := waitCheck(t, capt, team.ID, first.ID)
	if check.Facts == nil || check.Facts.BlindCopy == "" {
		t.Fatalf("no blind copy: %+v", check.Facts)
	}
	capt.uploadPDF(team.ID, testpdf.Doc{Pages: 2, Text: "second"}.Bytes())
	if _, err := ts.con.CleanupUploads(t.Context(), 100); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.blob.Size(t.Context(), check.Facts.BlindCopy); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Errorf("the replaced file's blind copy is still in the bucket (%v)", err)
	}
}
