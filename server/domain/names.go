package domain

import (
	"strings"
	"unicode"
)

// slashLike are the characters that look like a slash or a backslash. In a
// name shown to a person they would make "invoice⁄..⁄secret.pdf" read as
// a path, so they become '_' like the real ones.
var slashLike = map[rune]bool{
	'/': true, '\\': true,
	'\u2215': true, // DIVISION SLASH
	'\u2044': true, // FRACTION SLASH
	'\uFF0F': true, // FULLWIDTH SOLIDUS
	'\u29F8': true, // BIG SOLIDUS
	'\u29F9': true, // BIG REVERSE SOLIDUS
	'\u2216': true, // SET MINUS
	'\uFF3C': true, // FULLWIDTH REVERSE SOLIDUS
	'\uFE68': true, // SMALL REVERSE SOLIDUS
	'\u2571': true, // BOX DRAWINGS LIGHT DIAGONAL UPPER RIGHT TO LOWER LEFT
	'\u2572': true, // BOX DRAWINGS LIGHT DIAGONAL UPPER LEFT TO LOWER RIGHT
	'\u27CB': true, // MATHEMATICAL RISING DIAGONAL
	'\u27CD': true, // MATHEMATICAL FALLING DIAGONAL
	'\u2F03': true, // KANGXI RADICAL SLASH
	'\u3033': true, // VERTICAL KANA REPEAT MARK UPPER HALF
	'\u0337': true, // COMBINING SHORT SOLIDUS OVERLAY
	'\u0338': true, // COMBINING LONG SOLIDUS OVERLAY
}

// SanitizeName is the one sanitiser of every name Podium writes: the
// filename stored for an upload, the name in a download's
// Content-Disposition, and every entry of a ZIP export. Invalid UTF-8 is
// dropped; so are control characters, line and paragraph separators, and
// invisible formatting characters (Unicode category Cf: the bidirectional
// overrides and isolates such as U+202E that make "gpj.exe" read as
// "exe.jpg", zero-width spaces and joiners); slashes, backslashes and the
// characters that look like them become '_'. It does not trim or bound the
// length: CleanFilename and ZipSegment do, for their use.
func SanitizeName(s string) string {
	s = strings.ToValidUTF8(s, "")
	return strings.Map(func(r rune) rune {
		switch {
		case slashLike[r]:
			return '_'
		case unicode.IsControl(r), unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp):
			return -1
		}
		return r
	}, s)
}

// BlindFilename is the name a judge of a blind round sees for a file: the
// label of its slot with the file's extension ("Pitch deck.pdf"), so that
// nothing the team chose, such as "TeamRocket_pitch.pdf", reaches the judge.
func BlindFilename(c Contest, slot, filename string) string {
	label := slot
	if s, ok := c.Slot(slot); ok && strings.TrimSpace(s.Label) != "" {
		label = s.Label
	}
	name := CleanFilename(SanitizeName(label) + FileExt(filename))
	if name == "" || strings.HasPrefix(name, ".") {
		name = "file" + FileExt(filename)
	}
	return name
}
