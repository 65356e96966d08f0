package domain

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/gif"  // image sizes for the entry check
	_ "image/jpeg" // image sizes for the entry check
	_ "image/png"  // image sizes for the entry check
	"io"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	_ "golang.org/x/image/webp" // image sizes for the entry check
)

// Entry checks: when an upload is completed, a background job (see the
// jobs package) reads the file's facts and records warnings the team can
// still act on before the deadline, and that organizers see with the
// entry. Checks never refuse a file: the deadline, not a heuristic,
// decides what is judged.

// PDFFacts is what a check learns from a PDF.
type PDFFacts struct {
	Pages    int    `json:"pages"`
	Author   string `json:"author,omitempty"`
	Creator  string `json:"creator,omitempty"`
	Producer string `json:"producer,omitempty"`
	Title    string `json:"title,omitempty"`
	Subject  string `json:"subject,omitempty"`
	Keywords string `json:"keywords,omitempty"`
	// HasText is true when the pages carry text (not only images), so
	// that judges can search and copy it.
	HasText bool `json:"has_text"`
	// PageSizes are the document's distinct page sizes (points, as
	// displayed: rotation applied) with how many pages have each.
	PageSizes []PageSizeCount `json:"page_sizes,omitempty"`
	// BlindCopy is the object key of the copy judges of a blind round
	// receive (BlindCopyKey): the PDF without its information dictionary
	// and XMP metadata. Empty when none was written.
	BlindCopy string `json:"blind_copy,omitempty"`
	// FirstPageText is the first page's text where it can be read
	// cheaply; it is searched for names, never stored.
	FirstPageText string `json:"-"`
}

// MediaFacts is what a check learns from a video or audio file's
// container (never from decoding it).
type MediaFacts struct {
	DurationSeconds float64 `json:"duration_seconds"`
	// Container is ffprobe's format name ("mov,mp4,m4a,3gp,3g2,mj2",
	// "matroska,webm", ...).
	Container  string `json:"container"`
	VideoCodec string `json:"video_codec,omitempty"`
	AudioCodec string `json:"audio_codec,omitempty"`
	Width      int    `json:"width,omitempty"`
	Height     int    `json:"height,omitempty"`
	// Tags are the container's and streams' tags (title, artist, ...):
	// searched for names in blind contests, never stored.
	Tags map[string]string `json:"-"`
}

// ErrNoMediaProbe means the server cannot read media files (ffprobe is
// not installed): their checks say so instead of failing.
var ErrNoMediaProbe = errors.New("ffprobe is not installed")

// Check warning codes.
const (
	WarnMaxDuration = "max_duration" // a longer video or recording than the slot allows
	WarnUnplayable  = "unplayable"   // a container or codec browsers cannot play
	WarnUnchecked   = "unchecked"    // the server could not read the file's facts (no ffprobe)

	WarnMaxPages   = "max_pages"  // more pages than the slot allows
	WarnIdentity   = "identity"   // a team or member name in a blind contest's file
	WarnNoText     = "no_text"    // no extractable text
	WarnDuplicate  = "duplicate"  // another team of the contest submitted the same bytes
	WarnUnreadable = "unreadable" // the PDF could not be read
	// WarnMetadataKept: no blind copy of a blind contest's PDF could be
	// written, so blind judges receive it with its metadata.
	WarnMetadataKept = "metadata_kept"

	WarnPageSize  = "page_size"  // PDF pages not of the slot's page size
	WarnMinWidth  = "min_width"  // an image narrower than the slot allows
	WarnMaxWidth  = "max_width"  // an image wider than the slot allows
	WarnMinHeight = "min_height" // an image lower than the slot allows
	WarnMaxHeight = "max_height" // an image taller than the slot allows

	// WarnSHA256Mismatch: the stored file of a multipart upload does not
	// have the SHA-256 declared when the upload started (the file changed
	// on the uploader's computer meanwhile, or a client's bug).
	WarnSHA256Mismatch = "sha256_mismatch"
)

