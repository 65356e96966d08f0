// Package certpdf draws Podium's certificates as PDF with
// codeberg.org/go-pdf/fpdf: an A4 landscape page with the contest's logo,
// the title, the holder's name, the template's text, the signature above
// the signer's line, and a QR code of the public verification link.
//
// Names may be Chinese: text is set in two UTF-8 TrueType fonts, a text
// font (Latin, Greek, Cyrillic, ...; Debian's fonts-dejavu-core
// DejaVuSans.ttf) and a CJK font (Debian's fonts-droid-fallback
// DroidSansFallbackFull.ttf, which has CJK glyphs but no Latin ones). Each
// character is drawn in the text font when it has a glyph for it, else in
// the CJK font; fpdf subsets both, so that a certificate embeds only the
// glyphs it prints and stays small. TrueType collections (.ttc) and
// CFF-flavoured OpenType (.otf) fonts, the form of Noto CJK, are not
// readable by fpdf.
package certpdf

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"
	"golang.org/x/image/font/sfnt"

	"github.com/podium-contests/podium/server/domain"
)

// The names the two fonts are registered under in each document.
const (
	textFamily = "text"
	cjkFamily  = "cjk"
)

// Renderer draws certificates with a text font and a CJK font.
type Renderer struct {
	text, cjk []byte
	// has reports whether the text font has a glyph for a rune.
	has func(rune) bool
}

// Load reads the TrueType fonts (textPath for Latin and other alphabets,
// cjkPath for Chinese, Japanese and Korean) and checks that they draw a
// certificate. The error names the setting and says what to install.
func Load(textPath, cjkPath string) (*Renderer, error) {
	text, err := readFont("PODIUM_CERT_TEXT_FONT", textPath, "fonts-dejavu-core")
	if err != nil {
		return nil, err
	}
	cjk, err := readFont("PODIUM_CERT_FONT", cjkPath, "fonts-droid-fallback")
	if err != nil {
		return nil, err
	}
	f, err := sfnt.Parse(text)
	if err != nil {
		return nil, fmt.Errorf("certificate font PODIUM_CERT_TEXT_FONT=%s: %w", textPath, err)
	}
	r := &Renderer{text: text, cjk: cjk, has: func(c rune) bool {
		var b sfnt.Buffer
		g, err := f.GlyphIndex(&b, c)
		return err == nil && g != 0
	}}
	if err := r.Render(io.Discard, domain.CertificateDocument{Title: "Certificate 证书", Name: "张伟 Zhang Wei", Text: "测试 test",
		VerifyURL: "https://podium.example/c/TEST"}); err != nil {
		return nil, fmt.Errorf("certificate fonts PODIUM_CERT_TEXT_FONT=%s and PODIUM_CERT_FONT=%s cannot be used (TrueType .ttf fonts are needed; .ttc and .otf are not read): %w", textPath, cjkPath, err)
	}
	return r, nil
}

func readFont(setting, path, debianPackage string) ([]byte, error) {
	if path == "" {
		return nil, fmt.Errorf("no certificate font configured (%s)", setting)
	}
	font, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("certificate font %s=%s: %w (install a TrueType font there, e.g. Debian's %s)", setting, path, err, debianPackage)
	}
	return font, nil
}

// Page geometry, in millimetres (A4 landscape).
const (
	pageW, pageH = 297.0, 210.0
	margin       = 18.0
	qrSize       = 30.0
)

