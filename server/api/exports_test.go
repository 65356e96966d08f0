package api

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/jobs"
)

// startJobs runs the background jobs for ts, as serve does.
func (ts *testServer) startJobs() {
	t := ts.t
	t.Helper()
	r, err := jobs.Start(context.Background(), jobs.Deps{
		DB: ts.store.DB().DB, Store: ts.store, Contests: ts.con, Exports: ts.deps.Exports, Checker: ts.checker(), Certificates: ts.deps.Certificates,
		Mail: jobs.MailConfig{Dev: true}, Log: ts.deps.Log, PollInterval: 20 * time.Millisecond, TestOnly: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	ts.deps.Exports.Queue = r
	ts.deps.Certificates.Queue = r
	ts.con.Checks = r
	ts.con.Fingerprints = r
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = r.Stop(ctx)
	})
}

// submitEntry makes a team with a draft, a PDF and one submitted version.
func (ts *testServer) submitEntry(slug, email, name, track, repo string, pdf []byte) domain.Team {
	t := ts.t
	t.Helper()
	c := ts.signUp(email)
	team := c.createTeam(slug, name, track)
	base := fmt.Sprintf("/api/v1/teams/%d/submission", team.ID)
	mustStatus(t, c.do("PUT", base, map[string]any{"title": "=SUM(A1)", "abstract": "Plain abstract, with \"quotes\"\nand lines",
		"fields": map[string]string{"repo": repo, "stage": "idea"}}), 200)
	c.uploadPDF(team.ID, pdf)
	mustStatus(t, c.do("POST", base+"/submit", map[string]any{}), 201)
	return team
}

// waitExport polls an export until it is finished.
func waitExport(t *testing.T, c *client, slug, id string) domain.Export {
	t.Helper()
	return waitJob(t, c, "/api/v1/contests/"+slug+"/exports/"+id)
}

// waitJob polls an export (or a judge's packet) at path until it is
// finished.
func waitJob(t *testing.T, c *client, path string) domain.Export {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		r := c.do("GET", path, nil)
		mustStatus(t, r, 200)
		e := decode[domain.Export](t, r)
		if e.Status == domain.ExportDone || e.Status == domain.ExportFailed {
			return e
		}
		if time.Now().After(deadline) {
			t.Fatalf("export still %s after 30s: %+v", e.Status, e)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// download fetches a presigned link and checks that it is an attachment.
func download(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("download: %d %s", resp.StatusCode, body)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
		t.Fatalf("Content-Disposition %q, want an attachment", cd)
	}
	return body
}

// downloadZIP fetches a ZIP export's (or packet's) download_url as c: a
// route of the API that answers a ZIP attachment of a known length.
func (c *client) downloadZIP(url string) []byte {
	t := c.ts.t
	t.Helper()
	if !strings.HasPrefix(url, "/api/v1/") {
		t.Fatalf("download_url %q, want the API's download route", url)
	}
	r := c.do("GET", url, nil)
	mustStatus(t, r, 200)
	if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || r.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("Content-Disposition %q, Content-Type %q: want a ZIP attachment", cd, r.Header.Get("Content-Type"))
	}
	if r.Header.Get("Content-Length") != fmt.Sprint(len(r.Body)) {
		t.Fatalf("Content-Length %q for %d bytes", r.Header.Get("Content-Length"), len(r.Body))
	}
	return r.Body
}

