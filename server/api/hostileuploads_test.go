package api

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// Hostile uploads (OWASP File Upload Cheat Sheet): active content under a
// harmless extension, polyglots, hostile names and sizes are refused, or
// stored harmlessly — and whatever is stored comes back from the object
// store only as an attachment of type application/octet-stream.
// TestUploadsAreVerified covers HTML named .pdf, a .exe traversal name,
// oversized declarations, a mismatched SHA-256 and an upload over a policy.

// hostileUpload is a team in a contest with PDF, PNG and text slots.
type hostileUpload struct {
	t    *testing.T
	cap  *client
	team int64
}

func newHostileUpload(t *testing.T) *hostileUpload {
	ts := newTestServer(t)
	in := contestInput("hostile")
	in["files"] = []map[string]any{
		{"key": "deck", "label": "Pitch deck", "required": true, "max_bytes": 10 << 20, "types": []string{".pdf"}},
		{"key": "shot", "label": "Screenshot", "required": false, "max_bytes": 1 << 20, "types": []string{".png"}},
		{"key": "notes", "label": "Notes", "required": false, "max_bytes": 1 << 20, "types": []string{".txt"}},
	}
	mustStatus(t, ts.admin().do("POST", "/api/v1/contests", in), 201)
	cap := ts.signUp("cap@example.org")
	return &hostileUpload{t: t, cap: cap, team: cap.createTeam("hostile", "Mallory", "energy").ID}
}

// upload declares, uploads and completes content, returning the answer to
// complete and the file id.
func (h *hostileUpload) upload(slot, name string, content []byte) (response, string) {
	h.t.Helper()
	r, nf := h.cap.declare(h.team, slot, name, int64(len(content)), sha(content))
	mustStatus(h.t, r, 201)
	if st, body := postToStore(h.t, nf.Upload, content); st/100 != 2 {
		h.t.Fatalf("store refused %s: %d %s", name, st, body)
	}
	return h.cap.do("POST", fmt.Sprintf("/api/v1/teams/%d/submission/files/%s/complete", h.team, nf.FileID), map[string]any{}), nf.FileID
}

// refused asserts a 400 naming field.
func (h *hostileUpload) refused(what string, r response, field string) {
	h.t.Helper()
	if r.Status != 400 {
		h.t.Fatalf("%s: status %d, want 400: %s", what, r.Status, r.Body)
	}
	if _, f := r.errorCode(h.t); f[field] == "" {
		h.t.Fatalf("%s: the refusal does not name %s: %s", what, field, r.Body)
	}
}

// servedAsAttachment fetches the download link for real from the object
// store and checks that no browser would render what it holds.
func (h *hostileUpload) servedAsAttachment(what, fileID string, content []byte) {
	h.t.Helper()
	r := h.cap.do("GET", "/api/v1/files/"+fileID+"/download", nil)
	mustStatus(h.t, r, 302)
	resp, err := http.Get(r.Header.Get("Location"))
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !bytes.Equal(got, content) {
		h.t.Fatalf("%s: store answered %d with %d bytes", what, resp.StatusCode, len(got))
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
		h.t.Fatalf("%s: Content-Disposition %q", what, cd)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/octet-stream" {
		h.t.Fatalf("%s: Content-Type %q", what, ct)
	}
}

func TestHostileUploadsRefusedOrHarmless(t *testing.T) {
	t.Parallel()
	h := newHostileUpload(t)
	svg := []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><script>alert(1)</script></svg>`)
	bareSVG := []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>fetch('/api/v1/me')</script></svg>`)
	html := []byte("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>")
	bomHTML := append([]byte("\xef\xbb\xbf  \n"), []byte("<html><script>alert(1)</script></html>")...)

	// Active content under a passive extension is refused by its bytes.
	for _, c := range []struct {
		slot, name string
		content    []byte
	}{
		{"deck", "slides.pdf", svg},
		{"shot", "screen.png", svg},
		{"shot", "screen.png", html},
		{"notes", "notes.txt", svg},
		{"notes", "notes.txt", bareSVG},
		{"notes", "notes.txt", html},
		{"notes", "notes.txt", bomHTML},
	} {
		r, _ := h.upload(c.slot, c.name, c.content)
		h.refused(fmt.Sprintf("%.20q as %s", c.content, c.name), r, "filename")
	}

	// A PDF whose body is an HTML page, declared as text: refused, or at
	// most stored as an inert download.
	polyglot := []byte("%PDF-1.4\n%<html><body><script>alert(document.domain)</script></body></html>\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	r, id := h.upload("notes", "readme.txt", polyglot)
	t.Logf("PDF/HTML polyglot as .txt: %d", r.Status)
	if r.Status == 200 {
		h.servedAsAttachment("PDF/HTML polyglot as .txt", id, polyglot)
	} else {
		h.refused("PDF/HTML polyglot as .txt", r, "filename")
	}
	// As a PDF it is a PDF: stored, and only ever downloaded.
	r, id = h.upload("deck", "deck.pdf", polyglot)
	mustStatus(t, r, 200)
	h.servedAsAttachment("PDF/HTML polyglot as .pdf", id, polyglot)

	// Hostile names are reduced to a harmless base name; the object key never
	// comes from them.
	for _, name := range []string{
		"../../../etc/passwd.pdf",
		`..\..\windows\system32\boot.pdf`,
		"/%2e%2e/\x00evil\r\n.pdf",
		strings.Repeat("a", 996) + ".pdf",
		strings.Repeat("名", 996) + ".pdf",
	} {
		content := pdfBytes(2048)
		r, id := h.upload("deck", name, content)
		mustStatus(t, r, 200)
		stored := decode[struct {
			Filename string `json:"filename"`
		}](t, r).Filename
		if strings.ContainsAny(stored, "/\\\x00\r\n") || strings.HasPrefix(stored, ".") ||
			!strings.HasSuffix(stored, ".pdf") || utf8.RuneCountInString(stored) > 200 {
			t.Fatalf("%.40q stored as %q", name, stored)
		}
		h.servedAsAttachment(fmt.Sprintf("%.40q", name), id, content)
	}

	// Sizes: zero bytes, one byte over the slot, the slot's exact limit.
	r, _ = h.cap.declare(h.team, "deck", "empty.pdf", 0, sha(nil))
	h.refused("zero-byte file", r, "size")
	r, _ = h.cap.declare(h.team, "shot", "big.png", 1<<20+1, sha(nil))
	h.refused("one byte over the slot", r, "size")
	r, _ = h.cap.declare(h.team, "shot", "limit.png", 1<<20, sha(nil))
	mustStatus(t, r, 201)

	// One byte more than declared: the store's policy refuses the POST and
	// nothing can be completed.
	content := pdfBytes(1001)
	r, nf := h.cap.declare(h.team, "deck", "deck.pdf", 1000, sha(content[:1000]))
	mustStatus(t, r, 201)
	if st, _ := postToStore(t, nf.Upload, content); st/100 == 2 {
		t.Fatalf("store accepted %d bytes under a 1000-byte policy", len(content))
	}
	mustStatus(t, h.cap.do("POST", fmt.Sprintf("/api/v1/teams/%d/submission/files/%s/complete", h.team, nf.FileID), map[string]any{}), 400)
}
