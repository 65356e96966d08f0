package domain

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestContentMatches(t *testing.T) {
	pdf := []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	zip := []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00")
	cases := []struct {
		name string
		ext  string
		head []byte
		want bool
	}{
		{"real pdf", ".pdf", pdf, true},
		{"png renamed to pdf", ".pdf", png, false},
		{"real png", ".png", png, true},
		{"html posing as pdf", ".pdf", []byte("<html><script>alert(1)</script>"), false},
		{"zip", ".zip", zip, true},
		{"plain text", ".txt", []byte("hello, 世界\n"), true},
		{"html as text", ".txt", []byte("<!DOCTYPE html><html><body>x</body></html>"), false},
		{"svg as text", ".txt", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), false},
		{"binary as text", ".txt", []byte("ab\x00cd"), false},
		{"pdf polyglot with html is still checked by magic", ".pdf", append([]byte("%PDF-1.4\n"), []byte("<html><script>")...), true},
		{"empty", ".pdf", nil, false},
		{"unknown extension", ".exe", []byte("MZ"), false},
	}
	for _, tc := range cases {
		if got := ContentMatches(tc.ext, tc.head); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestCleanFilename(t *testing.T) {
	cases := map[string]string{
		"report.pdf":           "report.pdf",
		"../../etc/passwd":     "passwd",
		`C:\Users\x\deck.pptx`: "deck.pptx",
		"evil\"name\r\n.pdf":   "evilname.pdf",
		"  .hidden  ":          "hidden",
		"<script>.pdf":         "script.pdf",
		"bad\xffutf8.txt":      "badutf8.txt",
	}
	for in, want := range cases {
		if got := CleanFilename(in); got != want {
			t.Errorf("CleanFilename(%q) = %q, want %q", in, got, want)
		}
	}
	long := strings.Repeat("长", 500) + ".pdf"
	got := CleanFilename(long)
	if utf8.RuneCountInString(got) != 200 || !strings.HasSuffix(got, ".pdf") {
		t.Errorf("long name: %d runes, %q suffix", utf8.RuneCountInString(got), got[len(got)-4:])
	}
}