func TestExportsCSVAndZIP(t *testing.T) {
	ts := newTestServer(t)
	ts.startJobs()
	admin := ts.admin()
	admin.createContest("green")
	pdfA, pdfB := pdfBytes(3000), pdfBytes(5000)
	a := ts.submitEntry("green", "a@example.org", "Solar Owls", "energy", "https://git.example.org/a", pdfA)
	b := ts.submitEntry("green", "b@example.org", "../../etc/passwd", "mobility", "https://git.example.org/b", pdfB)
	// A team that never submitted is not exported.
	ts.signUp("c@example.org").createTeam("green", "Idle", "energy")

	// Only organizers export; bad kinds name the field.
	participant := ts.signUp("p@example.org")
	mustStatus(t, participant.do("POST", "/api/v1/contests/green/exports", map[string]string{"kind": "csv"}), 403)
	mustStatus(t, participant.do("GET", "/api/v1/contests/green/exports", nil), 403)
	r := admin.do("POST", "/api/v1/contests/green/exports", map[string]string{"kind": "pdf"})
	mustStatus(t, r, 400)
	if _, f := r.errorCode(t); f["kind"] == "" {
		t.Fatalf("%s", r.Body)
	}

	// CSV: one row per team that submitted, formulas neutralised.
	r = admin.do("POST", "/api/v1/contests/green/exports", map[string]string{"kind": "csv"})
	mustStatus(t, r, 202)
	started := decode[domain.Export](t, r)
	if started.Status != domain.ExportQueued || started.ID == "" {
		t.Fatalf("started: %+v", started)
	}
	mustStatus(t, participant.do("GET", "/api/v1/contests/green/exports/"+started.ID, nil), 403)
	e := waitExport(t, admin, "green", started.ID)
	if e.Status != domain.ExportDone || e.DoneItems != 2 || e.TotalItems != 2 || e.DownloadURL == "" {
		t.Fatalf("csv export: %+v", e)
	}
	rawCSV := download(t, e.DownloadURL)
	// Every cell is quoted, so a spreadsheet whose list separator is ";"
	// still reads each one whole.
	if !bytes.HasPrefix(rawCSV, []byte(`"team_id","team","track","members",`)) {
		t.Fatalf("csv not fully quoted: %.80q", rawCSV)
	}
	rows, err := csv.NewReader(bytes.NewReader(rawCSV)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// For spreadsheets: the same CSV after a UTF-8 byte order mark.
	r = admin.do("POST", "/api/v1/contests/green/exports", map[string]any{"kind": "csv", "bom": true})
	mustStatus(t, r, 202)
	if withBOM := download(t, waitExport(t, admin, "green", decode[domain.Export](t, r).ID).DownloadURL); string(withBOM) != domain.UTF8BOM+string(rawCSV) {
		t.Fatalf("bom export starts %q, want the plain CSV after a byte order mark", withBOM[:min(len(withBOM), 12)])
	}
	if bytes.HasPrefix(rawCSV, []byte(domain.UTF8BOM)) {
		t.Fatal("a CSV export without bom starts with a byte order mark")
	}
	wantHeader := "team_id,team,track,members,version,submitted_at,digest,title,abstract,field:repo,field:stage,file:deck,file:video"
	if len(rows) != 3 || strings.Join(rows[0], ",") != wantHeader {
		t.Fatalf("csv: %q", rows)
	}
	if got := rows[1]; got[0] != fmt.Sprint(a.ID) || got[1] != "Solar Owls" || got[3] != "a@example.org" || got[4] != "1" ||
		got[7] != "'=SUM(A1)" || got[8] != "Plain abstract, with \"quotes\"\nand lines" || got[9] != "https://git.example.org/a" || got[11] != "deck.pdf" {
		t.Fatalf("row: %q", got)
	}

	// ZIP: every file under <track>/<team-id>-<name>/<slot>-<filename>, plus the CSV.
	r = admin.do("POST", "/api/v1/contests/green/exports", map[string]string{"kind": "zip"})
	mustStatus(t, r, 202)
	e = waitExport(t, admin, "green", decode[domain.Export](t, r).ID)
	if e.Status != domain.ExportDone || e.DoneItems != 2 {
		t.Fatalf("zip export: %+v", e)
	}
	raw := admin.downloadZIP(e.DownloadURL)
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]byte{
		fmt.Sprintf("energy/%d-Solar Owls/deck-deck.pdf", a.ID):       pdfA,
		fmt.Sprintf("mobility/%d-_.._etc_passwd/deck-deck.pdf", b.ID): pdfB,
		"submissions.csv": nil,
	}
	for _, f := range zr.File {
		content, ok := want[f.Name]
		if !ok {
			t.Fatalf("unexpected entry %q", f.Name)
		}
		delete(want, f.Name)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(rc)
		rc.Close()
		if content != nil && !bytes.Equal(got, content) {
			t.Fatalf("%s differs from the upload", f.Name)
		}
	}
	if len(want) != 0 {
		t.Fatalf("missing entries: %v", want)
	}

	list := decode[[]domain.Export](t, admin.do("GET", "/api/v1/contests/green/exports", nil))
	if len(list) != 3 || list[0].Kind != domain.ExportZIP || list[0].DownloadURL != "" || !list[1].BOM {
		t.Fatalf("list: %+v", list)
	}
	// An export of one contest is not reachable through another.
	admin.createContest("blue")
	mustStatus(t, admin.do("GET", "/api/v1/contests/blue/exports/"+started.ID, nil), 404)
	mustStatus(t, admin.do("GET", "/api/v1/contests/green/exports/not-a-uuid", nil), 404)
}

