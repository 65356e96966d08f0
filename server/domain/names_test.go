package domain

import "testing"

func TestSanitizeName(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"plain", "report.pdf", "report.pdf"},
		{"unicode letters stay", "报告 final.pdf", "报告 final.pdf"},
		{"right-to-left override", "invoice\u202Efdp.exe", "invoicefdp.exe"},
		{"left-to-right and right-to-left marks", "a\u200Eb\u200Fc", "abc"},
		{"bidi embeddings and pop", "\u202Aa\u202Bb\u202Cc\u202Dd", "abcd"},
		{"bidi isolates", "\u2066a\u2067b\u2068c\u2069", "abc"},
		{"arabic letter mark", "a\u061Cb", "ab"},
		{"zero width space and joiners", "a\u200Bb\u200Cc\u200Dd\uFEFFe", "abcde"},
		{"slash", "a/b", "a_b"},
		{"backslash", `a\b`, "a_b"},
		{"division slash", "a\u2215b", "a_b"},
		{"fraction slash", "a\u2044b", "a_b"},
		{"fullwidth solidus", "a\uFF0Fb", "a_b"},
		{"big solidus", "a\u29F8b", "a_b"},
		{"big reverse solidus", "a\u29F9b", "a_b"},
		{"fullwidth reverse solidus", "a\uFF3Cb", "a_b"},
		{"set minus", "a\u2216b", "a_b"},
		{"combining long solidus overlay", "a\u0338b", "a_b"},
		{"a path made of look-alikes", "..\u2215..\u2215etc\u2215passwd", ".._.._etc_passwd"},
		{"control characters", "a\x00b\r\nc\x7f", "abc"},
		{"line and paragraph separators", "a\u2028b\u2029c", "abc"},
		{"invalid UTF-8", "a\xffb", "ab"},
		{"empty", "", ""},
	}
	for _, tc := range cases {
		if got := SanitizeName(tc.in); got != tc.want {
			t.Errorf("%s: SanitizeName(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestNamesPodiumWritesAreSanitised(t *testing.T) {
	evil := "deck\u202Efdp\u2215x.pdf"
	if got := CleanFilename(evil); got != "deckfdp_x.pdf" {
		t.Errorf("CleanFilename = %q", got)
	}
	if got := ZipSegment(evil); got != "deckfdp_x.pdf" {
		t.Errorf("ZipSegment = %q", got)
	}
	if got, want := AttachmentDisposition(evil), `attachment; filename=deckfdp_x.pdf; filename*=UTF-8''deckfdp_x.pdf`; got != want {
		t.Errorf("AttachmentDisposition = %q, want %q", got, want)
	}
}

func TestBlindFilename(t *testing.T) {
	c := Contest{Files: []FileSlot{{Key: "deck", Label: "Pitch deck"}, {Key: "video", Label: "Demo / video\u202E"}, {Key: "blank", Label: " "}}}
	cases := []struct{ slot, filename, want string }{
		{"deck", "TeamRocket_pitch.PDF", "Pitch deck.pdf"},
		{"video", "rocket.mp4", "Demo _ video.mp4"},
		{"blank", "x.png", "blank.png"},
		{"gone", "x.zip", "gone.zip"},
	}
	for _, tc := range cases {
		if got := BlindFilename(c, tc.slot, tc.filename); got != tc.want {
			t.Errorf("BlindFilename(%q, %q) = %q, want %q", tc.slot, tc.filename, got, tc.want)
		}
	}
}
