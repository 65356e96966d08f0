package pdffacts

import (
	"bytes"
	"testing"

	"github.com/podium-contests/podium/server/internal/testpdf"
)

// TestBlindCopy: the copy keeps the pages and their text but no byte of
// the planted author, title or XMP metadata.
func TestBlindCopy(t *testing.T) {
	doc := testpdf.Doc{Pages: 4, Author: "Jessie Rocketeer", Title: "Team Rocket jet pack", Text: "A jet pack for everyone",
		XMP: `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Jessie Rocketeer</dc:creator><pdf:Keywords xmlns:pdf="http://ns.adobe.com/pdf/1.3/">XmpOnlyMarker</pdf:Keywords></rdf:Description></rdf:RDF></x:xmpmeta>`}
	orig := doc.Bytes()
	for _, s := range []string{"Jessie Rocketeer", "Team Rocket", "XmpOnlyMarker"} {
		if !bytes.Contains(orig, []byte(s)) {
			t.Fatalf("the original lacks %q: the test would prove nothing", s)
		}
	}
	out, err := BlindCopy(bytes.NewReader(orig))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Jessie", "Rocketeer", "Team Rocket", "XmpOnlyMarker", "xmpmeta", "/Metadata", "testpdf"} {
		if bytes.Contains(out, []byte(s)) {
			t.Errorf("the blind copy still contains %q", s)
		}
	}
	f, err := Read(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("the blind copy does not read back: %v", err)
	}
	if f.Pages != doc.Pages || f.Author != "" || f.Title != "" || !f.HasText {
		t.Errorf("blind copy facts %+v", f)
	}
}

func TestBlindCopyRefusesGarbage(t *testing.T) {
	if _, err := BlindCopy(bytes.NewReader([]byte("%PDF-1.7\nnot really"))); err == nil {
		t.Error("BlindCopy of garbage succeeded")
	}
}
