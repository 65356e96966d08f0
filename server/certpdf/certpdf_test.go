package certpdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	stdimage "image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/podium-contests/podium/server/domain"
)

// fontPaths are the fonts the tests use: PODIUM_CERT_TEXT_FONT and
// PODIUM_CERT_FONT, or the Debian packages' (deploy/local/system-deps.sh
// installs them).
func fontPaths() (string, string) {
	text, cjk := os.Getenv("PODIUM_CERT_TEXT_FONT"), os.Getenv("PODIUM_CERT_FONT")
	if text == "" {
		text = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
	}
	if cjk == "" {
		cjk = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
	}
	return text, cjk
}

func renderer(tb testing.TB) *Renderer {
	tb.Helper()
	r, err := Load(fontPaths())
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// chineseNames are the names the benchmark prints: common surnames and
// given names, so that each certificate uses different glyphs.
var (
	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	given    = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英文华建国志红玉兰建华海燕雪梅晓东子涵欣怡浩然宇轩梓萱思远一诺雨桐")
)

func chineseName(i int) string {
	return string([]rune{surnames[i%len(surnames)], given[(i/7)%len(given)], given[(i/3+5)%len(given)]})
}

func document(i int) domain.CertificateDocument {
	name := chineseName(i)
	return domain.CertificateDocument{
		Title: "获奖证书 Certificate", Name: name,
		Text:   fmt.Sprintf("%s 在 2026 全国创新大赛中荣获一等奖，作品《智能电网调度系统》，团队「星火%d队」。", name, i%500),
		Signer: "大赛组委会 The organizers", Issuer: "2026 全国创新大赛 · podium.example.org", Date: "2026-12-07",
		VerifyURL: "https://podium.example.org/c/7K3M9QXW2RTY5HBN",
	}
}

func TestRenderChineseCertificateIsSmallPDF(t *testing.T) {
	full := renderer(t)
	cut, err := full.ForDocuments([]domain.CertificateDocument{document(0), document(1)})
	if err != nil {
		t.Fatal(err)
	}
	var whole, buf bytes.Buffer
	if err := full.Render(&whole, document(1)); err != nil {
		t.Fatal(err)
	}
	if err := cut.Render(&buf, document(1)); err != nil {
		t.Fatal(err)
	}
	out := buf.Bytes()
	// The cut fonts print the same glyphs: the page draws the same text.
	if a, b := pageContent(t, whole.Bytes()), pageContent(t, out); a != b {
		t.Fatalf("the cut fonts draw a different page:\n%s\n%s", a, b)
	}
	if !bytes.HasPrefix(out, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", out[:min(20, len(out))])
	}
	// The font is subset: the whole font is 4 MB; a certificate with a few
	// dozen glyphs must stay far below that.
	if len(out) > 200<<10 {
		t.Fatalf("certificate is %d bytes: the font is not subset", len(out))
	}
	if os.Getenv("CERT_SAMPLE") != "" {
		if err := os.WriteFile(os.Getenv("CERT_SAMPLE"), out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// The page is drawn the same way every time (the file's objects may come in
// another order: fpdf writes its fonts from a map).
func TestRenderDrawsTheSamePageEveryTime(t *testing.T) {
	r := renderer(t)
	var a, b bytes.Buffer
	if err := r.Render(&a, document(2)); err != nil {
		t.Fatal(err)
	}
	if err := r.Render(&b, document(2)); err != nil {
		t.Fatal(err)
	}
	if pageContent(t, a.Bytes()) != pageContent(t, b.Bytes()) {
		t.Fatal("the same certificate rendered twice draws a different page")
	}
}

func TestLoadRefusesMissingOrUnreadableFont(t *testing.T) {
	text, cjk := fontPaths()
	for name, path := range map[string]string{"unset": "", "missing": "/nonexistent/font.ttf", "not a font": writeTemp(t, []byte("not a font"))} {
		if _, err := Load(text, path); err == nil || !strings.Contains(err.Error(), "PODIUM_CERT_FONT") {
			t.Errorf("%s: Load(text, %q) = %v, want an error naming PODIUM_CERT_FONT", name, path, err)
		}
		if _, err := Load(path, cjk); err == nil || !strings.Contains(err.Error(), "PODIUM_CERT_TEXT_FONT") {
			t.Errorf("%s: Load(%q, cjk) = %v, want an error naming PODIUM_CERT_TEXT_FONT", name, path, err)
		}
	}
}

func TestRenderRefusesBrokenImage(t *testing.T) {
	r := renderer(t)
	d := document(3)
	d.Logo = []byte("\x89PNG\r\n\x1a\nbroken")
	if err := r.Render(io.Discard, d); err == nil {
		t.Fatal("a broken logo rendered without error")
	}
}

func writeTemp(t *testing.T, data []byte) string {
	p := t.TempDir() + "/font.ttf"
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// BenchmarkRender5000 renders 5,000 certificates with different Chinese
// names on two goroutines (the generation job's default), as the job does
// (without the upload). Run it with -benchtime=1x; docs/certificates.md
// has the figure. Besides the wall time it reports the CPU seconds used
// (cpu-s), which say what an otherwise idle machine would take (cpu-s
// divided by the cores) when the wall time is inflated by other work.
func BenchmarkRender5000(b *testing.B) {
	full := renderer(b)
	const n, workers = 5000, 2
	cpu0 := cpuSeconds(b)
	for b.Loop() {
		docs := make([]domain.CertificateDocument, n)
		for i := range docs {
			docs[i] = document(i)
		}
		r, err := full.ForDocuments(docs)
		if err != nil {
			b.Fatal(err)
		}
		var total int64
		errs := make(chan error, workers)
		sizes := make(chan int64, workers)
		for w := range workers {
			go func() {
				var sum int64
				for i := w; i < n; i += workers {
					var buf bytes.Buffer
					if err := r.Render(&buf, docs[i]); err != nil {
						errs <- err
						return
					}
					sum += int64(buf.Len())
				}
				sizes <- sum
				errs <- nil
			}()
		}
		for range workers {
			if err := <-errs; err != nil {
				b.Fatal(err)
			}
		}
		for range workers {
			total += <-sizes
		}
		b.ReportMetric(float64(total)/n, "bytes/cert")
	}
	b.ReportMetric((cpuSeconds(b)-cpu0)/float64(b.N), "cpu-s/op")
}

// cpuSeconds is the user and system CPU time of the process so far.
func cpuSeconds(b *testing.B) float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// BenchmarkRender renders one certificate per iteration, with the fonts cut
// to the characters of 5,000 documents.
func BenchmarkRender(b *testing.B) {
	docs := make([]domain.CertificateDocument, 5000)
	for i := range docs {
		docs[i] = document(i)
	}
	r, err := renderer(b).ForDocuments(docs)
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		if err := r.Render(io.Discard, document(i)); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// fontName is a font's resource name in a content stream: a digest of the
// font's description, which differs between a font and its cut.
var fontName = regexp.MustCompile(`/F[0-9a-f]{40} `)

// pageContent returns the page's content stream (the PDF's first), with
// font names left out.
func pageContent(t *testing.T, pdf []byte) string {
	t.Helper()
	i := bytes.Index(pdf, []byte("stream\n"))
	if i < 0 {
		t.Fatal("no stream in the PDF")
	}
	zr, err := zlib.NewReader(bytes.NewReader(pdf[i+len("stream\n"):]))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(zr)
	return fontName.ReplaceAllString(string(b), "/F ")
}

func TestRenderWithLogoAndSignature(t *testing.T) {
	r := renderer(t)
	d := document(4)
	d.Logo = encodeImage(t, "png")
	d.Signature = encodeImage(t, "jpeg")
	cut, err := r.ForDocuments([]domain.CertificateDocument{d})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := cut.Render(&buf, d); err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(buf.Bytes(), []byte("/Subtype /Image")); n < 2 {
		t.Fatalf("%d images in the PDF, want the logo and the signature", n)
	}
}

// encodeImage makes a 40×20 image with transparency (PNG) or without (JPEG).
func encodeImage(t *testing.T, format string) []byte {
	img := stdimage.NewNRGBA(stdimage.Rect(0, 0, 40, 20))
	for x := range 40 {
		img.Set(x, x/2, color.NRGBA{R: 200, A: uint8(x * 6)})
	}
	var buf bytes.Buffer
	var err error
	if format == "png" {
		err = png.Encode(&buf, img)
	} else {
		err = jpeg.Encode(&buf, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
