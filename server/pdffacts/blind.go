package pdffacts

import (
	"bytes"
	"fmt"
	"io"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// BlindCopy writes a copy of the PDF in rs without what may name its
// author: the document information dictionary (Author, Creator, Title,
// Subject, Keywords, ...) is dropped (the writer adds a fresh one naming
// only pdfcpu as producer) and so are the XMP metadata streams of the
// document, its pages and every other object. Objects no longer
// referenced are not written. Pages, their content and everything else are kept.
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
	// Any dictionary or stream may carry XMP (the catalog, pages, images,
	// fonts, ...): drop every reference, and the writer drops the streams.
	for _, e := range ctx.Table {
		if e == nil || e.Free {
			continue
		}
		dropMetadata(e.Object, 0)
	}
	var b bytes.Buffer
	if err := api.WriteContext(ctx, &b); err != nil {
		return nil, fmt.Errorf("pdf: write: %w", err)
	}
	return b.Bytes(), nil
}

// dropMetadata removes the /Metadata entries of o and of the dictionaries
// and arrays written inside it (not those it refers to: each indirect
// object is visited on its own).
func dropMetadata(o types.Object, depth int) {
	if depth > 32 {
		return
	}
	switch o := o.(type) {
	case types.Dict:
		o.Delete("Metadata")
		for _, v := range o {
			dropMetadata(v, depth+1)
		}
	case types.StreamDict:
		dropMetadata(o.Dict, depth+1)
	case types.Array:
		for _, v := range o {
			dropMetadata(v, depth+1)
		}
	}
}
