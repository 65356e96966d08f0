package domain

import (
	"path"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gabriel-vasile/mimetype"
)

// fileTypes maps each extension a slot may allow to the content types whose
// magic bytes prove it. The client's Content-Type is never trusted.
var fileTypes = map[string][]string{
	".pdf":  {"application/pdf"},
	".zip":  {"application/zip"},
	".png":  {"image/png"},
	".jpg":  {"image/jpeg"},
	".jpeg": {"image/jpeg"},
	".gif":  {"image/gif"},
	".webp": {"image/webp"},
	".mp4":  {"video/mp4"},
	".mov":  {"video/quicktime"},
	".webm": {"video/webm"},
	".mkv":  {"video/x-matroska"},
	".mp3":  {"audio/mpeg"},
	".wav":  {"audio/wav"},
	".pptx": {"application/vnd.openxmlformats-officedocument.presentationml.presentation", "application/zip"},
	".docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/zip"},
	".xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip"},
	".odp":  {"application/vnd.oasis.opendocument.presentation", "application/zip"},
	".gz":   {"application/gzip"},
	".tgz":  {"application/gzip"},
	".txt":  {"text/plain"},
	".md":   {"text/plain"},
	".csv":  {"text/plain", "text/csv"},
}

// HeadBytes is how much of a file's start is read to check its type.
const HeadBytes = 3072

// KnownFileType reports whether Podium can verify files with extension ext.
func KnownFileType(ext string) bool {
	_, ok := fileTypes[ext]
	return ok
}

// SupportedFileTypes lists the extensions slots may allow.
func SupportedFileTypes() []string {
	out := make([]string, 0, len(fileTypes))
	for ext := range fileTypes {
		out = append(out, ext)
	}
	sort.Strings(out)
	return out
}

// FileExt is the lowercase extension of a filename.
func FileExt(filename string) string {
	return strings.ToLower(path.Ext(filename))
}

// ContentMatches reports whether the first bytes of a file prove that it is
// of type ext. Plain-text types must be valid UTF-8 without NUL bytes and
// must not look like HTML or SVG (which a browser could run as a page).
func ContentMatches(ext string, head []byte) bool {
	want, ok := fileTypes[ext]
	if !ok || len(head) == 0 {
		return false
	}
	detected := mimetype.Detect(head)
	for _, m := range want {
		if m == "text/plain" || m == "text/csv" {
			return isHarmlessText(head, detected)
		}
		for d := detected; d != nil; d = d.Parent() {
			if d.Is(m) {
				return true
			}
		}
	}
	return false
}

func isHarmlessText(head []byte, detected *mimetype.MIME) bool {
	for d := detected; d != nil; d = d.Parent() {
		if d.Is("text/html") || d.Is("image/svg+xml") || d.Is("text/xml") {
			return false
		}
	}
	// The head may end inside a multi-byte character.
	for i := 0; i < utf8.UTFMax && len(head) > 0 && !utf8.Valid(head); i++ {
		head = head[:len(head)-1]
	}
	if !utf8.Valid(head) {
		return false
	}
	for _, r := range string(head) {
		if r == 0 || (unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t') {
			return false
		}
	}
	return true
}

// CleanFilename keeps only the base name, sanitises it (SanitizeName),
// drops characters that some systems refuse in file names, and bounds the length (keeping the extension), so a filename
// is safe to show and to put in a Content-Disposition header.
func CleanFilename(name string) string {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`"<>:|?*`, r) {
			return -1
		}
		return r
	}, SanitizeName(name))
	name = strings.Trim(strings.TrimSpace(name), ".")
	const maxRunes = 200
	if utf8.RuneCountInString(name) > maxRunes {
		ext := path.Ext(name)
		if utf8.RuneCountInString(ext) > 20 {
			ext = ""
		}
		runes := []rune(strings.TrimSuffix(name, ext))
		name = string(runes[:maxRunes-utf8.RuneCountInString(ext)]) + ext
	}
	return name
}
