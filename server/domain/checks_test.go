package domain

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
)

func TestPDFWarnings(t *testing.T) {
	team := Team{Name: "Rocket", Members: []TeamMember{{Name: "Jessie Rocketeer", Email: "jessie@rocket.example.org"}, {Name: "Al", Email: "al@x.org"}}}
	terms := IdentityTerms(team)
	if want := []string{"Rocket", "Jessie Rocketeer", "jessie@rocket.example.org", "al@x.org"}; !reflect.DeepEqual(terms, want) {
		t.Fatalf("IdentityTerms = %q, want %q (short names left out)", terms, want)
	}
	slot := FileSlot{Key: "deck", MaxPages: 10}
	codes := func(ws []CheckWarning) []string {
		out := []string{}
		for _, w := range ws {
			out = append(out, w.Code+"/"+w.Field)
		}
		return out
	}
	for _, c := range []struct {
		name  string
		slot  FileSlot
		facts PDFFacts
		blind bool
		want  []string
	}{
		{"clean", slot, PDFFacts{Pages: 10, HasText: true, Author: "Jessie Rocketeer"}, false, []string{}},
		{"too long", slot, PDFFacts{Pages: 11, HasText: true}, false, []string{"max_pages/"}},
		{"no limit", FileSlot{}, PDFFacts{Pages: 400, HasText: true}, false, []string{}},
		{"scanned", slot, PDFFacts{Pages: 2}, false, []string{"no_text/"}},
		{"author in a blind contest", slot, PDFFacts{Pages: 1, HasText: true, Author: "JESSIE ROCKETEER"}, true, []string{"identity/author"}},
		{"e-mail on the first page", slot, PDFFacts{Pages: 1, HasText: true, FirstPageText: "contact: jessie@rocket.example.org"}, true, []string{"identity/first_page"}},
		{"team name in title and creator", slot, PDFFacts{Pages: 1, HasText: true, Title: "Rocket pitch", Creator: "rocket's Word"}, true, []string{"identity/creator", "identity/title"}},
		{"anonymous", slot, PDFFacts{Pages: 1, HasText: true, Author: "Anonymous", Producer: "LibreOffice"}, true, []string{}},
	} {
		if got := codes(PDFWarnings(c.slot, c.facts, c.blind, terms)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestMediaWarnings(t *testing.T) {
	terms := IdentityTerms(Team{Name: "Rocket", Members: []TeamMember{{Name: "Jessie Rocketeer", Email: "jessie@rocket.example.org"}}})
	slot := FileSlot{Key: "demo", MaxDurationSeconds: 180}
	h264 := MediaFacts{DurationSeconds: 179.6, VideoCodec: "h264", AudioCodec: "aac", Width: 1920, Height: 1080}
	with := func(f func(*MediaFacts)) MediaFacts { m := h264; f(&m); return m }
	for _, c := range []struct {
		name  string
		slot  FileSlot
		ext   string
		facts MediaFacts
		blind bool
		want  []string
	}{
		{"clean", slot, ".mp4", h264, false, []string{}},
		{"too long", slot, ".mp4", with(func(m *MediaFacts) { m.DurationSeconds = 181 }), false, []string{"max_duration/"}},
		{"no limit", FileSlot{}, ".mp4", with(func(m *MediaFacts) { m.DurationSeconds = 7200 }), false, []string{}},
		{"HEVC", slot, ".mp4", with(func(m *MediaFacts) { m.VideoCodec = "hevc" }), false, []string{"unplayable/"}},
		{"MOV container", slot, ".mov", h264, false, []string{"unplayable/"}},
		{"WebM VP9 Opus", slot, ".webm", with(func(m *MediaFacts) { m.VideoCodec, m.AudioCodec = "vp9", "opus" }), false, []string{}},
		{"AV1 without sound", slot, ".mp4", with(func(m *MediaFacts) { m.VideoCodec, m.AudioCodec = "av1", "" }), false, []string{}},
		{"AC-3 sound", slot, ".mp4", with(func(m *MediaFacts) { m.AudioCodec = "ac3" }), false, []string{"unplayable/"}},
		{"WAV recording", slot, ".wav", MediaFacts{DurationSeconds: 60, AudioCodec: "pcm_s16le"}, false, []string{}},
		{"PCM in MP4", slot, ".mp4", with(func(m *MediaFacts) { m.AudioCodec = "pcm_s16le" }), false, []string{"unplayable/"}},
		{"artist tag, blind", slot, ".mp4", with(func(m *MediaFacts) { m.Tags = map[string]string{"artist": "Jessie ROCKETEER", "encoder": "Lavf"} }), true, []string{"identity/tag artist"}},
		{"artist tag, not blind", slot, ".mp4", with(func(m *MediaFacts) { m.Tags = map[string]string{"artist": "Jessie Rocketeer"} }), false, []string{}},
	} {
		got := MediaWarnings(c.slot, c.ext, c.facts, c.blind, terms)
		codes := []string{}
		for _, w := range got {
			codes = append(codes, w.Code+"/"+w.Field)
		}
		if !reflect.DeepEqual(codes, c.want) {
			t.Errorf("%s: %q, want %q", c.name, codes, c.want)
		}
		if c.name == "too long" && (got[0].Limit != 180 || got[0].Actual != 181 || !strings.Contains(got[0].Message, "3:01")) {
			t.Errorf("too long: %+v", got[0])
		}
	}
}

func TestCheckForTeamHidesDuplicates(t *testing.T) {
	c := FileCheck{Warnings: []CheckWarning{{Code: WarnNoText}, duplicateWarning(4, "Owls", "f")}}
	if got := c.ForTeam().Warnings; len(got) != 1 || got[0].Code != WarnNoText {
		t.Errorf("the team sees %+v", got)
	}
	if len(c.Warnings) != 2 {
		t.Error("ForTeam changed the organizers' view")
	}
}

// TestReceiptEmailListsCheckFindings: the receipt e-mail repeats each
// file's findings under it.
func TestReceiptEmailListsCheckFindings(t *testing.T) {
	r := Receipt{Version: 1, Files: []ReceiptFile{{Slot: "deck", Filename: "deck.pdf", Size: 10, SHA256: "ab",
		Warnings: []string{"max_pages: has 12 pages; this file may have at most 10"}}}}
	body := receiptEmail("a@example.org", Contest{Title: "Prize", Timezone: "UTC"}, Team{Name: "Owls"}, r).Body
	if !strings.Contains(body, "File deck: deck.pdf, 10 bytes, SHA-256 ab\n  Check: max_pages: has 12 pages; this file may have at most 10\n") {
		t.Errorf("e-mail body:\n%s", body)
	}
}

func TestFindNearDuplicates(t *testing.T) {
	abstract := "Our team builds a solar powered water purifier for rural villages. The device uses a thin film of titanium dioxide " +
		"activated by sunlight to break down bacteria and organic pollutants, and a gravity filter made of local sand and charcoal. " +
		"It needs no electricity, costs less than twenty dollars to build, and cleans forty litres of water a day for a family of five."
	reworded := strings.Replace(strings.Replace(abstract, "Our team builds", "We present", 1), "forty litres", "about forty litres", 1)
	other := "A mobile application that helps farmers predict crop disease from photographs of leaves, trained on a public data set " +
		"of plant images and running offline on cheap phones, with advice in the farmer's own language and a map of outbreaks nearby " +
		"shared between neighbouring villages to warn them early."
	zh := "我们的团队设计了一种太阳能净水器，适用于偏远农村地区。该装置利用阳光激活二氧化钛薄膜分解细菌和有机污染物，并使用当地沙子和木炭制成的重力过滤器。它不需要电，成本低于一百元。"
	zhCopy := strings.Replace(zh, "我们的团队设计了", "本项目提出", 1)
	entries := []EntryText{
		{SubmissionID: 1, TeamID: 10, Text: abstract},
		{SubmissionID: 2, TeamID: 20, Text: reworded},
		{SubmissionID: 3, TeamID: 30, Text: other},
		{SubmissionID: 4, TeamID: 40, Text: zh},
		{SubmissionID: 5, TeamID: 50, Text: zhCopy},
		{SubmissionID: 6, TeamID: 60, Text: "Water purifier"}, // too short to compare
		{SubmissionID: 7, TeamID: 70, Text: "Water purifier"},
	}
	got := []string{}
	for _, p := range FindNearDuplicates(entries) {
		got = append(got, fmt.Sprintf("%d-%d", p.A.SubmissionID, p.B.SubmissionID))
		if p.Similarity < NearDupThreshold || p.Similarity > 1 {
			t.Errorf("pair %d-%d: similarity %v", p.A.SubmissionID, p.B.SubmissionID, p.Similarity)
		}
	}
	sort.Strings(got)
	if want := []string{"1-2", "4-5"}; !reflect.DeepEqual(got, want) {
		t.Errorf("near-duplicate pairs %q, want %q", got, want)
	}
	if s := Jaccard(Shingles(abstract), Shingles(other)); s > 0.05 {
		t.Errorf("unrelated abstracts have similarity %v", s)
	}
	if s := Jaccard(Shingles("The  SOLAR purifier!"), Shingles("the solar purifier")); s != 1 {
		t.Errorf("case and punctuation change the shingles: %v", s)
	}
}

func TestImageWarnings(t *testing.T) {
	slot := FileSlot{MinWidth: 800, MaxWidth: 1920, MinHeight: 600, MaxHeight: 1080}
	cases := []struct {
		name string
		slot FileSlot
		img  ImageFacts
		want string
	}{
		{"no bounds", FileSlot{}, ImageFacts{Width: 1, Height: 1}, ""},
		{"within", slot, ImageFacts{Width: 1024, Height: 768}, ""},
		{"on the bounds", slot, ImageFacts{Width: 800, Height: 1080}, ""},
		{"too narrow", slot, ImageFacts{Width: 799, Height: 768}, "min_width 800 799"},
		{"too wide and too low", slot, ImageFacts{Width: 4000, Height: 300}, "max_width 1920 4000,min_height 600 300"},
		{"too tall", slot, ImageFacts{Width: 1000, Height: 1081}, "max_height 1080 1081"},
		{"only a maximum width", FileSlot{MaxWidth: 100}, ImageFacts{Width: 50, Height: 99999}, ""},
	}
	for _, c := range cases {
		got := []string{}
		for _, w := range ImageWarnings(c.slot, c.img) {
			if w.Message == "" {
				t.Errorf("%s: %s has no message", c.name, w.Code)
			}
			got = append(got, fmt.Sprintf("%s %d %d", w.Code, w.Limit, w.Actual))
		}
		if s := strings.Join(got, ","); s != c.want {
			t.Errorf("%s: %q, want %q", c.name, s, c.want)
		}
	}
}

func TestImageBoundsValidation(t *testing.T) {
	cases := []struct {
		name string
		slot FileSlot
		want string // the field named, "" when valid
	}{
		{"none", FileSlot{}, ""},
		{"all set", FileSlot{MinWidth: 10, MaxWidth: 20, MinHeight: 10, MaxHeight: 10}, ""},
		{"negative", FileSlot{MaxHeight: -1}, "files[0].max_height"},
		{"too large", FileSlot{MinWidth: maxSlotPixels + 1}, "files[0].min_width"},
		{"minimum over maximum", FileSlot{MinHeight: 30, MaxHeight: 20}, "files[0].min_height"},
	}
	for _, c := range cases {
		f := Fields{}
		checkImageBounds(f, "files[0]", c.slot)
		got := ""
		for k := range f {
			got = k
		}
		if len(f) > 1 || got != c.want {
			t.Errorf("%s: %v, want an error on %q", c.name, f, c.want)
		}
	}
}

func TestPageSizeWarnings(t *testing.T) {
	a4 := PageSizeCount{Width: 595.3, Height: 841.9, Pages: 3}
	cases := []struct {
		name  string
		slot  string
		sizes []PageSizeCount
		want  string // "code field actual", "" for none
	}{
		{"no rule", "", []PageSizeCount{{Width: 100, Height: 100, Pages: 1}}, ""},
		{"A4", "A4", []PageSizeCount{a4}, ""},
		{"A4 landscape", "A4", []PageSizeCount{{Width: 842, Height: 595, Pages: 2}}, ""},
		{"within 2 %", "A4", []PageSizeCount{{Width: 590, Height: 850, Pages: 1}}, ""},
		{"Letter is not A4", "A4", []PageSizeCount{a4, {Width: 612, Height: 792, Pages: 2}}, "page_size A4 2"},
		{"A4 is not Letter", "Letter", []PageSizeCount{a4}, "page_size Letter 3"},
		{"Legal", "Legal", []PageSizeCount{{Width: 612, Height: 1008, Pages: 4}}, ""},
	}
	for _, c := range cases {
		got := []string{}
		for _, w := range PageSizeWarnings(FileSlot{PageSize: c.slot}, PDFFacts{PageSizes: c.sizes}) {
			got = append(got, fmt.Sprintf("%s %s %d", w.Code, w.Field, w.Actual))
		}
		if s := strings.Join(got, ","); s != c.want {
			t.Errorf("%s: %q, want %q", c.name, s, c.want)
		}
	}
}

func TestFingerprintWarnings(t *testing.T) {
	a, b := strings.Repeat("ab", 32), strings.Repeat("cd", 32)
	for _, tc := range []struct {
		name, declared, stored string
		want                   int
	}{
		{"the declared bytes", a, a, 0},
		{"other bytes than declared", a, b, 1},
		{"nothing declared to compare", "", b, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := FingerprintWarnings(tc.declared, tc.stored)
			if len(got) != tc.want {
				t.Fatalf("FingerprintWarnings(%q, %q) = %+v, want %d warning(s)", tc.declared, tc.stored, got, tc.want)
			}
			for _, w := range got {
				if w.Code != WarnSHA256Mismatch || w.OrganizersOnly || !strings.Contains(w.Message, tc.stored) || !strings.Contains(w.Message, tc.declared) {
					t.Errorf("warning %+v: want %s, seen by the team, naming both SHA-256", w, WarnSHA256Mismatch)
				}
			}
		})
	}
}