// A file altered in the bucket after submission stops the ZIP download
// there (the client gets fewer bytes than announced, never bytes nobody
// submitted) and marks the export failed with the reason: checked against
// the SHA-256 until a whole download has recorded the file's CRC-32, then
// against that.
func TestExportRefusesAlteredFile(t *testing.T) {
	ts := newTestServer(t)
	ts.startJobs()
	admin := ts.admin()
	admin.createContest("green")
	original := pdfBytes(2000)
	team := ts.submitEntry("green", "a@example.org", "Solar Owls", "energy", "https://git.example.org/a", original)
	var key string
	if err := ts.store.DB().Get(&key, `SELECT f.object_key FROM submission_files f JOIN submissions s ON s.id = f.submission_id WHERE s.team_id = $1`, team.ID); err != nil {
		t.Fatal(err)
	}
	store := func(content []byte) {
		if err := ts.blob.Put(context.Background(), key, bytes.NewReader(content), int64(len(content))); err != nil {
			t.Fatal(err)
		}
	}
	tampered := pdfBytes(2000)
	tampered[len(tampered)-10] ^= 1
	exportZIP := func() domain.Export {
		r := admin.do("POST", "/api/v1/contests/green/exports", map[string]string{"kind": "zip"})
		mustStatus(t, r, 202)
		e := waitExport(t, admin, "green", decode[domain.Export](t, r).ID)
		if e.Status != domain.ExportDone {
			t.Fatalf("export: %+v", e)
		}
		return e
	}
	refused := func(how string) {
		t.Helper()
		e := exportZIP()
		if resp, err := ts.app.Test(admin.request("GET", e.DownloadURL, nil), -1); err == nil {
			body, readErr := io.ReadAll(resp.Body)
			resp.Body.Close()
			if readErr == nil && int64(len(body)) == resp.ContentLength {
				t.Fatalf("%s: download of an altered file: status %d, all %d bytes sent", how, resp.StatusCode, len(body))
			}
		}
		deadline := time.Now().Add(10 * time.Second)
		for e.Status != domain.ExportFailed && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
			e = decode[domain.Export](t, admin.do("GET", "/api/v1/contests/green/exports/"+e.ID, nil))
		}
		if e.Status != domain.ExportFailed || !strings.Contains(e.Error, "does not match its receipt") || e.DownloadURL != "" {
			t.Fatalf("%s: export after the download: %+v", how, e)
		}
	}
	store(tampered)
	refused("by its SHA-256")
	store(original)
	if raw := admin.downloadZIP(exportZIP().DownloadURL); !bytes.Contains(raw, original) {
		t.Fatal("the restored file is not in the archive")
	}
	deadline := time.Now().Add(10 * time.Second)
	for n := 0; n == 0; {
		if err := ts.store.DB().Get(&n, `SELECT count(*) FROM submission_files WHERE object_key = $1 AND crc32 IS NOT NULL`, key); err != nil {
			t.Fatal(err)
		}
		if n == 0 && time.Now().After(deadline) {
			t.Fatal("no CRC-32 recorded after a whole download")
		}
		time.Sleep(20 * time.Millisecond)
	}
	store(tampered)
	refused("by its recorded CRC-32")
}

