// Package pdffacts reads the facts the entry checks need from a PDF, with
// github.com/pdfcpu/pdfcpu: its page count, the metadata fields that may
// name an author (Author, Creator, Producer, Title, Subject, Keywords),
// whether its pages carry text, and the strings written on its first page.
// It never runs anything from the file and reads it from memory only.
package pdffacts

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"regexp"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/podium-contests/podium/server/domain"
)

func init() {
	// Never read or write a configuration directory in the user's home.
	api.DisableConfigDir()
}

// Read returns the facts of the PDF in rs.
func Read(rs io.ReadSeeker) (facts domain.PDFFacts, err error) {
	defer func() {
		// A malformed file must not take the job (or the process) down.
		if r := recover(); r != nil {
			err = fmt.Errorf("pdf: unreadable: %v", r)
		}
	}()
	ctx, err := open(rs)
	if err != nil {
		return domain.PDFFacts{}, err
	}
	facts = domain.PDFFacts{
		Pages: ctx.PageCount, Author: ctx.Author, Creator: ctx.Creator, Producer: ctx.Producer,
		Title: ctx.Title, Subject: ctx.Subject, Keywords: ctx.Keywords,
	}
	dims, err := ctx.PageDims()
	if err != nil {
		return domain.PDFFacts{}, fmt.Errorf("pdf: page sizes: %w", err)
	}
	facts.PageSizes = pageSizes(dims)
	// Text is extractable when a content stream shows text; the first
	// page's literal strings are what a reader would see first.
	for p := 1; p <= ctx.PageCount && p <= maxTextPages; p++ {
		content, err := pageContent(ctx, p)
		if err != nil {
			continue
		}
		if textShown.Match(content) {
			facts.HasText = true
		}
		if p == 1 {
			facts.FirstPageText = literalStrings(content)
		}
		if facts.HasText {
			break
		}
	}
	return facts, nil
}

// open reads and validates (relaxed) the PDF in rs and counts its pages.
func open(rs io.ReadSeeker) (*model.Context, error) {
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err := api.ReadAndValidate(rs, conf)
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	if err := ctx.EnsurePageCount(); err != nil {
		return nil, fmt.Errorf("pdf: page count: %w", err)
	}
	return ctx, nil
}

// maxTextPages bounds the pages searched for text: a document whose first
// pages are all images is reported as having none.
const maxTextPages = 5

func pageContent(ctx *model.Context, page int) ([]byte, error) {
	d, _, _, err := ctx.PageDict(page, false)
	if err != nil {
		return nil, err
	}
	b, err := ctx.PageContent(d, page)
	if err != nil && err != model.ErrNoContent {
		return nil, err
	}
	return b, nil
}

// textShown matches the text-showing operators of a content stream.
var textShown = regexp.MustCompile(`(\)|>|\])\s*(Tj|TJ|'|")`)

// literal matches a PDF literal string (without nested parentheses).
var literal = regexp.MustCompile(`\(((?:\\.|[^\\()])*)\)`)

// literalStrings joins the literal strings of a content stream: the text
// of simply encoded fonts (text in embedded subset fonts is glyph ids and
// is not recovered).
func literalStrings(content []byte) string {
	var b strings.Builder
	for _, m := range literal.FindAllSubmatch(content, -1) {
		b.Write(unescape(m[1]))
		b.WriteByte(' ')
		if b.Len() > 64<<10 {
			break
		}
	}
	return b.String()
}

func unescape(s []byte) []byte {
	if !bytes.ContainsRune(s, '\\') {
		return s
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n':
				out = append(out, '\n')
			case 'r', 't', 'b', 'f':
				out = append(out, ' ')
			default:
				out = append(out, s[i])
			}
			continue
		}
		out = append(out, s[i])
	}
	return out
}

// maxPageSizes bounds the distinct page sizes recorded.
const maxPageSizes = 20

// pageSizes counts the pages of each distinct size (rounded to a tenth of
// a point), in the order they first appear.
func pageSizes(dims []types.Dim) []domain.PageSizeCount {
	out := []domain.PageSizeCount{}
	idx := map[[2]float64]int{}
	for _, d := range dims {
		k := [2]float64{math.Round(d.Width*10) / 10, math.Round(d.Height*10) / 10}
		i, ok := idx[k]
		if !ok {
			if len(out) == maxPageSizes {
				continue
			}
			i = len(out)
			idx[k] = i
			out = append(out, domain.PageSizeCount{Width: k[0], Height: k[1]})
		}
		out[i].Pages++
	}
	return out
}