// fixedDate is every certificate's PDF creation date: the date that
// matters is printed on the page, and the file's metadata should not
// change with the moment it was rendered.
var fixedDate = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Render draws one certificate into w.
func (r *Renderer) Render(w io.Writer, d domain.CertificateDocument) (err error) {
	defer func() {
		// fpdf reports most problems through Err, but a malformed font or
		// image can panic deep inside it: that must not take a job down.
		if p := recover(); p != nil {
			err = fmt.Errorf("render certificate: %v", p)
		}
	}()
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "L", UnitStr: "mm", SizeStr: "A4"})
	pdf.SetCreationDate(fixedDate)
	pdf.SetModificationDate(fixedDate)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(margin, margin, margin)
	pdf.SetTitle(d.Title+" — "+d.Name, true)
	pdf.SetCreator("Podium", true)
	pdf.AddUTF8FontFromBytes(textFamily, "", r.text)
	pdf.AddUTF8FontFromBytes(cjkFamily, "", r.cjk)
	pdf.AddPage()
	p := writer{pdf: pdf, has: r.has}

	// A double frame.
	pdf.SetDrawColor(150, 120, 50)
	pdf.SetLineWidth(1.2)
	pdf.Rect(8, 8, pageW-16, pageH-16, "D")
	pdf.SetLineWidth(0.3)
	pdf.Rect(11, 11, pageW-22, pageH-22, "D")

	y := 22.0
	if len(d.Logo) > 0 {
		h := 22.0
		wImg, ok := image(pdf, "logo", d.Logo, 120, h)
		if !ok {
			return fmt.Errorf("render certificate: the logo is not a readable PNG or JPEG: %w", pdf.Error())
		}
		pdf.ImageOptions("logo", (pageW-wImg)/2, y, wImg, h, false, fpdf.ImageOptions{}, 0, "")
		y += h + 6
	} else {
		y += 10
	}
	width := pageW - 2*margin - 20
	left := (pageW - width) / 2

	pdf.SetTextColor(120, 90, 30)
	p.line(left, y, width, 14, 30, d.Title)
	y += 22

	pdf.SetTextColor(20, 20, 20)
	p.line(left, y, width, 14, 28, d.Name)
	y += 14
	pdf.SetDrawColor(150, 120, 50)
	pdf.Line(pageW/2-60, y+1, pageW/2+60, y+1)
	y += 8

	pdf.SetTextColor(40, 40, 40)
	for _, l := range p.wrap(d.Text, width, 15) {
		p.line(left, y, width, 8, 15, l)
		y += 8
	}

	// The signature block, bottom left.
	bottom := pageH - margin - 4
	sigX, sigW := margin+12, 80.0
	if len(d.Signature) > 0 {
		h := 16.0
		wImg, ok := image(pdf, "signature", d.Signature, sigW, h)
		if !ok {
			return fmt.Errorf("render certificate: the signature is not a readable PNG or JPEG: %w", pdf.Error())
		}
		pdf.ImageOptions("signature", sigX+(sigW-wImg)/2, bottom-22-h, wImg, h, false, fpdf.ImageOptions{}, 0, "")
	}
	pdf.SetDrawColor(60, 60, 60)
	pdf.Line(sigX, bottom-20, sigX+sigW, bottom-20)
	pdf.SetTextColor(40, 40, 40)
	p.line(sigX, bottom-18, sigW, 6, 11, d.Signer)
	p.line(sigX, bottom-12, sigW, 6, 11, d.Date)

	// The QR code of the verification link, bottom right, with the link
	// printed under it for those who type it.
	if d.VerifyURL != "" {
		qx, qy := pageW-margin-12-qrSize, bottom-qrSize-6
		if err := drawQR(pdf, d.VerifyURL, qx, qy, qrSize); err != nil {
			return err
		}
		pdf.SetTextColor(80, 80, 80)
		p.lineAligned(qx-40, qy+qrSize+1, qrSize+40, 4, 8, d.VerifyURL, "R")
	}

	// The issuer, centred at the foot of the page.
	pdf.SetTextColor(100, 100, 100)
	p.line(left+60, bottom-2, width-120, 5, 9, d.Issuer)

	if err := pdf.Error(); err != nil {
		return err
	}
	return pdf.Output(w)
}

// writer sets text in the two fonts: each character in the text font when
// it has a glyph for it, else in the CJK font.
type writer struct {
	pdf *fpdf.Fpdf
	has func(rune) bool
}

// run is a piece of text in one font.
type run struct {
	family string
	text   string
}

// runs cuts s into pieces of one font each.
func (p writer) runs(s string) []run {
	var out []run
	for _, c := range s {
		f := cjkFamily
		if p.has(c) {
			f = textFamily
		}
		if n := len(out); n > 0 && out[n-1].family == f {
			out[n-1].text += string(c)
		} else {
			out = append(out, run{f, string(c)})
		}
	}
	return out
}

// width is the width of s at size points.
func (p writer) width(s string, size float64) float64 {
	w := 0.0
	for _, r := range p.runs(s) {
		p.pdf.SetFont(r.family, "", size)
		w += p.pdf.GetStringWidth(r.text)
	}
	return w
}

// line draws s centred in the box (x, y, w, h), shrinking the size until
// it fits on one line.
func (p writer) line(x, y, w, h, size float64, s string) {
	p.lineAligned(x, y, w, h, size, s, "C")
}

func (p writer) lineAligned(x, y, w, h, size float64, s, align string) {
	tw := p.width(s, size)
	for tw > w && size > 6 {
		size *= 0.9
		tw = p.width(s, size)
	}
	switch align {
	case "C":
		x += (w - tw) / 2
	case "R":
		x += w - tw
	}
	for _, r := range p.runs(s) {
		p.pdf.SetFont(r.family, "", size)
		rw := p.pdf.GetStringWidth(r.text)
		p.pdf.SetXY(x, y)
		p.pdf.CellFormat(rw, h, r.text, "", 0, "L", false, 0, "")
		x += rw
	}
}