// A ZIP download that broke off resumes: any range of the archive, with
// the ETag in If-Range, is the same bytes as the whole; a changed ETag gets
// the whole archive, a range past its end a 416. The first whole download
// records every file's CRC-32, so that later ranges need not read them.
func TestZIPDownloadResumes(t *testing.T) {
	ts := newTestServer(t)
	ts.startJobs()
	admin := ts.admin()
	admin.createContest("green")
	for i, name := range []string{"Solar Owls", "Wind Foxes", "Tidal Eels"} {
		ts.submitEntry("green", fmt.Sprintf("t%d@example.org", i), name, "energy", "https://git.example.org/x", pdfBytes(40_000+i*7_000))
	}
	r := admin.do("POST", "/api/v1/contests/green/exports", map[string]string{"kind": "zip"})
	mustStatus(t, r, 202)
	e := waitExport(t, admin, "green", decode[domain.Export](t, r).ID)
	full := admin.do("GET", e.DownloadURL, nil)
	mustStatus(t, full, 200)
	etag := full.Header.Get("ETag")
	if etag == "" || full.Header.Get("Accept-Ranges") != "bytes" {
		t.Fatalf("headers: %v", full.Header)
	}
	size := len(full.Body)
	deadline := time.Now().Add(10 * time.Second)
	for {
		var n int
		if err := ts.store.DB().Get(&n, `SELECT count(*) FROM submission_files WHERE crc32 IS NOT NULL`); err != nil {
			t.Fatal(err)
		}
		if n == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d files have a recorded CRC-32 after a whole download, want 3", n)
		}
		time.Sleep(20 * time.Millisecond)
	}
	ranged := func(rng, ifRange string) response {
		admin.headers["Range"] = rng
		admin.headers["If-Range"] = ifRange
		defer func() { delete(admin.headers, "Range"); delete(admin.headers, "If-Range") }()
		return admin.do("GET", e.DownloadURL, nil)
	}
	for _, c := range []struct {
		rng        string
		start, end int
	}{
		{fmt.Sprintf("bytes=%d-", size/2), size / 2, size},
		{"bytes=100-40099", 100, 40100},
		{"bytes=-5000", size - 5000, size},
		{fmt.Sprintf("bytes=%d-%d", size-1, size+50), size - 1, size},
	} {
		got := ranged(c.rng, etag)
		mustStatus(t, got, 206)
		if want := fmt.Sprintf("bytes %d-%d/%d", c.start, c.end-1, size); got.Header.Get("Content-Range") != want || !bytes.Equal(got.Body, full.Body[c.start:c.end]) {
			t.Fatalf("%s: Content-Range %q (want %q), %d bytes", c.rng, got.Header.Get("Content-Range"), want, len(got.Body))
		}
	}
	if got := ranged("bytes=10-", `"another"`); got.Status != 200 || !bytes.Equal(got.Body, full.Body) {
		t.Fatalf("a stale If-Range: status %d, %d bytes; want the whole archive", got.Status, len(got.Body))
	}
	if got := ranged(fmt.Sprintf("bytes=%d-", size), etag); got.Status != 416 || got.Header.Get("Content-Range") != fmt.Sprintf("bytes */%d", size) {
		t.Fatalf("a range past the end: %d %v", got.Status, got.Header)
	}
	// Not a ZIP export, and not finished yet: clear refusals.
	r = admin.do("POST", "/api/v1/contests/green/exports", map[string]string{"kind": "csv"})
	csvExport := waitExport(t, admin, "green", decode[domain.Export](t, r).ID)
	mustStatus(t, admin.do("GET", "/api/v1/contests/green/exports/"+csvExport.ID+"/download", nil), 400)
}

func TestCSVCellNeutralisesFormulas(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+1": "'+1", "-2": "'-2", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx",
		"plain": "plain", "": "", "a=b": "a=b", "ok;=1+1": "ok;'=1+1", "ok,=1+1": "ok,'=1+1",
	} {
		if got := domain.CSVCell(in); got != want {
			t.Errorf("CSVCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestZipSegment(t *testing.T) {
	for in, want := range map[string]string{
		"Solar Owls": "Solar Owls", "../../etc/passwd": "_.._etc_passwd", "..": "_", "a\\b:c": "a_b_c",
		"": "_", "x\x00y": "xy", "a\u2215b\u202Ec": "a_bc", strings.Repeat("é", 100): strings.Repeat("é", 80),
	} {
		if got := domain.ZipSegment(in); got != want {
			t.Errorf("ZipSegment(%q) = %q, want %q", in, got, want)
		}
	}
}
