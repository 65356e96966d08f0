package domain

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"sort"
	"strings"
	"testing"
)

func TestValidateCertificateTemplate(t *testing.T) {
	good := CertificateTemplateInput{Title: "Certificate for {name}", WinnerText: "{name} wins {award} with {entry} ({team}, {track}) at {contest} on {date}",
		ParticipantText: "{name} took part with {entry}", JudgeText: "{name} judged {contest}", Signer: ""}
	tests := []struct {
		name  string
		edit  func(*CertificateTemplateInput)
		field string // "" when valid
		want  string // in the field's message
	}{
		{"valid", func(*CertificateTemplateInput) {}, "", ""},
		{"unknown field named", func(in *CertificateTemplateInput) { in.WinnerText = "{name} wins {prize}" }, "winner_text", "{prize}"},
		{"award on a judge's certificate", func(in *CertificateTemplateInput) { in.JudgeText = "{name} awarded {award}" }, "judge_text", "{award}"},
		{"team on a judge's certificate", func(in *CertificateTemplateInput) { in.JudgeText = "{team}" }, "judge_text", "{team}"},
		{"award on a participant's certificate", func(in *CertificateTemplateInput) { in.ParticipantText = "{award}" }, "participant_text", "{award}"},
		{"entry in the shared title", func(in *CertificateTemplateInput) { in.Title = "For {entry}" }, "title", "{entry}"},
		{"title required", func(in *CertificateTemplateInput) { in.Title = "  " }, "title", "required"},
		{"text too long", func(in *CertificateTemplateInput) { in.WinnerText = strings.Repeat("x", 1001) }, "winner_text", "1000"},
		{"NUL refused", func(in *CertificateTemplateInput) { in.Signer = "a\x00b" }, "signer", "UTF-8"},
		{"braces that are not fields stay", func(in *CertificateTemplateInput) { in.WinnerText = "{name} { wins } {}" }, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := good
			tt.edit(&in)
			_, err := ValidateCertificateTemplate(in)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var de *Error
			if !errors.As(err, &de) || de.Code != CodeInvalid {
				t.Fatalf("err = %v, want invalid", err)
			}
			p, ok := de.Fields[tt.field]
			if !ok || !strings.Contains(p.Message, tt.want) {
				t.Fatalf("fields = %+v, want %s mentioning %q", de.Fields, tt.field, tt.want)
			}
		})
	}
}

