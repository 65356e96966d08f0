package api

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/internal/apiclient"
)

// userID is the signed-in user's id (GET /me).
func (c *client) userID() int64 {
	return decode[struct {
		User domain.User `json:"user"`
	}](c.ts.t, c.do("GET", "/api/v1/me", nil)).User.ID
}

// decode reads {"data": ...} into v.
func decode[T any](t *testing.T, r response) T {
	t.Helper()
	var out struct {
		Data T `json:"data"`
	}
	r.json(t, &out)
	return out.Data
}

// admin returns a signed-in platform admin.
func (ts *testServer) admin() *client {
	ts.t.Helper()
	if _, err := ts.acc.CreateAdmin(ts.t.Context(), "root@example.org", "admin-password-1"); err != nil {
		ts.t.Fatal(err)
	}
	c := ts.client()
	c.ip = "192.0.2.200"
	c.login("root@example.org", "admin-password-1")
	return c
}

// contestInput is a valid contest open now (created open, not as a
// draft), with one required PDF slot and
// a 300 MiB video slot.
func contestInput(slug string) map[string]any {
	now := time.Now()
	return map[string]any{
		"slug": slug, "status": "open", "title": "Green Tech Challenge", "description": "Build something green.",
		"timezone":              "Asia/Shanghai",
		"registration_opens_at": now.Add(-time.Hour).Format(time.RFC3339),
		"submission_opens_at":   now.Add(-time.Hour).Format(time.RFC3339),
		"submission_deadline":   now.Add(48 * time.Hour).Format(time.RFC3339),
		"max_team_size":         3,
		"tracks":                []map[string]string{{"slug": "energy", "title": "Energy"}, {"slug": "mobility", "title": "Mobility"}},
		"form": []map[string]any{
			{"key": "repo", "label": "Repository", "type": "url", "required": true},
			{"key": "stage", "label": "Stage", "type": "select", "required": false, "options": []string{"idea", "prototype"}},
		},
		"files": []map[string]any{
			{"key": "deck", "label": "Pitch deck", "required": true, "max_bytes": 10 << 20, "types": []string{".pdf"}},
			{"key": "video", "label": "Demo video", "required": false, "max_bytes": 300 << 20, "types": []string{".mp4"}},
		},
	}
}

func (c *client) createContest(slug string) domain.Contest {
	c.ts.t.Helper()
	r := c.do("POST", "/api/v1/contests", contestInput(slug))
	mustStatus(c.ts.t, r, 201)
	return decode[domain.Contest](c.ts.t, r)
}

func (c *client) createTeam(slug, name, track string) domain.Team {
	c.ts.t.Helper()
	r := c.do("POST", "/api/v1/contests/"+slug+"/teams", map[string]string{"name": name, "track": track})
	mustStatus(c.ts.t, r, 201)
	return decode[domain.Team](c.ts.t, r)
}

// pdfBytes is n bytes that start like a PDF.
func pdfBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	copy(b, "%PDF-1.7\n")
	return b
}

func sha(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// declare announces a file and returns the server's answer.
func (c *client) declare(teamID int64, slot, name string, size int64, sum string) (response, domain.NewFile) {
	c.ts.t.Helper()
	r := c.do("POST", fmt.Sprintf("/api/v1/teams/%d/submission/files", teamID),
		map[string]any{"slot": slot, "filename": name, "size": size, "content_type": "application/pdf", "sha256": sum})
	if r.Status != 201 {
		return r, domain.NewFile{}
	}
	return r, decode[domain.NewFile](c.ts.t, r)
}

// postToStore performs the browser's form upload straight to the store.
func postToStore(t *testing.T, up domain.Upload, content []byte) (int, string) {
	t.Helper()
	req, err := apiclient.FormRequest(t.Context(), up.URL, up.Fields, content)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("upload to store: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// putPart uploads one part to its presigned URL and returns the ETag.
func putPart(t *testing.T, url string, content []byte) (int, string) {
	t.Helper()
	status, etag, err := sendPart(t.Context(), url, int64(len(content)), bytes.NewReader(content))
	if err != nil {
		t.Fatalf("put part: %v", err)
	}
	return status, etag
}

// uploadPDF declares, uploads and completes a PDF in the deck slot.
func (c *client) uploadPDF(teamID int64, content []byte) domain.SubmissionFile {
	c.ts.t.Helper()
	return c.uploadTo(teamID, "deck", "deck.pdf", content)
}

// uploadNamed declares, uploads and completes a PDF in the deck slot under
// the given file name.
func (c *client) uploadNamed(teamID int64, name string, content []byte) domain.SubmissionFile {
	c.ts.t.Helper()
	return c.uploadTo(teamID, "deck", name, content)
}

// uploadTo declares, uploads (as a form upload) and completes a file in a
// slot.
func (c *client) uploadTo(teamID int64, slot, name string, content []byte) domain.SubmissionFile {
	t := c.ts.t
	t.Helper()
	r, nf := c.declare(teamID, slot, name, int64(len(content)), sha(content))
	mustStatus(t, r, 201)
	if st, body := postToStore(t, nf.Upload, content); st/100 != 2 {
		t.Fatalf("store refused upload: %d %s", st, body)
	}
	r = c.do("POST", fmt.Sprintf("/api/v1/teams/%d/submission/files/%s/complete", teamID, nf.FileID), map[string]any{})
	mustStatus(t, r, 200)
	return decode[domain.SubmissionFile](t, r)
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