// FingerprintWarnings compares the SHA-256 computed from a stored file
// with the one declared when its upload started (empty: none to compare).
func FingerprintWarnings(declared, stored string) []CheckWarning {
	if declared == "" || declared == stored {
		return nil
	}
	return []CheckWarning{{Code: WarnSHA256Mismatch, Message: fmt.Sprintf("the stored file's SHA-256 is %s, not %s as declared when the upload started: "+
		"the file may have changed on the uploader's computer meanwhile; upload it again if it is not the file you meant", stored, declared)}}
}

// ErrNotStoredYet: a fingerprint job ran before the completion that
// queued it stored the file; it runs again shortly.
var ErrNotStoredYet = errors.New("the file is not stored yet")

// Fingerprint computes the SHA-256 of a stored file whose fingerprint is
// pending by reading it back from the bucket, records it, then runs the
// file's check (Check) with a warning if it differs from declared, the
// SHA-256 declared when the upload started. Run again, it reads nothing
// twice: a recorded SHA-256 is kept. A file no longer stored is skipped.
func (fc *FileChecker) Fingerprint(ctx context.Context, fileID, declared string) error {
	s := fc.Contests
	f, err := s.Subs.FileByID(ctx, fileID)
	if err != nil {
		return err
	}
	switch f.Status {
	case FilePending:
		return ErrNotStoredYet
	case FileStored, FileReplaced:
	default:
		return nil
	}
	sum := f.SHA256
	if sum == "" {
		got, err := s.Blob.Digests(ctx, f.ObjectKey)
		if err != nil {
			return fmt.Errorf("fingerprint file %s: %w", f.ID, err)
		}
		if sum, err = s.Subs.RecordFileDigests(ctx, f.ID, got.SHA256, got.CRC32); err != nil {
			return fmt.Errorf("fingerprint file %s: %w", f.ID, err)
		}
	}
	return fc.check(ctx, fileID, FingerprintWarnings(declared, sum))
}

// PageSizeCount is a page size in points (1/72 inch) and how many pages
// of a document have it.
type PageSizeCount struct {
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
	Pages  int     `json:"pages"`
}

// PageSizes are the sizes a slot may require of a PDF's pages, in points
// (portrait; landscape pages of the same size match too).
var PageSizes = map[string][2]float64{
	"A3": {842, 1191}, "A4": {595, 842}, "A5": {420, 595}, "Letter": {612, 792}, "Legal": {612, 1008},
}

// pageSizeTolerance is how far (a fraction of each side) a page may be
// from the required size and still match: 2 %, about 4 mm on A4, which
// absorbs rounding by exporters and scanners but tells A4 from Letter.
const pageSizeTolerance = 0.02

// PageSizeWarnings flags a PDF whose pages are not all of the slot's page
// size (either orientation, within pageSizeTolerance).
func PageSizeWarnings(slot FileSlot, facts PDFFacts) []CheckWarning {
	want, ok := PageSizes[slot.PageSize]
	if !ok {
		return []CheckWarning{}
	}
	off := 0
	for _, s := range facts.PageSizes {
		if !sizeMatches(s.Width, s.Height, want) && !sizeMatches(s.Height, s.Width, want) {
			off += s.Pages
		}
	}
	if off == 0 {
		return []CheckWarning{}
	}
	return []CheckWarning{{Code: WarnPageSize, Field: slot.PageSize, Actual: off,
		Message: fmt.Sprintf("has %d pages that are not %s (portrait or landscape)", off, slot.PageSize)}}
}

func sizeMatches(w, h float64, want [2]float64) bool {
	return math.Abs(w-want[0]) <= want[0]*pageSizeTolerance && math.Abs(h-want[1]) <= want[1]*pageSizeTolerance
}

// ImageFacts is what the entry check reads from an image's header.
type ImageFacts struct {
	Width  int `json:"width"`
	Height int `json:"height"`
}

// ImageWarnings applies a slot's pixel bounds to an image's size.
func ImageWarnings(slot FileSlot, img ImageFacts) []CheckWarning {
	out := []CheckWarning{}
	for _, b := range []struct {
		code, dim   string
		limit, size int
		over        bool
	}{
		{WarnMinWidth, "wide", slot.MinWidth, img.Width, false},
		{WarnMaxWidth, "wide", slot.MaxWidth, img.Width, true},
		{WarnMinHeight, "high", slot.MinHeight, img.Height, false},
		{WarnMaxHeight, "high", slot.MaxHeight, img.Height, true},
	} {
		if b.limit <= 0 || (b.over && b.size <= b.limit) || (!b.over && b.size >= b.limit) {
			continue
		}
		bound := "at least"
		if b.over {
			bound = "at most"
		}
		out = append(out, CheckWarning{Code: b.code, Limit: b.limit, Actual: b.size,
			Message: fmt.Sprintf("is %d pixels %s; this image must be %s %d", b.size, b.dim, bound, b.limit)})
	}
	return out
}

