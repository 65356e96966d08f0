package pdffacts

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/podium-contests/podium/server/domain"
	"github.com/podium-contests/podium/server/internal/testpdf"
)

func TestRead(t *testing.T) {
	for _, c := range []struct {
		name    string
		doc     testpdf.Doc
		hasText bool
	}{
		{"text", testpdf.Doc{Pages: 3, Author: "Jessie (Rocket) Rocketeer", Title: "Jet pack", Text: "Team Rocket presents"}, true},
		{"scanned", testpdf.Doc{Pages: 12}, false},
	} {
		f, err := Read(bytes.NewReader(c.doc.Bytes()))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if f.Pages != c.doc.Pages || f.Author != c.doc.Author || f.Title != c.doc.Title || f.Producer != "testpdf" || f.HasText != c.hasText {
			t.Errorf("%s: facts %+v", c.name, f)
		}
		if want := []domain.PageSizeCount{{Width: 612, Height: 792, Pages: c.doc.Pages}}; !reflect.DeepEqual(f.PageSizes, want) {
			t.Errorf("%s: page sizes %+v, want %+v", c.name, f.PageSizes, want)
		}
		if c.hasText && !strings.Contains(f.FirstPageText, "Team Rocket presents") {
			t.Errorf("%s: first page text %q", c.name, f.FirstPageText)
		}
	}
}

func TestReadRefusesGarbage(t *testing.T) {
	for _, b := range [][]byte{[]byte("%PDF-1.7\nnot really"), {}, bytes.Repeat([]byte{0xff}, 4096)} {
		if _, err := Read(bytes.NewReader(b)); err == nil {
			t.Errorf("Read(%q...) succeeded", b[:min(len(b), 12)])
		}
	}
}

// TestReadPageSizes: pages of two sizes are counted by size, in order.
func TestReadPageSizes(t *testing.T) {
	f, err := Read(bytes.NewReader(testpdf.Doc{Pages: 5, Landscape: 2, Text: "x"}.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	want := []domain.PageSizeCount{{Width: 612, Height: 792, Pages: 3}, {Width: 842, Height: 595, Pages: 2}}
	if !reflect.DeepEqual(f.PageSizes, want) {
		t.Errorf("page sizes %+v, want %+v", f.PageSizes, want)
	}
}
