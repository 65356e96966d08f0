package pdffacts

import (
	"bytes"
	"fmt"
	"io"

	"github.com/pdfcpu/pdfcpu/pkg/api"
)

// BlindCopy writes a copy of the PDF in rs without what may name its
// author: the document information dictionary (Author, Creator, Title,
// Subject, Keywords, ...) is dropped (the writer adds a fresh one naming
// only pdfcpu as producer) and so are the XMP metadata streams of the
// document and of its pages. Objects no longer referenced are not
// written. Pages, their content and everything else are kept.
func BlindCopy(rs io.ReadSeeker) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("pdf: unreadable: %v", r)
		}
	}()
	ctx, err := open(rs)
	if err != nil {
		return nil, err
	}
	ctx.Info = nil
	ctx.Author, ctx.Creator, ctx.Title, ctx.Subject, ctx.Producer = "", "", "", "", ""
	ctx.Keywords = ""
	ctx.KeywordList = nil
	ctx.Properties = map[string]string{}
	root, err := ctx.Catalog()
	if err != nil {
		return nil, fmt.Errorf("pdf: catalog: %w", err)
	}
	root.Delete("Metadata")
	for p := 1; p <= ctx.PageCount; p++ {
		d, _, _, err := ctx.PageDict(p, false)
		if err != nil {
			return nil, fmt.Errorf("pdf: page %d: %w", p, err)
		}
		d.Delete("Metadata")
	}
	var b bytes.Buffer
	if err := api.WriteContext(ctx, &b); err != nil {
		return nil, fmt.Errorf("pdf: write: %w", err)
	}
	return b.Bytes(), nil
}