// IsImage reports whether an extension is an image whose size the entry
// check reads.
func IsImage(ext string) bool { return slices.Contains(imageExts, ext) }

var imageExts = []string{".png", ".jpg", ".jpeg", ".gif", ".webp"}

// readImage reads an image's pixel size from its header (the decoder
// stops after the header; at most maxImageHeader bytes are read).
func (fc *FileChecker) readImage(ctx context.Context, f SubmissionFile) (ImageFacts, error) {
	rc, err := fc.Objects.Open(ctx, f.ObjectKey)
	if err != nil {
		return ImageFacts{}, err
	}
	defer rc.Close()
	cfg, _, err := image.DecodeConfig(io.LimitReader(rc, maxImageHeader))
	if err != nil {
		return ImageFacts{}, err
	}
	return ImageFacts{Width: cfg.Width, Height: cfg.Height}, nil
}

// maxImageHeader bounds what is read of an image to find its size (a
// JPEG's size follows its EXIF and ICC blocks).
const maxImageHeader = 16 << 20

// CheckWarning is one finding of a check.
type CheckWarning struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Field is where an identity was found (author, creator, ..., first_page).
	Field string `json:"field,omitempty"`
	// Limit and Actual qualify max_pages (pages) and max_duration (seconds).
	Limit  int `json:"limit,omitempty"`
	Actual int `json:"actual,omitempty"`
	// OrganizersOnly findings (duplicates, which name another team) are
	// never shown to the team.
	OrganizersOnly bool `json:"organizers_only,omitempty"`
	// OtherTeamID, OtherTeamName and OtherFileID name the other side of
	// a duplicate (the team's name as it was when the file was checked).
	OtherTeamID   int64  `json:"other_team_id,omitempty"`
	OtherTeamName string `json:"other_team_name,omitempty"`
	OtherFileID   string `json:"other_file_id,omitempty"`
}

// FileCheck is the stored result of checking one file.
type FileCheck struct {
	FileID    string         `json:"file_id" db:"file_id"`
	Facts     *PDFFacts      `json:"facts,omitempty" db:"-"`
	Media     *MediaFacts    `json:"media,omitempty" db:"-"`
	Image     *ImageFacts    `json:"image,omitempty" db:"-"`
	Warnings  []CheckWarning `json:"warnings" db:"-"`
	CheckedAt time.Time      `json:"checked_at" db:"checked_at"`
}

// ForTeam is the check as the team sees it: without organizers-only
// findings.
func (c FileCheck) ForTeam() FileCheck {
	out := c
	out.Warnings = []CheckWarning{}
	for _, w := range c.Warnings {
		if !w.OrganizersOnly {
			out.Warnings = append(out.Warnings, w)
		}
	}
	return out
}

// DuplicateFile is another team's stored file with the same SHA-256.
type DuplicateFile struct {
	FileID   string `db:"id"`
	TeamID   int64  `db:"team_id"`
	TeamName string `db:"team_name"`
}

// CheckStore keeps the checks.
type CheckStore interface {
	// SaveFileCheck stores (or replaces) a file's check.
	SaveFileCheck(ctx context.Context, c FileCheck) error
	// AddCheckWarning appends a warning to a file's stored check (creating
	// an empty one if the file has none yet).
	AddCheckWarning(ctx context.Context, fileID string, w CheckWarning) error
	// FileChecks returns the checks of the given files, by file id.
	FileChecks(ctx context.Context, fileIDs []string) (map[string]FileCheck, error)
	// DuplicateFiles lists stored (or replaced) files of other teams of
	// the contest with this SHA-256.
	DuplicateFiles(ctx context.Context, contestID, teamID int64, sha256 string) ([]DuplicateFile, error)
	// ContestHasBlindRound reports whether any round of the contest is blind.
	ContestHasBlindRound(ctx context.Context, contestID int64) (bool, error)
	// EntryTexts lists the latest submitted version of every entry of the
	// contest: its title, abstract and answers (near-duplicate search).
	EntryTexts(ctx context.Context, contestID int64) ([]EntryTextRow, error)
}