// wrap breaks s into lines no wider than w at size points: between words,
// and between any two CJK characters (which are not separated by spaces).
// Line breaks in s are kept.
func (p writer) wrap(s string, w, size float64) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, tok := range tokens(para) {
			next := line + tok
			if line != "" && p.width(strings.TrimRight(next, " "), size) > w {
				lines = append(lines, strings.TrimRight(line, " "))
				next = strings.TrimLeft(tok, " ")
			}
			line = next
		}
		lines = append(lines, strings.TrimRight(line, " "))
	}
	return lines
}

// tokens cuts text into the pieces a line may break between: a word with
// its following spaces, or a single wide (CJK) character.
func tokens(s string) []string {
	var out []string
	cur := ""
	for _, c := range s {
		switch {
		case unicode.Is(unicode.Han, c) || unicode.In(c, unicode.Hiragana, unicode.Katakana, unicode.Hangul) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef):
			if cur != "" {
				out = append(out, cur)
			}
			out, cur = append(out, string(c)), ""
		case c == ' ':
			cur += " "
			out, cur = append(out, cur), ""
		default:
			cur += string(c)
		}
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}

// image registers a PNG or JPEG under name and returns the width that
// keeps its aspect ratio at height h, capped at maxW (0: no cap).
func image(pdf *fpdf.Fpdf, name string, data []byte, maxW, h float64) (float64, bool) {
	tp := "PNG"
	if bytes.HasPrefix(data, []byte{0xff, 0xd8}) {
		tp = "JPG"
	}
	info := pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: tp}, bytes.NewReader(data))
	if info == nil || pdf.Err() || info.Height() == 0 {
		return 0, false
	}
	w := h * info.Width() / info.Height()
	if maxW > 0 && w > maxW {
		w = maxW
	}
	return w, true
}

// drawQR draws the QR code of s as filled squares (vector: sharp at any
// size, and smaller than an embedded bitmap).
func drawQR(pdf *fpdf.Fpdf, s string, x, y, size float64) error {
	q, err := qrcode.New(s, qrcode.Medium)
	if err != nil {
		return fmt.Errorf("qr code: %w", err)
	}
	q.DisableBorder = true
	bits := q.Bitmap()
	n := float64(len(bits))
	cell := size / n
	pdf.SetFillColor(0, 0, 0)
	for r, row := range bits {
		for c := 0; c < len(row); {
			if !row[c] {
				c++
				continue
			}
			// One rectangle per run of dark modules in a row.
			start := c
			for c < len(row) && row[c] {
				c++
			}
			pdf.Rect(x+float64(start)*cell, y+float64(r)*cell, float64(c-start)*cell, cell, "F")
		}
	}
	return nil
}

// ForDocuments returns a renderer for these documents whose fonts hold
// only the characters they use. fpdf parses a document's fonts afresh for
// every PDF, which for a CJK font of 20,000 glyphs is most of the cost of
// a certificate; a generation run cuts them once to the run's few thousand
// characters. The cut fonts are fpdf's own subsets (the font streams of a
// PDF that prints every character once), which it reads back like any
// TrueType font. A character outside the documents would print as a blank.
func (r *Renderer) ForDocuments(docs []domain.CertificateDocument) (domain.CertificateRenderer, error) {
	used := map[rune]bool{}
	for _, d := range docs {
		for _, s := range []string{d.Title, d.Name, d.Text, d.Signer, d.Issuer, d.Date, d.VerifyURL} {
			for _, c := range s {
				used[c] = true
			}
		}
	}
	var text, cjk strings.Builder
	for c := range used {
		if r.has(c) {
			text.WriteRune(c)
		} else {
			cjk.WriteRune(c)
		}
	}
	out := *r
	var err error
	if out.text, err = cutFont(r.text, text.String()); err != nil {
		return nil, fmt.Errorf("cut the text font: %w", err)
	}
	if out.cjk, err = cutFont(r.cjk, cjk.String()); err != nil {
		return nil, fmt.Errorf("cut the CJK font: %w", err)
	}
	return &out, nil
}

// cutFont returns the subset of font that fpdf embeds in a PDF printing
// chars (the font whole when chars is empty).
func cutFont(font []byte, chars string) ([]byte, error) {
	if chars == "" {
		return font, nil
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(false)
	pdf.AddUTF8FontFromBytes(textFamily, "", font)
	pdf.AddPage()
	pdf.SetFont(textFamily, "", 10)
	pdf.CellFormat(10, 10, chars, "", 0, "L", false, 0, "")
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, err
	}
	out := buf.Bytes()
	i := bytes.Index(out, []byte("/Length1 "))
	if i < 0 {
		return nil, errors.New("no font stream in the PDF")
	}
	j := bytes.Index(out[i:], []byte("stream\n"))
	if j < 0 {
		return nil, errors.New("no font stream in the PDF")
	}
	zr, err := zlib.NewReader(bytes.NewReader(out[i+j+len("stream\n"):]))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	// The stream is followed by "endstream": read the zlib data only.
	return io.ReadAll(zr)
}
