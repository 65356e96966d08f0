package api

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/podium-contests/podium/server/blob"
	"github.com/podium-contests/podium/server/certpdf"
	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/store"
)

var (
	certRendererOnce sync.Once
	certRenderer     *certpdf.Renderer
	certRendererErr  error
)

// testCertificates is the certificate service of a test server, with the
// fonts of the configuration's defaults (loaded once per test binary).
func testCertificates(tb testing.TB, contests *domain.Contests, st *store.Store, bl *blob.Store, publicURL string) *domain.Certificates {
	certRendererOnce.Do(func() {
		cfgText, cfgCJK := "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
		certRenderer, certRendererErr = certpdf.Load(cfgText, cfgCJK)
	})
	c := &domain.Certificates{Contests: contests, Store: st, Blob: bl, PublicURL: publicURL, Issuer: "Podium · podium.test"}
	if certRendererErr != nil {
		c.RenderUnavailable = certRendererErr.Error()
	} else {
		c.Render = certRenderer
	}
	return c
}

// waitCertificates polls the organizer's overview until the latest run
// has ended.
func waitCertificates(t *testing.T, c *client, slug string) domain.CertificateOverview {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		r := c.do("GET", "/api/v1/contests/"+slug+"/certificates", nil)
		mustStatus(t, r, 200)
		o := decode[domain.CertificateOverview](t, r)
		if o.Run != nil && (o.Run.Status == domain.ExportDone || o.Run.Status == domain.ExportFailed) {
			return o
		}
		if time.Now().After(deadline) {
			t.Fatalf("certificates still running after 60s: %+v", o.Run)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// logoPNG is a small valid PNG.
func logoPNG(t *testing.T) []byte {
	var buf bytes.Buffer
	img := image.NewNRGBA(image.Rect(0, 0, 30, 10))
	for x := range 30 {
		img.Set(x, x/3, color.NRGBA{B: 200, A: 255})
	}
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCertificatesGenerateDownloadVerifyRevoke(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.startJobs()
	admin := ts.admin()
	admin.createContest("cert")
	mustStatus(t, admin.do("POST", "/api/v1/contests/cert/members", map[string]any{"email": "judge@jury.example.net", "role": "judge"}), 201)
	judge := ts.signUpNamed("judge@jury.example.net", "李评委")

	// A winning team with a Chinese name, and a team that did not win.
	captain := ts.signUpNamed("captain@example.org", "张伟")
	team := captain.createTeam("cert", "星火队", "energy")
	base := fmt.Sprintf("/api/v1/teams/%d/submission", team.ID)
	mustStatus(t, captain.do("PUT", base, map[string]any{"title": "智能电网", "fields": map[string]string{"repo": "https://git.example.org/x"}}), 200)
	captain.uploadPDF(team.ID, pdfBytes(2048))
	r := captain.do("POST", base+"/submit", map[string]any{})
	mustStatus(t, r, 201)
	entry := decode[receiptResult](t, r).Receipt.SubmissionID
	ts.submitEntry("cert", "other@example.org", "Other", "energy", "https://git.example.org/o", pdfBytes(1024))
	otherClient := ts.client()
	otherClient.login("other@example.org", "a-long-password")
	mustStatus(t, admin.do("POST", "/api/v1/contests/cert/results", map[string]any{
		"awards": []map[string]any{{"entry_id": entry, "award": "一等奖"}}, "publish": true}), 200)

	// The template: an unknown field is named; a judge's text cannot print an award.
	tpl := map[string]string{"title": "证书 Certificate", "winner_text": "荣获 {award}，作品《{entry}》，团队 {team}。", "participant_text": "参加了 {contest}。",
		"judge_text": "担任 {contest} 评委。", "signer": "组委会"}
	bad := map[string]string{}
	for k, v := range tpl {
		bad[k] = v
	}
	bad["judge_text"] = "{name} {prize}"
	r = admin.do("PUT", "/api/v1/contests/cert/certificates/template", bad)
	mustStatus(t, r, 400)
	if _, fields := r.errorCode(t); !strings.Contains(fields["judge_text"], "{prize}") {
		t.Fatalf("the unknown field is not named: %v", fields)
	}
	r = admin.do("PUT", "/api/v1/contests/cert/certificates/template", tpl)
	mustStatus(t, r, 200)
	mustStatus(t, admin.do("PUT", "/api/v1/contests/cert/certificates/template/logo", map[string]any{"data": []byte("not an image")}), 400)
	r = admin.do("PUT", "/api/v1/contests/cert/certificates/template/logo", map[string]any{"data": logoPNG(t)})
	mustStatus(t, r, 200)
	if got := decode[domain.CertificateTemplate](t, r); got.LogoURL == "" || got.Title != tpl["title"] {
		t.Fatalf("template after the logo: %+v", got)
	}

	// Generation: one winner (the captain), two participants, one judge.
	r = admin.do("POST", "/api/v1/contests/cert/certificates/generate", map[string]any{})
	mustStatus(t, r, 202)
	o := waitCertificates(t, admin, "cert")
	if o.Run.Status != domain.ExportDone || o.Run.TotalItems != 4 || o.Run.DoneItems != 4 {
		t.Fatalf("run %+v", o.Run)
	}
	if o.Counts[domain.CertWinner] != 1 || o.Counts[domain.CertParticipant] != 2 || o.Counts[domain.CertJudge] != 1 {
		t.Fatalf("counts %v", o.Counts)
	}
	// The list comes in pages: following next_after gives every certificate once.
	var paged []string
	for after, pages := int64(0), 0; ; pages++ {
		r = admin.do("GET", fmt.Sprintf("/api/v1/contests/cert/certificates?limit=3&after=%d", after), nil)
		mustStatus(t, r, 200)
		page := decode[domain.CertificateOverview](t, r)
		for _, x := range page.Certificates {
			paged = append(paged, x.Code)
		}
		if page.NextAfter == 0 || pages > 2 {
			break
		}
		after = page.NextAfter
	}
	if len(o.Certificates) != 4 || len(paged) != 4 || o.NextAfter != 0 {
		t.Fatalf("pages of 3 gave %v; one page of 50 had %d (next %d)", paged, len(o.Certificates), o.NextAfter)
	}
	for i, x := range o.Certificates {
		if paged[i] != x.Code {
			t.Fatalf("pages of 3 gave %v, the whole list %+v", paged, o.Certificates)
		}
	}

	// The team sees its certificates and downloads them as attachments.
	r = captain.do("GET", fmt.Sprintf("/api/v1/teams/%d/certificates", team.ID), nil)
	mustStatus(t, r, 200)
	mine := decode[[]domain.Certificate](t, r)
	var winner domain.Certificate
	for _, x := range mine {
		if x.Kind == domain.CertWinner {
			winner = x
		}
	}
	if len(mine) != 2 || winner.Award != "一等奖" || winner.Name != "张伟" || !winner.Ready {
		t.Fatalf("team certificates %+v", mine)
	}
	r = captain.do("GET", "/api/v1/certificates/"+winner.Code+"/download", nil)
	mustStatus(t, r, 302)
	loc := r.Header.Get("Location")
	if u, err := url.Parse(loc); err != nil || u.Host == "podium.test" {
		t.Fatalf("download link %q is not the bucket's", loc)
	}
	if pdf := download(t, loc); !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.20q", pdf)
	}
	// Another team, and a judge, cannot download it.
	mustStatus(t, otherClient.do("GET", "/api/v1/certificates/"+winner.Code+"/download", nil), 404)
	mustStatus(t, judge.do("GET", "/api/v1/certificates/"+winner.Code+"/download", nil), 404)
	mustStatus(t, otherClient.do("GET", fmt.Sprintf("/api/v1/teams/%d/certificates", team.ID), nil), 404)
	// The judge finds theirs on their own list.
	r = judge.do("GET", "/api/v1/me/certificates", nil)
	mustStatus(t, r, 200)
	if js := decode[[]domain.Certificate](t, r); len(js) != 1 || js[0].Kind != domain.CertJudge || js[0].ContestSlug != "cert" || !js[0].Ready {
		t.Fatalf("judge's certificates %+v", js)
	}
	mustStatus(t, judge.do("GET", "/api/v1/certificates/"+decode[[]domain.Certificate](t, r)[0].Code+"/download", nil), 302)

	// Verification is public and shows the name, award and contest only.
	anon := ts.client()
	r = anon.do("GET", "/api/v1/certificates/"+winner.Code, nil)
	mustStatus(t, r, 200)
	v := decode[domain.CertificateVerification](t, r)
	if v.Name != "张伟" || v.Award != "一等奖" || v.Contest != "Green Tech Challenge" || v.Revoked || v.Issuer == "" {
		t.Fatalf("verification %+v", v)
	}
	if strings.Contains(string(r.Body), "captain@example.org") {
		t.Fatal("the verification shows the holder's e-mail")
	}
	for _, forged := range []string{"0000000000000000", strings.ToLower(winner.Code), winner.Code[:15] + "Z", "nope"} {
		if forged == winner.Code {
			continue
		}
		r = anon.do("GET", "/api/v1/certificates/"+forged, nil)
		mustStatus(t, r, 404)
		if !strings.Contains(string(r.Body), "not a certificate issued by this Podium") {
			t.Fatalf("forged code %q: %s", forged, r.Body)
		}
	}

	// Regeneration after a template change keeps the codes.
	tpl["winner_text"] = "{name} 荣获 {award}。"
	mustStatus(t, admin.do("PUT", "/api/v1/contests/cert/certificates/template", tpl), 200)
	r = admin.do("GET", "/api/v1/contests/cert/certificates", nil)
	for _, x := range decode[domain.CertificateOverview](t, r).Certificates {
		if x.Ready {
			t.Fatalf("certificate %s of the old template still shows as current", x.Code)
		}
	}
	mustStatus(t, admin.do("POST", "/api/v1/contests/cert/certificates/generate", map[string]any{}), 202)
	o = waitCertificates(t, admin, "cert")
	for _, x := range o.Certificates {
		if !x.Ready {
			t.Fatalf("certificate %s not regenerated: %+v", x.Code, x)
		}
	}
	r = captain.do("GET", fmt.Sprintf("/api/v1/teams/%d/certificates", team.ID), nil)
	for _, x := range decode[[]domain.Certificate](t, r) {
		if x.Kind == domain.CertWinner && x.Code != winner.Code {
			t.Fatalf("the code changed on regeneration: %s, was %s", x.Code, winner.Code)
		}
	}

	// Revocation: organizers only; the verification says so, downloads stop.
	mustStatus(t, captain.do("POST", "/api/v1/certificates/"+winner.Code+"/revoke", map[string]string{"reason": "mine"}), 404)
	mustStatus(t, admin.do("POST", "/api/v1/certificates/"+winner.Code+"/revoke", map[string]string{"reason": ""}), 400)
	mustStatus(t, admin.do("POST", "/api/v1/certificates/"+winner.Code+"/revoke", map[string]string{"reason": "plagiarism found"}), 200)
	r = anon.do("GET", "/api/v1/certificates/"+winner.Code, nil)
	mustStatus(t, r, 200)
	if v := decode[domain.CertificateVerification](t, r); !v.Revoked || v.RevokedAt == nil {
		t.Fatalf("revoked certificate verifies as %+v", v)
	}
	mustStatus(t, captain.do("GET", "/api/v1/certificates/"+winner.Code+"/download", nil), 409)
}

func TestCertificatesRefusedWithoutFont(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.startJobs()
	ts.deps.Certificates.Render = nil
	ts.deps.Certificates.RenderUnavailable = "certificate font PODIUM_CERT_FONT=/missing.ttf: no such file"
	admin := ts.admin()
	admin.createContest("nofont")
	r := admin.do("POST", "/api/v1/contests/nofont/certificates/generate", map[string]any{})
	mustStatus(t, r, 503)
	if !strings.Contains(string(r.Body), "PODIUM_CERT_FONT") {
		t.Fatalf("the refusal does not name the setting: %s", r.Body)
	}
	// Nothing was queued: the overview has no run.
	r = admin.do("GET", "/api/v1/contests/nofont/certificates", nil)
	mustStatus(t, r, 200)
	if o := decode[domain.CertificateOverview](t, r); o.Run != nil {
		t.Fatalf("a run was recorded: %+v", o.Run)
	}
}

// TestDefaultCertificateTemplateInContestLanguage: until the organizers edit
// it, a contest titled in Chinese gets the Chinese default texts and one
// titled in English the English ones.
func TestDefaultCertificateTemplateInContestLanguage(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.admin()
	admin.createContest("green")
	zh := contestInput("chuangxin")
	zh["title"] = "2026 绿色科技创新大赛"
	mustStatus(t, admin.do("POST", "/api/v1/contests", zh), 201)
	for slug, want := range map[string][2]string{
		"green":     {"Certificate", "The organizers of {contest}"},
		"chuangxin": {"证书", "{contest}组委会"},
	} {
		tpl := decode[domain.CertificateTemplate](t, admin.do("GET", "/api/v1/contests/"+slug+"/certificates/template", nil))
		if tpl.Title != want[0] || tpl.Signer != want[1] {
			t.Errorf("%s: default template %+v", slug, tpl)
		}
	}
}