// CheckQueue queues a file's check in the background (the jobs package).
type CheckQueue interface {
	EnqueueFileCheck(ctx context.Context, fileID string) error
}

// PDFReader reads a PDF's facts (the pdffacts package).
type PDFReader func(io.ReadSeeker) (PDFFacts, error)

// PDFRewriter writes a PDF's blind copy: the document without its
// metadata (the pdffacts package).
type PDFRewriter func(io.ReadSeeker) ([]byte, error)

// ObjectWriter stores an object.
type ObjectWriter interface {
	Put(ctx context.Context, key string, body io.Reader, size int64) error
}

// BlindCopyKey is where a stored PDF's blind copy is kept: derived from
// the original's key, so that whatever deletes the file deletes it too
// (ObjectKeys).
func BlindCopyKey(objectKey string) string { return objectKey + ".blind.pdf" }

// ObjectKeys are the bucket objects of a stored file whose bytes are at
// objectKey: those and the blind copy the check may have derived from them.
func ObjectKeys(objectKey string) []string {
	return []string{objectKey, BlindCopyKey(objectKey)}
}

// MediaProber reads a media file's facts from a presigned GET url; ext is
// its extension (the mediafacts package). It returns ErrNoMediaProbe when
// it cannot run at all.
type MediaProber func(ctx context.Context, url, ext string) (MediaFacts, error)

// ObjectOpener reads a stored object.
type ObjectOpener interface {
	Open(ctx context.Context, key string) (io.ReadCloser, error)
}

// FileChecker runs entry checks.
type FileChecker struct {
	Contests *Contests
	Store    CheckStore
	Objects  ObjectOpener
	ReadPDF  PDFReader
	// BlindPDF and Writer write a PDF's blind copy (BlindCopyKey) while
	// it is read; nil writes none.
	BlindPDF PDFRewriter
	Writer   ObjectWriter
	// ProbeMedia reads videos and recordings; nil reports them as not
	// read (WarnUnchecked).
	ProbeMedia MediaProber
	// MaxPDFBytes bounds the PDFs read (default MaxCheckedPDF); larger
	// ones get their duplicate check only.
	MaxPDFBytes int64
}

// MaxCheckedPDF is the largest PDF read by default: the PDF parser holds
// the file's streams in memory while it reads (about the file's size).
const MaxCheckedPDF = 128 << 20

// Check reads a stored file and records its check: PDF facts and rules,
// identity in a blind contest, duplicates across teams (recorded on both
// files). A file no longer stored is skipped.
func (fc *FileChecker) Check(ctx context.Context, fileID string) error {
	return fc.check(ctx, fileID, nil)
}

