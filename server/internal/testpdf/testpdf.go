// Package testpdf writes small, valid PDFs for tests: a number of pages,
// an Info dictionary and a line of text on each page (Helvetica, a
// standard font, so no font is embedded).
package testpdf

import (
	"bytes"
	"fmt"
	"strings"
)

// Doc describes the PDF to write.
type Doc struct {
	Pages  int
	Author string
	Title  string
	// Text is written on every page ("Page N" is added); empty writes no
	// text at all (like a scanned document).
	Text string
	// Landscape, when above 0, turns the last Landscape pages into A4
	// landscape (842 × 595 points); the others are US Letter portrait.
	Landscape int
	// XMP, when not empty, is written as the document's XMP metadata
	// stream (the catalog's /Metadata), uncompressed.
	XMP string
}

// escape makes s a PDF literal string's content.
func escape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`).Replace(s)
}

// Bytes returns the PDF.
func (d Doc) Bytes() []byte {
	if d.Pages < 1 {
		d.Pages = 1
	}
	var objs []string
	// 1 catalog, 2 pages, 3 font, 4 info, then a page and its content per page.
	kids := []string{}
	for i := 0; i < d.Pages; i++ {
		kids = append(kids, fmt.Sprintf("%d 0 R", 5+2*i))
	}
	catalog := "<< /Type /Catalog /Pages 2 0 R >>"
	if d.XMP != "" {
		catalog = fmt.Sprintf("<< /Type /Catalog /Pages 2 0 R /Metadata %d 0 R >>", 5+2*d.Pages)
	}
	objs = append(objs,
		catalog,
		fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), d.Pages),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		fmt.Sprintf("<< /Author (%s) /Title (%s) /Producer (testpdf) >>", escape(d.Author), escape(d.Title)),
	)
	for i := 0; i < d.Pages; i++ {
		content := ""
		if d.Text != "" {
			content = fmt.Sprintf("BT /F1 24 Tf 72 720 Td (%s) Tj 0 -40 Td (Page %d) Tj ET", escape(d.Text), i+1)
		}
		box := "0 0 612 792"
		if i >= d.Pages-d.Landscape {
			box = "0 0 842 595"
		}
		objs = append(objs,
			fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [%s] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", box, 6+2*i),
			fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
		)
	}
	if d.XMP != "" {
		objs = append(objs, fmt.Sprintf("<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream", len(d.XMP), d.XMP))
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}