func TestFillCertificateText(t *testing.T) {
	got := FillCertificateText("{name} ({team}) wins {award}; {unknown} {}", map[string]string{"name": "张伟", "team": "星火", "award": "一等奖"})
	if want := "张伟 (星火) wins 一等奖; {unknown} {}"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestCertificateCodes(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		c := NewCertificateCode()
		if !ValidCertificateCode(c) || seen[c] {
			t.Fatalf("code %q invalid or repeated", c)
		}
		seen[c] = true
	}
	for _, bad := range []string{"", "short", "0123456789ABCDEI", "0123456789abcdef", "0123456789ABCDEF0", "../../etc/passwd"} {
		if ValidCertificateCode(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestCheckCertificateImage(t *testing.T) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewNRGBA(image.Rect(0, 0, 2, 1))); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	if out, err := CheckCertificateImage(CertLogo, good); err != nil || !bytes.HasPrefix(out, []byte("\x89PNG")) {
		t.Fatalf("a 2×1 PNG: %v", err)
	}
	// A PNG whose header is fine but whose data is cut off is refused at
	// upload (the renderer would fail on every certificate).
	truncated := good[:len(good)-20]
	for name, tc := range map[string]struct {
		which string
		data  []byte
		code  Code
	}{
		"empty":     {CertLogo, nil, CodeInvalid},
		"truncated": {CertLogo, truncated, CodeInvalid},
		"not image": {CertSignature, []byte("<svg/>"), CodeInvalid},
		"too large": {CertLogo, make([]byte, MaxCertImageBytes+1), CodeTooLarge},
		"bad which": {"banner", good, CodeNotFound},
	} {
		if _, err := CheckCertificateImage(tc.which, tc.data); ErrorCode(err) != tc.code {
			t.Errorf("%s: err = %v, want %s", name, err, tc.code)
		}
	}
}

func TestRenderAllReportsEveryItemInBatches(t *testing.T) {
	var flushed []int
	var totals []int
	err := RenderAll(context.Background(), 7, 3, 3, func(i int) (string, error) { return "k" + string(rune('a'+i)), nil },
		func(done []int, keys []string, total int) error {
			if len(done) != len(keys) {
				t.Fatalf("%d items, %d keys", len(done), len(keys))
			}
			flushed = append(flushed, done...)
			totals = append(totals, total)
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	sort.Ints(flushed)
	if len(flushed) != 7 || flushed[0] != 0 || flushed[6] != 6 {
		t.Fatalf("flushed %v", flushed)
	}
	if want := []int{3, 6, 7}; len(totals) != 3 || totals[0] != want[0] || totals[1] != want[1] || totals[2] != want[2] {
		t.Fatalf("progress %v, want %v", totals, want)
	}
}

func TestRenderAllStopsAtFirstError(t *testing.T) {
	boom := errors.New("boom")
	err := RenderAll(context.Background(), 100, 2, 10, func(i int) (string, error) {
		if i == 5 {
			return "", boom
		}
		return "k", nil
	}, func([]int, []string, int) error { return nil })
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
}

func TestCertificateDocumentFillsFields(t *testing.T) {
	contest := Contest{ID: 1, Title: "创新大赛", Timezone: "Asia/Shanghai"}
	tpl := DefaultCertificateTemplate(contest)
	page := CertificatePage{Template: tpl, Contest: contest, Issuer: "podium.example.org",
		VerifyURL: func(code string) string { return "https://podium.example.org/c/" + code }}
	d := page.Document(Certificate{Code: "ABC", Kind: CertWinner, Name: "张伟", Award: "一等奖", TeamName: "星火", EntryTitle: "电网"})
	if !strings.Contains(d.Text, "一等奖") || !strings.Contains(d.Text, "星火") || !strings.Contains(d.Text, "电网") || strings.Contains(d.Text, "{") {
		t.Fatalf("text %q", d.Text)
	}
	if d.Name != "张伟" || d.VerifyURL != "https://podium.example.org/c/ABC" || d.Issuer != "创新大赛 · podium.example.org" {
		t.Fatalf("document %+v", d)
	}
}

func TestDefaultCertificateTemplateSpeaksTheContestsLanguage(t *testing.T) {
	for _, tc := range []struct {
		title, lang, judge, signer string
	}{
		{"Green Tech Challenge", LangEnglish, "served as a judge of {contest}.", "The organizers of {contest}"},
		{"2026 AI创新大赛", LangChinese, "担任{contest}评委。", "{contest}组委会"},
		{"全国大学生创新创业大赛 (National Innovation Contest)", LangChinese, "担任{contest}评委。", "{contest}组委会"},
		{"Ｆｕｌｌｗｉｄｔｈ Ｃｏｎｔｅｓｔ", LangEnglish, "served as a judge of {contest}.", "The organizers of {contest}"},
	} {
		c := Contest{ID: 7, Title: tc.title}
		tpl := DefaultCertificateTemplate(c)
		if ContestLanguage(c) != tc.lang || tpl.JudgeText != tc.judge || tpl.Signer != tc.signer || tpl.ContestID != 7 {
			t.Errorf("%q: language %s, template %+v", tc.title, ContestLanguage(c), tpl)
		}
		// The default passes the organizers' own validation.
		in := CertificateTemplateInput{Title: tpl.Title, WinnerText: tpl.WinnerText, ParticipantText: tpl.ParticipantText, JudgeText: tpl.JudgeText, Signer: tpl.Signer}
		if _, err := ValidateCertificateTemplate(in); err != nil {
			t.Errorf("%q: the default is invalid: %v", tc.title, err)
		}
	}
}