// check is Check, recording the warnings extra too. A file whose
// fingerprint is pending is left to its fingerprint job (Fingerprint).
func (fc *FileChecker) check(ctx context.Context, fileID string, extra []CheckWarning) error {
	s := fc.Contests
	f, err := s.Subs.FileByID(ctx, fileID)
	if err != nil {
		return err
	}
	if (f.Status != FileStored && f.Status != FileReplaced) || f.SHA256 == "" {
		return nil
	}
	c, err := s.Store.ContestByID(ctx, f.ContestID)
	if err != nil {
		return err
	}
	t, err := s.Teams.TeamByID(ctx, f.TeamID)
	if err != nil {
		return err
	}
	check := FileCheck{FileID: f.ID, Warnings: append([]CheckWarning{}, extra...), CheckedAt: s.now()}
	slot, _ := c.Slot(f.Slot)
	ext := FileExt(f.Filename)
	switch {
	case ext == ".pdf":
		facts, err := fc.readPDF(ctx, f)
		switch {
		case err != nil:
			check.Warnings = append(check.Warnings, CheckWarning{Code: WarnUnreadable, Message: "the PDF could not be read: judges may not be able to open it"})
		case facts != nil:
			check.Facts = facts
			blind, err := fc.Store.ContestHasBlindRound(ctx, c.ID)
			if err != nil {
				return err
			}
			check.Warnings = append(check.Warnings, PDFWarnings(slot, *facts, blind, IdentityTerms(t))...)
			check.Warnings = append(check.Warnings, PageSizeWarnings(slot, *facts)...)
		}
		if w := fc.metadataKept(ctx, c.ID, check.Facts); w != nil {
			check.Warnings = append(check.Warnings, *w)
		}
	case IsMedia(ext):
		facts, err := fc.probeMedia(ctx, f, ext)
		switch {
		case errors.Is(err, ErrNoMediaProbe):
			check.Warnings = append(check.Warnings, CheckWarning{Code: WarnUnchecked, OrganizersOnly: true,
				Message: "could not be read: the server has no ffprobe (install the ffmpeg package), so its length and format were not checked"})
		case ctx.Err() != nil:
			return ctx.Err()
		case err != nil:
			check.Warnings = append(check.Warnings, CheckWarning{Code: WarnUnreadable, Message: "the recording could not be read: judges may not be able to play it"})
		default:
			check.Media = &facts
			blind, err := fc.Store.ContestHasBlindRound(ctx, c.ID)
			if err != nil {
				return err
			}
			check.Warnings = append(check.Warnings, MediaWarnings(slot, ext, facts, blind, IdentityTerms(t))...)
		}
	case IsImage(ext):
		img, err := fc.readImage(ctx, f)
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case err != nil:
			check.Warnings = append(check.Warnings, CheckWarning{Code: WarnUnreadable, Message: "the image could not be read: judges may not be able to see it"})
		default:
			check.Image = &img
			check.Warnings = append(check.Warnings, ImageWarnings(slot, img)...)
		}
	}
	dups, err := fc.Store.DuplicateFiles(ctx, f.ContestID, f.TeamID, f.SHA256)
	if err != nil {
		return err
	}
	for _, d := range dups {
		check.Warnings = append(check.Warnings, duplicateWarning(d.TeamID, d.TeamName, d.FileID))
	}
	if err := fc.Store.SaveFileCheck(ctx, check); err != nil {
		return err
	}
	for _, d := range dups {
		if err := fc.Store.AddCheckWarning(ctx, d.FileID, duplicateWarning(f.TeamID, t.Name, f.ID)); err != nil {
			return err
		}
	}
	return nil
}

// duplicateWarning flags a file another team submitted too, naming that
// team so organizers see the pair without opening it.
func duplicateWarning(otherTeam int64, otherName, otherFile string) CheckWarning {
	return CheckWarning{Code: WarnDuplicate, OrganizersOnly: true, OtherTeamID: otherTeam, OtherTeamName: otherName, OtherFileID: otherFile,
		Message: fmt.Sprintf("team %q submitted the same file (same SHA-256)", otherName)}
}

