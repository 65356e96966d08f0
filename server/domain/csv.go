package domain

import (
	"bufio"
	"io"
	"strings"
	"unicode/utf8"
)

// Spreadsheet-safe CSV. Every export meant to be opened in a spreadsheet
// (submissions, rankings, audit log) is written with spreadsheetCSV, which
// quotes every cell, and its cells go through CSVCell, which defuses
// formulas (OWASP "CSV injection").
//
// The rule: a segment of a cell is the text at its start or after any of
// the separators ; , tab, CR, LF (and their percent-encodings %09, %0A,
// %0D, which some importers decode). When a segment, after any spaces,
// starts with one of = + - @ tab CR LF or the full-width ＝ ＋ － ＠, a
// single quote is put at the segment's start. So "=1+1" becomes "'=1+1"
// and "ok;=1+1" becomes "ok;'=1+1": whether a spreadsheet reads the cell
// whole or splits it at a separator (a locale whose list separator is ";"
// or ","), no piece it sees starts a formula. Cells without such a segment
// are written unchanged. Numbers with a sign ("-2") are quoted too: a
// spreadsheet reads them as text, which is the price of the rule.

// formulaStarts are the characters that make a spreadsheet evaluate a cell.
const formulaStarts = "=+-@\t\r\n＝＋－＠"

// cellSeparators split a cell into segments that a spreadsheet may read as
// cells of their own.
const cellSeparators = ";,\t\r\n"

// CSVCell neutralises every segment of v that a spreadsheet would run as a
// formula (see the rule above).
func CSVCell(v string) string {
	var b strings.Builder
	changed := false
	segStart := true
	for i := 0; i < len(v); {
		if segStart {
			j := i
			for j < len(v) && v[j] == ' ' {
				j++
			}
			if j < len(v) {
				r, _ := utf8.DecodeRuneInString(v[j:])
				if strings.ContainsRune(formulaStarts, r) {
					if !changed {
						b.Grow(len(v) + 4)
						b.WriteString(v[:i])
						changed = true
					}
					b.WriteByte('\'')
				}
			}
			segStart = false
		}
		n := 1
		switch {
		case strings.IndexByte(cellSeparators, v[i]) >= 0:
			segStart = true
		case v[i] == '%' && i+2 < len(v) && isEncodedSeparator(v[i+1:i+3]):
			segStart, n = true, 3
		}
		if changed {
			b.WriteString(v[i : i+n])
		}
		i += n
	}
	if !changed {
		return v
	}
	return b.String()
}

// isEncodedSeparator reports whether hex (two characters after a %) is a
// percent-encoded tab, LF or CR.
func isEncodedSeparator(hex string) bool {
	switch strings.ToUpper(hex) {
	case "09", "0A", "0D":
		return true
	}
	return false
}

// csvRow passes every cell of a row through CSVCell.
func csvRow(cells []string) []string {
	for i, v := range cells {
		cells[i] = CSVCell(v)
	}
	return cells
}

// spreadsheetCSV writes RFC 4180 CSV with every field quoted (encoding/csv
// quotes only where needed): a quoted cell stays one cell even in a
// spreadsheet whose list separator is not the comma.
type spreadsheetCSV struct {
	w   *bufio.Writer
	err error
}

func newSpreadsheetCSV(w io.Writer) *spreadsheetCSV {
	return &spreadsheetCSV{w: bufio.NewWriter(w)}
}

// Write writes one record, every field quoted and inner quotes doubled.
func (c *spreadsheetCSV) Write(record []string) error {
	if c.err != nil {
		return c.err
	}
	for i, field := range record {
		if i > 0 {
			c.w.WriteByte(',')
		}
		c.w.WriteByte('"')
		c.w.WriteString(strings.ReplaceAll(field, `"`, `""`))
		c.err = c.w.WriteByte('"')
	}
	if c.err == nil {
		c.err = c.w.WriteByte('\n')
	}
	return c.err
}

// Flush writes any buffered data to the underlying writer.
func (c *spreadsheetCSV) Flush() {
	if c.err == nil {
		c.err = c.w.Flush()
	}
}

// Error reports any error from a previous Write or Flush.
func (c *spreadsheetCSV) Error() error { return c.err }
