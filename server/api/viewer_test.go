package api

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/podium-contests/podium/server/config"
	"github.com/podium-contests/podium/server/domain"
)

// mp4Bytes is n bytes that start like an MP4 file.
func mp4Bytes(n int) []byte {
	b := pdfBytes(n)
	copy(b, "\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41")
	return b
}

// TestViewServesInlineOnlyWhatTheViewerRenders: the view link is inline
// with the type's Content-Type for a PDF and an MP4, an attachment of
// application/octet-stream for a ZIP; a blind judge gets the slot's name
// in both; someone with no access gets 404; the link points at the bucket,
// never at our origin.
func TestViewServesInlineOnlyWhatTheViewerRenders(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.admin()
	in := contestInput("green")
	in["files"] = append(in["files"].([]map[string]any),
		map[string]any{"key": "code", "label": "Source code", "required": false, "max_bytes": 1 << 20, "types": []string{".zip"}})
	mustStatus(t, admin.do("POST", "/api/v1/contests", in), 201)
	capt := ts.person("jessie@rocket.example.org", "Jessie Rocketeer", "Rocket Labs")
	team := capt.createTeam("green", "TeamRocket", "energy")
	pdf, _ := capt.submitNamed(team, "A jet pack", "TeamRocket_pitch.pdf")
	video := capt.uploadTo(team.ID, "video", "TeamRocket demo.mp4", mp4Bytes(4096))
	zipFile := capt.uploadTo(team.ID, "code", "TeamRocket.zip", append([]byte("PK\x03\x04"), pdfBytes(1024)[4:]...))
	mustStatus(t, capt.do("POST", fmt.Sprintf("/api/v1/teams/%d/submission/submit", team.ID), map[string]any{}), 201)

	mustStatus(t, admin.addMember("green", "judge@jury.example.net", "judge"), 201)
	judge := ts.signUp("judge@jury.example.net")
	rnd := admin.round("green", map[string]any{"blind": true, "pool_judges": []string{"judge@jury.example.net"}})
	mustStatus(t, admin.do("POST", fmt.Sprintf("/api/v1/rounds/%d/assign", rnd.ID), map[string]any{}), 200)
	stranger := ts.signUp("nosy@example.org")

	cases := []struct {
		who          *client
		file         domain.SubmissionFile
		disposition  string
		contentType  string
		name, hidden string
	}{
		{capt, pdf, "inline", "application/pdf", "TeamRocket_pitch.pdf", ""},
		{capt, video, "inline", "video/mp4", "TeamRocket demo.mp4", ""},
		{capt, zipFile, "attachment", "application/octet-stream", "TeamRocket.zip", ""},
		{admin, pdf, "inline", "application/pdf", "TeamRocket_pitch.pdf", ""},
		{judge, pdf, "inline", "application/pdf", "Pitch deck.pdf", "Rocket"},
		{judge, video, "inline", "video/mp4", "Demo video.mp4", "Rocket"},
		{judge, zipFile, "attachment", "application/octet-stream", "Source code.zip", "Rocket"},
	}
	for _, c := range cases {
		what := fmt.Sprintf("view of %s", c.name)
		r := c.who.do("GET", "/api/v1/files/"+c.file.ID+"/view", nil)
		if got := r.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s: Cache-Control %q", what, got)
		}
		loc, h := presigned(t, r)
		if loc.Host == "" || strings.HasPrefix(loc.Path, "/api/") {
			t.Errorf("%s: redirected to %s, not to the bucket", what, loc)
		}
		cd := h.Get("Content-Disposition")
		if !strings.HasPrefix(cd, c.disposition+";") {
			t.Errorf("%s: Content-Disposition %q, want %s", what, cd, c.disposition)
		}
		if !strings.HasSuffix(cd, "filename*=UTF-8''"+url.PathEscape(c.name)) {
			t.Errorf("%s: Content-Disposition %q, want the name %q", what, cd, c.name)
		}
		if c.hidden != "" && (strings.Contains(cd, c.hidden) || strings.Contains(loc.String(), c.hidden)) {
			t.Errorf("%s: a blind judge's link reveals %q: %s %s", what, c.hidden, cd, loc)
		}
		if got := h.Get("Content-Type"); got != c.contentType {
			t.Errorf("%s: Content-Type %q, want %q", what, got, c.contentType)
		}
	}
	for _, who := range []*client{stranger, ts.client()} {
		r := who.do("GET", "/api/v1/files/"+pdf.ID+"/view", nil)
		if r.Status != http.StatusNotFound && r.Status != http.StatusUnauthorized {
			t.Errorf("an outsider's view: %d, want 404 or 401", r.Status)
		}
	}
	mustStatus(t, capt.do("GET", "/api/v1/files/not-a-uuid/view", nil), 404)
}

// TestInlineTypes: only the types the viewer renders are inline; nothing a
// browser could run as a page is.
func TestInlineTypes(t *testing.T) {
	for name, want := range map[string]string{
		"a.pdf": "application/pdf", "a.MP4": "video/mp4", "a.webm": "video/webm", "a.mp3": "audio/mpeg",
		"a.m4a": "audio/mp4", "a.wav": "audio/wav", "a.png": "image/png", "a.jpg": "image/jpeg", "a.jpeg": "image/jpeg",
		"a.webp": "image/webp", "a.svg": "", "a.html": "", "a.zip": "", "a.txt": "", "a.mov": "", "a.gif": "", "pdf": "",
	} {
		got, ok := domain.InlineType(name)
		if ok != (want != "") || got != want {
			t.Errorf("InlineType(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
}

// TestViewerCSP: the page lets the viewer fetch, play and show files from
// the bucket and run pdf.js's worker from our origin, and nothing more.
func TestViewerCSP(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, func(c *config.Config) { c.S3Endpoint = "https://files.example.org/" })
	csp := ts.client().do("GET", "/", nil).Header.Get("Content-Security-Policy")
	bucket := "https://files.example.org"
	for _, want := range []string{"media-src 'self' " + bucket + ";", "connect-src 'self' " + bucket + ";",
		"img-src 'self' data: blob: " + bucket + ";", "worker-src 'self';", "object-src 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "'unsafe-eval'") || strings.Contains(csp, "worker-src 'self' blob:") {
		t.Errorf("CSP %q is weaker than the viewer needs", csp)
	}
}