// readPDF reads a PDF's facts, or nil when it is too large to read. The
// file is read into memory (the parser reads all of it, and seeking
// through ranged GETs was measured 30 times slower); one large PDF is
// read at a time in a process (the parser holds the file's streams too).
func (fc *FileChecker) readPDF(ctx context.Context, f SubmissionFile) (*PDFFacts, error) {
	limit := fc.MaxPDFBytes
	if limit <= 0 {
		limit = MaxCheckedPDF
	}
	if f.Size > limit || fc.ReadPDF == nil {
		return nil, nil
	}
	if f.Size > largePDF {
		select {
		case largePDFs <- struct{}{}:
			defer func() { <-largePDFs }()
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	rc, err := fc.Objects.Open(ctx, f.ObjectKey)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	// One buffer of the file's size (not ReadAll's doublings).
	b := make([]byte, f.Size)
	if _, err := io.ReadFull(rc, b); err != nil {
		return nil, err
	}
	facts, err := fc.ReadPDF(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	if fc.BlindPDF != nil && fc.Writer != nil {
		// A PDF that cannot be rewritten keeps no copy (metadataKept).
		if out, err := fc.BlindPDF(bytes.NewReader(b)); err == nil {
			key := BlindCopyKey(f.ObjectKey)
			if err := fc.Writer.Put(ctx, key, bytes.NewReader(out), int64(len(out))); err != nil {
				return nil, fmt.Errorf("store the blind copy: %w", err)
			}
			facts.BlindCopy = key
		}
	}
	return &facts, nil
}

// metadataKept is the organizers' warning on a blind contest's PDF that
// has no blind copy (too large to read, unreadable, or not rewritable):
// blind judges then receive the original, metadata included. Nil when
// there is a copy, no blind round, or no copies are written at all.
func (fc *FileChecker) metadataKept(ctx context.Context, contestID int64, facts *PDFFacts) *CheckWarning {
	if fc.BlindPDF == nil || fc.Writer == nil || (facts != nil && facts.BlindCopy != "") {
		return nil
	}
	blind, err := fc.Store.ContestHasBlindRound(ctx, contestID)
	if err != nil || !blind {
		return nil
	}
	return &CheckWarning{Code: WarnMetadataKept, OrganizersOnly: true,
		Message: "metadata could not be removed: judges of a blind round receive this PDF as uploaded, with its author and title"}
}

// largePDF is the size above which PDFs are parsed one at a time in a
// process, largePDFs the token they take.
const largePDF = 16 << 20

var largePDFs = make(chan struct{}, 1)

// probeMedia reads a media file's facts through a short-lived presigned
// GET: the prober reads the container's headers with range requests.
func (fc *FileChecker) probeMedia(ctx context.Context, f SubmissionFile, ext string) (MediaFacts, error) {
	if fc.ProbeMedia == nil {
		return MediaFacts{}, ErrNoMediaProbe
	}
	url, err := fc.Contests.Blob.PresignGet(ctx, f.ObjectKey, AttachmentDisposition("media"+ext), 10*time.Minute)
	if err != nil {
		return MediaFacts{}, err
	}
	return fc.ProbeMedia(ctx, url, ext)
}

// mediaExts are the video and audio types whose containers are read.
var mediaExts = []string{".mp4", ".mov", ".webm", ".mkv", ".mp3", ".wav", ".m4a"}

// IsMedia reports whether files with extension ext are videos or
// recordings the checks read with a media prober.
func IsMedia(ext string) bool { return slices.Contains(mediaExts, ext) }

// Playable containers and codecs: what Chromium, Firefox and Safari all
// play in a <video> or <audio> element.
var (
	playableContainers  = []string{".mp4", ".webm", ".mp3", ".wav", ".m4a"}
	playableVideoCodecs = []string{"h264", "av1", "vp8", "vp9"}
	playableAudioCodecs = []string{"aac", "opus", "mp3", "vorbis"}
)

// MediaWarnings applies the rules to a video's or recording's facts: the
// slot's duration limit, a container and codecs browsers play, and, in a
// contest with a blind round, no identity of the team in its tags.
func MediaWarnings(slot FileSlot, ext string, m MediaFacts, blind bool, identity []string) []CheckWarning {
	out := []CheckWarning{}
	if limit := slot.MaxDurationSeconds; limit > 0 && m.DurationSeconds > float64(limit)+0.5 {
		actual := int(math.Round(m.DurationSeconds))
		out = append(out, CheckWarning{Code: WarnMaxDuration, Limit: limit, Actual: actual,
			Message: fmt.Sprintf("lasts %s; this file may last at most %s", clock(actual), clock(limit))})
	}
	var bad []string
	if !slices.Contains(playableContainers, ext) {
		bad = append(bad, "a "+strings.ToUpper(strings.TrimPrefix(ext, "."))+" file")
	}
	if m.VideoCodec != "" && !slices.Contains(playableVideoCodecs, m.VideoCodec) {
		bad = append(bad, m.VideoCodec+" video")
	}
	wavPCM := ext == ".wav" && strings.HasPrefix(m.AudioCodec, "pcm_")
	if m.AudioCodec != "" && !wavPCM && !slices.Contains(playableAudioCodecs, m.AudioCodec) {
		bad = append(bad, m.AudioCodec+" audio")
	}
	if len(bad) > 0 {
		out = append(out, CheckWarning{Code: WarnUnplayable,
			Message: fmt.Sprintf("browsers cannot play it (%s): judges would have to download it; convert it to MP4 with H.264 video and AAC audio", strings.Join(bad, ", "))})
	}
	if !blind {
		return out
	}
	keys := make([]string, 0, len(m.Tags))
	for k := range m.Tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fields := make([]identityField, 0, len(keys))
	for _, k := range keys {
		fields = append(fields, identityField{"tag " + k, m.Tags[k]})
	}
	return append(out, identityWarnings(fields, identity)...)
}

// clock writes seconds as m:ss (or h:mm:ss).
func clock(s int) string {
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// IdentityTerms are the strings that identify a team: its name, and its
// members' names and e-mail addresses (terms shorter than 3 characters
// are left out: they would match anything).
func IdentityTerms(t Team) []string {
	terms := []string{t.Name}
	for _, m := range t.Members {
		terms = append(terms, m.Name, m.Email)
	}
	out := []string{}
	for _, x := range terms {
		if x = strings.TrimSpace(x); len([]rune(x)) >= 3 {
			out = append(out, x)
		}
	}
	return out
}

// PDFWarnings applies the rules to a PDF's facts: the slot's page limit,
// text that can be extracted, and, in a contest with a blind round, no
// identity of the team in its metadata or on its first page.
func PDFWarnings(slot FileSlot, facts PDFFacts, blind bool, identity []string) []CheckWarning {
	out := []CheckWarning{}
	if slot.MaxPages > 0 && facts.Pages > slot.MaxPages {
		out = append(out, CheckWarning{Code: WarnMaxPages, Limit: slot.MaxPages, Actual: facts.Pages,
			Message: fmt.Sprintf("has %d pages; this file may have at most %d", facts.Pages, slot.MaxPages)})
	}
	if !facts.HasText {
		out = append(out, CheckWarning{Code: WarnNoText, Message: "has no text that can be searched or copied (scanned pages?)"})
	}
	if !blind {
		return out
	}
	fields := []identityField{
		{"author", facts.Author}, {"creator", facts.Creator}, {"producer", facts.Producer}, {"title", facts.Title},
		{"subject", facts.Subject}, {"keywords", facts.Keywords}, {"first_page", facts.FirstPageText},
	}
	return append(out, identityWarnings(fields, identity)...)
}

// identityField is a piece of a file's metadata or text searched for the
// team's identity.
type identityField struct{ name, value string }

// identityWarnings flags each field that holds one of the identity terms.
func identityWarnings(fields []identityField, identity []string) []CheckWarning {
	out := []CheckWarning{}
	for _, fl := range fields {
		v := strings.ToLower(fl.value)
		for _, term := range identity {
			if strings.Contains(v, strings.ToLower(term)) {
				out = append(out, CheckWarning{Code: WarnIdentity, Field: fl.name,
					Message: fmt.Sprintf("names your team (%q in its %s); judging is blind: remove it", term, strings.ReplaceAll(fl.name, "_", " "))})
				break
			}
		}
	}
	return out
}

// fileChecks returns the checks of files, by file id: as the team sees
// them, or with every finding for organizers.
func (s *Contests) fileChecks(ctx context.Context, ids []string, organizer bool) (map[string]FileCheck, error) {
	if s.CheckStore == nil || len(ids) == 0 {
		return map[string]FileCheck{}, nil
	}
	m, err := s.CheckStore.FileChecks(ctx, ids)
	if err != nil {
		return nil, err
	}
	if !organizer {
		for k, c := range m {
			m[k] = c.ForTeam()
		}
	}
	return m, nil
}

// fileWarnings are the team's check findings on the stored files, by file
// id ("code: message"), as a receipt records them.
func (s *Contests) fileWarnings(ctx context.Context, files []SubmissionFile) (map[string][]string, error) {
	ids := make([]string, 0, len(files))
	for _, f := range files {
		if f.Status == FileStored {
			ids = append(ids, f.ID)
		}
	}
	checks, err := s.fileChecks(ctx, ids, false)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for id, c := range checks {
		for _, w := range c.Warnings {
			out[id] = append(out[id], w.Code+": "+w.Message)
		}
	}
	return out, nil
}

// enqueueCheck queues the check of a stored file (no queue: no checks).
func (s *Contests) enqueueCheck(ctx context.Context, fileID string) error {
	if s.Checks == nil {
		return nil
	}
	if err := s.Checks.EnqueueFileCheck(ctx, fileID); err != nil {
		return fmt.Errorf("queue the file's check: %w", err)
	}
	return nil
}
